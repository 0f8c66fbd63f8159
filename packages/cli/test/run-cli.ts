import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
  const io: Io = { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '' };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/**
 * Runs the real CLI in a child process (`node --import tsx bin.ts`), exactly as `pnpm agentflow` does;
 * `stdin`, when given, is written to its standard input byte for byte.
 */
export async function runCliProcess(args: readonly string[], cwd = ROOT, stdin?: Uint8Array | string): Promise<CliRun> {
  const { execFile } = await import('node:child_process');
  return new Promise((done) => {
    const child = execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/cli/src/bin.ts'), ...args], { cwd, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin?.end(stdin);
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
