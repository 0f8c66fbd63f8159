import { FaultPlan, type FaultKind } from '../faults.js';
import { startLoopback, type LoopbackReply, type LoopbackRequest } from '../loopback-server.js';
import { SnsRefusal, checkSize, checkSubject, checkTopicArn, readMessageAttributes } from './publish-rules.js';

/**
 * SNS Publish on a loopback port, over awsQuery as the real service speaks it: a form-encoded POST body
 * `Action=Publish&Version=2010-03-31&TopicArn=…&Message=…` and an XML reply; errors in the awsQuery shape
 * `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`
 * (SNS API reference, Publish: https://docs.aws.amazon.com/sns/latest/api/API_Publish.html; research file E4).
 */

export interface SnsCall {
  readonly operation: string;
  /** The form fields of the request, by name. */
  readonly input: Record<string, string>;
}

export interface PublishedMessage {
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly messageAttributes: Record<string, { dataType: string; stringValue?: string }>;
  readonly messageId: string;
}

export interface FakeSns {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  readonly faults: FaultPlan;
  /** Every request received, in order, including those a fault or a rule refused. */
  readonly calls: SnsCall[];
  /** The messages Publish accepted, in order. */
  readonly published: PublishedMessage[];
  close(): Promise<void>;
}

export interface FakeSnsOptions {
  /** Default us-east-1. */
  region?: string;
  /** Default 123456789012. */
  account?: string;
  /** Topic ARNs that exist; Publish to any other is NotFound. Default: every well-formed topic ARN exists. */
  topics?: readonly string[];
}

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

export async function startFakeSns(options: FakeSnsOptions = {}): Promise<FakeSns> {
  const account = options.account ?? '123456789012';
  const topics = options.topics ? new Set(options.topics) : undefined;
  const faults = new FaultPlan();
  const calls: SnsCall[] = [];
  const published: PublishedMessage[] = [];
  let requests = 0;

  // The request id travels both in the body and in `x-amzn-requestid`, which the SDK reads into `$metadata`.
  const requestId = (): string => {
    requests += 1;
    return `00000000-0000-4000-c000-${String(requests).padStart(12, '0')}`;
  };
  const xml = (status: number, id: string, body: string): LoopbackReply => ({ status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id }, body });
  const error = (status: number, type: 'Sender' | 'Receiver', code: string, message: string): LoopbackReply => {
    const id = requestId();
    return xml(status, id, `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`);
  };

  // Codes and statuses from the SNS model's awsQueryError traits (@aws-sdk/client-sns 3.1164.0).
  const injected = (fault: FaultKind, operation: string, topicArn: string): LoopbackReply => {
    switch (fault) {
      case 'drop':
        return { drop: true };
      case 'throttle':
        // ThrottledException, HTTP 429, which the SDK classifies as throttling and retries.
        return error(429, 'Sender', 'Throttled', 'Rate exceeded');
      case 'server-error':
        return error(500, 'Receiver', 'InternalError', 'Internal Error');
      case 'access-denied':
        return error(403, 'Sender', 'AuthorizationError', `User: arn:aws:sts::${account}:assumed-role/approval-responder/session is not authorized to perform: SNS:${operation} on resource: ${topicArn || '*'} because no identity-based policy allows the SNS:${operation} action`);
      case 'conflict':
        return error(400, 'Sender', 'ConcurrentAccess', `Can't perform multiple operations on a resource simultaneously: a concurrent ${operation} is in progress`);
    }
  };

  const publish = (form: URLSearchParams): LoopbackReply => {
    const topicArn = checkTopicArn(form.get('TopicArn') ?? form.get('TargetArn'));
    const message = form.get('Message');
    if (message === null || message === '') throw new SnsRefusal('InvalidParameter', 400, 'Invalid parameter: Empty message');
    const subject = checkSubject(form.get('Subject'));
    const messageAttributes = readMessageAttributes(form);
    checkSize(message, messageAttributes);
    if (topics && !topics.has(topicArn)) throw new SnsRefusal('NotFound', 404, 'Topic does not exist');
    const messageId = `00000000-0000-4000-d000-${String(published.length + 1).padStart(12, '0')}`;
    published.push({ topicArn, ...(subject !== undefined ? { subject } : {}), message, messageAttributes, messageId });
    const id = requestId();
    return xml(200, id, `<PublishResponse xmlns="${XMLNS}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></PublishResponse>`);
  };

  const handle = (request: LoopbackRequest): LoopbackReply => {
    const form = new URLSearchParams(request.method === 'POST' ? request.body.toString('utf8') : (request.url.split('?')[1] ?? ''));
    const operation = form.get('Action') ?? '';
    calls.push({ operation, input: Object.fromEntries(form) });
    if (operation !== 'Publish') return error(400, 'Sender', 'InvalidAction', `Could not find operation ${operation || '(no Action)'} for version ${form.get('Version') ?? '(no Version)'}`);
    const fault = faults.take(operation);
    if (fault) return injected(fault, operation, form.get('TopicArn') ?? '');
    try {
      return publish(form);
    } catch (refusal) {
      if (refusal instanceof SnsRefusal) return error(refusal.status, 'Sender', refusal.code, refusal.message);
      throw refusal;
    }
  };

  const server = await startLoopback(handle);
  return { endpoint: server.endpoint, faults, calls, published, close: () => server.close() };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
