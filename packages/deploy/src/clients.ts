import { SFNClient, type SFNClientConfig } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';

/** Step Functions' control plane refills 1 call/s (research a.3, Quotas): a few bounded SDK retries ride out bursts. */
export const DEPLOY_MAX_ATTEMPTS = 5;

/** The clients a deploy uses, and where they send requests (for error messages). */
export interface DeployClients {
  readonly region: string;
  readonly sfn: SFNClient;
  readonly sts: STSClient;
  /** The endpoint each service is reached at, as the user configured it (for "cannot reach …" messages). */
  readonly endpoints: { readonly sfn: string; readonly sts: string };
}

export interface ClientOptions {
  readonly maxAttempts?: number;
  /** Replaces the SDK's standard retry strategy (tests use short delays). */
  readonly retryStrategy?: SFNClientConfig['retryStrategy'];
  /** Explicit endpoints and credentials instead of the default chains (tests). */
  readonly endpoints?: { readonly sfn: string; readonly sts: string };
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Builds the clients; a factory with this shape is what commands take, so tests can inject their own. */
export type ClientFactory = (region: string) => DeployClients;

/**
 * Clients for `region` with credentials and endpoints from the SDK's default chains, so `AWS_PROFILE`, web identity
 * (GitHub OIDC), `AWS_ENDPOINT_URL_SFN` and `AWS_ENDPOINT_URL_STS` all work as they do for the AWS CLI.
 */
export function createClients(region: string, options: ClientOptions = {}): DeployClients {
  const common = {
    region,
    maxAttempts: options.maxAttempts ?? DEPLOY_MAX_ATTEMPTS,
    ...(options.retryStrategy ? { retryStrategy: options.retryStrategy } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  return {
    region,
    sfn: new SFNClient({ ...common, ...(options.endpoints ? { endpoint: options.endpoints.sfn } : {}) }),
    sts: new STSClient({ ...common, ...(options.endpoints ? { endpoint: options.endpoints.sts } : {}) }),
    endpoints: options.endpoints ?? {
      sfn: process.env.AWS_ENDPOINT_URL_SFN ?? process.env.AWS_ENDPOINT_URL ?? `https://states.${region}.amazonaws.com`,
      sts: process.env.AWS_ENDPOINT_URL_STS ?? process.env.AWS_ENDPOINT_URL ?? `https://sts.${region}.amazonaws.com`,
    },
  };
}

/** The default factory: production settings. */
export const defaultClients: ClientFactory = (region) => createClients(region);

interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

/**
 * A retry strategy with the SDK's retry-strategy interface (acquire / refresh / recordSuccess) that retries
 * throttling, transient and server errors up to `maxAttempts` with a fixed short delay; for tests, where the
 * standard strategy's seconds of backoff would only slow the suite down.
 */
export function fixedDelayRetries(maxAttempts: number, delayMs = 1): NonNullable<SFNClientConfig['retryStrategy']> {
  const token = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => delayMs });
  return {
    mode: 'standard',
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous: RetryToken, info: { errorType: string }) => {
      if (info.errorType === 'CLIENT_ERROR' || previous.getRetryCount() + 1 >= maxAttempts) throw new Error('no retry');
      return token(previous.getRetryCount() + 1);
    },
    recordSuccess: () => {},
  } as unknown as NonNullable<SFNClientConfig['retryStrategy']>;
}
