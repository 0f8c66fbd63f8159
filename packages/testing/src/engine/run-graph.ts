import type { AslState, Graph } from './asl.js';
import { Cancelled, ERR, StatesError } from './errors.js';
import { event, type Frame } from './frame.js';
import { jsonText } from './history.js';
import type { StepOutcome } from './outcome.js';
import { checkPayload, jsonBytes } from './payload-limit.js';
import { withRetryAndCatch } from './recover.js';
import { mapAttempt } from './states/map.js';
import { parallelAttempt } from './states/parallel.js';
import { runChoice, runFail, runPass, runSucceed, runWait } from './states/simple.js';
import { taskAttempt } from './states/task.js';
import type { Json } from '../types.js';

type Simple = (frame: Frame, name: string, state: AslState, input: unknown, enteredAt: number) => Promise<StepOutcome>;
type Retried = (frame: Frame, name: string, state: AslState, input: unknown, enteredAt: number, retryCount: number) => Promise<StepOutcome>;

const SIMPLE: Record<string, Simple> = { Pass: runPass, Succeed: runSucceed, Fail: runFail, Wait: runWait, Choice: runChoice };
const RETRIED: Record<string, Retried> = { Task: taskAttempt, Parallel: parallelAttempt, Map: mapAttempt };

/** Runs a `{ StartAt, States }` graph from its start to a terminal state; returns the last output. */
export async function runGraph(frame: Frame, graph: Graph, input: unknown): Promise<unknown> {
  let name = graph.StartAt;
  let value = input;
  for (;;) {
    if (frame.cancelled()) throw new Cancelled();
    const state = graph.States[name];
    if (!state) throw new StatesError(ERR.Runtime, `State '${name}' does not exist in its scope.`);
    const step = await runState(frame, name, state, value);
    value = step.output;
    if (step.next === undefined) return value;
    name = step.next;
  }
}

/** Enters one state: bills the transition, records history and trace, enforces the input limit. */
async function runState(frame: Frame, name: string, state: AslState, input: unknown): Promise<StepOutcome> {
  const exec = frame.exec;
  exec.transitions++;
  exec.coverage.hit(exec.coverage.states, name);
  const enteredAt = exec.clock.now;
  event(frame, `${state.Type}StateEntered`, { stateEnteredEventDetails: { name, input: jsonText(input) } });
  let retries = 0;
  try {
    checkPayload(input, 'input', name);
    let step: StepOutcome;
    const retried = RETRIED[state.Type];
    const simple = SIMPLE[state.Type];
    if (retried) {
      const attempted = await withRetryAndCatch(frame, name, state, input, enteredAt, (retryCount) => retried(frame, name, state, input, enteredAt, retryCount));
      retries = attempted.retries;
      step = attempted.outcome;
    } else if (simple) {
      step = await simple(frame, name, state, input, enteredAt);
    } else {
      throw new StatesError(ERR.Runtime, `State '${name}' has the unknown Type ${JSON.stringify(state.Type)}.`);
    }
    if (frame.cancelled()) throw new Cancelled();
    if (state.Type !== 'Fail') event(frame, `${state.Type}StateExited`, { stateExitedEventDetails: { name, output: jsonText(step.output) } });
    trace(frame, name, state, input, enteredAt, retries, { output: step.output, next: step.next });
    return step;
  } catch (error) {
    if (error instanceof StatesError && !frame.cancelled()) trace(frame, name, state, input, enteredAt, retries, { error: error.error, cause: error.causeText });
    throw error;
  }
}

function trace(frame: Frame, name: string, state: AslState, input: unknown, enteredAt: number, retries: number, end: { output?: unknown; next?: string; error?: string; cause?: string }): void {
  frame.exec.history.trace.push({
    state: name,
    type: state.Type,
    scope: frame.path,
    enteredAt,
    exitedAt: frame.exec.clock.now,
    input: input as Json,
    ...(end.output !== undefined ? { output: end.output as Json } : {}),
    ...(end.next !== undefined ? { next: end.next } : {}),
    ...(end.error !== undefined ? { error: end.error, cause: end.cause ?? '' } : {}),
    retries,
    maxBytes: Math.max(jsonBytes(input), end.output === undefined ? 0 : jsonBytes(end.output)),
  });
}
