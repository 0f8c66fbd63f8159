import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { FAKE_CREDENTIALS, startFakeS3, startFakeSns, startFakeSsm, startFakeStepFunctions, type FakeS3, type FakeSns, type FakeSsm, type FakeStepFunctions } from '@agentflow/aws-fakes';
import { createApprovalHandler, type ApprovalHandler, type HttpResponse } from '../src/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const ACCOUNT = '111122223333';
export const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:research-report-approvals`;
export const KEY_PARAMETER = '/agentflow/research-report/approval-key';
export const URL_BASE = 'https://abc123.execute-api.us-east-1.amazonaws.com/approval';
/** The workflow's offload bucket, which holds the values a request's messageParts splice. */
export const OFFLOAD_BUCKET = 'agentflow-offload-111122223333';
export const EXECUTION = `arn:aws:states:us-east-1:${ACCOUNT}:execution:research-report:run-42`;
/** Two fixed keys (base64 of 32 bytes each): the first seals. */
export const KEY_1 = Buffer.alloc(32, 0x11).toString('base64');
export const KEY_2 = Buffer.alloc(32, 0x22).toString('base64');
/** 2030-01-01T00:00:00Z, in ms: the rig's clock starts here and moves only when a test moves it. */
export const START_MS = Date.UTC(2030, 0, 1);

export interface ApprovalRig {
  readonly sfn: FakeStepFunctions;
  readonly sns: FakeSns;
  readonly ssm: FakeSsm;
  readonly s3: FakeS3;
  /** Raw log lines of every handler the rig made. */
  readonly lines: string[];
  readonly logs: Record<string, unknown>[];
  /** Every page body and header value a handler returned. */
  readonly pages: HttpResponse[];
  /** The rig's clock, in ms; tests move it. */
  clock: number;
  /** A handler as one Lambda container: its own key cache. */
  handler(env?: Record<string, string | undefined>): ApprovalHandler;
  /** Opens a task in the fake and returns its token (600 base64 characters with `+`, `/` and `=`). */
  openTask(): string;
  close(): Promise<void>;
}

/** The real SFN, SNS, SSM and S3 clients against the loopback fakes, one attempt each (a refusal reaches the code as after the SDK gave up). */
export async function startApprovalRig(options: { keys?: string } = {}): Promise<ApprovalRig> {
  const [sfn, sns, ssm, s3] = await Promise.all([
    startFakeStepFunctions({ account: ACCOUNT }),
    startFakeSns({ account: ACCOUNT, topics: [TOPIC] }),
    startFakeSsm({ account: ACCOUNT }),
    startFakeS3({ buckets: [OFFLOAD_BUCKET] }),
  ]);
  ssm.setParameter(KEY_PARAMETER, options.keys ?? KEY_1, 'SecureString');
  const common = { region: 'us-east-1', credentials: FAKE_CREDENTIALS, maxAttempts: 1 };
  const clients = {
    sfn: new SFNClient({ ...common, endpoint: sfn.endpoint }),
    sns: new SNSClient({ ...common, endpoint: sns.endpoint }),
    ssm: new SSMClient({ ...common, endpoint: ssm.endpoint }),
    s3: new S3Client({ ...common, endpoint: s3.endpoint, forcePathStyle: true }),
  };
  const lines: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const pages: HttpResponse[] = [];
  const rig: ApprovalRig = {
    sfn,
    sns,
    ssm,
    s3,
    lines,
    logs,
    pages,
    clock: START_MS,
    handler: (env = {}) => {
      const handler = createApprovalHandler({
        ...clients,
        env: { AGENTFLOW_APPROVAL_URL: URL_BASE, AGENTFLOW_APPROVAL_KEY_PARAMETER: KEY_PARAMETER, ...env },
        now: () => rig.clock,
        log: (line) => {
          lines.push(line);
          logs.push(JSON.parse(line) as Record<string, unknown>);
        },
      });
      return async (event) => {
        const result = await handler(event);
        if ('statusCode' in result) pages.push(result);
        return result;
      };
    },
    openTask: () => sfn.openTask({ executionArn: EXECUTION, stateName: 'approve-draft' }),
    close: async () => {
      for (const client of Object.values(clients)) client.destroy();
      await Promise.all([sfn.close(), sns.close(), ssm.close(), s3.close()]);
    },
  };
  return rig;
}

export function approvalRequest(token: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'agentflow.approval-request',
    version: 1,
    taskToken: token,
    workflow: 'research-report',
    step: 'approve-draft',
    execution: EXECUTION,
    topicArn: TOPIC,
    message: 'Please review the draft.',
    timeoutSeconds: 86_400,
    ...fields,
  };
}

/** The approve and reject links of an SNS message. */
export function linksOf(message: string): { approve: string; reject: string } {
  const approve = /^Approve: (\S+)$/m.exec(message)?.[1];
  const reject = /^Reject: (\S+)$/m.exec(message)?.[1];
  if (approve === undefined || reject === undefined) throw new Error(`no links in ${JSON.stringify(message.slice(0, 200))}`);
  return { approve, reject };
}

export function refOf(link: string): string {
  const ref = new URL(link).searchParams.get('ref');
  if (ref === null) throw new Error(`no ref in ${link}`);
  return ref;
}

/** A payload format 2.0 event for `link` as API Gateway sends it. */
export function httpEvent(method: string, link: string, options: { form?: Record<string, string>; base64?: boolean; email?: string; headers?: Record<string, string> } = {}): Record<string, unknown> {
  const url = new URL(link);
  const body = options.form === undefined ? undefined : new URLSearchParams(options.form).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: { host: url.host, ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }), ...options.headers },
    requestContext: {
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      ...(options.email === undefined ? {} : { authorizer: { jwt: { claims: { email: options.email }, scopes: null } } }),
    },
    ...(body === undefined ? {} : { body: options.base64 ? Buffer.from(body).toString('base64') : body, isBase64Encoded: options.base64 === true }),
  };
}

/** POSTs the form the confirmation page holds, as a browser would. */
export function postEvent(form: Record<string, string>, options: { email?: string; base64?: boolean } = {}): Record<string, unknown> {
  return httpEvent('POST', URL_BASE, { form, ...options });
}

export function page(result: unknown): HttpResponse {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) throw new Error(`expected an HTTP response, got ${JSON.stringify(result)}`);
  return result as HttpResponse;
}

/** The rejected error of a promise that must reject (one helper for every runtime test). */
export { failure } from './support.js';
