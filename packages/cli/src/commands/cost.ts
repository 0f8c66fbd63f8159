import { relative } from 'node:path';
import { hasErrors, workflowCost, type CostFacts, type Diagnostic, type MeasuredScenario, type WorkflowCost } from '@agentflow/compiler';
import type { Io } from '../io.js';
import { EXIT_ERRORS, EXIT_OK, UsageError } from '../errors.js';
import { containmentLimits } from '../contain/limits.js';
import { WorkflowWorker } from '../contain/workflow-worker.js';
import { loadProject } from '../project.js';
import { workflowFileSet } from '../workflow-files.js';
import { Stop } from '../user-files.js';
import { compileWorkflowSet } from '../workflow-set.js';
import { diagnosticsJson, renderDiagnostics } from '../render/diagnostics-text.js';
import { renderCostText } from '../render/cost-text.js';
import { checkScenarioFiles, measureScenarios } from './cost-scenarios.js';

export interface CostCommandOptions {
  /** Executions a month, comma-separated (default seed 000's S/M/L: 100,2000,20000). */
  readonly volumes?: string;
  readonly freeTier?: boolean;
  readonly json?: boolean;
  readonly env?: string;
  readonly config?: string;
  /** Mocks files (as `run --mocks` takes), each simulated once on the priced definition; one workflow only. */
  readonly scenario?: readonly string[];
}

/** A priced workflow, with what its scenarios measured. */
interface Priced {
  readonly file: string;
  readonly facts: CostFacts;
  readonly cost: WorkflowCost;
  scenarios: readonly MeasuredScenario[];
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

/**
 * `agentflow cost`: compiles the workflows as `compile` does, then prices each from its compiled definition; with
 * `--scenario`, runs the one workflow's definition in the simulator per scenario and sets the measured transitions
 * beside the static ones. A mocks file that cannot be loaded stops the command as it stops `run` (exit 2).
 */
export async function runCost(paths: readonly string[], options: CostCommandOptions, io: Io): Promise<number> {
  try {
    return await cost(paths, options, io);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    io.stderr(renderDiagnostics(error.diagnostics, io.cwd));
    return error.exit;
  }
}

async function cost(paths: readonly string[], options: CostCommandOptions, io: Io): Promise<number> {
  const volumes = parseVolumes(options.volumes);
  const scenarios = options.scenario ?? [];
  if (paths.length === 0) throw new UsageError('No workflow files to price.', 'Pass workflow files or directories.');
  const set = workflowFileSet(paths, io.cwd);
  checkScenarioFiles(scenarios, set.files, io.cwd);
  const project = loadProject(io.cwd, options);
  if (!project.ok) return finish([], project.diagnostics, options, io);
  const pricing = project.pricing;
  const costs: Priced[] = [];
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
        costs.push({ file, facts, scenarios: [], cost: workflowCost(facts, { volumes, freeTier: options.freeTier === true, ...(pricing ? { pricing } : {}) }) });
      }
    });
  } finally {
    await worker.close();
  }
  // Only a workflow that priced has a definition to run (checkScenarioFiles allows one workflow with scenarios).
  const priced = costs[0];
  if (scenarios.length > 0 && priced) {
    const measured = await measureScenarios(scenarios, priced, project, io.cwd);
    priced.scenarios = measured.scenarios;
    diagnostics.push(...measured.diagnostics);
  }
  return finish(costs, diagnostics, options, io);
}

function finish(costs: readonly Priced[], diagnostics: readonly Diagnostic[], options: CostCommandOptions, io: Io): number {
  const failed = hasErrors(diagnostics);
  if (options.json) {
    const workflows = costs.map(({ file, cost, scenarios }) => ({ file: relative(io.cwd, file).split('\\').join('/'), ...cost, scenarios }));
    io.stdout(`${JSON.stringify({ ok: !failed, freeTier: options.freeTier === true, workflows, diagnostics: diagnosticsJson(diagnostics, io.cwd) }, null, 2)}\n`);
  } else {
    io.stderr(renderDiagnostics(diagnostics, io.cwd));
    io.stdout(renderCostText(costs, { freeTier: options.freeTier === true }));
  }
  return failed ? EXIT_ERRORS : EXIT_OK;
}
