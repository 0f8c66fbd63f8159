import { relative } from 'node:path';
import type { CompileResult } from '@agentflow/compiler';
import { hasErrors, renderPayloadReport, type Diagnostic } from '@agentflow/compiler/reporting';
import type { Io } from '../io.js';
import { EXIT_ERRORS, EXIT_OK, UsageError } from '../errors.js';
import { checkOutDirectory, planOutputs, writeOutputs, type OutputPlan } from '../write-outputs.js';
import { containmentLimits } from '../contain/limits.js';
import type { CompiledWorkflow } from '../contain/protocol.js';
import { WorkflowWorker } from '../contain/workflow-worker.js';
import { workflowFileSet, type WorkflowFileSet } from '../workflow-files.js';
import { compileWorkflowSet } from '../workflow-set.js';
import { staleGoldens } from '../stale-goldens.js';
import { readPathList } from '../path-list.js';
import { WorkflowNames } from '../workflow-names.js';
import { diagnosticsJson, renderDiagnostics } from '../render/diagnostics-text.js';
import { terminalSafe } from '../render/terminal-text.js';

export interface CompileCommandOptions {
  readonly out?: string;
  readonly check?: boolean;
  readonly json?: boolean;
  /** Print (or with --out, write) the worst-case payload size of every state. */
  readonly report?: boolean;
  readonly env?: string;
  readonly config?: string;
  /** Seconds one workflow file may take to load and build (default 30). */
  readonly timeLimit?: string;
  /** MiB of heap the thread that loads and builds workflows may use (default 2048). */
  readonly memoryLimit?: string;
  /** A file listing more paths, one per line (`-`: standard input), for lists too long for a command line. */
  readonly filesFrom?: string;
  /** Compile, then recompile the workflows a change affects until interrupted (watch/watch-command.ts). */
  readonly watch?: boolean;
  /** Also list the files of a directory that were skipped as modules (no default export). */
  readonly verbose?: boolean;
}

export interface FileOutcome {
  readonly file: string;
  readonly result?: CompiledWorkflow;
  readonly diagnostics: readonly Diagnostic[];
  /** Golden files that differ (with --check), as unified diffs. */
  readonly drift: { readonly path: string; readonly diff: string }[];
  readonly written: string[];
}

/** `agentflow compile`: loads workflows, compiles them, then prints, writes or checks the ASL. */
export async function runCompile(paths: readonly string[], options: CompileCommandOptions, io: Io): Promise<number> {
  if (options.watch) return (await import('../watch/watch-command.js')).runWatch(paths, options, io);
  if (options.check && !options.out) throw new UsageError('--check compares against the files in --out; pass --out <dir> too.');
  const limits = containmentLimits(options);
  checkOutDirectory(options, io);
  const listed = options.filesFrom === undefined ? [] : await readPathList(options.filesFrom, io);
  if (paths.length === 0 && listed.length === 0) {
    throw new UsageError('No workflow files to compile.', 'Pass workflow files or directories, or --files-from FILE (one path per line).');
  }
  const set = workflowFileSet(paths, io.cwd, listed);
  const outcomes: FileOutcome[] = [];
  const plans: OutputPlan[] = [];
  const names = new WorkflowNames(io.cwd, 'their outputs would overwrite each other');
  // Workflow code runs in a worker thread, within a time and memory limit: see contain/workflow-worker.ts. The
  // thread reads the project config too, so that this thread loads no zod, YAML or compiler.
  const worker = new WorkflowWorker(limits);
  // Bundled here while the thread boots and reads the project config.
  worker.bundleAhead(set.files[0]);
  let modules: string[];
  try {
    const project = await worker.project(io.cwd, options);
    if (!project.ok) {
      report([], [], project.diagnostics, options, io);
      return EXIT_ERRORS;
    }
    modules = await compileWorkflowSet(set, worker, { env: project.env, envName: project.envName }, io.cwd, async (file, loaded) => {
      if (!loaded.ok) {
        outcomes.push({ file, diagnostics: loaded.diagnostics, drift: [], written: [] });
        plans.push({ files: [], drift: [] });
        return;
      }
      const result = loaded.compiled;
      const diagnostics = [...result.diagnostics];
      const duplicate = names.claim(result.name, file, result.loc);
      if (duplicate) diagnostics.push(duplicate);
      const plan = hasErrors(diagnostics) ? { files: [], drift: [] } : await planOutputs(asEmitted(result), options, io, file);
      // The refusal is located at the workflow(...) call, which only this side knows (see asEmitted).
      if (plan.refused) diagnostics.push({ ...plan.refused, loc: result.loc ?? plan.refused.loc });
      plans.push(plan);
      // A refused workflow is not counted as compiled: none of its files were written or checked.
      outcomes.push({ file, result: plan.refused ? { ...result, aslText: undefined } : result, diagnostics, drift: plan.drift, written: [] });
    });
  } finally {
    // Ends whatever timers or handles workflow code left behind, which would otherwise keep the CLI running.
    await worker.close();
  }
  const global = [...writeRun(outcomes, plans, options, io), ...checkStale(set, outcomes, paths, options, io)];
  report(outcomes, modules, global, options, io);
  const failed = hasErrors(global) || outcomes.some((o) => hasErrors(o.diagnostics) || o.drift.length > 0);
  return failed ? EXIT_ERRORS : EXIT_OK;
}

/**
 * With --check, golden files in --out that no workflow of the run produces are drift too (a workflow was deleted or
 * renamed). Only when the run compiled whole directories: `compile workflows/a.ts --out goldens --check` checks a.ts
 * alone and cannot tell the other goldens' workflows from deleted ones. Every workflow must also have loaded far
 * enough to have a name, or its own files would be taken for stale ones.
 */
function checkStale(set: WorkflowFileSet, outcomes: readonly FileOutcome[], paths: readonly string[], options: CompileCommandOptions, io: Io): Diagnostic[] {
  if (!options.check || !options.out || !set.onlyDirectories) return [];
  const unnamed = outcomes.filter((o) => o.result === undefined).length;
  if (unnamed > 0) {
    return [{ code: 'stale-goldens-not-checked', severity: 'info', message: `Golden files without a workflow were not looked for in ${options.out}: ${unnamed} workflow(s) failed to load.` }];
  }
  const names = new Set(outcomes.map((o) => o.result!.name));
  const source = set.directories.map((d) => d.shown).join(', ') || paths.join(', ');
  return staleGoldens(options.out, io.cwd, names, options.report === true, source);
}

/**
 * Writes the run's files as one set, and only when every workflow compiled: a run with an error leaves --out exactly
 * as it was (like `tsc --noEmitOnError`), so the directory never mixes this run's output with stale files of a
 * workflow that failed. Returns run-level diagnostics (a write that failed, or why nothing was written).
 */
function writeRun(outcomes: FileOutcome[], plans: readonly OutputPlan[], options: CompileCommandOptions, io: Io): Diagnostic[] {
  if (!options.out || options.check) return [];
  const failed = outcomes.filter((o) => hasErrors(o.diagnostics)).length;
  if (failed > 0) {
    if (plans.every((p) => p.files.length === 0)) return [];
    return [
      {
        code: 'output-not-written',
        severity: 'info',
        message: `Nothing was written to ${options.out}: ${failed} of ${outcomes.length} workflow(s) failed, and the output directory is replaced only as a whole.`,
        hint: 'Fix the errors above and run the command again.',
      },
    ];
  }
  const { written, failure } = writeOutputs(plans, options, io);
  const done = new Set(written);
  outcomes.forEach((o, i) => o.written.push(...plans[i]!.files.map((f) => f.shown).filter((shown) => done.has(shown))));
  return failure ? [failure] : [];
}

/**
 * The compiled data in the shape the output writer takes. The IR (functions and schemas) stays in the worker thread,
 * so a refusal from the writer points at the file; runCompile moves it to the workflow's location.
 */
function asEmitted(compiled: CompiledWorkflow): CompileResult {
  return { ...compiled, ir: undefined, iam: undefined };
}

function report(outcomes: readonly FileOutcome[], modules: readonly string[], global: readonly Diagnostic[], options: CompileCommandOptions, io: Io): void {
  const all = [...global, ...outcomes.flatMap((o) => o.diagnostics)];
  const skipped = modules.map((file) => ({ file: relative(io.cwd, file), reason: 'no-default-export' }));
  if (options.json) {
    const workflows = outcomes.map((o) => ({
      file: relative(io.cwd, o.file),
      name: o.result?.name,
      ok: !hasErrors(o.diagnostics) && o.drift.length === 0,
      ...(options.out ? {} : { definition: o.result?.definition }),
      ...(options.report && o.result?.payload ? { payload: o.result.payload } : {}),
      written: o.written,
      drift: o.drift.map((d) => d.path),
      diagnostics: diagnosticsJson(o.diagnostics, io.cwd),
    }));
    const ok = !hasErrors(all) && workflows.every((w) => w.ok);
    io.stdout(`${JSON.stringify({ ok, workflows, skipped, diagnostics: diagnosticsJson(global, io.cwd) }, null, 2)}\n`);
    return;
  }
  io.stderr(renderDiagnostics(all, io.cwd));
  if (options.verbose) for (const s of skipped) io.stderr(`skipped ${terminalSafe(s.file)}: no default export (a module, not a workflow)\n`);
  const compiled = outcomes.filter((o) => o.result?.aslText);
  if (!options.out) {
    for (const o of compiled) {
      if (compiled.length > 1) io.stdout(`==> ${o.result!.name}.asl.json <==\n`);
      io.stdout(o.result!.aslText!);
    }
  }
  if (!options.out && options.report) {
    // On standard error, so that standard output stays the ASL alone (`compile x.ts --report > x.asl.json`); the
    // report is also shown for workflows that failed on payload sizes, which print no ASL.
    for (const o of outcomes) if (o.result?.payload) io.stderr(renderPayloadReport(o.result.name, o.result.payload));
  }
  for (const o of outcomes) for (const d of o.drift) io.stderr(`${d.diff}\n`);
  for (const o of outcomes) for (const w of o.written) io.stderr(`wrote ${w}\n`);
  // Run-level notes (why --out was left alone) are not findings about a file, so they are not rendered above.
  for (const d of global) if (d.severity === 'info') io.stderr(`${d.message}\n`);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  const drifted = outcomes.reduce((n, o) => n + o.drift.length, 0) + global.filter((d) => d.code === 'stale-golden-file').length;
  const summary = [`${compiled.length}/${outcomes.length} workflow(s) compiled`, `${errors} error(s)`, `${warnings} warning(s)`];
  if (options.check) summary.push(drifted ? `${drifted} golden file(s) out of date` : 'golden files up to date');
  io.stderr(`${summary.join(', ')}\n`);
}
