import { startThread, type StartingThread } from './thread-start.js';
import { DEFAULT_LIMITS } from './limits.js';

let prestarted: { readonly entry: string; readonly thread: StartingThread } | undefined;

/**
 * Starts the workflow thread now, for the first WorkflowWorker to take. The shipped bin calls it first thing for a
 * command that will need the thread (thread-command.ts): booting the thread and loading the compiler and zod in it
 * (~150 ms) then overlaps loading the CLI's own modules on the main thread, instead of following it. Only with
 * the default heap cap: `--memory-limit` leaves the thread to the command.
 */
export function prestartThread(entry: URL): void {
  prestarted ??= { entry: entry.href, thread: startThread(entry, DEFAULT_LIMITS.memoryLimitMb) };
}

/** The prestarted thread when it boots the same entry with the same heap cap; only the first caller gets it. */
export function takePrestartedThread(entry: URL, memoryLimitMb: number): StartingThread | undefined {
  if (!prestarted || prestarted.entry !== entry.href || prestarted.thread.memoryLimitMb !== memoryLimitMb) return undefined;
  const { thread } = prestarted;
  prestarted = undefined;
  return thread;
}
