/** Errors of a simulated execution: `States.*` names as AWS raises them, and the simulator's own setup errors. */

export interface StatesErrorOptions {
  /** A heartbeat expiry: reported as `States.Timeout`, also matched by `ErrorEquals: ["States.HeartbeatTimeout"]`. */
  readonly heartbeat?: boolean;
  /** A JSONata evaluation failure: the field (`Output/v`) and state, for the `EvaluationFailed` event. */
  readonly location?: string;
  readonly state?: string;
  /** Already recorded in the history as the execution's last event (the history limit). */
  readonly recorded?: boolean;
}

/** A failure inside the execution: what Retry/Catch see and what fails the execution. */
export class StatesError extends Error {
  /** The cause, or undefined when AWS reports none (timeouts, a Fail state without Cause). */
  readonly causeText: string | undefined;
  readonly heartbeat: boolean;
  readonly location: string | undefined;
  readonly state: string | undefined;
  readonly recorded: boolean;
  /** Set once the `EvaluationFailed` event of this failure is in the history. */
  reported = false;

  constructor(
    readonly error: string,
    causeText: string | undefined,
    options: StatesErrorOptions = {},
  ) {
    super(causeText === undefined ? error : `${error}: ${causeText}`);
    this.name = 'StatesError';
    this.causeText = causeText;
    this.heartbeat = options.heartbeat === true;
    this.location = options.location;
    this.state = options.state;
    this.recorded = options.recorded === true;
  }
}

/**
 * A mistake in the test, not in the workflow: a missing mock, an unsupported construct. `simulate` rejects with
 * it instead of reporting a failed execution, so a broken test cannot pass as a tested failure path.
 */
export class SimulationSetupError extends Error {
  /**
   * Transitions billed before the run stopped here (states entered and retries, as \`SimulationResult.transitions\`
   * counts them): set by the executions it passes through, each adding its own, so a child's stop counts the parent
   * too. Undefined when no execution had started.
   */
  transitions: number | undefined;

  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(hint ? `${message}\nhint: ${hint}` : message);
    this.name = 'SimulationSetupError';
  }
}

/** Raised inside branches that a failing sibling has already doomed; never reported. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

export const ERR = {
  ALL: 'States.ALL',
  TaskFailed: 'States.TaskFailed',
  Timeout: 'States.Timeout',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  QueryEvaluation: 'States.QueryEvaluationError',
  DataLimit: 'States.DataLimitExceeded',
  Runtime: 'States.Runtime',
  NoChoiceMatched: 'States.NoChoiceMatched',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
} as const;

/**
 * Terminal errors: no retrier or catcher handles them, `States.ALL` included (developer guide,
 * "concepts-error-handling"; docs/simulator.md §4 keeps this for an over-limit task result too).
 */
const UNCATCHABLE = new Set<string>([ERR.DataLimit, ERR.Runtime]);

/** Does a retrier's or catcher's `ErrorEquals` match this error? */
export function errorMatches(errorEquals: readonly string[], error: string, heartbeat = false): boolean {
  if (UNCATCHABLE.has(error)) return false;
  for (const name of errorEquals) {
    if (name === error || name === ERR.ALL) return true;
    // States.TaskFailed is a wildcard for every error but a timeout (developer guide, "concepts-error-handling").
    if (name === ERR.TaskFailed && error !== ERR.Timeout) return true;
    // A heartbeat expiry is reported as States.Timeout; the name the developer guide gives it matches it too.
    if (name === ERR.HeartbeatTimeout && heartbeat) return true;
  }
  return false;
}

/** Where an evaluation happens: the state and the id of its `…StateEntered` event, for AWS's cause prefix. */
export interface Site {
  readonly name: string;
  readonly enteredId: number;
}

/** `An error occurred while executing the state 'S' (entered at the event id #n). ` (REC/assign/test_assign_reference_variables). */
export function causePrefix(site: Site): string {
  return `An error occurred while executing the state '${site.name}' (entered at the event id #${site.enteredId}). `;
}

/** A `States.QueryEvaluationError` raised while evaluating the field `location` of the state at `site`. */
export function queryError(site: Site, location: string, detail: string): StatesError {
  return new StatesError(ERR.QueryEvaluation, causePrefix(site) + detail, { location, state: site.name });
}
