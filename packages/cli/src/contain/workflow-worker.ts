import type { Worker } from 'node:worker_threads';
import type { Diagnostic } from '@agentflow/compiler';
import { UsageError } from '../errors.js';
import { neverSettled, outOfMemory, timedOut, type Phase } from './diagnostics.js';
import type { ContainmentLimits } from './limits.js';
import { pausedLocation } from './paused-location.js';
import { BUNDLED } from '../bundled.js';
import type { CompileJob, JobOutcome, ProjectJob, WorkerMessage } from './protocol.js';
import type { ProjectResult } from '../project.js';
import { startThread } from './thread-start.js';
import { takePrestartedThread } from './prestarted-thread.js';
import { isTranspiled, transpileModule, type TranspiledModule } from '../transpile-import.js';

// Bundled, this code sits in a chunk of dist/ next to the worker entry; from src/, worker-boot.mjs registers tsx first.
export const ENTRY = new URL(BUNDLED ? './agentflow-worker.mjs' : './worker-boot.mjs', import.meta.url);

/**
 * Loads and builds workflow files in a worker thread, so that workflow code cannot take the CLI down with it: an
 * endless loop is stopped after the time limit, a runaway allocation hits the thread's heap cap instead of aborting
 * the process, a top-level await that never settles is noticed, and timers the code leaves behind end with the
 * thread. One thread serves file after file (starting one costs far more than a compile); a thread that was
 * stopped or died is replaced for the next file. Call `close()` when done.
 */
export class WorkflowWorker {
  #worker: Promise<Worker> | undefined;
  /** Files being bundled ahead of their compile() (bundleAhead). */
  readonly #ahead = new Map<string, Promise<TranspiledModule>>();

  /** `entry`: the thread's boot module; `compile --watch` boots with its own module hooks (watch/worker-boot.mjs). */
  constructor(
    private readonly limits: ContainmentLimits,
    private readonly entry: URL = ENTRY,
  ) {}

  async compile(job: CompileJob): Promise<JobOutcome> {
    const thread = this.#thread();
    // Awaited below, after the bundling: a thread that fails to start meanwhile is no unhandled rejection.
    thread.catch(() => undefined);
    // A TypeScript file is bundled here, where esbuild's callbacks find this thread idle, while the workflow thread
    // boots or builds the previous file; esbuild runs none of the workflow's code. Not for a later generation of
    // `compile --watch`, which the thread bundles and imports afresh itself.
    const transpiled = job.generation === undefined ? await this.#bundled(job.file) : undefined;
    const worker = await thread;
    return new Promise<JobOutcome>((resolve, reject) => {
      let phase: Phase = 'loading';
      let error: Error | undefined;
      let settled = false;
      let stopping = false;
      const finish = (outcome: JobOutcome | Error, retire: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (retire) this.#retire(worker);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const failed = (diagnostic: Diagnostic): JobOutcome => ({ ok: false, diagnostics: [diagnostic] });
      const onMessage = (message: WorkerMessage) => {
        if (stopping) return;
        if (message.kind === 'building') phase = 'building';
        else if (message.kind === 'done') finish(message.outcome, false);
        else if (message.kind === 'failed') finish(Object.assign(new Error(message.error.message), message.error), true);
      };
      const onError = (e: Error) => void (error ??= e);
      const onExit = () => {
        // The thread ended in the middle of the file: its heap cap, a throw from a callback, or nothing left to run.
        if ((error as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') finish(failed(outOfMemory(job.file, phase, this.limits)), true);
        // Imported here, not at the top: load-workflow.ts loads the DSL and zod, which this thread otherwise never needs.
        else if (error) void import('../load-workflow.js').then(({ importFailure, WORKFLOW_MODULE }) => finish(failed(importFailure(job.file, error!, WORKFLOW_MODULE)), true));
        else finish(failed(neverSettled(job.file)), true);
      };
      const timer = setTimeout(() => {
        // Where the code is looping is read before the thread is stopped: the only place that can be pointed at.
        stopping = true;
        void pausedLocation(worker).then((at) => finish(failed(timedOut(job.file, phase, this.limits, at)), true));
      }, this.limits.timeLimitSeconds * 1000);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage(transpiled ? { ...job, transpiled } : job);
    });
  }

  /**
   * Starts bundling a file that a later compile() will take (see compile()), so that it is bundled while the thread
   * boots and reads the project config (the first file), or builds the file before it (workflow-set.ts).
   */
  bundleAhead(file: string | undefined): void {
    if (file !== undefined) void this.#bundled(file, true);
  }

  /** The file bundled on this thread, when the workflow thread would bundle it; `ahead`: kept for compile(). */
  #bundled(file: string, ahead = false): Promise<TranspiledModule> | undefined {
    if (this.entry !== ENTRY || !isTranspiled(file)) return undefined;
    const started = this.#ahead.get(file);
    if (ahead) {
      if (!started) {
        const bundling = transpileModule(file);
        // Taken, and its failure seen, by compile(); a file that is never compiled must not fail unobserved.
        bundling.catch(() => undefined);
        this.#ahead.set(file, bundling);
      }
      return undefined;
    }
    this.#ahead.delete(file);
    return started ?? transpileModule(file);
  }

  /**
   * The project config and environment (project.ts's loadProject), read on the worker thread, so that this thread
   * loads neither zod nor YAML; a usage error there (no config, unknown --env) is thrown here.
   */
  async project(cwd: string, options: { readonly config?: string; readonly env?: string }): Promise<ProjectResult> {
    const worker = await this.#thread();
    const job: ProjectJob = { kind: 'project', cwd, ...(options.config !== undefined ? { config: options.config } : {}), ...(options.env !== undefined ? { env: options.env } : {}) };
    return new Promise<ProjectResult>((resolve, reject) => {
      const done = () => void worker.off('message', onMessage).off('exit', onExit);
      const onMessage = (message: WorkerMessage) => {
        if (message.kind === 'project') {
          done();
          if ('usage' in message.outcome) reject(new UsageError(message.outcome.usage.message, message.outcome.usage.hint));
          else resolve(message.outcome.result);
        } else if (message.kind === 'failed') {
          done();
          this.#retire(worker);
          reject(Object.assign(new Error(message.error.message), message.error));
        }
      };
      const onExit = () => {
        done();
        reject(new Error('The workflow worker thread ended while it read the project config.'));
      };
      worker.on('message', onMessage).on('exit', onExit);
      worker.postMessage(job);
    });
  }

  /** Stops the thread, and with it whatever timers or sockets workflow code left running. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await (await worker.catch(() => undefined))?.terminate();
  }

  #retire(worker: Worker): void {
    this.#worker = undefined;
    void worker.terminate();
  }

  #thread(): Promise<Worker> {
    this.#worker ??= this.#start();
    return this.#worker;
  }

  #start(): Promise<Worker> {
    const thread = takePrestartedThread(this.entry, this.limits.memoryLimitMb) ?? startThread(this.entry, this.limits.memoryLimitMb);
    const starting: Promise<Worker> = thread.ready.then(
      (worker) => {
        // A thread that dies between files (a leaked timer that throws) is replaced for the next one.
        worker.on('error', () => undefined).on('exit', () => {
          if (this.#worker === starting) this.#worker = undefined;
        });
        return worker;
      },
      (error: unknown) => {
        if (this.#worker === starting) this.#worker = undefined;
        throw error;
      },
    );
    return starting;
  }
}
