import type { CostFacts, Diagnostic, Environment, GraphFacts, PayloadReport } from '@agentflow/compiler';
import type { ProjectResult } from '../project.js';
import type { TranspiledModule } from '../transpile-import.js';

/**
 * The messages between the CLI and the worker thread that loads and builds workflow files. Only structured-clone
 * data crosses: a workflow definition holds functions and schemas, so the worker compiles it and sends the results.
 */

/** One file to load and compile, with the project environment it is compiled for. */
export interface CompileJob {
  readonly file: string;
  readonly env: Environment;
  readonly envName: string;
  /**
   * Set by `compile --watch`: import the file, and the local modules it reaches, afresh under this generation
   * (see watch/fresh-hooks.mjs) instead of reusing what an earlier job of this thread evaluated.
   */
  readonly generation?: number;
  /** With `generation`: local files to drop from the CommonJS cache first (watch/evict-commonjs.ts). */
  readonly evict?: readonly string[];
  /** Found by walking a directory: a file without a default export is a module (agents, schemas), not a workflow. */
  readonly moduleAllowed?: boolean;
  /** Set by `agentflow cost`: also send what pricing needs from the IR (`costFacts`). */
  readonly costFacts?: boolean;
  /** Set by `agentflow graph`: also return the step facts its diagrams are labelled with. */
  readonly graphFacts?: boolean;
  /** The file already bundled by the CLI's thread (see workflow-worker.ts), for the thread to import as is. */
  readonly transpiled?: TranspiledModule;
}

/** What a compile produced, as data: the parts of `CompileResult` the CLI prints, writes and checks. */
export interface CompiledWorkflow {
  readonly name: string;
  readonly definition: Record<string, unknown> | undefined;
  readonly aslText: string | undefined;
  readonly iamText: string | undefined;
  readonly payload: PayloadReport | undefined;
  /** Which step each state comes from, loop bounds and offloaded states: what `agentflow graph` labels the diagram with. */
  readonly graph?: GraphFacts;
  readonly diagnostics: readonly Diagnostic[];
  /** Where `workflow(...)` is called, when the build got that far. */
  readonly loc: { readonly file: string; readonly line: number; readonly column: number } | undefined;
  /** With the job's `costFacts`, when the workflow compiled. */
  readonly costFacts?: CostFacts;
}

export type JobOutcome =
  | { readonly ok: true; readonly compiled: CompiledWorkflow }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  /** With `moduleAllowed`: the file has no default export, so it is a module the workflows import, and is skipped. */
  | { readonly ok: false; readonly module: true; readonly diagnostics: readonly [] };

/**
 * Find and read the project config and pick the environment (project.ts), on the worker thread: zod and YAML are
 * loaded there anyway, and the CLI's own thread then loads neither.
 */
export interface ProjectJob {
  readonly kind: 'project';
  readonly cwd: string;
  readonly config?: string;
  readonly env?: string;
}

/** The project, or the usage error (no config, unknown --env) that the CLI's thread throws again. */
export type ProjectOutcome = { readonly result: ProjectResult } | { readonly usage: { readonly message: string; readonly hint: string | undefined } };

export type WorkerMessage =
  /** The worker has loaded agentflow and waits for jobs. */
  | { readonly kind: 'ready' }
  /** The module is imported; the compiler now builds it (the body runs). */
  | { readonly kind: 'building' }
  | { readonly kind: 'done'; readonly outcome: JobOutcome }
  | { readonly kind: 'project'; readonly outcome: ProjectOutcome }
  /** agentflow itself failed on this file (a defect, not the workflow's fault): the CLI reports an internal error. */
  | { readonly kind: 'failed'; readonly error: { readonly name: string; readonly message: string; readonly stack: string | undefined } };
