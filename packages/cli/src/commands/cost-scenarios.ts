import { measuredScenario, type CostFacts, type Diagnostic, type MeasuredScenario, type ScenarioRun, type WorkflowCost } from '@agentflow/compiler';
import { simulate, SimulationSetupError, type AslDefinition } from '@agentflow/testing';
import { UsageError } from '../errors.js';
import { loadMocks, MOCKS_FILE_HINT, setupProblem, type MocksOption } from '../mocks-file.js';
import { existingFile, label } from '../user-files.js';

const SCENARIO_OPTION: MocksOption = { command: 'cost', option: '--scenario' };

/**
 * `--scenario` files are checked before anything is compiled (a typo should not wait for the compile), and they price
 * one workflow only: a mocks file answers one workflow's steps, and nothing in it says which workflow that is.
 */
export function checkScenarioFiles(scenarios: readonly string[], workflowFiles: readonly string[], cwd: string): void {
  if (scenarios.length === 0) return;
  if (workflowFiles.length !== 1) {
    throw new UsageError(
      `--scenario needs exactly one workflow file to run on; ${workflowFiles.length === 0 ? 'none was found' : `${workflowFiles.length} were found`}.`,
      'Price one workflow with its scenarios: agentflow cost workflows/my-flow.ts --scenario my-flow.mocks.ts (run cost again for another workflow).',
    );
  }
  for (const scenario of scenarios) existingFile(scenario, cwd, MOCKS_FILE_HINT, '--scenario');
}

/**
 * Runs each scenario once in the simulator on the very definition that was priced (same environment and config),
 * with the mocks' `input` as the execution input (else `{}`), seed 1 as `agentflow run` uses, and sets the billed
 * transitions (`SimulationResult.transitions`, the count the property test checks) beside the static bounds. A run
 * that fails is billed too and is shown as such; one the simulator stops (a missing mock) is shown with the
 * transitions billed up to there and an error naming what to add. A mocks file that cannot be loaded throws `Stop`.
 */
export async function measureScenarios(
  scenarios: readonly string[],
  priced: { readonly facts: CostFacts; readonly cost: WorkflowCost },
  project: { readonly configFile: string; readonly envName: string },
  cwd: string,
): Promise<{ scenarios: MeasuredScenario[]; diagnostics: Diagnostic[] }> {
  const measured: MeasuredScenario[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of scenarios) {
    const { mocks, loc } = await loadMocks(path, cwd, SCENARIO_OPTION);
    const file = label(loc.file, cwd).split('\\').join('/');
    let run: ScenarioRun;
    try {
      const result = await simulate(priced.facts.definition as unknown as AslDefinition, { ...mocks, input: mocks.input === undefined ? {} : mocks.input, seed: 1, config: project.configFile, env: project.envName });
      run = { file, loc, status: result.status, transitions: result.transitions, otherWorkflowTransitions: result.cost.otherWorkflowTransitions, ...(result.error !== undefined ? { error: result.error } : {}), ...(result.cause !== undefined ? { cause: result.cause } : {}) };
    } catch (error) {
      if (!(error instanceof SimulationSetupError)) throw error;
      const problem = setupProblem(error, file, SCENARIO_OPTION);
      run = { file, loc, status: 'INCOMPLETE', transitions: error.transitions ?? 0, error: 'SimulationSetupError', cause: problem.message };
      diagnostics.push({
        code: 'scenario-incomplete',
        severity: 'error',
        message: `Scenario ${file} stopped after ${run.transitions} state transition${run.transitions === 1 ? '' : 's'}: ${problem.message}`,
        loc,
        ...(problem.hint !== undefined ? { hint: problem.hint } : {}),
      });
    }
    const checked = measuredScenario(priced.cost, run);
    measured.push(checked.scenario);
    diagnostics.push(...checked.diagnostics);
  }
  return { scenarios: measured, diagnostics };
}
