import {
  ConflictException,
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  PublishStateMachineVersionCommand,
  SFNClient,
  SFNServiceException,
  StateMachineDoesNotExist,
  type SFNClientConfig,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FAKE_CREDENTIALS } from '../src/credentials.js';
import { startFakeStepFunctions, SFN_MUTATING_OPERATIONS, type FakeStepFunctions } from '../src/index.js';
import { ROLE, definition, fastRetry, sfnClient } from './sfn-support.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';
let fake: FakeStepFunctions;

beforeEach(async () => {
  fake = await startFakeStepFunctions();
  const setup = sfnClient(fake);
  await setup.send(new CreateStateMachineCommand({ name: 'orders', definition: definition(), roleArn: ROLE }));
  setup.destroy();
});
afterEach(async () => {
  await fake.close();
});

async function attempt(maxAttempts: number, operation = 'DescribeStateMachine'): Promise<{ error?: Error & { $metadata?: { attempts?: number; httpStatusCode?: number } }; attempts?: number }> {
  const client = sfnClient(fake, maxAttempts);
  try {
    const command = operation === 'PublishStateMachineVersion' ? new PublishStateMachineVersionCommand({ stateMachineArn: ARN }) : new DescribeStateMachineCommand({ stateMachineArn: ARN });
    const out = await client.send(command as DescribeStateMachineCommand);
    return { attempts: out.$metadata.attempts ?? 0 };
  } catch (error) {
    return { error: error as Error };
  } finally {
    client.destroy();
  }
}

const describes = () => fake.calls.filter((c) => c.operation === 'DescribeStateMachine').length;

describe('faults', () => {
  test('throttle twice, then the SDK retry succeeds on the third attempt', async () => {
    fake.faults.add({ operation: 'DescribeStateMachine', kind: 'throttle', times: 2 });
    expect(await attempt(3)).toEqual({ attempts: 3 });
    expect(describes()).toBe(3);
  });

  test('throttle beyond the retries surfaces ThrottlingException (HTTP 400)', async () => {
    fake.faults.add({ operation: 'DescribeStateMachine', kind: 'throttle', times: Infinity });
    const { error } = await attempt(2);
    expect([error?.name, error?.message, error?.$metadata?.httpStatusCode, error?.$metadata?.attempts]).toEqual(['ThrottlingException', 'Rate exceeded', 400, 2]);
  });

  test('a server error (HTTP 500) is retried', async () => {
    fake.faults.add({ operation: 'DescribeStateMachine', kind: 'server-error' });
    expect(await attempt(2)).toEqual({ attempts: 2 });
  });

  test('a server error with no retries left is InternalFailure', async () => {
    fake.faults.add({ operation: 'DescribeStateMachine', kind: 'server-error' });
    const { error } = await attempt(1);
    expect([error?.name, error?.$metadata?.httpStatusCode]).toEqual(['InternalFailure', 500]);
  });

  test('a dropped connection is retried by the SDK', async () => {
    fake.faults.add({ operation: 'DescribeStateMachine', kind: 'drop' });
    expect(await attempt(2)).toEqual({ attempts: 2 });
    expect(describes()).toBe(2);
  });

  test('a dropped connection with no retries left fails with a socket error', async () => {
    fake.faults.add({ operation: 'DescribeStateMachine', kind: 'drop' });
    const { error } = await attempt(1);
    expect(`${(error as { code?: string } | undefined)?.code} ${error?.message}`).toMatch(/ECONNRESET|socket hang up/);
  });

  test("access-denied is AccessDeniedException with AWS's message form, and is not retried", async () => {
    fake.faults.add({ operation: 'DescribeStateMachine', kind: 'access-denied' });
    const { error } = await attempt(3);
    expect(error?.name).toBe('AccessDeniedException');
    expect(error?.message).toBe(
      `User: arn:aws:sts::123456789012:assumed-role/deployer/session is not authorized to perform: states:DescribeStateMachine on resource: ${ARN} because no identity-based policy allows the states:DescribeStateMachine action`,
    );
    expect(describes()).toBe(1);
  });

  test('conflict is ConflictException and changes nothing', async () => {
    fake.faults.add({ operation: 'PublishStateMachineVersion', kind: 'conflict' });
    const before = fake.snapshot();
    const { error } = await attempt(3, 'PublishStateMachineVersion');
    expect(error?.name).toBe('ConflictException');
    expect(fake.snapshot()).toEqual(before);
    expect(await attempt(1, 'PublishStateMachineVersion')).toEqual({ attempts: 1 });
  });

  test('a fault only hits its operation and is recorded in calls and writes', async () => {
    fake.faults.add({ operation: 'PublishStateMachineVersion', kind: 'throttle' });
    expect(await attempt(1)).toEqual({ attempts: 1 });
    await attempt(1, 'PublishStateMachineVersion');
    expect(fake.calls.map((c) => c.operation)).toEqual(['CreateStateMachine', 'DescribeStateMachine', 'PublishStateMachineVersion']);
    expect(fake.writes()).toEqual(['CreateStateMachine', 'PublishStateMachineVersion']);
    expect(fake.snapshot().machines[0]?.versions).toEqual([]);
  });
});

describe('wire protocol', () => {
  test('an unknown X-Amz-Target is UnknownOperationException', async () => {
    const response = await fetch(`${fake.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.StartExecution' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  test("errors become the SDK's typed classes; unmodelled ones its service exception", async () => {
    const client = sfnClient(fake);
    try {
      const missing = await client.send(new DescribeStateMachineCommand({ stateMachineArn: `${ARN}x` })).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(StateMachineDoesNotExist);
      const stale = await client.send(new PublishStateMachineVersionCommand({ stateMachineArn: ARN, revisionId: 'stale' })).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(ConflictException);
      expect((stale as ConflictException).$metadata.httpStatusCode).toBe(409);
      fake.faults.add({ operation: 'DescribeStateMachine', kind: 'throttle' });
      const throttled = await client.send(new DescribeStateMachineCommand({ stateMachineArn: ARN })).catch((e: unknown) => e);
      expect(throttled).toBeInstanceOf(SFNServiceException);
    } finally {
      client.destroy();
    }
  });

  test('SFN_MUTATING_OPERATIONS holds the writes and no reads', () => {
    expect(SFN_MUTATING_OPERATIONS.has('UpdateStateMachineAlias')).toBe(true);
    expect(SFN_MUTATING_OPERATIONS.has('DescribeStateMachine')).toBe(false);
    expect(SFN_MUTATING_OPERATIONS.has('ValidateStateMachineDefinition')).toBe(false);
  });

  test('AWS_ENDPOINT_URL_SFN points a client with no endpoint option at the fake', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_SFN;
    process.env.AWS_ENDPOINT_URL_SFN = fake.endpoint;
    const config: SFNClientConfig = { region: 'us-east-1', credentials: FAKE_CREDENTIALS, retryStrategy: fastRetry(1) };
    const client = new SFNClient(config);
    try {
      const out = await client.send(new ListStateMachinesCommand({}));
      expect(out.stateMachines?.map((m) => m.stateMachineArn)).toEqual([ARN]);
    } finally {
      client.destroy();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SFN;
      else process.env.AWS_ENDPOINT_URL_SFN = saved;
    }
  });
});
