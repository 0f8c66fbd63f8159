import { describe, expect, it } from 'vitest';
import { measuredScenario, STEP_FUNCTIONS_LINE, type ScenarioRun, type WorkflowCost } from '../../src/index.js';

/** A hand-made cost: 6 / 19 / 382 transitions at $0.025 per 1,000 (research-report's bounds). */
const COST: WorkflowCost = {
  name: 'research-report',
  transitions: { min: 6, expected: 19, max: 382 },
  lines: [{ item: STEP_FUNCTIONS_LINE, unit: 'transition', perExecution: { min: 6, expected: 19, max: 382 }, usdPerUnit: 0.000025, usd: { min: 0.00015, expected: 0.000475, max: 0.00955 } }],
  usdPerExecution: { min: 0.00015, expected: 0.000475, max: 0.00955 },
  monthly: [],
  notes: [],
  children: [],
};

const run = (status: ScenarioRun['status'], transitions: number): ScenarioRun => ({ file: 'fixtures/run/x.mocks.ts', loc: { file: '/repo/fixtures/run/x.mocks.ts', line: 7, column: 1 }, status, transitions });

describe('a measured scenario beside the static bounds', () => {
  it('is within the bounds between min and max, priced at the Step Functions line\'s unit price', () => {
    const { scenario, diagnostics } = measuredScenario(COST, run('SUCCEEDED', 12));
    expect(diagnostics).toEqual([]);
    expect(scenario).toEqual({ file: 'fixtures/run/x.mocks.ts', status: 'SUCCEEDED', transitions: 12, otherWorkflowTransitions: 0, stepFunctionsUsd: 12 * 0.000025, bounds: 'within' });
  });

  it('accepts a count equal to the maximum', () => {
    expect(measuredScenario(COST, run('FAILED', 382)).diagnostics).toEqual([]);
  });

  it('reports a count above the static maximum as cost-bound-exceeded, naming the scenario, at its default export', () => {
    const { scenario, diagnostics } = measuredScenario(COST, run('FAILED', 383));
    expect(scenario.bounds).toBe('above-max');
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d!.code).toBe('cost-bound-exceeded');
    expect(d!.severity).toBe('error');
    expect(d!.message).toContain('Scenario fixtures/run/x.mocks.ts billed 383 state transitions (FAILED), more than the static maximum of 382');
    expect(d!.loc).toEqual({ file: '/repo/fixtures/run/x.mocks.ts', line: 7, column: 1 });
    expect(d!.hint).toMatch(/defect of agentflow's transition bounds/);
  });

  it('checks the maximum for a stopped run too: its count is a floor of the real one', () => {
    expect(measuredScenario(COST, run('INCOMPLETE', 400)).diagnostics.map((d) => d.code)).toEqual(['cost-bound-exceeded']);
  });

  it('reports a successful run below the minimum; a failed one may end anywhere below the maximum', () => {
    const below = measuredScenario(COST, run('SUCCEEDED', 5));
    expect(below.scenario.bounds).toBe('below-min');
    expect(below.diagnostics.map((d) => [d.code, d.severity])).toEqual([['cost-bound-below-min', 'error']]);
    const failed = measuredScenario(COST, run('FAILED', 2));
    expect(failed.scenario.bounds).toBe('within');
    expect(failed.diagnostics).toEqual([]);
  });

  it('compares the whole count when the bounds include every started workflow (each flow.run child priced)', () => {
    const priced: WorkflowCost = { ...COST, children: [{ state: 'Research', workflow: 'child', priced: true, transitions: { min: 1, expected: 1, max: 12 }, usdPerExecution: { min: 0, expected: 0, max: 0 } }] };
    const started = measuredScenario(priced, { ...run('SUCCEEDED', 380), otherWorkflowTransitions: 200 });
    expect(started.diagnostics).toEqual([]);
    expect(started.scenario).toMatchObject({ transitions: 380, otherWorkflowTransitions: 200, stepFunctionsUsd: 380 * 0.000025, bounds: 'within' });
    const over = measuredScenario(priced, { ...run('SUCCEEDED', 400), otherWorkflowTransitions: 200 });
    expect(over.diagnostics.map((d) => d.code)).toEqual(['cost-bound-exceeded']);
    expect(over.diagnostics[0]!.message).toContain('billed 400 state transitions (200 of them in the workflows it started)');
    expect(measuredScenario(priced, { ...run('SUCCEEDED', 5), otherWorkflowTransitions: 1 }).diagnostics.map((d) => d.code)).toEqual(['cost-bound-below-min']);
  });

  it('compares only its own transitions, with the max, when a started workflow is not in the bounds (started by ARN)', () => {
    const unpriced: WorkflowCost = { ...COST, children: [{ state: 'Start Other', workflow: 'other', priced: false, reason: 'it is named by ARN' }] };
    const started = measuredScenario(unpriced, { ...run('SUCCEEDED', 500), otherWorkflowTransitions: 200 });
    expect(started.diagnostics).toEqual([]);
    expect(started.scenario).toMatchObject({ transitions: 500, otherWorkflowTransitions: 200, stepFunctionsUsd: 500 * 0.000025, bounds: 'within' });
    const over = measuredScenario(unpriced, { ...run('SUCCEEDED', 500), otherWorkflowTransitions: 100 });
    expect(over.diagnostics.map((d) => d.code)).toEqual(['cost-bound-exceeded']);
    expect(over.diagnostics[0]!.message).toContain('billed 400 state transitions of its own (500 with the 100 of the workflows it started)');
    // The min includes what the bounds count of the children, so it is not a floor of the own count: not checked.
    expect(measuredScenario(unpriced, { ...run('SUCCEEDED', 8), otherWorkflowTransitions: 3 }).diagnostics).toEqual([]);
  });

  it('keeps the error and cause of a failed run', () => {
    const { scenario } = measuredScenario(COST, { ...run('FAILED', 15), error: 'Agentflow.LoopExhausted', cause: 'No approval.' });
    expect(scenario).toMatchObject({ status: 'FAILED', error: 'Agentflow.LoopExhausted', cause: 'No approval.' });
  });
});
