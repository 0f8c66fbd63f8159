import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findConfig, hasErrors, lockFileFor, type CompileResult, type Diagnostic } from '@agentflow/compiler';
import type { Io } from '../io.js';
import { UsageError } from '../errors.js';
import type { CompileCommandOptions } from '../commands/compile.js';
import type { ContainmentLimits } from '../contain/limits.js';
import type { CompiledWorkflow } from '../contain/protocol.js';
import { WorkflowWorker } from '../contain/workflow-worker.js';
import { loadProject, type ProjectResult } from '../project.js';
import { workflowFileSet, workflowFiles } from '../workflow-files.js';
import { BUNDLED } from '../bundled.js';
import type { NamedPath } from '../path-list.js';
import { WorkflowNames } from '../workflow-names.js';
import { planOutputs, writeOutputs } from '../write-outputs.js';
import { renderDiagnostics } from '../render/diagnostics-text.js';
import { ContentHashes } from './content-hashes.js';
import { DirectoryWatchers } from './directory-watchers.js';
import { localImports } from './local-imports.js';

/** Editors write a file several times per save (truncate, write, rename, metadata); one scan follows the last. */
export const DEBOUNCE_MS = 30;

/**
 * Every import of a changed workflow evaluates its local modules again, and an ES module is never unloaded; the
 * thread is replaced after this many generations so a long session does not grow without bound.
 */
const GENERATIONS_PER_THREAD = 200;

// From the sources, this thread's entry adds the generation hooks; the bundled CLI's workflow thread needs none,
// since it transpiles each workflow afresh into a new file (transpile-import.ts).
const WORKER_ENTRY = BUNDLED ? undefined : new URL('./worker-boot.mjs', import.meta.url);

/** Every line this command prints about a run starts so, so scripts and tests can find the run boundaries. */
export const WATCH_PREFIX = 'watch:';
/** Ends the summary line of every run: the watcher is idle until the next change. */
export const WATCH_IDLE = 'waiting for changes';

interface Tracked {
  /** The workflow file and the local modules it loaded: a change in any of them recompiles it. */
  deps: readonly string[];
  result: CompiledWorkflow | undefined;
  diagnostics: readonly Diagnostic[];
  /** The files this workflow has in --out, written by this session; removed with the workflow. */
  owned: Set<string>;
  /** Found in a directory without a default export: a module beside the workflows (agents, schemas), not compiled. */
  module?: boolean;
}

/**
 * `agentflow compile --watch`: compiles the workflows once, then recompiles the ones a change affects — a workflow
 * is affected when its own file or a local module it imports changes content; all are when the project config (or
 * its lock file) does. --out is kept current per workflow: a workflow that compiles has its files rewritten (only
 * those whose content changed), one with errors keeps its last good files, one whose file is gone has its files
 * removed.
 */
export class WatchSession {
  readonly #workflows = new Map<string, Tracked>();
  readonly #hashes = new ContentHashes();
  readonly #watchers = new DirectoryWatchers(() => this.#schedule());
  #worker: WorkflowWorker;
  #generation = 0;
  #project: ProjectResult | undefined;
  #timer: NodeJS.Timeout | undefined;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly paths: readonly string[],
    private readonly listed: readonly NamedPath[],
    private readonly options: CompileCommandOptions,
    private readonly limits: ContainmentLimits,
    private readonly io: Io,
  ) {
    this.#worker = new WorkflowWorker(limits, WORKER_ENTRY);
  }

  /** The first compile of every workflow. Usage errors (no config, unknown --env, a missing path) are thrown. */
  async start(): Promise<void> {
    this.#project = loadProject(this.io.cwd, this.options);
    const files = workflowFiles(this.paths, this.io.cwd, this.listed);
    for (const path of this.#projectFiles()) this.#hashes.track(path);
    for (const file of files) this.#hashes.track(file);
    await this.#run({ files, order: files, removed: [], changed: [] });
    // Files saved while the first compile ran were hashed before it; one scan now catches them.
    this.#schedule();
  }

  /** Stops watching; waits for a run in progress to end, then stops the workflow thread. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#watchers.close();
    await this.#queue;
    await this.#worker.close();
  }

  #schedule(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#queue = this.#queue.then(() => this.#scan());
    }, DEBOUNCE_MS);
  }

  async #scan(): Promise<void> {
    if (this.#closed) return;
    try {
      const changed = this.#hashes.changed();
      const files = this.#listFiles();
      const added = files.filter((f) => !this.#workflows.has(f));
      const removed = [...this.#workflows.keys()].filter((f) => !files.includes(f));
      const configChanged = changed.some((path) => this.#projectFiles().includes(path));
      if (configChanged) this.#project = this.#reloadProject();
      const touched = new Set(changed);
      const affected = configChanged ? files : files.filter((f) => added.includes(f) || this.#workflows.get(f)!.deps.some((d) => touched.has(d)));
      for (const file of added) this.#hashes.track(file);
      if (affected.length === 0 && removed.length === 0) return;
      await this.#run({ files: affected, order: files, removed, changed });
    } catch (error) {
      // A defect in agentflow must not end the session: the next change runs again.
      this.io.stderr(`${WATCH_PREFIX} internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }

  async #run(run: { files: readonly string[]; order: readonly string[]; removed: readonly string[]; changed: readonly string[] }): Promise<void> {
    const started = performance.now();
    const { cwd } = this.io;
    const compiling = run.files.length > 0 || run.removed.length === 0;
    const header = [compiling ? `${WATCH_PREFIX} compiling ${shownList(run.files, cwd)}` : `${WATCH_PREFIX} removed ${shownList(run.removed, cwd)}`];
    if (compiling && run.changed.length > 0) header.push(`(changed: ${shownList(run.changed, cwd)})`);
    this.io.stderr(`${header.join(' ')}\n`);
    const notes: string[] = [];
    for (const file of run.removed) {
      notes.push(`${relative(cwd, file)} is gone; its workflow is no longer compiled`);
      for (const path of this.#workflows.get(file)!.owned) notes.push(removeOutput(path, cwd));
      this.#workflows.delete(file);
    }
    const project = this.#project!;
    const shown: Diagnostic[] = [];
    if (!project.ok) shown.push(...project.diagnostics);
    else await this.#compile(run.files, project);
    this.#reorder(run.order);
    if (project.ok) shown.push(...(await this.#outputs(run.files, notes)));
    this.#follow();
    const errors = shown.filter((d) => d.severity === 'error').length;
    const warnings = shown.filter((d) => d.severity === 'warning').length;
    const compiled = run.files.filter((f) => this.#workflows.get(f)?.result?.aslText && !hasErrors(this.#workflows.get(f)!.diagnostics)).length;
    const workflows = run.files.filter((f) => !this.#workflows.get(f)?.module).length;
    this.io.stderr(renderDiagnostics(shown, cwd));
    for (const note of notes) this.io.stderr(`${note}\n`);
    const ms = Math.round(performance.now() - started);
    this.io.stderr(`${WATCH_PREFIX} ${compiled}/${workflows} workflow(s) compiled in ${ms} ms, ${errors} error(s), ${warnings} warning(s); ${WATCH_IDLE}\n`);
  }

  /** Loads and builds each file in the workflow thread, importing it afresh, while esbuild lists its local imports. */
  async #compile(files: readonly string[], project: Extract<ProjectResult, { ok: true }>): Promise<void> {
    if (files.length === 0) return;
    // The first run imports as plain `compile` does; every later one under a new generation (watch/fresh-hooks.mjs).
    const generation = this.#workflows.size === 0 && this.#generation === 0 ? undefined : ++this.#generation;
    if (generation !== undefined && generation % GENERATIONS_PER_THREAD === 0) {
      await this.#worker.close();
      this.#worker = new WorkflowWorker(this.limits, WORKER_ENTRY);
    }
    // Every local file any workflow loaded: a CommonJS copy of one would otherwise outlive its change.
    const local = [...new Set([...files, ...[...this.#workflows.values()].flatMap((t) => t.deps)])];
    // Files found by walking a directory may be modules beside the workflows; one walk per run, not per file.
    const inDirectory = workflowFileSet(this.paths, this.io.cwd, this.listed).foundInDirectory;
    for (const file of files) {
      const [loaded, deps] = await Promise.all([
        this.#worker.compile({ file, env: project.env, envName: project.envName, moduleAllowed: inDirectory.has(file), ...(generation === undefined ? {} : { generation, evict: local }) }),
        localImports(file, this.io.cwd),
      ]);
      const tracked = this.#workflows.get(file) ?? { deps: [file], result: undefined, diagnostics: [], owned: new Set<string>() };
      // Newly found imports are hashed now; one saved while this compile ran is caught only by its next change.
      // Without a readable graph (a syntax error) the last known imports stay watched, so fixing either recompiles.
      tracked.deps = deps ?? [...new Set([file, ...tracked.deps])];
      tracked.result = loaded.ok ? loaded.compiled : undefined;
      tracked.diagnostics = loaded.ok ? loaded.compiled.diagnostics : loaded.diagnostics;
      tracked.module = !loaded.ok && 'module' in loaded && loaded.module === true;
      for (const dep of tracked.deps) this.#hashes.track(dep);
      this.#workflows.set(file, tracked);
    }
  }

  /** Keeps the workflows in command-line order, so a duplicate name is always reported on the same (later) file. */
  #reorder(order: readonly string[]): void {
    const entries = order.flatMap((file) => (this.#workflows.has(file) ? [[file, this.#workflows.get(file)!] as const] : []));
    this.#workflows.clear();
    for (const [file, tracked] of entries) this.#workflows.set(file, tracked);
  }

  /** The diagnostics of the recompiled files, after their outputs are written (or kept, with a note why). */
  async #outputs(files: readonly string[], notes: string[]): Promise<Diagnostic[]> {
    const { cwd } = this.io;
    const names = new WorkflowNames(cwd, 'their outputs would overwrite each other');
    const duplicates = new Map<string, Diagnostic>();
    for (const [file, tracked] of this.#workflows) {
      const duplicate = tracked.result && !hasErrors(tracked.diagnostics) ? names.claim(tracked.result.name, file, tracked.result.loc) : undefined;
      if (duplicate) duplicates.set(file, duplicate);
    }
    const shown: Diagnostic[] = [];
    for (const file of files) {
      const tracked = this.#workflows.get(file)!;
      if (tracked.module) continue;
      const diagnostics = [...tracked.diagnostics, ...(duplicates.has(file) ? [duplicates.get(file)!] : [])];
      if (this.options.out) diagnostics.push(...(await this.#write(file, tracked, diagnostics, notes)));
      shown.push(...diagnostics);
    }
    return shown;
  }

  /** Rewrites the workflow's files in --out whose content changed and removes ones it no longer has. */
  async #write(file: string, tracked: Tracked, diagnostics: readonly Diagnostic[], notes: string[]): Promise<Diagnostic[]> {
    const { cwd } = this.io;
    const result = tracked.result;
    if (hasErrors(diagnostics) || !result?.aslText) {
      if (tracked.owned.size > 0) notes.push(`kept the last good output of ${relative(cwd, file)} in ${this.options.out} until its errors are fixed`);
      return [];
    }
    const plan = await planOutputs(asEmitted(result), this.options, this.io, file);
    if (plan.refused) return [{ ...plan.refused, loc: result.loc ?? plan.refused.loc }];
    const changed = plan.files.filter((f) => readOr(f.path) !== f.text);
    const { written, failure } = writeOutputs([{ files: changed, drift: [] }], this.options, this.io);
    for (const shown of written) notes.push(`wrote ${shown}`);
    const now = new Set(plan.files.map((f) => f.path));
    for (const path of tracked.owned) if (!now.has(path)) notes.push(removeOutput(path, cwd));
    tracked.owned = now;
    return failure ? [failure] : [];
  }

  /** Watches the directories of every tracked file, and of the directories given, for files to compile. */
  #follow(): void {
    const tracked = new Set([...this.#projectFiles(), ...[...this.#workflows.values()].flatMap((t) => t.deps)]);
    this.#hashes.retain(tracked);
    const dirs = new Set([...tracked].map((path) => dirname(path)));
    for (const path of [...this.paths, ...this.listed.map((n) => n.path)]) {
      const abs = resolve(this.io.cwd, path);
      // A file named on the command line that was deleted comes back in the same directory.
      if (isDirectory(abs)) subdirectories(abs, dirs);
      else dirs.add(dirname(abs));
    }
    this.#watchers.set(dirs);
  }

  /** The workflow files now, without failing on a path that is gone: its workflows are removed instead. */
  #listFiles(): string[] {
    const { cwd } = this.io;
    try {
      return workflowFiles(this.paths, cwd, this.listed);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      const each = (path: string, listed: NamedPath[]) => {
        try {
          return listed.length > 0 ? workflowFiles([], cwd, listed) : workflowFiles([path], cwd);
        } catch {
          return [];
        }
      };
      const files = [...this.paths.flatMap((p) => each(p, [])), ...this.listed.flatMap((named) => each('', [named]))];
      return [...new Set(files)];
    }
  }

  /** The config file and its lock file: a change to either recompiles every workflow. */
  #projectFiles(): string[] {
    const config = this.#project?.ok ? this.#project.configFile : this.options.config ? resolve(this.io.cwd, this.options.config) : findConfig(this.io.cwd);
    return config ? [config, lockFileFor(config)] : [];
  }

  #reloadProject(): ProjectResult {
    try {
      return loadProject(this.io.cwd, this.options);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      // At start this ends the command; while watching it is reported like any error, and the next save retries.
      const [config] = this.#projectFiles();
      return { ok: false, diagnostics: [{ code: 'config-unusable', severity: 'error', message: error.message, ...(config ? { loc: { file: config, line: 1, column: 1 } } : {}), ...(error.hint ? { hint: error.hint } : {}) }] };
    }
  }
}

/** The compiled data in the shape the output writer takes (as in commands/compile.ts). */
function asEmitted(compiled: CompiledWorkflow): CompileResult {
  return { ...compiled, ir: undefined, iam: undefined };
}

function shownList(paths: readonly string[], cwd: string): string {
  const shown = paths.slice(0, 4).map((p) => relative(cwd, p) || p);
  if (paths.length > 4) shown.push(`and ${paths.length - 4} more`);
  return paths.length === 0 ? 'nothing' : shown.join(', ');
}

function removeOutput(path: string, cwd: string): string {
  try {
    unlinkSync(path);
    return `removed ${relative(cwd, path)}`;
  } catch (error) {
    return `could not remove ${relative(cwd, path)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
}

function readOr(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The directory and its subdirectories, skipping hidden ones and node_modules as workflow-files.ts does. */
function subdirectories(dir: string, into: Set<string>): void {
  into.add(dir);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') subdirectories(join(dir, entry.name), into);
  }
}
