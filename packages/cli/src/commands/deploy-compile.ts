import { hasErrors, type Diagnostic, type Environment } from '@agentflow/compiler';
import type { Io } from '../io.js';
import { containmentLimits } from '../contain/limits.js';
import { WorkflowWorker } from '../contain/workflow-worker.js';
import { renderDiagnostics, diagnosticsJson } from '../render/diagnostics-text.js';
import { WorkflowNames } from '../workflow-names.js';
import type { WorkflowFileSet } from '../workflow-files.js';
import { compileWorkflowSet } from '../workflow-set.js';

/** One workflow compiled for a deploy: its name and the exact ASL text compile prints. */
export interface CompiledForDeploy {
  readonly file: string;
  readonly name: string;
  readonly aslText: string;
  readonly loc?: { readonly file: string; readonly line: number; readonly column: number };
  /** State name → the step it was compiled from, so AWS's findings (located by state) name the step. */
  readonly stepOfState: Readonly<Record<string, string>>;
}

export type CompileAll = { readonly ok: true; readonly workflows: readonly CompiledForDeploy[]; readonly diagnostics: readonly Diagnostic[] } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Compiles every file exactly as `agentflow compile` does (same discovery, worker thread, limits and self-check:
 * a module beside the workflows in a directory is skipped) and only then says whether all of them compiled: a deploy
 * starts no AWS call unless every workflow is clean.
 */
export async function compileAll(
  set: WorkflowFileSet,
  project: { env: Environment; envName: string },
  io: Io,
  limits: Parameters<typeof containmentLimits>[0] = {},
  onFile: (file: string) => void = () => {},
): Promise<CompileAll> {
  const diagnostics: Diagnostic[] = [];
  const workflows: CompiledForDeploy[] = [];
  const names = new WorkflowNames(io.cwd, 'both would deploy to the same state machine');
  const worker = new WorkflowWorker(containmentLimits(limits));
  let modules: string[];
  try {
    modules = await compileWorkflowSet(set, worker, { env: project.env, envName: project.envName }, io.cwd, (file, loaded) => {
      if (!loaded.ok) {
        diagnostics.push(...loaded.diagnostics);
        return;
      }
      const result = loaded.compiled;
      diagnostics.push(...result.diagnostics);
      const duplicate = names.claim(result.name, file, result.loc);
      if (duplicate) diagnostics.push(duplicate);
      if (!hasErrors(result.diagnostics) && result.aslText !== undefined) {
        const stepOfState = Object.fromEntries((result.payload?.states ?? []).map((row) => [row.state, row.step]));
        workflows.push({ file, name: result.name, aslText: result.aslText, stepOfState, ...(result.loc ? { loc: result.loc } : {}) });
      }
    }, onFile);
  } finally {
    await worker.close();
  }
  if (hasErrors(diagnostics) || workflows.length < set.files.length - modules.length) return { ok: false, diagnostics };
  return { ok: true, workflows, diagnostics };
}

/** Compile findings on standard error (text), or as JSON data for the command's one JSON document. */
export function compileFindings(diagnostics: readonly Diagnostic[], io: Io, json: boolean): unknown[] {
  if (json) return diagnosticsJson(diagnostics, io.cwd);
  io.stderr(renderDiagnostics(diagnostics, io.cwd));
  return [];
}
