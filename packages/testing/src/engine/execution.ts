import type { AslDefinition } from './asl.js';
import { failedDetails } from './child-execution.js';
import { VirtualClock } from './clock.js';
import { Coverage } from './coverage.js';
import { ERR, SimulationSetupError, StatesError } from './errors.js';
import { event, topFrame, type ExecutionState, type Services } from './frame.js';
import { History, NOT_TRUNCATED } from './history.js';
import { awsFunctionBindings } from './jsonata/aws-functions.js';
import { createRandom } from './jsonata/random.js';
import { checkPayload, checkSized, sized } from './payload-limit.js';
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
  // Made-up identifiers come from a stream of their own, so adding a Map Run never shifts $random() or jitter.
  const idRandom = createRandom((setup.seed ^ 0x5bd1e995) >>> 0);
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
    uuid: () => uuidFrom(idRandom),
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
    account: setup.account,
    machineName: setup.machineName,
    transitions: 0,
    childTransitions: 0,
    otherWorkflowTransitions: 0,
    nextToken: () => `sim-token-${setup.seed}-${++tokens}`,
    runGraph,
  };
  const top = topFrame(state, new VariableScope());
  const limit = Math.min(setup.definition.TimeoutSeconds ?? MAX_EXECUTION_SECONDS, MAX_EXECUTION_SECONDS);
  const run = (async () => {
    const input = sized(setup.input);
    event(top, 'ExecutionStarted', { executionStartedEventDetails: { input: input.text, inputDetails: NOT_TRUNCATED, roleArn: state.context.Execution['RoleArn'] } });
    // The first state's entered event points to 0, not to ExecutionStarted (REC).
    top.lastEvent = 0;
    checkSized(input, 'execution input', '(execution)');
    const output = await runGraph(top, setup.definition, setup.input);
    return { output, text: checkPayload(output, 'execution output', '(execution)').text };
  })();
  // The execution timeout races the run on the same clock: whichever the clock reaches first decides.
  const timeout = new Promise<'timeout'>((resolve) => {
    clock.schedule(limit, () => resolve('timeout'));
  });
  try {
    const done = await clock.run(Promise.race([run, timeout]));
    if (done === 'timeout') {
      // Not catchable; the event names States.Timeout and gives no cause (REC/timeouts/test_timeouts, `test_global_timeout`).
      top.aborted = true;
      if (!state.history.closed) state.history.add('ExecutionTimedOut', { executionTimedOutEventDetails: { error: ERR.Timeout } }, top.lastEvent);
      return { status: 'TIMED_OUT', error: ERR.Timeout, state };
    }
    event(top, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: done.text, outputDetails: NOT_TRUNCATED } });
    return { status: 'SUCCEEDED', output: done.output, state };
  } catch (error) {
    if (error instanceof SimulationSetupError) {
      // A stopped run still has a bill so far (\`agentflow cost --scenario\` shows it); an enclosing execution adds its own.
      error.transitions = (error.transitions ?? 0) + state.transitions + state.childTransitions;
      throw error;
    }
    if (!(error instanceof StatesError)) throw error;
    if (!error.recorded && !state.history.closed) event(top, 'ExecutionFailed', { executionFailedEventDetails: failedDetails(error) });
    return error.causeText === undefined ? { status: 'FAILED', error: error.error, state } : { status: 'FAILED', error: error.error, cause: error.causeText, state };
  } finally {
    run.catch(() => undefined);
  }
}

/** A v4 UUID from a seeded stream. */
function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 16 }, (_, i) => {
    let byte = Math.floor(random() * 256) & 0xff;
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    if (i === 8) byte = (byte & 0x3f) | 0x80;
    return byte.toString(16).padStart(2, '0');
  }).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
