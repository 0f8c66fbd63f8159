import { relative } from 'node:path';
import { compileWorkflow, hasErrors, renderPayloadReport, type CompileResult, type Diagnostic } from '@agentflow/compiler';
import type { Io } from '../io.js';
import { EXIT_ERRORS, EXIT_OK, UsageError } from '../errors.js';
import { loadWorkflow } from '../load-workflow.js';
import { emitOutputs } from '../write-outputs.js';
import { interceptExit, withExit } from '../exit-guard.js';
import { loadProject } from '../project.js';
import { workflowFiles } from '../workflow-files.js';
import { diagnosticsJson, renderDiagnostics } from '../render/diagnostics-text.js';

export interface CompileCommandOptions {
  readonly out?: string;
  readonly check?: boolean;
  readonly json?: boolean;
  /** Print (or with --out, write) the worst-case payload size of every state. */
  readonly report?: boolean;
  readonly env?: string;
  readonly config?: string;
}

export interface FileOutcome {
  readonly file: string;
  readonly result?: CompileResult;
  readonly diagnostics: readonly Diagnostic[];
  /** Golden files that differ (with --check), as unified diffs. */
  readonly drift: { readonly path: string; readonly diff: string }[];
  readonly written: string[];
}

/** `agentflow compile`: loads workflows, compiles them, then prints, writes or checks the ASL. */
export async function runCompile(paths: readonly string[], options: CompileCommandOptions, io: Io): Promise<number> {
  if (options.check && !options.out) throw new UsageError('--check compares against the files in --out; pass --out <dir> too.');
  const files = workflowFiles(paths, io.cwd);
  const project = loadProject(io.cwd, options);
  if (!project.ok) {
    report([], project.diagnostics, options, io);
    return EXIT_ERRORS;
  }
  const outcomes: FileOutcome[] = [];
  const owners = new Map<string, string>();
  for (const file of files) {
    // Workflow code runs while it is imported and while the compiler builds it (twice); it must not end the run.
    const { value: loaded, exited } = await interceptExit(file, async () => {
      const loaded = await loadWorkflow(file);
      return loaded.ok ? { ...loaded, result: compileWorkflow(loaded.def, { env: project.env, envName: project.envName, file }) } : loaded;
    });
    if (exited) {
      outcomes.push({ file, diagnostics: withExit(loaded.ok ? loaded.result.diagnostics : loaded.diagnostics, exited), drift: [], written: [] });
      continue;
    }
    if (!loaded.ok) {
      outcomes.push({ file, diagnostics: loaded.diagnostics, drift: [], written: [] });
      continue;
    }
    const result = loaded.result;
    const diagnostics = [...result.diagnostics];
    const owner = owners.get(result.name);
    if (owner !== undefined) {
      diagnostics.push({
        code: 'duplicate-workflow-name',
        severity: 'error',
        message: `Workflow name '${result.name}' is also used by ${relative(io.cwd, owner)}; their outputs would overwrite each other.`,
        loc: result.ir?.loc ?? { file, line: 1, column: 1 },
        hint: 'Give each workflow a unique name.',
      });
    }
    owners.set(result.name, file);
    const emitted = hasErrors(diagnostics) ? { drift: [], written: [] } : await emitOutputs(result, options, io, file);
    if (emitted.refused) diagnostics.push(emitted.refused);
    // A refused workflow is not counted as compiled: none of its files were written or checked.
    outcomes.push({ file, result: emitted.refused ? { ...result, aslText: undefined } : result, diagnostics, drift: emitted.drift, written: emitted.written });
  }
  report(outcomes, [], options, io);
  const failed = outcomes.some((o) => hasErrors(o.diagnostics) || o.drift.length > 0);
  return failed ? EXIT_ERRORS : EXIT_OK;
}

function report(outcomes: readonly FileOutcome[], global: readonly Diagnostic[], options: CompileCommandOptions, io: Io): void {
  const all = [...global, ...outcomes.flatMap((o) => o.diagnostics)];
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
    io.stdout(`${JSON.stringify({ ok: !hasErrors(all) && workflows.every((w) => w.ok), workflows, diagnostics: diagnosticsJson(global, io.cwd) }, null, 2)}\n`);
    return;
  }
  io.stderr(renderDiagnostics(all, io.cwd));
  const compiled = outcomes.filter((o) => o.result?.aslText);
  if (!options.out && options.report) {
    // The report replaces the ASL on stdout; it is also shown for workflows that failed on payload sizes.
    for (const o of outcomes) if (o.result?.payload) io.stdout(renderPayloadReport(o.result.name, o.result.payload));
  } else if (!options.out) {
    for (const o of compiled) {
      if (compiled.length > 1) io.stdout(`==> ${o.result!.name}.asl.json <==\n`);
      io.stdout(o.result!.aslText!);
    }
  }
  for (const o of outcomes) for (const d of o.drift) io.stderr(`${d.diff}\n`);
  for (const o of outcomes) for (const w of o.written) io.stderr(`wrote ${w}\n`);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  const drifted = outcomes.reduce((n, o) => n + o.drift.length, 0);
  const summary = [`${compiled.length}/${outcomes.length} workflow(s) compiled`, `${errors} error(s)`, `${warnings} warning(s)`];
  if (options.check) summary.push(drifted ? `${drifted} golden file(s) out of date` : 'golden files up to date');
  io.stderr(`${summary.join(', ')}\n`);
}
