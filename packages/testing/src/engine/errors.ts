/** Errors of a simulated execution: `States.*` names as AWS raises them, and the simulator's own setup errors. */

/** A failure inside the execution: what Retry/Catch see and what fails the execution. */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    readonly causeText: string = '',
  ) {
    super(`${error}: ${causeText}`);
    this.name = 'StatesError';
  }
}

/**
 * A mistake in the test, not in the workflow: a missing mock, an unsupported construct. `simulate` rejects with
 * it instead of reporting a failed execution, so a broken test cannot pass as a tested failure path.
 */
export class SimulationSetupError extends Error {
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

/** Terminal errors: no retrier or catcher handles them, `States.ALL` included (asl-facts §7, §8.4). */
const UNCATCHABLE = new Set<string>([ERR.DataLimit, ERR.Runtime]);

/** Does a retrier's or catcher's `ErrorEquals` match this error? */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  if (UNCATCHABLE.has(error)) return false;
  for (const name of errorEquals) {
    if (name === error || name === ERR.ALL) return true;
    // States.TaskFailed is a wildcard for every error but a timeout (ASL spec, "Error names").
    if (name === ERR.TaskFailed && error !== ERR.Timeout && error !== ERR.HeartbeatTimeout) return true;
    // A heartbeat timeout is a kind of timeout: `States.Timeout` matches it.
    if (name === ERR.Timeout && error === ERR.HeartbeatTimeout) return true;
  }
  return false;
}
