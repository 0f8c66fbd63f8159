import type { MockContext, MockFn, SimDuration } from '../types.js';
import { isTaskFailure } from '../types.js';
import { SimulationSetupError, StatesError } from '../engine/errors.js';
import type { TaskCall } from '../engine/frame.js';

/** Mocks are found by state name (`Write Draft`) or by the step id it was named from (`write-draft`). */
export function mockKeys(stateName: string): string[] {
  const stepId = stateName.toLowerCase().replace(/\s+/g, '-');
  return stepId === stateName ? [stateName] : [stateName, stepId];
}

export function findMock<T>(table: Readonly<Record<string, T>> | undefined, stateName: string): T | undefined {
  if (!table) return undefined;
  for (const key of mockKeys(stateName)) if (Object.hasOwn(table, key)) return table[key];
  return undefined;
}

export function seconds(duration: SimDuration): number {
  if (typeof duration === 'number') return duration;
  return (duration.seconds ?? 0) + 60 * (duration.minutes ?? 0) + 3600 * (duration.hours ?? 0) + 86400 * (duration.days ?? 0);
}

/** Calls a mock for one invocation: list entries in order (the last repeating), functions with the context. */
export class MockRunner {
  private readonly calls = new Map<unknown, number>();

  async call<Req, Res>(mock: MockFn<Req, Res> | readonly (Res | MockFn<Req, Res>)[], request: Req, call: TaskCall, what: string): Promise<Res> {
    let entry: Res | MockFn<Req, Res>;
    const n = this.calls.get(mock) ?? 0;
    this.calls.set(mock, n + 1);
    if (typeof mock === 'function') entry = mock;
    else if (Array.isArray(mock)) {
      if (mock.length === 0) throw new SimulationSetupError(`The mock for ${what} is an empty list.`, 'Give at least one answer.');
      entry = mock[Math.min(n, mock.length - 1)] as Res | MockFn<Req, Res>;
    } else {
      throw new SimulationSetupError(`The mock for ${what} must be a function or a list of answers.`, 'Wrap a fixed answer in a list: [answer].');
    }
    if (typeof entry !== 'function') return entry;
    try {
      return await (entry as MockFn<Req, Res>)(request, contextFor(call, n));
    } catch (error) {
      if (isTaskFailure(error)) throw new StatesError(error.error, error.cause);
      if (error instanceof StatesError || error instanceof SimulationSetupError) throw error;
      throw new SimulationSetupError(`The mock for ${what} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}.`, 'To fail the task, throw failWith(errorName, cause).');
    }
  }
}

function contextFor(call: TaskCall, n: number): MockContext {
  const exec = call.frame.exec;
  const clock = exec.clock;
  return {
    stateName: call.stateName,
    attempt: call.retryCount,
    call: n,
    mapIndex: call.frame.mapIndex,
    now: new Date(exec.startMs + Math.round(clock.now * 1000)).toISOString(),
    ...(call.token !== undefined ? { taskToken: call.token } : {}),
    // Waiting on virtual time is not real work: let the clock move while the mock sleeps.
    sleep: (duration) => clock.idle(clock.sleep(seconds(duration))),
    never: () => clock.idle(new Promise<never>(() => {})),
    heartbeat: () => call.heartbeat(),
  };
}
