import { InvalidOutput, InvalidToken, SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SFN_MUTATING_OPERATIONS, startFakeStepFunctions, type FakeStepFunctions, type FakeTaskResponse } from '../src/index.js';
import { sfnClient } from './sfn-support.js';

const EXECUTION = 'arn:aws:states:us-east-1:123456789012:execution:orders:run-1';
let fake: FakeStepFunctions;

beforeEach(async () => {
  fake = await startFakeStepFunctions();
});
afterEach(async () => {
  await fake.close();
});

async function send<T>(command: T, maxAttempts = 1): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number } } | { $metadata: { attempts?: number } }> {
  const client = sfnClient(fake, maxAttempts);
  try {
    return await client.send(command as SendTaskSuccessCommand);
  } catch (error) {
    return error as Error;
  } finally {
    client.destroy();
  }
}

const errorOf = async (command: unknown) => {
  const result = await send(command);
  if (!(result instanceof Error)) throw new Error('expected a refusal');
  return result;
};

describe('openTask', () => {
  test('the default token is 600 base64 characters with +, / and =, deterministic and distinct per task', async () => {
    const first = fake.openTask({ executionArn: EXECUTION, stateName: 'Review' });
    const second = fake.openTask({ executionArn: EXECUTION });
    expect(first).toHaveLength(600);
    expect(first).toMatch(/^[A-Za-z0-9+/]+=$/);
    expect(first).toContain('+');
    expect(first).toContain('/');
    expect(second).not.toBe(first);
    const again = await startFakeStepFunctions();
    try {
      expect(again.openTask({ executionArn: EXECUTION })).toBe(first);
    } finally {
      await again.close();
    }
    expect(fake.task(first)).toEqual({ status: 'open', heartbeats: 0 });
    expect(fake.task('never-issued')).toBeUndefined();
  });

  test('a given token is used as is; a reused or over-long token throws', () => {
    expect(fake.openTask({ executionArn: EXECUTION, token: 'tok-1' })).toBe('tok-1');
    expect(() => fake.openTask({ executionArn: EXECUTION, token: 'tok-1' })).toThrow('already issued');
    expect(() => fake.openTask({ executionArn: EXECUTION, token: 'x'.repeat(2049) })).toThrow('1 to 2048');
  });
});

describe('SendTaskSuccess', () => {
  test('closes the task with its output, tells the listeners, and a second response is TaskTimedOut', async () => {
    const token = fake.openTask({ executionArn: EXECUTION });
    const heard: FakeTaskResponse[] = [];
    fake.onTaskResponse((response) => heard.push(response));
    await send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    expect(fake.task(token)).toEqual({ status: 'succeeded', output: '{"approved":true}', heartbeats: 0 });
    expect(heard).toEqual([{ token, kind: 'success', output: '{"approved":true}' }]);
    for (const command of [
      new SendTaskSuccessCommand({ taskToken: token, output: '{}' }),
      new SendTaskFailureCommand({ taskToken: token }),
      new SendTaskHeartbeatCommand({ taskToken: token }),
    ]) {
      const error = await errorOf(command);
      expect(error).toBeInstanceOf(TaskTimedOut);
      expect([error.message, error.$metadata?.httpStatusCode]).toEqual(["Task Timed Out: 'Provided task does not exist anymore'", 400]);
    }
    expect(fake.task(token)).toEqual({ status: 'succeeded', output: '{"approved":true}', heartbeats: 0 });
    expect(heard).toHaveLength(1);
  });

  test('output of exactly 262,144 UTF-8 bytes passes; one more byte, or output that is not JSON, is InvalidOutput', async () => {
    const token = fake.openTask({ executionArn: EXECUTION });
    // A JSON string of two-byte characters: 2 quote bytes + 131,071 × 2 bytes = 262,144 bytes.
    const over = JSON.stringify(`${'é'.repeat(131_071)}x`);
    const tooLong = await errorOf(new SendTaskSuccessCommand({ taskToken: token, output: over }));
    expect(tooLong).toBeInstanceOf(InvalidOutput);
    expect(tooLong.message).toMatch('262145 bytes');
    const notJson = await errorOf(new SendTaskSuccessCommand({ taskToken: token, output: '{approved: true}' }));
    expect([notJson.name, notJson.message]).toEqual(['InvalidOutput', "Invalid Output: 'The output must be valid JSON'"]);
    expect(fake.task(token)?.status).toBe('open');
    await send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify('é'.repeat(131_071)) }));
    expect(fake.task(token)?.status).toBe('succeeded');
  });

  test('an unknown token is InvalidToken; an empty or 2,049-character token is ValidationException', async () => {
    const unknown = await errorOf(new SendTaskSuccessCommand({ taskToken: 'AAAA+/==', output: '{}' }));
    expect(unknown).toBeInstanceOf(InvalidToken);
    expect(unknown.message).toBe("Invalid Token: 'Invalid token'");
    for (const taskToken of ['', 'x'.repeat(2049)]) {
      const error = await errorOf(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
      expect([error.name, error.message]).toEqual(['ValidationException', "1 validation error detected: Value at 'taskToken' failed to satisfy constraint: Member must have length between 1 and 2048"]);
    }
  });

  test('a 2,048-character token opened by the test is accepted', async () => {
    const token = fake.openTask({ executionArn: EXECUTION, token: 'A+/='.repeat(512) });
    await send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    expect(fake.task(token)?.status).toBe('succeeded');
  });
});

describe('SendTaskFailure', () => {
  test('closes the task with error and cause, and tells the listeners', async () => {
    const token = fake.openTask({ executionArn: EXECUTION });
    const heard: FakeTaskResponse[] = [];
    fake.onTaskResponse((response) => heard.push(response));
    await send(new SendTaskFailureCommand({ taskToken: token, error: 'Approval.Rejected', cause: 'not now' }));
    expect(fake.task(token)).toEqual({ status: 'failed', error: 'Approval.Rejected', cause: 'not now', heartbeats: 0 });
    expect(heard).toEqual([{ token, kind: 'failure', error: 'Approval.Rejected', cause: 'not now' }]);
  });

  test('error over 256 or cause over 32,768 characters is ValidationException and leaves the task open', async () => {
    const token = fake.openTask({ executionArn: EXECUTION });
    const longError = await errorOf(new SendTaskFailureCommand({ taskToken: token, error: 'e'.repeat(257) }));
    expect([longError.name, longError.message]).toEqual(['ValidationException', "1 validation error detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256"]);
    const longCause = await errorOf(new SendTaskFailureCommand({ taskToken: token, cause: 'c'.repeat(32_769) }));
    expect(longCause.message).toMatch("Value at 'cause'");
    expect(fake.task(token)?.status).toBe('open');
    await send(new SendTaskFailureCommand({ taskToken: token, error: 'e'.repeat(256), cause: 'c'.repeat(32_768) }));
    expect(fake.task(token)?.status).toBe('failed');
  });
});

describe('SendTaskHeartbeat and timeouts', () => {
  test('heartbeats are counted while the task is open', async () => {
    const token = fake.openTask({ executionArn: EXECUTION });
    await send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await send(new SendTaskHeartbeatCommand({ taskToken: token }));
    expect(fake.task(token)).toEqual({ status: 'open', heartbeats: 2 });
  });

  test('a timed-out task answers TaskTimedOut to every call, and no listener hears of it', async () => {
    const token = fake.openTask({ executionArn: EXECUTION });
    const heard: FakeTaskResponse[] = [];
    fake.onTaskResponse((response) => heard.push(response));
    fake.timeOutTask(token);
    expect(fake.task(token)?.status).toBe('timed-out');
    expect(await errorOf(new SendTaskHeartbeatCommand({ taskToken: token }))).toBeInstanceOf(TaskTimedOut);
    expect(await errorOf(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).toBeInstanceOf(TaskTimedOut);
    expect(heard).toEqual([]);
    expect(() => fake.timeOutTask('never-issued')).toThrow('no task has this token');
  });

  test('unsubscribing stops a listener', async () => {
    const first = fake.openTask({ executionArn: EXECUTION });
    const second = fake.openTask({ executionArn: EXECUTION });
    const heard: string[] = [];
    const stop = fake.onTaskResponse((response) => heard.push(response.token));
    await send(new SendTaskSuccessCommand({ taskToken: first, output: '{}' }));
    stop();
    await send(new SendTaskSuccessCommand({ taskToken: second, output: '{}' }));
    expect(heard).toEqual([first]);
  });
});

describe('faults and bookkeeping', () => {
  test('throttling is retried and the retry closes the task once', async () => {
    const token = fake.openTask({ executionArn: EXECUTION });
    const heard: FakeTaskResponse[] = [];
    fake.onTaskResponse((response) => heard.push(response));
    fake.faults.add({ operation: 'SendTaskSuccess', kind: 'throttle', times: 2 });
    const out = await send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }), 3);
    expect(out.$metadata?.attempts).toBe(3);
    expect(heard).toHaveLength(1);
  });

  test('a server error is retried; a dropped connection with no retries left leaves the task open', async () => {
    const token = fake.openTask({ executionArn: EXECUTION });
    fake.faults.add({ operation: 'SendTaskHeartbeat', kind: 'server-error' });
    expect((await send(new SendTaskHeartbeatCommand({ taskToken: token }), 2)).$metadata?.attempts).toBe(2);
    fake.faults.add({ operation: 'SendTaskSuccess', kind: 'drop' });
    const dropped = await errorOf(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    expect(`${(dropped as { code?: string }).code} ${dropped.message}`).toMatch(/ECONNRESET|socket hang up/);
    expect(fake.task(token)).toEqual({ status: 'open', heartbeats: 1 });
  });

  test('access-denied names the state machine that runs the task', async () => {
    const token = fake.openTask({ executionArn: EXECUTION });
    fake.faults.add({ operation: 'SendTaskSuccess', kind: 'access-denied' });
    const error = await errorOf(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toMatch('states:SendTaskSuccess on resource: arn:aws:states:us-east-1:123456789012:stateMachine:orders ');
  });

  test('the SDK sends the token unaltered (+, / and = survive), and SendTask* are calls but not deploy writes', async () => {
    const token = fake.openTask({ executionArn: EXECUTION });
    await send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    expect(fake.calls).toEqual([{ operation: 'SendTaskSuccess', input: { taskToken: token, output: '{}' } }]);
    expect(fake.writes()).toEqual([]);
    expect(['SendTaskSuccess', 'SendTaskFailure', 'SendTaskHeartbeat'].some((op) => SFN_MUTATING_OPERATIONS.has(op))).toBe(false);
  });
});
