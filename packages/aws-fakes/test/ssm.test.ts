import { GetParameterCommand, ParameterNotFound, SSMClient, type GetParameterCommandInput, type SSMClientConfig } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FAKE_CREDENTIALS } from '../src/credentials.js';
import { SSM_CIPHERTEXT_MARKER, startFakeSsm, type FakeSsm } from '../src/index.js';
import { fastRetry } from './sfn-support.js';

let fake: FakeSsm;

beforeEach(async () => {
  fake = await startFakeSsm({ region: 'eu-west-1', account: '210987654321' });
});
afterEach(async () => {
  await fake.close();
});

async function get(input: GetParameterCommandInput, maxAttempts = 1) {
  const client = new SSMClient({ endpoint: fake.endpoint, region: 'eu-west-1', credentials: FAKE_CREDENTIALS, retryStrategy: fastRetry(maxAttempts) as SSMClientConfig['retryStrategy'] });
  try {
    return await client.send(new GetParameterCommand(input));
  } finally {
    client.destroy();
  }
}

const refusal = (input: GetParameterCommandInput, maxAttempts = 1) =>
  get(input, maxAttempts).then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as Error & { $metadata: { httpStatusCode?: number; attempts?: number } },
  );

describe('GetParameter', () => {
  test('returns a SecureString decrypted with WithDecryption, with its ARN, version and date', async () => {
    fake.setParameter('/agentflow/orders/approval-key', 'a2V5LTE=,a2V5LTA=', 'SecureString');
    const out = await get({ Name: '/agentflow/orders/approval-key', WithDecryption: true });
    expect(out.Parameter).toEqual({
      Name: '/agentflow/orders/approval-key',
      Type: 'SecureString',
      Value: 'a2V5LTE=,a2V5LTA=',
      Version: 1,
      ARN: 'arn:aws:ssm:eu-west-1:210987654321:parameter/agentflow/orders/approval-key',
      DataType: 'text',
      LastModifiedDate: new Date('2026-01-01T00:00:01Z'),
    });
    expect(fake.calls).toEqual([{ operation: 'GetParameter', input: { Name: '/agentflow/orders/approval-key', WithDecryption: true } }]);
  });

  test('a SecureString read without WithDecryption is an opaque value, never the plaintext', async () => {
    fake.setParameter('/k', 'secret-key', 'SecureString');
    for (const input of [{ Name: '/k' }, { Name: '/k', WithDecryption: false }]) {
      const value = (await get(input)).Parameter?.Value ?? '';
      expect(value).not.toContain('secret-key');
      expect(Buffer.from(value, 'base64').toString('utf8')).toBe(`${SSM_CIPHERTEXT_MARKER}secret-key`);
    }
  });

  test('a String parameter reads the same with or without WithDecryption', async () => {
    fake.setParameter('plain', 'v');
    expect((await get({ Name: 'plain' })).Parameter).toMatchObject({ Type: 'String', Value: 'v' });
    expect((await get({ Name: 'plain', WithDecryption: true })).Parameter?.Value).toBe('v');
  });

  test("a name without a leading slash is another parameter, and its ARN adds the slash the name lacks", async () => {
    fake.setParameter('approval-key', 'x');
    expect((await get({ Name: 'approval-key' })).Parameter?.ARN).toBe('arn:aws:ssm:eu-west-1:210987654321:parameter/approval-key');
    const error = await refusal({ Name: '/approval-key' });
    expect(error).toBeInstanceOf(ParameterNotFound);
  });

  test('setting a parameter again makes the next version', async () => {
    fake.setParameter('/k', 'one');
    fake.setParameter('/k', 'two', 'SecureString');
    expect((await get({ Name: '/k', WithDecryption: true })).Parameter).toMatchObject({ Value: 'two', Version: 2, Type: 'SecureString', LastModifiedDate: new Date('2026-01-01T00:00:02Z') });
  });

  test('an unknown name is ParameterNotFound (HTTP 400)', async () => {
    const error = await refusal({ Name: '/agentflow/missing' });
    expect(error).toBeInstanceOf(ParameterNotFound);
    expect([error.message, error.$metadata.httpStatusCode]).toEqual(['Parameter /agentflow/missing not found.', 400]);
  });

  test('setParameter refuses a name Parameter Store would refuse', () => {
    expect(() => fake.setParameter('/aws/reserved', 'x')).toThrow("must not begin with 'aws' or 'ssm'");
    expect(() => fake.setParameter('/a b', 'x')).toThrow('may hold only');
  });
});

describe('faults and wire protocol', () => {
  beforeEach(() => fake.setParameter('/k', 'v'));

  test('throttling is retried by the SDK, and surfaces as ThrottlingException when retries run out', async () => {
    fake.faults.add({ operation: 'GetParameter', kind: 'throttle', times: 2 });
    expect((await get({ Name: '/k' }, 3)).$metadata.attempts).toBe(3);
    fake.faults.add({ operation: 'GetParameter', kind: 'throttle', times: Infinity });
    const error = await refusal({ Name: '/k' }, 2);
    expect([error.name, error.$metadata.httpStatusCode, error.$metadata.attempts]).toEqual(['ThrottlingException', 400, 2]);
  });

  test('a server error (InternalServerError, HTTP 500) is retried', async () => {
    fake.faults.add({ operation: 'GetParameter', kind: 'server-error' });
    expect((await get({ Name: '/k' }, 2)).$metadata.attempts).toBe(2);
    fake.faults.add({ operation: 'GetParameter', kind: 'server-error' });
    expect((await refusal({ Name: '/k' })).name).toBe('InternalServerError');
  });

  test('a dropped connection is retried, and with no retries left is a socket error', async () => {
    fake.faults.add({ operation: 'GetParameter', kind: 'drop' });
    expect((await get({ Name: '/k' }, 2)).$metadata.attempts).toBe(2);
    fake.faults.add({ operation: 'GetParameter', kind: 'drop' });
    const error = await refusal({ Name: '/k' });
    expect(`${(error as { code?: string }).code} ${error.message}`).toMatch(/ECONNRESET|socket hang up/);
  });

  test('access-denied is AccessDeniedException naming the parameter ARN, and is not retried', async () => {
    fake.faults.add({ operation: 'GetParameter', kind: 'access-denied' });
    const error = await refusal({ Name: '/k' }, 3);
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toMatch('is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:eu-west-1:210987654321:parameter/k');
    expect(fake.calls).toHaveLength(1);
  });

  test('AWS_ENDPOINT_URL_SSM points a client with no endpoint option at the fake', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_SSM;
    process.env.AWS_ENDPOINT_URL_SSM = fake.endpoint;
    const client = new SSMClient({ region: 'eu-west-1', credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
    try {
      expect((await client.send(new GetParameterCommand({ Name: '/k' }))).Parameter?.Value).toBe('v');
    } finally {
      client.destroy();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SSM;
      else process.env.AWS_ENDPOINT_URL_SSM = saved;
    }
  });

  test('another operation is UnknownOperationException', async () => {
    const response = await fetch(`${fake.endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.PutParameter' }, body: '{}' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});
