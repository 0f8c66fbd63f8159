import { bindingsOf, contextOf } from '../bindings.js';
import { causePrefix, ERR, queryError, StatesError } from '../errors.js';
import type { Frame } from '../frame.js';
import { evaluateExpression, expressionOf } from '../jsonata/evaluate.js';
import { NON_NEGATIVE_SECONDS, numberField, wrongValue } from '../numbers.js';
import { finishState, nextOf, type StepOutcome, type Visit } from '../outcome.js';
import { evaluateTemplate } from '../template.js';

function stateBindings(visit: Visit): Record<string, unknown> {
  return bindingsOf(visit.frame, { input: visit.input, context: contextOf(visit.frame, visit.name, visit.enteredAt, 0) });
}

/** Pass: output is `Output` or the input; `Assign` as on every state. */
export async function runPass(visit: Visit): Promise<StepOutcome> {
  return finishState(visit, visit.state, stateBindings(visit), visit.input, '', nextOf(visit.state), visit.inputSized);
}

/** Succeed: ends its scope with `Output` or the input (it has no `Assign`). */
export async function runSucceed(visit: Visit): Promise<StepOutcome> {
  return finishState(visit, { Output: visit.state.Output }, stateBindings(visit), visit.input, '', undefined, visit.inputSized);
}

/** Fail: raises `Error` / `Cause`, which may be JSONata expressions returning strings. */
export async function runFail(visit: Visit): Promise<never> {
  const { state } = visit;
  const bindings = stateBindings(visit);
  const error = state.Error === undefined ? 'States.Fail' : await stringField(visit, state.Error, bindings, 'Error');
  const cause = state.Cause === undefined ? undefined : await stringField(visit, state.Cause, bindings, 'Cause');
  throw new StatesError(error, cause);
}

async function stringField(visit: Visit, source: unknown, bindings: Record<string, unknown>, field: string): Promise<string> {
  const value = await evaluateTemplate(source, bindings, visit, field);
  if (typeof value !== 'string') throw queryError(visit, field, wrongValue(source, field, value, 'a string'));
  return value;
}

/** Wait: `Seconds` or `Timestamp` (RFC 3339) on the virtual clock. */
export async function runWait(visit: Visit): Promise<StepOutcome> {
  const { frame, state } = visit;
  const bindings = stateBindings(visit);
  let seconds = 0;
  if (state.Seconds !== undefined) {
    seconds = await numberField(state.Seconds, bindings, visit, 'Seconds', 0, NON_NEGATIVE_SECONDS);
  } else if (state.Timestamp !== undefined) {
    const value = await evaluateTemplate(state.Timestamp, bindings, visit, 'Timestamp');
    const at = typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(at)) throw queryError(visit, 'Timestamp', wrongValue(state.Timestamp, 'Timestamp', value, 'an RFC 3339 timestamp'));
    seconds = Math.max(0, (at - frame.exec.startMs) / 1000 - frame.exec.clock.now);
  }
  await sleep(frame, seconds);
  return finishState(visit, state, bindings, visit.input, '', nextOf(state), visit.inputSized);
}

async function sleep(frame: Frame, seconds: number): Promise<void> {
  if (seconds > 0) await frame.exec.clock.sleep(seconds);
}

/**
 * Choice: the first rule whose Condition is true wins, and only that rule's `Assign`/`Output` run; the state's
 * top-level `Assign`/`Output` run only when `Default` is taken (ASL spec, "Choice State"). No match and no Default
 * is `States.NoChoiceMatched`. A Condition that is not a boolean is `States.QueryEvaluationError`.
 */
export async function runChoice(visit: Visit): Promise<StepOutcome> {
  const { frame, state, name } = visit;
  const bindings = stateBindings(visit);
  const coverage = frame.exec.coverage;
  const rules = state.Choices ?? [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const field = `Choices[${i}]/Condition`;
    const source = typeof rule.Condition === 'string' ? expressionOf(rule.Condition) : undefined;
    const value = source === undefined ? rule.Condition : await evaluateExpression(source, bindings, visit, field);
    if (typeof value !== 'boolean') throw queryError(visit, field, wrongValue(rule.Condition, field, value, 'a boolean'));
    if (value) {
      coverage.hit(coverage.choiceRules, `${name}#${i}`);
      return finishState(visit, rule, bindings, visit.input, `Choices[${i}]/`, rule.Next, visit.inputSized);
    }
  }
  if (state.Default === undefined) {
    throw new StatesError(ERR.NoChoiceMatched, `${causePrefix(visit)}No Choice Rule matched and no Default was specified.`);
  }
  coverage.hit(coverage.choiceRules, `${name}#default`);
  return finishState(visit, state, bindings, visit.input, '', state.Default, visit.inputSized);
}
