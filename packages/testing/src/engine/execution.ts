import type { AslDefinition } from './asl.js';
import { VirtualClock } from './clock.js';
import { Coverage } from './coverage.js';
import { ERR, StatesError } from './errors.js';
import type { ExecutionState, Frame, Services } from './frame.js';
import { event } from './frame.js';
import { History, jsonText } from './history.js';
import { awsFunctionBindings } from './jsonata/aws-functions.js';
import { createRandom } from './jsonata/random.js';
import { checkPayload } from './payload-limit.js';
import { runGraph } from './run-graph.js';
import { VariableScope } from './variables.js';

/** A Standard execution may run at most one year (developer guide, "service-quotas"). */
const MAX_EXECUTION_SECONDS = 365 * 24 * 3600;

export interface ExecutionSetup {
  readonly definition: AslDefinition;
  readonly input: unknown;
  readonly services: Services;
  readonly seed: number;
  readonly executionName: string;
  readonly startTime: string;
  readonly machineName: string;
  readonly region: string;
  readonly account: string;
}

export interface ExecutionOutcome {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly state: ExecutionState;
}

/** Runs a whole execution on a fresh virtual clock; never throws for workflow failures, only for test mistakes. */
export async function execute(setup: ExecutionSetup): Promise<ExecutionOutcome> {
  const clock = new VirtualClock();
  const startMs = Date.parse(setup.startTime);
  const random = createRandom(setup.seed);
  const machineArn = `arn:aws:states:${setup.region}:${setup.account}:stateMachine:${setup.machineName}`;
  const executionArn = `arn:aws:states:${setup.region}:${setup.account}:execution:${setup.machineName}:${setup.executionName}`;
  let tokens = 0;
  const state: ExecutionState = {
    clock,
    history: new History(startMs, () => clock.now),
    coverage: new Coverage(),
    services: setup.services,
    functions: awsFunctionBindings({ random, now: () => startMs + Math.round(clock.now * 1000) }),
    random,
    context: {
      Execution: {
        Id: executionArn,
        Input: setup.input,
        Name: setup.executionName,
        RoleArn: `arn:aws:iam::${setup.account}:role/${setup.machineName}-execution`,
        StartTime: new Date(startMs).toISOString(),
        RedriveCount: 0,
      },
      StateMachine: { Id: machineArn, Name: setup.machineName },
    },
    startMs,
    region: setup.region,
    transitions: 0,
    nextToken: () => `sim-token-${setup.seed}-${++tokens}`,
    runGraph,
  };
  const top: Frame = { exec: state, vars: new VariableScope(), path: [], mapIndex: [], lastEvent: 0, cancelled: () => false };
  event(top, 'ExecutionStarted', { executionStartedEventDetails: { input: jsonText(setup.input), roleArn: state.context.Execution['RoleArn'] } });
  const limit = Math.min(setup.definition.TimeoutSeconds ?? MAX_EXECUTION_SECONDS, MAX_EXECUTION_SECONDS);
  const run = (async () => {
    checkPayload(setup.input, 'execution input', '(execution)');
    const output = await runGraph(top, setup.definition, setup.input);
    checkPayload(output, 'execution output', '(execution)');
    return output;
  })();
  // The execution timeout races the run on the same clock: whichever the clock reaches first decides.
  const timeout = new Promise<'timeout'>((resolve) => {
    clock.schedule(limit, () => resolve('timeout'));
  });
  try {
    const output = await clock.run(Promise.race([run, timeout]));
    if (output === 'timeout') {
      const cause = `The execution ran longer than its TimeoutSeconds (${limit} s).`;
      event(top, 'ExecutionTimedOut', { executionTimedOutEventDetails: { error: ERR.Timeout, cause } });
      return { status: 'TIMED_OUT', error: ERR.Timeout, cause, state };
    }
    event(top, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: jsonText(output) } });
    return { status: 'SUCCEEDED', output, state };
  } catch (error) {
    if (!(error instanceof StatesError)) throw error;
    try {
      event(top, 'ExecutionFailed', { executionFailedEventDetails: { error: error.error, cause: error.causeText } });
    } catch {
      // The history limit itself failed the execution; the failure is already what we report.
    }
    return { status: 'FAILED', error: error.error, cause: error.causeText, state };
  } finally {
    run.catch(() => undefined);
  }
}
