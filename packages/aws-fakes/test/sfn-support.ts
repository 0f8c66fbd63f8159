import { SFNClient, type SFNClientConfig } from '@aws-sdk/client-sfn';
import { expect } from 'vitest';
import { FAKE_CREDENTIALS } from '../src/credentials.js';
import type { FakeStepFunctions } from '../src/sfn/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const ROLE = 'arn:aws:iam::123456789012:role/agentflow-deployer';
export const OTHER_ROLE = 'arn:aws:iam::123456789012:role/other';

/** A definition naming its start state `s`, distinct per `marker`. */
export function definition(marker = 'a'): string {
  return JSON.stringify({ StartAt: 'S', States: { S: { Type: 'Pass', Comment: marker, End: true } } });
}

/**
 * The SDK's standard retry classification with no backoff: retries what the SDK calls THROTTLING or TRANSIENT
 * errors (as StandardRetryStrategy does) up to `maxAttempts`, so retry tests take milliseconds, not seconds.
 */
export function fastRetry(maxAttempts: number): NonNullable<SFNClientConfig['retryStrategy']> {
  const token = (count: number) => ({ getRetryCount: () => count, getRetryDelay: () => 0 });
  return {
    mode: 'standard',
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous: { getRetryCount(): number }, info: { errorType: string; error?: unknown }) => {
      const next = previous.getRetryCount() + 1;
      if ((info.errorType !== 'THROTTLING' && info.errorType !== 'TRANSIENT') || next >= maxAttempts) throw info.error ?? new Error('no retry');
      return token(next);
    },
    recordSuccess: () => {},
  } as unknown as NonNullable<SFNClientConfig['retryStrategy']>;
}

export function sfnClient(fake: { endpoint: string }, maxAttempts = 1): SFNClient {
  return new SFNClient({ endpoint: fake.endpoint, region: 'us-east-1', credentials: FAKE_CREDENTIALS, retryStrategy: fastRetry(maxAttempts) });
}

/** Sends a request AWS refuses: the SDK throws its typed error `name`, and the fake's state is unchanged. */
export async function expectRefused(fake: FakeStepFunctions, send: () => Promise<unknown>, name: string, message?: RegExp): Promise<Error> {
  const before = fake.snapshot();
  const error = await send().then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error?.name, `expected ${name}`).toBe(name);
  if (message) expect(error?.message).toMatch(message);
  expect(fake.snapshot()).toEqual(before);
  return error as Error;
}
