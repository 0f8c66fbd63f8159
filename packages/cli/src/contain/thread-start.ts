import { Worker } from 'node:worker_threads';
import { UsageError } from '../errors.js';
import type { WorkerMessage } from './protocol.js';

/** A worker thread being booted, and whether it came up: `ready` settles once it posted `ready` or ended. */
export interface StartingThread {
  readonly worker: Worker;
  readonly memoryLimitMb: number;
  readonly ready: Promise<Worker>;
}

/**
 * Boots the thread that loads and builds workflow files (see workflow-worker.ts). Its listeners are attached here,
 * at once: a thread started ahead of its first job (prestarted-thread.ts) may post `ready` or die before anything
 * asks for it, and a message no listener takes is lost.
 */
export function startThread(entry: URL, memoryLimitMb: number): StartingThread {
  const worker = new Worker(entry, {
    // Not the CLI's own flags: tsx is registered by the entry, and inspector or profiler flags belong to the CLI.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb },
  });
  const ready = new Promise<Worker>((resolve, reject) => {
    let error: Error | undefined;
    const onError = (e: Error) => void (error ??= e);
    const onExit = () => {
      if ((error as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        reject(new UsageError(`--memory-limit ${memoryLimitMb} MiB is too small for agentflow itself to start.`, 'Pass a larger value, or leave the option out.'));
      } else reject(error ?? new Error('The workflow worker thread ended while it started.'));
    };
    worker.on('error', onError).on('exit', onExit);
    worker.once('message', (message: WorkerMessage) => {
      if (message.kind !== 'ready') return;
      worker.off('error', onError).off('exit', onExit);
      resolve(worker);
    });
  });
  // A prestarted thread that no command took may fail unobserved; whoever takes it sees the failure.
  ready.catch(() => undefined);
  return { worker, memoryLimitMb, ready };
}
