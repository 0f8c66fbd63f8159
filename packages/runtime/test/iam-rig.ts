import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { S3Client } from '@aws-sdk/client-s3';
import { answerTurn, FAKE_CREDENTIALS, startFakeAgentRuntime, startFakeS3, type AgentTurn, type FakeAgentRuntime, type FakeS3 } from '@agentflow/aws-fakes';
import { globMatch, isAllowed, type EvalPolicy } from '../../compiler/test/iam/helpers/iam-evaluator.js';
import { createAdapterHandler, type AdapterHandler } from '../src/index.js';
import { bedrockSessionId } from '../src/session.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** One AWS API call as IAM authorizes it: the action and the resource ARN it names. */
export interface AwsCall {
  readonly action: string;
  readonly resource: string;
}

/** Where the adapter Lambda runs: the partition, region and account of its function ARN. */
export interface LambdaPlace {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/**
 * The IAM request of an SDK command the adapter sends (Service Authorization Reference: Bedrock `InvokeAgent` on an
 * `agent-alias` ARN; S3 `GetObject`/`PutObject` on the object ARN, HeadObject authorized as `s3:GetObject`).
 */
export function iamCall(command: string, input: Record<string, unknown>, place: LambdaPlace): AwsCall {
  switch (command) {
    case 'InvokeAgentCommand':
      return { action: 'bedrock:InvokeAgent', resource: `arn:${place.partition}:bedrock:${place.region}:${place.account}:agent-alias/${String(input['agentId'])}/${String(input['agentAliasId'])}` };
    case 'PutObjectCommand':
      return { action: 's3:PutObject', resource: `arn:${place.partition}:s3:::${String(input['Bucket'])}/${String(input['Key'])}` };
    case 'GetObjectCommand':
    case 'HeadObjectCommand':
      return { action: 's3:GetObject', resource: `arn:${place.partition}:s3:::${String(input['Bucket'])}/${String(input['Key'])}` };
    default:
      throw new Error(`The adapter sent ${command}, which this IAM mapping does not know: add it, and the grant it needs.`);
  }
}

/** The error AWS answers a call the caller's policies do not allow (403, the service's AccessDenied code). */
function accessDenied(command: string, call: AwsCall): Error {
  const error = new Error(`User is not authorized to perform: ${call.action} on resource: ${call.resource}`);
  error.name = command === 'InvokeAgentCommand' ? 'AccessDeniedException' : 'AccessDenied';
  return error;
}

export interface IamRig {
  readonly agent: FakeAgentRuntime;
  readonly s3: FakeS3;
  /** The real handler with clients that record each command and refuse what the role's policy denies. */
  readonly handler: AdapterHandler;
  /** Every call the handler made under the role, allowed or not. */
  readonly calls: AwsCall[];
  /** Calls the policy denied: they never reached the fakes, and the SDK raised AccessDenied as AWS would. */
  readonly denied: AwsCall[];
  /** What the agent answers in a session (the request's session id, mapped as InvokeAgent receives it). */
  answer(agentId: string, sessionId: string, text: string): void;
  /** Agents that refuse every call (ValidationException: the adapter's `Agentflow.AgentFailed`), to reach Catch paths. */
  readonly failing: Set<string>;
  close(): Promise<void>;
}

export interface RigOptions {
  /** The adapter role's policy, which the clients enforce. */
  readonly policy: EvalPolicy;
  readonly place: LambdaPlace;
  readonly buckets: readonly string[];
  /**
   * Whether the role may list the prefixes the adapter reads: S3 then answers a missing key with 404 NoSuchKey, else
   * with 403 AccessDenied (S3 API reference, GetObject, "Permissions").
   */
  readonly listBucket: boolean;
}

/**
 * The real SDK clients against the loopback fakes, with a middleware in front of every command that records its IAM
 * request and, like IAM, lets it through only if the role's policy allows it.
 */
export async function startIamRig(options: RigOptions): Promise<IamRig> {
  const answers = new Map<string, string>();
  const failing = new Set<string>();
  const calls: AwsCall[] = [];
  const denied: AwsCall[] = [];
  const respond = (call: { agentId: string; sessionId: string }): AgentTurn => {
    if (failing.has(call.agentId)) return { refuse: { status: 400, type: 'ValidationException', message: `agent ${call.agentId} fails in this run` } };
    const text = answers.get(`${call.agentId} ${call.sessionId}`);
    return text === undefined ? { refuse: { status: 404, type: 'ResourceNotFoundException', message: `no answer for ${call.agentId} in session ${call.sessionId}` } } : answerTurn(text, { chunks: 2 });
  };
  const agent = await startFakeAgentRuntime({ respond });
  const s3 = await startFakeS3({ buckets: options.buckets, withoutListBucket: !options.listBucket });
  const clientOptions = { region: options.place.region, credentials: FAKE_CREDENTIALS, maxAttempts: 1 };
  const agents = new BedrockAgentRuntimeClient({ endpoint: agent.endpoint, ...clientOptions });
  const s3Client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, ...clientOptions });
  // An initialize middleware sees each command once, before signing and sending, as IAM would judge it.
  const gate = (next: (args: { input: object }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: object }) => {
    const call = iamCall(context.commandName ?? '', args.input as Record<string, unknown>, options.place);
    calls.push(call);
    if (!isAllowed(options.policy, call.action, call.resource)) {
      denied.push(call);
      throw accessDenied(context.commandName ?? '', call);
    }
    return next(args);
  };
  agents.middlewareStack.add(gate as never, { step: 'initialize', name: 'iamGate' });
  s3Client.middlewareStack.add(gate as never, { step: 'initialize', name: 'iamGate' });
  const handler = createAdapterHandler({ agents, s3: s3Client, marginMs: 0, log: () => {} });
  return {
    agent,
    s3,
    handler,
    calls,
    denied,
    failing,
    answer: (agentId, sessionId, text) => answers.set(`${agentId} ${bedrockSessionId(sessionId)}`, text),
    close: async () => {
      agents.destroy();
      s3Client.destroy();
      await Promise.all([agent.close(), s3.close()]);
    },
  };
}

/** Whether some call of `calls` is granted by the statement's `action` on `resource` (IAM's wildcards). */
export function grantUsed(action: string, resource: string, calls: readonly AwsCall[]): boolean {
  return calls.some((c) => globMatch(action, c.action, true) && globMatch(resource, c.resource));
}

/**
 * Whether S3 answers GetObject of a missing `key` with 404 NoSuchKey rather than 403 AccessDenied: only when the
 * caller may s3:ListBucket the bucket (S3 API reference, GetObject, "Permissions"), a check S3 makes with the object
 * key as `s3:prefix`, so a ListBucket grant limited by an `s3:prefix` condition counts for keys it covers (AWS
 * behaviour that Ceph RGW reproduces: https://github.com/ceph/ceph/pull/68577).
 */
export function listsPrefix(policy: EvalPolicy, partition: string, bucket: string, key: string): boolean {
  return isAllowed(policy, 's3:ListBucket', `arn:${partition}:s3:::${bucket}`, { 's3:prefix': key });
}
