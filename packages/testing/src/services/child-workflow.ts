import type { ChildSimulation, ChildWorkflows, Json } from '../types.js';
import { SimulationSetupError, StatesError } from '../engine/errors.js';
import type { TaskCall } from '../engine/frame.js';
import { execute, type ExecutionOutcome } from '../engine/execution.js';
import { resolveTarget } from '../definition.js';
import { withAutoMocks } from '../mocks/auto-mocks.js';
import type { MockRunner } from './mock-runner.js';
import type { Services } from '../engine/frame.js';
import type { AslDefinition } from '../engine/asl.js';

/** `states:startExecution` waiting for the child: `.sync` (Input/Output as JSON text) or `.sync:2` (parsed JSON). */
const SYNC = /^arn:[a-z-]+:states:::states:startExecution\.(sync(?::2)?)$/;

/** The most characters an error's cause holds (SendTaskFailure, GetExecutionHistory: `cause` ≤ 32,768). */
const CAUSE_LIMIT = 32_768;

/** Where the parent's run came from: the environment children are compiled with, and the services to build for them. */
export interface ChildContext {
  readonly env?: string | undefined;
  readonly config?: string | undefined;
  readonly services: (child: ChildSimulation, definition: AslDefinition) => Services;
}

/** Whether a Task starts a child execution and waits for it. */
export function isSyncStart(call: TaskCall): boolean {
  return SYNC.test(call.resource);
}

/**
 * Runs the child a `.sync` start names as an execution of its own (its own history and clock, the same in-memory S3),
 * then lets the parent wait as long as the child ran. The parent sees what Step Functions returns: the child's
 * `DescribeExecution` fields with `Output`, or, when the child fails or times out, `States.TaskFailed` with those
 * fields (with `Error` and `Cause`) as the cause (docs/nested-workflows.md).
 */
export async function runChild(call: TaskCall, children: ChildWorkflows | undefined, ctx: ChildContext, runner: MockRunner): Promise<unknown> {
  const args = (call.args ?? {}) as { StateMachineArn?: unknown; Input?: unknown; Name?: unknown };
  const arn = typeof args.StateMachineArn === 'string' ? args.StateMachineArn : '';
  const machine = /:stateMachine:([^:]+)/.exec(arn)?.[1] ?? arn;
  const child = children && Object.hasOwn(children, machine) ? children[machine] : undefined;
  if (!child) {
    throw new SimulationSetupError(
      `No child workflow '${machine}' for state '${call.stateName}' (${call.resource}).`,
      `Add workflows: { '${machine}': { workflow: <the child's workflow>, agents: … } } (or tasks: { '${call.stateName}': [{ Status: 'SUCCEEDED', Output: … }] }) to the simulate options.`,
    );
  }
  const target = resolveTarget(child.workflow as never, { ...(ctx.env !== undefined ? { env: ctx.env } : {}), ...(ctx.config !== undefined ? { config: ctx.config } : {}) });
  const parent = call.frame.exec;
  const name = typeof args.Name === 'string' ? args.Name : parent.uuid();
  const startMs = parent.startMs + Math.round(parent.clock.now * 1000);
  const input = typeof args.Input === 'string' ? parseInput(args.Input, call) : (args.Input ?? {});
  // The child's clock is its own; the mock runner's context lets the parent's clock move while it "runs".
  const outcome = await runner.call(
    async (_req: null, mockCtx) => {
      const done = await execute({
        definition: target.definition,
        input,
        services: ctx.services(child, target.definition),
        // A seed of its own per child execution, drawn from the parent's stream of made-up identifiers.
        seed: Number.parseInt(parent.uuid().slice(0, 8), 16),
        executionName: name,
        startTime: new Date(startMs).toISOString(),
        machineName: machine,
        region: parent.region,
        account: parent.account,
      });
      await mockCtx.sleep(done.state.clock.now);
      return done;
    },
    null,
    call,
    `child workflow '${machine}'`,
  );
  // A child execution is billed like any other execution.
  parent.childTransitions += outcome.state.transitions + outcome.state.childTransitions;
  parent.otherWorkflowTransitions += outcome.state.transitions + outcome.state.childTransitions;
  return response(outcome, { arn: `arn:aws:states:${parent.region}:${parent.account}:stateMachine:${machine}`, machine, name, input, startMs, json: call.resource.endsWith(':2') });
}

function parseInput(text: string, call: TaskCall): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new StatesError('States.Runtime', `The Input of state '${call.stateName}' is not JSON text.`);
  }
}

function response(outcome: ExecutionOutcome, run: { arn: string; machine: string; name: string; input: unknown; startMs: number; json: boolean }): Json {
  const data = (value: unknown): Json => (run.json ? (value as Json) : JSON.stringify(value));
  const fields: Record<string, Json> = {
    ExecutionArn: `${run.arn.replace(':stateMachine:', ':execution:')}:${run.name}`,
    Input: data(run.input),
    InputDetails: { Included: true },
    Name: run.name,
    RedriveCount: 0,
    RedriveStatus: outcome.status === 'SUCCEEDED' ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
    StartDate: run.startMs,
    StateMachineArn: run.arn,
    Status: outcome.status,
    StopDate: run.startMs + Math.round(outcome.state.clock.now * 1000),
  };
  if (outcome.status === 'SUCCEEDED') return { ...fields, Output: data(outcome.output), OutputDetails: { Included: true } };
  // An error's cause holds at most 32,768 characters (the API's limit, which the payload analysis assumes too): a
  // child started with a large input is described in part.
  const cause = JSON.stringify({ ...fields, Error: outcome.error ?? null, Cause: outcome.cause ?? null });
  throw new StatesError('States.TaskFailed', cause.length > CAUSE_LIMIT ? cause.slice(0, CAUSE_LIMIT) : cause);
}

/** The mocks of a child: its own, completed by automatic ones when it asks for them. */
export function childMocks(child: ChildSimulation, definition: AslDefinition): ChildSimulation {
  return child.autoMock ? { ...child, ...withAutoMocks(definition, child, child.autoMock === true ? {} : child.autoMock) } : child;
}

/** Whether automatic mocks must leave a Task to the simulated child it starts. */
export function startsGivenChild(resource: string, state: { Arguments?: unknown }, children: ChildWorkflows | undefined): boolean {
  if (!SYNC.test(resource) || !children) return false;
  const arn = (state.Arguments as { StateMachineArn?: unknown } | undefined)?.StateMachineArn;
  const machine = typeof arn === 'string' ? /:stateMachine:([^:]+)/.exec(arn)?.[1] : undefined;
  return machine !== undefined && Object.hasOwn(children, machine);
}
