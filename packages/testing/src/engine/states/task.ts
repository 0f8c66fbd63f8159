import type { AslState } from '../asl.js';
import { bindingsOf, contextOf } from '../bindings.js';
import { ERR, StatesError } from '../errors.js';
import { event, type Frame } from '../frame.js';
import { jsonText } from '../history.js';
import { numberField } from '../numbers.js';
import { finishState, nextOf, type StepOutcome } from '../outcome.js';
import { checkPayload } from '../payload-limit.js';
import { evaluateTemplate } from '../template.js';

/** AWS's default when a Task gives no TimeoutSeconds (developer guide, "state-task"). */
const DEFAULT_TASK_TIMEOUT = 99_999_999;

/** One attempt of a Task: Arguments → integration (with timeout and heartbeat) → Output and Assign. */
export async function taskAttempt(frame: Frame, name: string, state: AslState, input: unknown, enteredAt: number, retryCount: number): Promise<StepOutcome> {
  const where = `/States/${name}`;
  const callback = (state.Resource ?? '').endsWith('.waitForTaskToken');
  const token = callback ? frame.exec.nextToken() : undefined;
  const context = contextOf(frame, name, enteredAt, retryCount, token ? { Task: { Token: token } } : undefined);
  const bindings = bindingsOf(frame, { input, context });
  const args = state.Arguments === undefined ? input : await evaluateTemplate(state.Arguments, bindings, `${where}/Arguments`);
  checkPayload(args, 'arguments', name);
  const timeout = await numberField(state.TimeoutSeconds, bindings, `${where}/TimeoutSeconds`, DEFAULT_TASK_TIMEOUT);
  const heartbeat = state.HeartbeatSeconds === undefined ? undefined : await numberField(state.HeartbeatSeconds, bindings, `${where}/HeartbeatSeconds`, 0);
  const resource = state.Resource ?? '';
  const [resourceType, resourceName] = splitResource(resource);
  event(frame, 'TaskScheduled', {
    taskScheduledEventDetails: { resourceType, resource: resourceName, region: frame.exec.region, parameters: jsonText(args), timeoutInSeconds: timeout, ...(heartbeat ? { heartbeatInSeconds: heartbeat } : {}) },
  });
  event(frame, 'TaskStarted', { taskStartedEventDetails: { resourceType, resource: resourceName } });
  let result: unknown;
  try {
    result = await callWithTimeouts(frame, name, resource, args, retryCount, token, timeout, heartbeat);
    checkPayload(result, 'result', name);
  } catch (error) {
    if (error instanceof StatesError && !frame.cancelled()) {
      const timedOut = error.error === ERR.Timeout || error.error === ERR.HeartbeatTimeout;
      event(frame, timedOut ? 'TaskTimedOut' : 'TaskFailed', {
        [timedOut ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails']: { resourceType, resource: resourceName, error: error.error, cause: error.causeText },
      });
    }
    throw error;
  }
  event(frame, 'TaskSucceeded', { taskSucceededEventDetails: { resourceType, resource: resourceName, output: jsonText(result) } });
  const after = bindingsOf(frame, { input, context, result });
  const output = await finishState(frame, name, state, after, result, where);
  return { output, next: nextOf(state) };
}

/** `arn:aws:states:::lambda:invoke.waitForTaskToken` → [`lambda`, `invoke.waitForTaskToken`], as history shows it. */
function splitResource(resource: string): [string, string] {
  const match = /^arn:[^:]+:states:::([^:]+):(.+)$/.exec(resource);
  if (match) return [match[1]!, match[2]!];
  const lambda = /^arn:[^:]+:lambda:/.test(resource);
  return [lambda ? 'lambda' : 'activity', resource];
}

/**
 * Runs the integration on virtual time. TimeoutSeconds is absolute; HeartbeatSeconds restarts at every heartbeat;
 * either raises a timeout (developer guide, "state-task"; asl-facts §6).
 */
function callWithTimeouts(frame: Frame, name: string, resource: string, args: unknown, retryCount: number, token: string | undefined, timeout: number, heartbeat: number | undefined): Promise<unknown> {
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
    const cancelTimeout = clock.schedule(timeout, () => finish(() => reject(new StatesError(ERR.Timeout, `State '${name}' ran longer than its TimeoutSeconds (${timeout} s).`))));
    const armHeartbeat = () => {
      if (heartbeat === undefined) return;
      cancelHeartbeat();
      cancelHeartbeat = clock.schedule(heartbeat, () =>
        finish(() => reject(new StatesError(ERR.HeartbeatTimeout, `State '${name}' sent no heartbeat for ${heartbeat} s (HeartbeatSeconds).`))),
      );
    };
    armHeartbeat();
    const call = { frame, stateName: name, resource, args, retryCount, token, heartbeat: () => (done ? undefined : armHeartbeat()) };
    clock
      .track(Promise.resolve().then(() => frame.exec.services.invoke(call)))
      .then(
        (value) => finish(() => resolve(value)),
        (error) => finish(() => reject(error)),
      );
  });
}
