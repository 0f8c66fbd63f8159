import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { boundedText } from '@agentflow/compiler';
import { main, type Io } from '../src/index.js';

export const ROOT = resolve(import.meta.dirname, '../../..');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process, as `pnpm agentflow …` would from `cwd`. */
export async function runCli(args: readonly string[], cwd = ROOT): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async (limit) => boundedText('', limit) };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Standard input of a CLI process: text written to a pipe, or a file (a device, a FIFO) opened as its fd 0. */
export interface ProcessStdin {
  readonly input?: string | Uint8Array;
  readonly file?: string;
}

/** tsx's loader by absolute URL, so the CLI also starts in a working directory outside the repository (a temp dir). */
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** Runs the real CLI in a child process (`node --import tsx bin.ts`), exactly as `pnpm agentflow` does. */
export async function runCliProcess(args: readonly string[], cwd = ROOT, stdin: ProcessStdin = {}): Promise<CliRun> {
  const { spawn } = await import('node:child_process');
  const { openSync, closeSync } = await import('node:fs');
  const fd = stdin.file === undefined ? undefined : openSync(stdin.file, 'r');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'packages/cli/src/bin.ts'), ...args], { cwd, stdio: [fd ?? 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    // The CLI may stop reading early (a bounded read); the write then fails with EPIPE, which is expected.
    child.stdin?.on('error', () => {});
    child.stdin?.end(stdin.input ?? '');
    child.on('error', fail);
    child.on('close', (code) => {
      if (fd !== undefined) closeSync(fd);
      done({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** A diagnostic as `compile --json` reports it. */
export interface FoundDiagnostic {
  code: string;
  severity: string;
  loc?: { file: string; line: number; column: number };
}

/** The cases of a fixture folder (`fixtures/_error_`, `fixtures/_warning_`): each `<case>/workflow.ts`, relative to ROOT. */
export function fixtureCases(folder: string): { cases: string[]; fileOf: (name: string) => string } {
  const cases = readdirSync(join(ROOT, 'fixtures', folder)).sort();
  return { cases, fileOf: (name) => join('fixtures', folder, name, 'workflow.ts') };
}
