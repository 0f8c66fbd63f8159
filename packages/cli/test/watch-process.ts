import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './run-cli.js';

const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/**
 * A running `agentflow compile --watch` process (the real bin, as `pnpm agentflow` starts it). Standard input is a
 * pipe kept open, so the watcher runs until it is signalled or `endStdin()` is called. Its standard error is read as
 * runs: each ends with the summary line that says it waits for changes.
 */
export class WatchProcess {
  readonly #child: ChildProcess;
  readonly #lines: string[] = [];
  #partial = '';
  #read = 0;
  #waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  /** `bin`: a bundled bin (dist/agentflow.mjs) instead of the sources through tsx. */
  constructor(args: readonly string[], cwd: string, bin?: string) {
    const command = bin === undefined ? ['--import', TSX, join(ROOT, 'packages/cli/src/bin.ts')] : [bin];
    this.#child = spawn(process.execPath, [...command, 'compile', '--watch', ...args], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' },
    });
    this.#child.stdout!.on('data', (chunk: Buffer) => this.#take(chunk));
    this.#child.stderr!.on('data', (chunk: Buffer) => this.#take(chunk));
    this.exited = new Promise((resolve) => this.#child.on('close', (code) => {
      this.#take(Buffer.from('\n'));
      resolve(code);
    }));
  }

  /** Everything printed so far. */
  get output(): string {
    return [...this.#lines, this.#partial].join('\n');
  }

  /** The lines of the next run, from its header to its summary (waits up to `ms`). */
  async nextRun(ms = 60_000): Promise<string[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const end = this.#lines.findIndex((line, i) => i >= this.#read && line.startsWith('watch:') && line.endsWith('waiting for changes'));
      if (end >= 0) {
        const run = this.#lines.slice(this.#read, end + 1);
        this.#read = end + 1;
        return run;
      }
      if (Date.now() > deadline) throw new Error(`no watch run finished within ${ms} ms; output so far:\n${this.output}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** Lines printed after the last run returned by nextRun (none while the watcher is idle). */
  get unread(): string[] {
    return this.#lines.slice(this.#read);
  }

  get pid(): number {
    return this.#child.pid!;
  }

  signal(name: NodeJS.Signals): void {
    this.#child.kill(name);
  }

  endStdin(): void {
    this.#child.stdin!.end();
  }

  #take(chunk: Buffer): void {
    const parts = (this.#partial + chunk.toString('utf8')).split('\n');
    this.#partial = parts.pop()!;
    this.#lines.push(...parts);
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
