import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { FAKE_CREDENTIALS, startFakeS3, startFakeSns, startFakeSsm, startFakeStepFunctions, type FakeS3, type FakeSns, type FakeSsm, type FakeStepFunctions } from '@agentflow/aws-fakes';
import { isAllowed, type EvalPolicy } from '../../compiler/test/iam/helpers/iam-evaluator.js';
import { createApprovalHandler, type ApprovalHandler } from '../src/index.js';
import type { AwsCall, LambdaPlace } from './iam-rig.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * The IAM request of an SDK command the responder sends (Service Authorization Reference): SNS `Publish` on the topic,
 * SSM `GetParameter` on the parameter ARN (the name without its leading slash), S3 `GetObject` on the object.
 * `SendTask*` carry only a token; the compiled policy scopes them to the state machine of the token's execution
 * (docs/iam.md, "The approval responder's scope"), so that is the resource judged here.
 */
function iamCall(command: string, input: Record<string, unknown>, place: LambdaPlace, machineOf: (token: string) => string): AwsCall {
  switch (command) {
    case 'PublishCommand':
      return { action: 'sns:Publish', resource: String(input['TopicArn']) };
    case 'GetParameterCommand':
      return { action: 'ssm:GetParameter', resource: `arn:${place.partition}:ssm:${place.region}:${place.account}:parameter/${String(input['Name']).replace(/^\//, '')}` };
    case 'GetObjectCommand':
    case 'HeadObjectCommand':
      return { action: 's3:GetObject', resource: `arn:${place.partition}:s3:::${String(input['Bucket'])}/${String(input['Key'])}` };
    case 'SendTaskSuccessCommand':
    case 'SendTaskFailureCommand':
    case 'SendTaskHeartbeatCommand':
      return { action: `states:${command.slice(0, -'Command'.length)}`, resource: machineOf(String(input['taskToken'])) };
    default:
      throw new Error(`The responder sent ${command}, which this IAM mapping does not know: add it, and the grant it needs.`);
  }
}

export interface ResponderRig {
  readonly sfn: FakeStepFunctions;
  readonly sns: FakeSns;
  readonly ssm: FakeSsm;
  readonly s3: FakeS3;
  /** Every call the responder made under its role, allowed or not, and those the policy denied. */
  readonly calls: AwsCall[];
  readonly denied: AwsCall[];
  readonly logs: string[];
  /** The responder as one Lambda container, with these function settings. */
  handler(env?: Record<string, string>): ApprovalHandler;
  /** Makes the fake Step Functions wait for `token`, a task of `executionArn`. */
  openTask(token: string, executionArn: string): void;
  close(): Promise<void>;
}

/**
 * The responder's real SDK clients against the loopback fakes, each command first judged against the compiled
 * responder policy as IAM would; a denied call never reaches a fake and fails as AccessDenied.
 */
export async function startResponderRig(options: { policy: EvalPolicy; place: LambdaPlace; keyParameter: string; key: string; buckets: readonly string[]; topics: readonly string[]; s3?: FakeS3 }): Promise<ResponderRig> {
  const { place } = options;
  const [sfn, sns, ssm, s3] = await Promise.all([
    startFakeStepFunctions({ region: place.region, account: place.account }),
    startFakeSns({ region: place.region, account: place.account, topics: options.topics }),
    startFakeSsm({ region: place.region, account: place.account }),
    // The adapter's S3, when the test plays both: the responder reads the objects the adapter offloaded.
    options.s3 ?? startFakeS3({ buckets: options.buckets }),
  ]);
  ssm.setParameter(options.keyParameter, options.key, 'SecureString');
  const machines = new Map<string, string>();
  const machineOf = (token: string) => machines.get(token) ?? 'unknown-task';
  const calls: AwsCall[] = [];
  const denied: AwsCall[] = [];
  const logs: string[] = [];
  const common = { region: place.region, credentials: FAKE_CREDENTIALS, maxAttempts: 1 };
  const clients = {
    sfn: new SFNClient({ ...common, endpoint: sfn.endpoint }),
    sns: new SNSClient({ ...common, endpoint: sns.endpoint }),
    ssm: new SSMClient({ ...common, endpoint: ssm.endpoint }),
    s3: new S3Client({ ...common, endpoint: s3.endpoint, forcePathStyle: true }),
  };
  const gate = (next: (args: { input: object }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: object }) => {
    const call = iamCall(context.commandName ?? '', args.input as Record<string, unknown>, place, machineOf);
    calls.push(call);
    if (!isAllowed(options.policy, call.action, call.resource)) {
      denied.push(call);
      const error = new Error(`User is not authorized to perform: ${call.action} on resource: ${call.resource}`);
      error.name = context.commandName === 'PublishCommand' ? 'AuthorizationError' : 'AccessDeniedException';
      throw error;
    }
    return next(args);
  };
  // Each client's stack is typed by its own service; the gate reads only the command name and the input.
  for (const client of Object.values(clients) as { middlewareStack: { add(m: never, o: { step: 'initialize'; name: string }): void } }[]) client.middlewareStack.add(gate as never, { step: 'initialize', name: 'iamGate' });
  return {
    sfn,
    sns,
    ssm,
    s3,
    calls,
    denied,
    logs,
    handler: (env = {}) =>
      createApprovalHandler({ ...clients, env, log: (line) => void logs.push(line) }),
    openTask: (token, executionArn) => {
      sfn.openTask({ executionArn, token });
      // arn:aws:states:region:account:execution:machine:name → the state machine's ARN.
      const [arn, partition, , region, account, , machine] = executionArn.split(':');
      machines.set(token, `${arn}:${partition}:states:${region}:${account}:stateMachine:${machine}`);
    },
    close: async () => {
      for (const client of Object.values(clients)) client.destroy();
      await Promise.all([sfn.close(), sns.close(), ssm.close(), ...(options.s3 ? [] : [s3.close()])]);
    },
  };
}
