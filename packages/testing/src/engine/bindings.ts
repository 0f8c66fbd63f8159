import type { Frame } from './frame.js';

/** What `$states` holds in one evaluation (developer guide, "transforming-data": which field sees what). */
export interface StatesBinding {
  readonly input: unknown;
  readonly context: unknown;
  readonly result?: unknown;
  readonly errorOutput?: unknown;
}

/** AWS's functions and the visible variables, merged once per variable snapshot (the snapshot changes on assignment). */
const bases = new WeakMap<object, Record<string, unknown>>();

/** AWS's functions, then the visible variables, then `$states` — the namespace every expression sees. */
export function bindingsOf(frame: Frame, states: StatesBinding): Record<string, unknown> {
  const snapshot = frame.vars.snapshot();
  let base = bases.get(snapshot);
  if (base === undefined) {
    base = { ...frame.exec.functions, ...snapshot };
    bases.set(snapshot, base);
  }
  return { ...base, states };
}

/** `$states.context` for a state: execution facts, the state's entry time and retry count, the task token. */
export function contextOf(frame: Frame, stateName: string, enteredAt: number, retryCount: number, extra?: Record<string, unknown>): Record<string, unknown> {
  const exec = frame.exec;
  return {
    Execution: exec.context.Execution,
    StateMachine: exec.context.StateMachine,
    State: { EnteredTime: exec.history.timestampAt(enteredAt), Name: stateName, RetryCount: retryCount },
    ...extra,
  };
}
