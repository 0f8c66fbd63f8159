import { GetCallerIdentityCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { FAKE_CREDENTIALS } from '../src/credentials.js';
import { startFakeSts, type FakeSts } from '../src/index.js';
import { fastRetry } from './sfn-support.js';

let fake: FakeSts;

beforeEach(async () => {
  fake = await startFakeSts({ account: '210987654321' });
});
afterEach(async () => {
  await fake.close();
});

async function whoAmI(config: STSClientConfig = { endpoint: fake.endpoint }, maxAttempts = 1) {
  const client = new STSClient({ region: 'us-east-1', credentials: FAKE_CREDENTIALS, retryStrategy: fastRetry(maxAttempts) as STSClientConfig['retryStrategy'], ...config });
  try {
    return await client.send(new GetCallerIdentityCommand({}));
  } finally {
    client.destroy();
  }
}

test('GetCallerIdentity returns the account, ARN and user id', async () => {
  const out = await whoAmI();
  expect(out).toMatchObject({ Account: '210987654321', Arn: 'arn:aws:sts::210987654321:assumed-role/deployer/session', UserId: 'AROAFAKEFAKEFAKEFAKE:session' });
  expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(fake.calls).toEqual([{ operation: 'GetCallerIdentity' }]);
});

test('the arn option is returned as given', async () => {
  const custom = await startFakeSts({ arn: 'arn:aws:iam::123456789012:user/ci' });
  try {
    const out = await whoAmI({ endpoint: custom.endpoint });
    expect([out.Account, out.Arn]).toEqual(['123456789012', 'arn:aws:iam::123456789012:user/ci']);
  } finally {
    await custom.close();
  }
});

test('AWS_ENDPOINT_URL_STS points a client with no endpoint option at the fake', async () => {
  const saved = process.env.AWS_ENDPOINT_URL_STS;
  process.env.AWS_ENDPOINT_URL_STS = fake.endpoint;
  try {
    expect((await whoAmI({})).Account).toBe('210987654321');
  } finally {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
    else process.env.AWS_ENDPOINT_URL_STS = saved;
  }
});

test('access-denied is parsed from the awsQuery XML error shape', async () => {
  fake.faults.add({ operation: 'GetCallerIdentity', kind: 'access-denied' });
  const error = (await whoAmI().catch((e: unknown) => e)) as Error & { $metadata?: { httpStatusCode?: number } };
  expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['AccessDenied', 403]);
  expect(error.message).toMatch(/is not authorized to perform: sts:GetCallerIdentity/);
});

test('throttling is retried by the SDK', async () => {
  fake.faults.add({ operation: 'GetCallerIdentity', kind: 'throttle', times: 2 });
  const out = await whoAmI({ endpoint: fake.endpoint }, 3);
  expect(out.$metadata.attempts).toBe(3);
  expect(fake.calls).toHaveLength(3);
});

test('a dropped connection is retried by the SDK', async () => {
  fake.faults.add({ operation: 'GetCallerIdentity', kind: 'drop' });
  expect((await whoAmI({ endpoint: fake.endpoint }, 2)).$metadata.attempts).toBe(2);
});

test('another action is InvalidAction', async () => {
  const response = await fetch(`${fake.endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=AssumeRole&Version=2011-06-15' });
  expect(response.status).toBe(400);
  expect(await response.text()).toMatch(/<Code>InvalidAction<\/Code>/);
});
