import { relative } from 'node:path';
import { hasErrors, loadConfig, workflowCost, type Diagnostic, type WorkflowCost } from '@agentflow/compiler';
import type { Io } from '../io.js';
import { EXIT_ERRORS, EXIT_OK, UsageError } from '../errors.js';
import { containmentLimits } from '../contain/limits.js';
import { WorkflowWorker } from '../contain/workflow-worker.js';
import { loadProject } from '../project.js';
import { workflowFileSet } from '../workflow-files.js';
import { compileWorkflowSet } from '../workflow-set.js';
import { diagnosticsJson, renderDiagnostics } from '../render/diagnostics-text.js';
import { renderCostText } from '../render/cost-text.js';

export interface CostCommandOptions {
  /** Executions a month, comma-separated (default seed 000's S/M/L: 100,2000,20000). */
  readonly volumes?: string;
  readonly freeTier?: boolean;
  readonly json?: boolean;
  readonly env?: string;
  readonly config?: string;
}

export const DEFAULT_VOLUMES: readonly number[] = [100, 2000, 20000];

/** `--volumes 100,2000,20000` → [100, 2000, 20000]; anything but positive whole numbers is a usage error. */
export function parseVolumes(text: string | undefined): number[] {
  if (text === undefined) return [...DEFAULT_VOLUMES];
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^[1-9][0-9]{0,11}$/.test(p))) {
    throw new UsageError(`--volumes ${JSON.stringify(text)} is not a list of executions a month.`, 'Pass positive whole numbers separated by commas, e.g. --volumes 100,2000,20000.');
  }
  return parts.map(Number);
}

/** `agentflow cost`: compiles the workflows as `compile` does, then prices each from its compiled definition. */
export async function runCost(paths: readonly string[], options: CostCommandOptions, io: Io): Promise<number> {
  const volumes = parseVolumes(options.volumes);
  if (paths.length === 0) throw new UsageError('No workflow files to price.', 'Pass workflow files or directories.');
  const set = workflowFileSet(paths, io.cwd);
  const project = loadProject(io.cwd, options);
  if (!project.ok) return finish([], project.diagnostics, options, io);
  const loaded = loadConfig(project.configFile);
  const pricing = loaded.ok ? loaded.config.pricing : undefined;
  const costs: { file: string; cost: WorkflowCost }[] = [];
  const diagnostics: Diagnostic[] = [];
  const worker = new WorkflowWorker(containmentLimits({}));
  try {
    await compileWorkflowSet(set, worker, { env: project.env, envName: project.envName, costFacts: true }, io.cwd, (file, outcome) => {
      if (!outcome.ok) {
        diagnostics.push(...outcome.diagnostics);
        return;
      }
      diagnostics.push(...outcome.compiled.diagnostics);
      const facts = outcome.compiled.costFacts;
      if (facts && !hasErrors(outcome.compiled.diagnostics)) {
        costs.push({ file, cost: workflowCost(facts, { volumes, freeTier: options.freeTier === true, ...(pricing ? { pricing } : {}) }) });
      }
    });
  } finally {
    await worker.close();
  }
  return finish(costs, diagnostics, options, io);
}

function finish(costs: readonly { file: string; cost: WorkflowCost }[], diagnostics: readonly Diagnostic[], options: CostCommandOptions, io: Io): number {
  const failed = hasErrors(diagnostics);
  if (options.json) {
    const workflows = costs.map(({ file, cost }) => ({ file: relative(io.cwd, file).split('\\').join('/'), ...cost }));
    io.stdout(`${JSON.stringify({ ok: !failed, freeTier: options.freeTier === true, workflows, diagnostics: diagnosticsJson(diagnostics, io.cwd) }, null, 2)}\n`);
  } else {
    io.stderr(renderDiagnostics(diagnostics, io.cwd));
    io.stdout(renderCostText(costs.map((c) => c.cost), { freeTier: options.freeTier === true }));
  }
  return failed ? EXIT_ERRORS : EXIT_OK;
}
