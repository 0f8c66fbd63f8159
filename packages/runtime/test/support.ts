import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { S3Client } from '@aws-sdk/client-s3';
import { FAKE_CREDENTIALS, startFakeAgentRuntime, startFakeS3, type FakeAgentRuntime, type FakeAgentRuntimeOptions, type FakeS3, type FakeS3Options } from '@agentflow/aws-fakes';
import { createAdapterHandler, type AdapterHandler, type AdapterOptions, type LambdaContextLike } from '../src/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const AGENT = 'AGENT00001';
export const ALIAS = 'ALIAS00001';
export const BUCKET = 'agentflow-offload';

export interface Rig {
  readonly agent: FakeAgentRuntime;
  readonly s3: FakeS3;
  /** Log lines the handler wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  /** The raw log lines. */
  readonly lines: string[];
  handler(options?: Partial<Omit<AdapterOptions, 'agents' | 's3' | 'log'>>): AdapterHandler;
  close(): Promise<void>;
}

/**
 * The real SDK clients against the loopback fakes: Bedrock Agent Runtime with its default HTTP/2 handler (the fake is
 * h2c), S3 path-style. One attempt each, so a refusal reaches the adapter as it would after the SDK gave up.
 */
export async function startRig(agentOptions: FakeAgentRuntimeOptions = {}, s3Options: FakeS3Options = {}): Promise<Rig> {
  const agent = await startFakeAgentRuntime(agentOptions);
  const s3 = await startFakeS3({ buckets: [BUCKET], ...s3Options });
  const agents = new BedrockAgentRuntimeClient({ endpoint: agent.endpoint, region: 'us-east-1', credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
  const s3Client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
  const lines: string[] = [];
  const logs: Record<string, unknown>[] = [];
  return {
    agent,
    s3,
    logs,
    lines,
    handler: (options = {}) =>
      createAdapterHandler({
        agents,
        s3: s3Client,
        marginMs: 0,
        ...options,
        log: (line) => {
          lines.push(line);
          logs.push(JSON.parse(line) as Record<string, unknown>);
        },
      }),
    close: async () => {
      agents.destroy();
      s3Client.destroy();
      await Promise.all([agent.close(), s3.close()]);
    },
  };
}

/** A Lambda context with `ms` left when the invocation starts. */
export function lambdaContext(ms = 60_000): LambdaContextLike {
  const end = Date.now() + ms;
  return { getRemainingTimeInMillis: () => end - Date.now(), awsRequestId: 'req-1' };
}

export function request(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { agentId: AGENT, agentAliasId: ALIAS, sessionId: 'exec-1:write-draft', inputText: 'Write the draft.', outputSchema: { type: 'string' }, maxOutputBytes: 10_000, ...fields };
}

export const PLAN_SCHEMA = {
  type: 'object',
  required: ['title', 'tasks'],
  additionalProperties: false,
  properties: { title: { type: 'string' }, tasks: { type: 'array', items: { type: 'string' } } },
};

/** The rejected error of `promise`, which must reject. */
export async function failure(promise: Promise<unknown>): Promise<Error & { cause?: unknown }> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  return outcome.error as Error & { cause?: unknown };
}
