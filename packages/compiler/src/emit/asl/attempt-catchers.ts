import type { AttemptHandler, AttemptStep } from '@agentflow/dsl';
import type { AslState, EmitContext } from './emit-context.js';
import type { StepEmit } from './emit-block.js';
import { stringLiteral } from './jsonata.js';

/** States that can take a `Catch` (ASL): a failure of any other state propagates. */
export const CATCHABLE = new Set(['Task', 'Parallel', 'Map']);
/** The caught error as the handler sees it: `{error, cause}` (`cause` is absent when the failure had none). */
const CAUGHT = "{'error': $states.errorOutput.Error, 'cause': $states.errorOutput.Cause}";

/** Points a catcher (or a thrown Fail's Pass) at handler `i`; `caught` is a JSONata expression of the error. */
export type Edge = (i: number, target: AslState, caught: string) => void;

/**
 * Where a caught failure goes: the handler's first state, or for a handler without steps straight to the step after
 * the attempt, with the handler's value in the catcher's own Assign. The error goes into the attempt's error variable
 * when something reads it. A catcher's Assign sees state-entry values, so the value reads the error (and, on the
 * scope's first state, the input it binds) from where they come from.
 */
export function handlerEdge(step: AttemptStep, entries: readonly (string | undefined)[], ctx: EmitContext, at: StepEmit) {
  const errorKey = `error:${step.id}`;
  // An attempt always has a next state (emitScope ends a scope whose last step is one with a Succeed).
  const after = 'next' in at.cont ? at.cont.next : '';
  return (i: number, target: AslState, caught: string, scopeFirst: boolean): void => {
    const entry = entries[i];
    const result = step.handlers[i]!.result;
    target['Next'] = entry ?? after;
    ctx.produce(errorKey, target, `{% ${caught} %}`);
    if (entry !== undefined || result === undefined) return;
    const binding = new Map([...(scopeFirst ? (at.exprs.binding ?? []) : []), [errorKey, `(${caught})`]]);
    const exprs = ctx.exprs({ binding });
    ctx.produce(`result:${step.id}`, target, () => ctx.json(result, exprs) as string);
  };
}

/**
 * Appends the attempt's catchers to a state's own (a step's `catch`, an inner attempt's): the first match wins, so
 * inner handlers come first. A clause that an earlier catcher already covers entirely (`States.ALL`, or all its
 * names) is left out: it could never match there, and `States.ALL` must be the last catcher.
 */
export function addCatchers(state: AslState, handlers: readonly AttemptHandler[], edge: Edge): void {
  const list = ((state['Catch'] as AslState[] | undefined) ?? []).slice();
  handlers.forEach((h, i) => {
    const covered = new Set(list.flatMap((c) => c['ErrorEquals'] as string[]));
    if (covered.has('States.ALL') || h.errors.every((e) => covered.has(e))) return;
    const catcher: AslState = { ErrorEquals: [...h.errors] };
    edge(i, catcher, CAUGHT);
    list.push(catcher);
  });
  if (list.length > 0) state['Catch'] = list;
}

/**
 * A Fail state of the body cannot be caught in ASL: when a clause takes its error, it becomes a Pass that records the
 * error and goes to that clause's handler, as a throw would (same transition count as the Fail).
 */
export function throwToHandler(state: AslState, handlers: readonly AttemptHandler[], edge: Edge): void {
  const error = state['Error'] as string;
  const i = handlers.findIndex((h) => catches(h.errors, error));
  if (i < 0) return;
  const cause = state['Cause'];
  const parts = [`'error': ${stringLiteral(error)}`];
  if (typeof cause === 'string') parts.push(`'cause': ${cause.startsWith('{%') ? cause.slice(2, -2).trim() : stringLiteral(cause)}`);
  const comment = state['Comment'];
  for (const key of Object.keys(state)) delete state[key];
  state['Type'] = 'Pass';
  if (comment !== undefined) state['Comment'] = comment;
  edge(i, state, `{${parts.join(', ')}}`);
}

/** Whether a catcher for `errors` takes a Fail state's error `name` (ASL matching: States.TaskFailed takes all but States.Timeout). */
function catches(errors: readonly string[], name: string): boolean {
  return errors.some((e) => e === name || e === 'States.ALL' || (e === 'States.TaskFailed' && name !== 'States.Timeout'));
}
