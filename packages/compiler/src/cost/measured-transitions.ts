import type { SourceLocation } from '@agentflow/dsl';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { STEP_FUNCTIONS_LINE, type WorkflowCost } from './workflow-cost.js';

/** How a simulated scenario ended; INCOMPLETE: the simulator stopped it (a missing mock), so its count is a floor. */
export type ScenarioStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'INCOMPLETE';

/** One scenario's simulated execution of the priced definition, as the simulator billed it. */
export interface ScenarioRun {
  /** The scenario (mocks) file as the user should read it, e.g. `fixtures/run/research-report.mocks.ts`. */
  readonly file: string;
  /** Where a diagnostic about it points: the mocks file's default export. */
  readonly loc: SourceLocation;
  readonly status: ScenarioStatus;
  /** `SimulationResult.transitions`: states entered plus retries, child executions included (as AWS bills). */
  readonly transitions: number;
  /**
   * Of `transitions`, those of other workflows' executions that this one started (`flow.run`): billed, but outside
   * this definition and so outside its static bounds, which are compared with the rest.
   */
  readonly otherWorkflowTransitions?: number;
  readonly error?: string;
  readonly cause?: string;
}

/** Where a measured count lies against the static bounds. */
export type BoundCheck = 'within' | 'above-max' | 'below-min';

export interface MeasuredScenario {
  readonly file: string;
  readonly status: ScenarioStatus;
  readonly transitions: number;
  readonly otherWorkflowTransitions: number;
  /** Step Functions money of this one execution at the measured count (free tier not applied). */
  readonly stepFunctionsUsd: number;
  readonly bounds: BoundCheck;
  readonly error?: string;
  readonly cause?: string;
}

/**
 * A scenario's measured transitions beside the static figures. The static maximum is an upper bound of every
 * execution, so a count above it is a defect of the bound (error `cost-bound-exceeded`); the minimum bounds every
 * successful execution, so a successful run below it is one too (`cost-bound-below-min`). A failed or stopped run
 * may end anywhere below the maximum. The transitions of workflows it started (`flow.run`) are compared when the
 * bounds include them (every child priced), and left out when a child is not priced.
 */
export function measuredScenario(cost: WorkflowCost, run: ScenarioRun): { readonly scenario: MeasuredScenario; readonly diagnostics: readonly Diagnostic[] } {
  const { min, max } = cost.transitions;
  const other = run.otherWorkflowTransitions ?? 0;
  // Priced children (`flow.run`) are inside the bounds, so the whole count is compared with them. A child the bounds
  // leave out (started by ARN) makes them this definition's own: only its own transitions are compared, with the max.
  const childrenInBounds = cost.children.every((child) => child.priced);
  const compared = childrenInBounds ? run.transitions : run.transitions - other;
  const bounds: BoundCheck = compared > max ? 'above-max' : childrenInBounds && run.status === 'SUCCEEDED' && compared < min ? 'below-min' : 'within';
  const counted =
    other === 0 ? `${run.transitions} state transitions` : childrenInBounds ? `${run.transitions} state transitions (${other} of them in the workflows it started)` : `${compared} state transitions of its own (${run.transitions} with the ${other} of the workflows it started)`;
  const perTransition = cost.lines.find((line) => line.item === STEP_FUNCTIONS_LINE)?.usdPerUnit ?? 0;
  const scenario: MeasuredScenario = {
    file: run.file,
    status: run.status,
    transitions: run.transitions,
    otherWorkflowTransitions: other,
    stepFunctionsUsd: run.transitions * perTransition,
    bounds,
    ...(run.error !== undefined ? { error: run.error } : {}),
    ...(run.cause !== undefined ? { cause: run.cause } : {}),
  };
  const report = 'This is a defect of agentflow\'s transition bounds (packages/compiler/src/cost/transitions.ts), not of the workflow: report it with the workflow and this scenario.';
  const diagnostics: Diagnostic[] = [];
  if (bounds === 'above-max') {
    diagnostics.push({
      code: 'cost-bound-exceeded',
      severity: 'error',
      message: `Scenario ${run.file} billed ${counted} (${run.status}), more than the static maximum of ${max} for '${cost.name}': the maximum is not an upper bound.`,
      loc: run.loc,
      hint: report,
    });
  }
  if (bounds === 'below-min') {
    diagnostics.push({
      code: 'cost-bound-below-min',
      severity: 'error',
      message: `Scenario ${run.file} succeeded with ${counted}, fewer than the static minimum of ${min} for '${cost.name}': the minimum is not a lower bound.`,
      loc: run.loc,
      hint: report,
    });
  }
  return { scenario, diagnostics };
}
