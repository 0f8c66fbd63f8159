import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  ListExecutionsCommand,
  SendTaskSuccessCommand,
  StateMachineDoesNotExist,
  paginateGetExecutionHistory,
  paginateListExecutions,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SFN_MUTATING_OPERATIONS, startFakeStepFunctions, type FakeStepFunctions, type HistoryEventInput } from '../src/index.js';
import { ROLE, definition, sfnClient } from './sfn-support.js';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';
const EXECUTION = 'arn:aws:states:us-east-1:123456789012:execution:orders:run-1';
const TOKEN = 'AQCEAAAAKgAAAAMAAAAA+/=';

/** A history ending at an approval Task waiting for its token, in AWS's event shape. */
function waitingHistory(): HistoryEventInput[] {
  return [
    { type: 'ExecutionStarted', executionStartedEventDetails: { input: '{"order":1}', inputDetails: { truncated: false }, roleArn: ROLE } },
    { type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Review', input: '{"order":1}', inputDetails: { truncated: false } } },
    {
      type: 'TaskScheduled',
      taskScheduledEventDetails: {
        resourceType: 'lambda',
        resource: 'invoke.waitForTaskToken',
        region: 'us-east-1',
        parameters: JSON.stringify({ FunctionName: 'agentflow-approval-responder-orders', Payload: { kind: 'agentflow.approval-request', taskToken: TOKEN } }),
        timeoutInSeconds: 3600,
      },
    },
    { type: 'TaskStarted', taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' } },
    { type: 'TaskSubmitted', taskSubmittedEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', output: '{"StatusCode":200}' } },
  ];
}

let fake: FakeStepFunctions;
beforeEach(async () => {
  fake = await startFakeStepFunctions();
});
afterEach(async () => {
  await fake.close();
});

async function call<T>(run: (client: ReturnType<typeof sfnClient>) => Promise<T>): Promise<T> {
  const client = sfnClient(fake);
  try {
    return await run(client);
  } finally {
    client.destroy();
  }
}

const refused = (run: (client: ReturnType<typeof sfnClient>) => Promise<unknown>) =>
  call(run).then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as Error,
  );

describe('addExecution and DescribeExecution', () => {
  test('returns the execution ARN, and DescribeExecution reads it back', async () => {
    const arn = fake.addExecution({ stateMachineArn: MACHINE, name: 'run-1', input: '{"order":1}', startDate: 1_767_300_000, events: waitingHistory() });
    expect(arn).toBe(EXECUTION);
    const out = await call((c) => c.send(new DescribeExecutionCommand({ executionArn: arn })));
    expect(out).toMatchObject({
      executionArn: EXECUTION,
      stateMachineArn: MACHINE,
      name: 'run-1',
      status: 'RUNNING',
      startDate: new Date(1_767_300_000_000),
      input: '{"order":1}',
      inputDetails: { included: true },
    });
    expect(out.stopDate).toBeUndefined();
  });

  test('setExecutionStatus closes the execution with a stop date', async () => {
    const arn = fake.addExecution({ stateMachineArn: MACHINE, name: 'run-1', events: [] });
    fake.setExecutionStatus(arn, 'ABORTED');
    const out = await call((c) => c.send(new DescribeExecutionCommand({ executionArn: arn })));
    expect(out.status).toBe('ABORTED');
    expect(out.stopDate).toBeInstanceOf(Date);
    expect(() => fake.setExecutionStatus(`${arn}x`, 'FAILED')).toThrow('no execution');
  });

  test('an unknown execution is ExecutionDoesNotExist; a malformed ARN is InvalidArn', async () => {
    const missing = await refused((c) => c.send(new DescribeExecutionCommand({ executionArn: EXECUTION })));
    expect(missing).toBeInstanceOf(ExecutionDoesNotExist);
    expect(missing.message).toBe(`Execution Does Not Exist: '${EXECUTION}'`);
    expect(await refused((c) => c.send(new DescribeExecutionCommand({ executionArn: MACHINE })))).toBeInstanceOf(InvalidArn);
  });

  test('setup AWS could never hold throws', () => {
    expect(() => fake.addExecution({ stateMachineArn: `${MACHINE}:1`, name: 'r', events: [] })).toThrow('not an unqualified state machine ARN');
    expect(() => fake.addExecution({ stateMachineArn: MACHINE, name: 'has space', events: [] })).toThrow('not a valid execution name');
    fake.addExecution({ stateMachineArn: MACHINE, name: 'r', events: [] });
    expect(() => fake.addExecution({ stateMachineArn: MACHINE, name: 'r', events: [] })).toThrow('already exists');
  });
});

describe('ListExecutions', () => {
  beforeEach(() => {
    fake.addExecution({ stateMachineArn: MACHINE, name: 'old', status: 'SUCCEEDED', startDate: 100, events: [] });
    fake.addExecution({ stateMachineArn: MACHINE, name: 'newest', startDate: 300, events: [] });
    fake.addExecution({ stateMachineArn: MACHINE, name: 'middle', status: 'FAILED', startDate: 200, events: [] });
    fake.addExecution({ stateMachineArn: MACHINE, name: 'waiting', startDate: 250, events: [] });
    fake.addExecution({ stateMachineArn: `${MACHINE}-other`, name: 'elsewhere', startDate: 400, events: [] });
  });

  test('pages newest first, and the paginator reads every page', async () => {
    const first = await call((c) => c.send(new ListExecutionsCommand({ stateMachineArn: MACHINE })));
    expect(first.executions?.map((e) => e.name)).toEqual(['newest', 'waiting']);
    expect(first.nextToken).toBeDefined();
    const names = await call(async (client) => {
      const all: string[] = [];
      for await (const page of paginateListExecutions({ client }, { stateMachineArn: MACHINE })) all.push(...(page.executions ?? []).map((e) => e.name ?? ''));
      return all;
    });
    expect(names).toEqual(['newest', 'waiting', 'middle', 'old']);
  });

  test('statusFilter keeps one status; items carry ARNs, status and dates', async () => {
    const out = await call((c) => c.send(new ListExecutionsCommand({ stateMachineArn: MACHINE, statusFilter: 'RUNNING' })));
    expect(out.executions).toEqual([
      { executionArn: `${EXECUTION.replace('run-1', 'newest')}`, stateMachineArn: MACHINE, name: 'newest', status: 'RUNNING', startDate: new Date(300_000) },
      { executionArn: `${EXECUTION.replace('run-1', 'waiting')}`, stateMachineArn: MACHINE, name: 'waiting', status: 'RUNNING', startDate: new Date(250_000) },
    ]);
    const failed = await call((c) => c.send(new ListExecutionsCommand({ stateMachineArn: MACHINE, statusFilter: 'FAILED' })));
    expect(failed.executions?.map((e) => [e.name, e.stopDate instanceof Date])).toEqual([['middle', true]]);
  });

  test('an unknown statusFilter is ValidationException; a token from another list is InvalidToken', async () => {
    const bad = await refused((c) => c.send(new ListExecutionsCommand({ stateMachineArn: MACHINE, statusFilter: 'DONE' as 'RUNNING' })));
    expect([bad.name, bad.message]).toEqual(['ValidationException', expect.stringContaining("Value at 'statusFilter'")]);
    const other = await call((c) => c.send(new ListExecutionsCommand({ stateMachineArn: MACHINE })));
    const wrong = await refused((c) => c.send(new ListExecutionsCommand({ stateMachineArn: MACHINE, statusFilter: 'RUNNING', nextToken: other.nextToken })));
    expect(wrong.name).toBe('InvalidToken');
  });

  test('a machine the fake holds lists no executions; an unknown machine is StateMachineDoesNotExist', async () => {
    await call((c) => c.send(new CreateStateMachineCommand({ name: 'empty', definition: definition(), roleArn: ROLE })));
    const empty = await call((c) => c.send(new ListExecutionsCommand({ stateMachineArn: MACHINE.replace('orders', 'empty') })));
    expect(empty.executions).toEqual([]);
    expect(await refused((c) => c.send(new ListExecutionsCommand({ stateMachineArn: MACHINE.replace('orders', 'unknown') })))).toBeInstanceOf(StateMachineDoesNotExist);
  });
});

describe('GetExecutionHistory', () => {
  beforeEach(() => {
    fake.addExecution({ stateMachineArn: MACHINE, name: 'run-1', startDate: 1_000, events: waitingHistory() });
  });

  const readAll = (input: { reverseOrder?: boolean; includeExecutionData?: boolean }) =>
    call(async (client) => {
      const all: HistoryEvent[] = [];
      for await (const page of paginateGetExecutionHistory({ client }, { executionArn: EXECUTION, ...input })) all.push(...(page.events ?? []));
      return all;
    });

  test('numbers events 1..n with previous ids and timestamps, over pages of the fake page size', async () => {
    const first = await call((c) => c.send(new GetExecutionHistoryCommand({ executionArn: EXECUTION })));
    expect(first.events).toHaveLength(2);
    expect(first.nextToken).toBeDefined();
    const events = await readAll({});
    expect(events.map((e) => [e.id, e.previousEventId, e.type, e.timestamp?.getTime()])).toEqual([
      [1, 0, 'ExecutionStarted', 1_000_000],
      [2, 1, 'TaskStateEntered', 1_001_000],
      [3, 2, 'TaskScheduled', 1_002_000],
      [4, 3, 'TaskStarted', 1_003_000],
      [5, 4, 'TaskSubmitted', 1_004_000],
    ]);
    // The approvals CLI's read: the TaskScheduled parameters carry the resolved Arguments with the token.
    const scheduled = events.find((e) => e.type === 'TaskScheduled');
    expect(JSON.parse(scheduled?.taskScheduledEventDetails?.parameters ?? '{}').Payload.taskToken).toBe(TOKEN);
    expect(scheduled?.taskScheduledEventDetails?.timeoutInSeconds).toBe(3600);
  });

  test('reverseOrder reads newest first across pages', async () => {
    expect((await readAll({ reverseOrder: true })).map((e) => e.id)).toEqual([5, 4, 3, 2, 1]);
  });

  test('includeExecutionData: false drops input, output and parameters, keeping the rest', async () => {
    const events = await readAll({ includeExecutionData: false });
    expect(events[0]?.executionStartedEventDetails).toEqual({ inputDetails: { truncated: false }, roleArn: ROLE });
    expect(events[1]?.stateEnteredEventDetails).toEqual({ name: 'Review', inputDetails: { truncated: false } });
    expect(events[2]?.taskScheduledEventDetails).toEqual({ resourceType: 'lambda', resource: 'invoke.waitForTaskToken', region: 'us-east-1', timeoutInSeconds: 3600 });
    expect(events[4]?.taskSubmittedEventDetails?.output).toBeUndefined();
  });

  test('given timestamps and previous ids are kept', async () => {
    const arn = fake.addExecution({ stateMachineArn: MACHINE, name: 'run-2', events: [{ type: 'ExecutionStarted', timestamp: 42 }, { type: 'PassStateEntered', previousEventId: 7 }] });
    const out = await call((c) => c.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 10 })));
    expect(out.events?.map((e) => [e.timestamp?.getTime(), e.previousEventId])).toEqual([
      [42_000, 0],
      [expect.any(Number), 7],
    ]);
  });

  test('an unknown execution is ExecutionDoesNotExist', async () => {
    expect(await refused((c) => c.send(new GetExecutionHistoryCommand({ executionArn: `${EXECUTION}x` })))).toBeInstanceOf(ExecutionDoesNotExist);
  });

  test('closing a task opened on the execution appends nothing to its history', async () => {
    const token = fake.openTask({ executionArn: EXECUTION, stateName: 'Review' });
    await call((c) => c.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' })));
    expect((await readAll({})).map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('faults and bookkeeping', () => {
  test('throttling and server errors are retried; a drop surfaces with no retries left; reads are not writes', async () => {
    fake.addExecution({ stateMachineArn: MACHINE, name: 'run-1', events: [] });
    fake.faults.add({ operation: 'GetExecutionHistory', kind: 'throttle' });
    fake.faults.add({ operation: 'DescribeExecution', kind: 'server-error' });
    const retrying = sfnClient(fake, 2);
    try {
      expect((await retrying.send(new GetExecutionHistoryCommand({ executionArn: EXECUTION }))).$metadata.attempts).toBe(2);
      expect((await retrying.send(new DescribeExecutionCommand({ executionArn: EXECUTION }))).$metadata.attempts).toBe(2);
    } finally {
      retrying.destroy();
    }
    fake.faults.add({ operation: 'ListExecutions', kind: 'drop' });
    const dropped = await refused((c) => c.send(new ListExecutionsCommand({ stateMachineArn: MACHINE })));
    expect(`${(dropped as { code?: string }).code} ${dropped.message}`).toMatch(/ECONNRESET|socket hang up/);
    expect(fake.writes()).toEqual([]);
    expect(['ListExecutions', 'DescribeExecution', 'GetExecutionHistory'].some((op) => SFN_MUTATING_OPERATIONS.has(op))).toBe(false);
  });

  test('access-denied on an execution read names the execution', async () => {
    fake.faults.add({ operation: 'GetExecutionHistory', kind: 'access-denied' });
    const error = await refused((c) => c.send(new GetExecutionHistoryCommand({ executionArn: EXECUTION })));
    expect([error.name, error.message]).toEqual(['AccessDeniedException', expect.stringContaining(`states:GetExecutionHistory on resource: ${EXECUTION} `)]);
  });
});
