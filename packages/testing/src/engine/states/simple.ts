import type { AslState } from '../asl.js';
import { bindingsOf, contextOf } from '../bindings.js';
import { ERR, StatesError } from '../errors.js';
import type { Frame } from '../frame.js';
import { evaluateExpression, expressionOf } from '../jsonata/evaluate.js';
import { finishState, nextOf, type StepOutcome } from '../outcome.js';
import { evaluateTemplate } from '../template.js';

/** Pass: output is `Output` or the input; `Assign` as on every state. */
export async function runPass(frame: Frame, name: string, state: AslState, input: unknown, enteredAt: number): Promise<StepOutcome> {
  const bindings = bindingsOf(frame, { input, context: contextOf(frame, name, enteredAt, 0) });
  return { output: await finishState(frame, name, state, bindings, input, `/States/${name}`), next: nextOf(state) };
}

/** Succeed: ends its scope with `Output` or the input. */
export async function runSucceed(frame: Frame, name: string, state: AslState, input: unknown, enteredAt: number): Promise<StepOutcome> {
  const bindings = bindingsOf(frame, { input, context: contextOf(frame, name, enteredAt, 0) });
  return { output: await finishState(frame, name, { Output: state.Output }, bindings, input, `/States/${name}`), next: undefined };
}

/** Fail: raises `Error` / `Cause`, which may be JSONata expressions. */
export async function runFail(frame: Frame, name: string, state: AslState, input: unknown, enteredAt: number): Promise<never> {
  const bindings = bindingsOf(frame, { input, context: contextOf(frame, name, enteredAt, 0) });
  const error = state.Error === undefined ? 'States.Fail' : await evaluateTemplate(state.Error, bindings, `/States/${name}/Error`);
  const cause = state.Cause === undefined ? '' : await evaluateTemplate(state.Cause, bindings, `/States/${name}/Cause`);
  throw new StatesError(String(error), String(cause));
}

/** Wait: `Seconds` or `Timestamp` (RFC 3339) on the virtual clock. */
export async function runWait(frame: Frame, name: string, state: AslState, input: unknown, enteredAt: number): Promise<StepOutcome> {
  const where = `/States/${name}`;
  const bindings = bindingsOf(frame, { input, context: contextOf(frame, name, enteredAt, 0) });
  let seconds = 0;
  if (state.Seconds !== undefined) {
    const value = await evaluateTemplate(state.Seconds, bindings, `${where}/Seconds`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new StatesError(ERR.QueryEvaluation, `${where}/Seconds must be a non-negative integer, got ${JSON.stringify(value)}.`);
    }
    seconds = value;
  } else if (state.Timestamp !== undefined) {
    const value = await evaluateTemplate(state.Timestamp, bindings, `${where}/Timestamp`);
    const at = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(at)) throw new StatesError(ERR.QueryEvaluation, `${where}/Timestamp is not an RFC 3339 timestamp: ${JSON.stringify(value)}.`);
    seconds = Math.max(0, (at - frame.exec.startMs) / 1000 - frame.exec.clock.now);
  }
  await frame.exec.clock.sleep(seconds);
  return { output: await finishState(frame, name, state, bindings, input, where), next: nextOf(state) };
}

/**
 * Choice: the first rule whose Condition is true wins, and only that rule's `Assign`/`Output` run; the state's
 * top-level `Assign`/`Output` run only when `Default` is taken (developer guide, "state-choice" and
 * "workflow-variables"). No match and no Default is `States.NoChoiceMatched`.
 */
export async function runChoice(frame: Frame, name: string, state: AslState, input: unknown, enteredAt: number): Promise<StepOutcome> {
  const where = `/States/${name}`;
  const bindings = bindingsOf(frame, { input, context: contextOf(frame, name, enteredAt, 0) });
  const coverage = frame.exec.coverage;
  const rules = state.Choices ?? [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const source = typeof rule.Condition === 'string' ? expressionOf(rule.Condition) : undefined;
    const value = source === undefined ? rule.Condition : await evaluateExpression(source, bindings, `${where}/Choices/${i}/Condition`);
    if (typeof value !== 'boolean') {
      throw new StatesError(ERR.QueryEvaluation, `${where}/Choices/${i}/Condition must evaluate to a boolean, got ${JSON.stringify(value)}.`);
    }
    if (value) {
      coverage.hit(coverage.choiceRules, `${name}#${i}`);
      return { output: await finishState(frame, name, rule, bindings, input, `${where}/Choices/${i}`), next: rule.Next };
    }
  }
  if (state.Default === undefined) throw new StatesError(ERR.NoChoiceMatched, `No choice rule of state '${name}' matched and it has no Default.`);
  coverage.hit(coverage.choiceRules, `${name}#default`);
  return { output: await finishState(frame, name, state, bindings, input, where), next: state.Default };
}
