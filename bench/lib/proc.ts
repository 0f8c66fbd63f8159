/** Child processes for whole-process measurements, with an environment as clean as a user's shell. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NODE = process.execPath;
/** What `node_modules/.bin/tsx` (and so `pnpm agentflow`) executes. */
export const TSX_CLI = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/**
 * The environment of `pnpm bench` minus what pnpm/npm inject (`npm_*`, `pnpm_*`), so that child processes,
 * including the `pnpm agentflow` row, start as they would from a shell.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm|pnpm)_/i.test(k) || k === 'INIT_CWD' || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

export interface Timed {
  readonly ms: number;
  /** CPU time (user + system) of the child and the children it waited for; NaN where /proc is unavailable. */
  readonly cpuMs: number;
  readonly result: SpawnSyncReturns<string>;
}

/**
 * CPU time of this process's waited-for children (Linux `/proc/self/stat` cutime + cstime), in ms; NaN elsewhere.
 * Wall time is the headline figure; CPU time shows how much of it was work rather than waiting for a busy machine.
 */
export function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after `(comm)`: state is index 0, so cutime (field 16) is index 13 and cstime index 14.
    const ticks = Number(fields[13]) + Number(fields[14]);
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
/** USER_HZ; 100 on every mainstream Linux. */
const CLOCK_TICKS = 100;

/** Runs a command to completion and returns its wall time (spawn to exit). Throws when it fails. */
export function timeCommand(cmd: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; okCodes?: readonly number[]; cwd?: string } = {}): Timed {
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const result = spawnSync(cmd, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? cleanEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  const cpuMs = childrenCpuMs() - cpuBefore;
  const ok = options.okCodes ?? [0];
  if (result.error) throw result.error;
  if (result.status === null || !ok.includes(result.status)) {
    const shown = [cmd, ...args.slice(0, 4), ...(args.length > 4 ? [`… (${args.length - 4} more)`] : [])].join(' ');
    throw new Error(`${shown} exited with ${result.status ?? result.signal}: ${(result.stderr || result.stdout).trim().slice(-600)}`);
  }
  return { ms, cpuMs, result };
}

/** Runs a benchmark child script (TypeScript, through the tsx loader) that prints one JSON object on its last stdout line. */
export function runJsonChild<T>(script: string, args: readonly string[], nodeFlags: readonly string[] = []): T {
  const { result } = timeCommand(NODE, [...nodeFlags, '--import', 'tsx', join(ROOT, 'bench', script), ...args]);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/** The first `name` executable on PATH, or undefined. */
export function which(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}
