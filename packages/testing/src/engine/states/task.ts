import { bindingsOf, contextOf } from '../bindings.js';
import { ERR, queryError, StatesError } from '../errors.js';
import { event, type Frame, type TaskCall } from '../frame.js';
import { jsonText, NOT_TRUNCATED } from '../history.js';
import { numberField, POSITIVE_SECONDS } from '../numbers.js';
import { finishState, nextOf, noted, type StepOutcome, type Visit } from '../outcome.js';
import { checkSized, PAYLOAD_LIMIT, sized, type Sized } from '../payload-limit.js';
import { evaluateTemplate } from '../template.js';

/** AWS's default when a Task gives no TimeoutSeconds (developer guide, "state-task"). */
const DEFAULT_TASK_TIMEOUT = 99_999_999;

/** A task that ran out of time: `TaskTimedOut{error: "States.Timeout"}`, no cause (REC/timeouts/test_timeouts, test_heartbeats). */
class TaskTimeout extends StatesError {
  constructor(heartbeat: boolean) {
    super(ERR.Timeout, undefined, { heartbeat });
  }
}

/** One attempt of a Task: Arguments → integration (with timeout and heartbeat) → Output and Assign. */
export async function taskAttempt(visit: Visit, retryCount: number): Promise<StepOutcome> {
  const { frame, state, name } = visit;
  const exec = frame.exec;
  const resource = state.Resource ?? '';
  const callback = resource.endsWith('.waitForTaskToken');
  // A new token for every attempt (developer guide, "input-output-contextobject").
  const token = callback ? exec.nextToken() : undefined;
  const context = contextOf(frame, name, visit.enteredAt, retryCount, token ? { Task: { Token: token } } : undefined);
  const bindings = bindingsOf(frame, { input: visit.input, context });
  const args = state.Arguments === undefined ? visit.input : await evaluateTemplate(state.Arguments, bindings, visit, 'Arguments');
  const argsSized = noted(visit, checkSized(args === visit.input ? visit.inputSized : sized(args), 'arguments', name));
  const timeout = await numberField(state.TimeoutSeconds, bindings, visit, 'TimeoutSeconds', DEFAULT_TASK_TIMEOUT, POSITIVE_SECONDS);
  const heartbeat = state.HeartbeatSeconds === undefined ? undefined : await numberField(state.HeartbeatSeconds, bindings, visit, 'HeartbeatSeconds', 0, POSITIVE_SECONDS);
  if (heartbeat !== undefined && heartbeat >= timeout) {
    throw queryError(visit, 'HeartbeatSeconds', `The HeartbeatSeconds (${heartbeat}) must be smaller than the TimeoutSeconds (${timeout}).`);
  }
  const [resourceType, resourceName] = splitResource(resource);
  event(frame, 'TaskScheduled', {
    taskScheduledEventDetails: {
      resourceType,
      resource: resourceName,
      region: exec.region,
      parameters: argsSized.text,
      // Absent when the state sets none (REC/timeouts/test_heartbeats, `test_heartbeat_no_timeout`).
      ...(state.TimeoutSeconds !== undefined ? { timeoutInSeconds: timeout } : {}),
      ...(heartbeat !== undefined ? { heartbeatInSeconds: heartbeat } : {}),
    },
  });
  event(frame, 'TaskStarted', { taskStartedEventDetails: { resourceType, resource: resourceName } });
  let result: unknown;
  let resultSized: Sized;
  try {
    result = await callWithTimeouts(frame, name, resource, args, retryCount, token, timeout, heartbeat, (call) => {
      const response = callback ? exec.services.submitted?.(call) : undefined;
      if (response !== undefined) {
        event(frame, 'TaskSubmitted', { taskSubmittedEventDetails: { resourceType, resource: resourceName, output: jsonText(response), outputDetails: NOT_TRUNCATED } });
      }
    });
    resultSized = noted(visit, sized(result));
    if (resultSized.bytes > PAYLOAD_LIMIT) {
      // REC/error_handling/test_states_errors; uncatchable here, as the developer guide says (docs/simulator.md §4).
      throw new StatesError(ERR.DataLimit, `The state/task '${resource}' returned a result with a size exceeding the maximum number of bytes service limit.`);
    }
  } catch (error) {
    if (error instanceof StatesError) {
      if (error instanceof TaskTimeout) {
        event(frame, 'TaskTimedOut', { taskTimedOutEventDetails: { resourceType, resource: resourceName, error: error.error } });
      } else {
        const failed: Record<string, unknown> = { resourceType, resource: resourceName, error: error.error };
        if (error.causeText !== undefined) failed['cause'] = error.causeText;
        event(frame, 'TaskFailed', { taskFailedEventDetails: failed });
      }
    }
    throw error;
  }
  event(frame, 'TaskSucceeded', { taskSucceededEventDetails: { resourceType, resource: resourceName, output: resultSized.text, outputDetails: NOT_TRUNCATED } });
  const after = bindingsOf(frame, { input: visit.input, context, result });
  return finishState(visit, state, after, result, '', nextOf(state), resultSized);
}

/** `arn:aws:states:::lambda:invoke.waitForTaskToken` → [`lambda`, `invoke.waitForTaskToken`], as history shows it. */
function splitResource(resource: string): [string, string] {
  const match = /^arn:[^:]+:states:::([^:]+):(.+)$/.exec(resource);
  if (match) return [match[1]!, match[2]!];
  const lambda = /^arn:[^:]+:lambda:/.test(resource);
  return [lambda ? 'lambda' : 'activity', resource];
}

/**
 * Runs the integration on virtual time. TimeoutSeconds bounds the whole attempt; HeartbeatSeconds restarts at
 * every heartbeat and never extends TimeoutSeconds; either raises `States.Timeout` (ASL spec, "Timeouts").
 */
function callWithTimeouts(
  frame: Frame,
  name: string,
  resource: string,
  args: unknown,
  retryCount: number,
  token: string | undefined,
  timeout: number,
  heartbeat: number | undefined,
  started: (call: TaskCall) => void,
): Promise<unknown> {
  const clock = frame.exec.clock;
  return new Promise((resolve, reject) => {
    let done = false;
    let cancelHeartbeat = () => {};
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      cancelTimeout();
      cancelHeartbeat();
      settle();
    };
    const cancelTimeout = clock.schedule(timeout, () => finish(() => reject(new TaskTimeout(false))));
    const armHeartbeat = () => {
      if (heartbeat === undefined) return;
      cancelHeartbeat();
      cancelHeartbeat = clock.schedule(heartbeat, () => finish(() => reject(new TaskTimeout(true))));
    };
    armHeartbeat();
    const call: TaskCall = { frame, stateName: name, resource, args, retryCount, token, heartbeat: () => (done ? undefined : armHeartbeat()) };
    clock
      .track(
        Promise.resolve().then(() => {
          started(call);
          return frame.exec.services.invoke(call);
        }),
      )
      .then(
        (value) => finish(() => resolve(value)),
        (error) => finish(() => reject(error)),
      );
  });
}
