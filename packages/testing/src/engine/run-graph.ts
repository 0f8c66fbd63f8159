import type { AslState, Graph } from './asl.js';
import { Cancelled, ERR, StatesError } from './errors.js';
import { event, type Frame } from './frame.js';
import { NOT_TRUNCATED } from './history.js';
import type { StepOutcome, Visit } from './outcome.js';
import { checkSized, sized, type Sized } from './payload-limit.js';
import { reportEvaluation, withRetryAndCatch } from './recover.js';
import { mapAttempt } from './states/map.js';
import { parallelAttempt } from './states/parallel.js';
import { runChoice, runFail, runPass, runSucceed, runWait } from './states/simple.js';
import { taskAttempt } from './states/task.js';
import type { Json } from '../types.js';

type Simple = (visit: Visit) => Promise<StepOutcome>;
type Retried = (visit: Visit, retryCount: number) => Promise<StepOutcome>;

const SIMPLE: Record<string, Simple> = { Pass: runPass, Succeed: runSucceed, Fail: runFail, Wait: runWait, Choice: runChoice };
const RETRIED: Record<string, Retried> = { Task: taskAttempt, Parallel: parallelAttempt, Map: mapAttempt };

/** Runs a `{ StartAt, States }` graph from its start to a terminal state; returns the last output. */
export async function runGraph(frame: Frame, graph: Graph, input: unknown): Promise<unknown> {
  let name = graph.StartAt;
  let value = input;
  // A state's output, serialized once, is the next state's input.
  let valueSized: Sized | undefined;
  for (;;) {
    if (frame.cancelled()) throw new Cancelled();
    const state = graph.States[name];
    if (!state) throw new StatesError(ERR.Runtime, `State '${name}' does not exist in its scope.`);
    const step = await runState(frame, name, state, value, valueSized);
    value = step.output;
    valueSized = step.outputSized;
    if (step.next === undefined) return value;
    name = step.next;
  }
}

/** Enters one state: bills the transition, records history and trace, enforces the input limit. */
async function runState(frame: Frame, name: string, state: AslState, input: unknown, known: Sized | undefined): Promise<StepOutcome> {
  const exec = frame.exec;
  exec.transitions++;
  exec.coverage.hit(exec.coverage.states, name);
  const enteredAt = exec.clock.now;
  const inputSized = known ?? sized(input);
  const enteredPrevious = frame.lastEvent;
  const enteredId = event(frame, `${state.Type}StateEntered`, { stateEnteredEventDetails: { name, input: inputSized.text, inputDetails: NOT_TRUNCATED } });
  const visit: Visit = { frame, name, state, input, inputSized, enteredAt, enteredId, enteredPrevious, largest: inputSized.bytes, retries: 0 };
  frame.running = { name, type: state.Type };
  let retries = 0;
  try {
    checkSized(inputSized, 'input', name);
    let step: StepOutcome;
    const retried = RETRIED[state.Type];
    const simple = SIMPLE[state.Type];
    if (retried) {
      const attempted = await withRetryAndCatch(visit, (retryCount) => retried(visit, retryCount));
      retries = attempted.retries;
      step = attempted.outcome;
    } else if (simple) {
      step = await simple(visit);
    } else {
      throw new StatesError(ERR.Runtime, `State '${name}' has the unknown Type ${JSON.stringify(state.Type)}.`);
    }
    if (frame.cancelled()) throw new Cancelled();
    event(frame, `${state.Type}StateExited`, { stateExitedEventDetails: exitDetails(name, step) });
    trace(visit, inputSized.bytes, retries, { output: step.output, outputBytes: step.outputSized.bytes, next: step.next });
    return step;
  } catch (error) {
    if (error instanceof StatesError && !frame.cancelled()) {
      reportEvaluation(visit, error);
      trace(visit, inputSized.bytes, visit.retries, { error: error.error, cause: error.causeText });
    }
    throw error;
  } finally {
    frame.running = undefined;
  }
}

/** `stateExitedEventDetails` (API/StateExitedEventDetails): `assignedVariables` only when the state assigned. */
function exitDetails(name: string, step: StepOutcome): Record<string, unknown> {
  return step.assigned
    ? { name, output: step.outputSized.text, outputDetails: NOT_TRUNCATED, assignedVariables: step.assigned, assignedVariablesDetails: NOT_TRUNCATED }
    : { name, output: step.outputSized.text, outputDetails: NOT_TRUNCATED };
}

interface TraceEnd {
  readonly output?: unknown;
  readonly outputBytes?: number;
  readonly next?: string | undefined;
  readonly error?: string;
  readonly cause?: string | undefined;
}

function trace(visit: Visit, inputBytes: number, retries: number, end: TraceEnd): void {
  const frame = visit.frame;
  frame.exec.history.trace.push({
    state: visit.name,
    type: visit.state.Type,
    scope: frame.path,
    enteredAt: visit.enteredAt,
    exitedAt: frame.exec.clock.now,
    input: visit.input as Json,
    ...(end.output !== undefined ? { output: end.output as Json } : {}),
    ...(end.next !== undefined ? { next: end.next } : {}),
    ...(end.error !== undefined ? { error: end.error, ...(end.cause !== undefined ? { cause: end.cause } : {}) } : {}),
    retries,
    maxBytes: Math.max(inputBytes, visit.largest, end.outputBytes ?? 0),
  });
}
