import { SendTaskHeartbeatCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { seal, type LinkKey, type Sealed } from './seal.js';
import type { ApprovalRequestPayload as ApprovalRequest } from '../contract/approval-request.js';
import { executionName } from './request.js';

/** SNS's limit on a message, the message attributes' names, types and values included (API/Publish). */
export const SNS_MESSAGE_LIMIT = 262_144;
/** API/Publish: a subject is under 100 characters, with no line breaks or control characters. */
export const SNS_SUBJECT_MAX = 99;

/** `base` with `ref` added to its query. The reference is base64url and dots, so it needs no escaping. */
export function link(base: string, ref: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}ref=${ref}`;
}

/** Epoch seconds as ISO-8601 UTC without milliseconds. */
export function isoSeconds(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The request's subject, or `Approval needed: <workflow> / <step>`, made one SNS accepts. */
export function subjectOf(request: ApprovalRequest): string {
  const wanted = request.subject ?? `Approval needed: ${request.workflow} / ${request.step}`;
  // Line breaks become spaces, any other character outside printable ASCII a `?`; a subject starts with a letter,
  // digit or punctuation, so leading spaces go.
  const printable = wanted
    .replace(/\r\n|[\r\n]/g, ' ')
    .replace(/[^\x20-\x7e]/gu, '?')
    .trimStart();
  const subject = printable.length > SNS_SUBJECT_MAX ? `${printable.slice(0, SNS_SUBJECT_MAX - 3)}...` : printable;
  return subject === '' ? `Approval needed: ${request.workflow} / ${request.step}`.replace(/[^\x20-\x7e]/gu, '?').slice(0, SNS_SUBJECT_MAX) : subject;
}

/** A JSON string is shown as written, anything else as indented JSON. */
export function messageBody(message: unknown): string {
  return typeof message === 'string' ? message : (JSON.stringify(message, null, 2) ?? 'null');
}

export interface NotificationText {
  readonly text: string;
  /** UTF-8 bytes of the reviewer message left out to fit SNS's limit; 0 when whole. */
  readonly cutBytes: number;
}

/**
 * The plain-text message: the request's message, the two links, what it is about, and that nothing is decided by
 * opening a link. When it would not fit SNS's limit (`attributeBytes` counts the message attributes), the request's
 * message is cut, never the links, and the text says how much was left out.
 */
export function notificationText(request: ApprovalRequest, links: { approve: string; reject: string }, expiresAt: number, attributeBytes: number): NotificationText {
  const body = messageBody(request.message);
  const tail = [
    '',
    '',
    `Approve: ${links.approve}`,
    `Reject: ${links.reject}`,
    '',
    `Workflow: ${request.workflow}`,
    `Step: ${request.step}`,
    `Execution: ${executionName(request.execution)}`,
    `The links expire at ${isoSeconds(expiresAt)}.`,
    '',
    'Opening a link asks for confirmation; nothing is decided until the button is pressed.',
    '',
  ].join('\n');
  const budget = SNS_MESSAGE_LIMIT - attributeBytes - Buffer.byteLength(tail, 'utf8');
  const bodyBytes = Buffer.byteLength(body, 'utf8');
  if (bodyBytes <= budget) return { text: body + tail, cutBytes: 0 };
  const note = (cut: number): string => `\n\n[${cut} bytes of this message were left out: an SNS message holds at most ${SNS_MESSAGE_LIMIT} bytes.]`;
  // The note's length with the widest number it can hold, so the actual note never takes more.
  const room = budget - Buffer.byteLength(note(bodyBytes), 'utf8');
  if (room < 0) throw new RangeError(`the links and details alone take more than an SNS message's ${SNS_MESSAGE_LIMIT} bytes`);
  const bytes = Buffer.from(body, 'utf8');
  let end = room;
  // Back off to the start of a UTF-8 character: continuation bytes are 10xxxxxx.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  const kept = bytes.subarray(0, end).toString('utf8');
  return { text: kept + note(bodyBytes - end) + tail, cutBytes: bodyBytes - end };
}

export class PublishError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'PublishError';
  }
}

export interface Notified {
  readonly messages: number;
  readonly expiresAt: number;
  /** The largest cut of any message, in bytes. */
  readonly cutBytes: number;
  readonly subject: string;
  /** UTF-8 bytes of the largest message. */
  readonly messageBytes: number;
}

/**
 * Seals an approve and a reject reference per reviewer (one pair when there is no allow-list) and publishes one
 * message per reviewer with the message attribute `reviewer`, on which each reviewer's e-mail subscription filters.
 */
export async function notifyReviewers(
  sns: SNSClient,
  request: ApprovalRequest,
  options: { readonly url: string; readonly key: LinkKey; readonly reviewers?: readonly string[]; readonly linkTtlSeconds?: number; readonly nowSeconds: number },
): Promise<Notified> {
  const expiresAt = options.nowSeconds + Math.min(request.timeoutSeconds, options.linkTtlSeconds ?? request.timeoutSeconds);
  const subject = subjectOf(request);
  const recipients: readonly (string | undefined)[] = options.reviewers ?? [undefined];
  let cutBytes = 0;
  let messageBytes = 0;
  for (const [index, reviewer] of recipients.entries()) {
    const sealed = (action: Sealed['a']): string =>
      seal({ t: request.taskToken, x: request.execution, w: request.workflow, s: request.step, a: action, e: expiresAt, ...(reviewer === undefined ? {} : { r: reviewer }) }, options.key);
    const links = { approve: link(options.url, sealed('approve')), reject: link(options.url, sealed('reject')) };
    // The attribute counts toward the limit with its name, data type and value (API/Publish, MessageAttributes).
    const attributeBytes = reviewer === undefined ? 0 : Buffer.byteLength(`reviewerString${reviewer}`, 'utf8');
    const message = notificationText(request, links, expiresAt, attributeBytes);
    cutBytes = Math.max(cutBytes, message.cutBytes);
    messageBytes = Math.max(messageBytes, Buffer.byteLength(message.text, 'utf8'));
    try {
      await sns.send(
        new PublishCommand({
          TopicArn: request.topicArn,
          Subject: subject,
          Message: message.text,
          ...(reviewer === undefined ? {} : { MessageAttributes: { reviewer: { DataType: 'String', StringValue: reviewer } } }),
        }),
      );
    } catch (error) {
      const code = (error as Error)?.name ?? 'Error';
      const hint =
        code === 'NotFound' || code === 'NotFoundException'
          ? 'the topic does not exist in this account and region; create it or fix the approval step\'s topic'
          : code === 'AuthorizationError' || code === 'AuthorizationErrorException'
            ? "the function's role needs sns:Publish on the topic (roles.approvalResponder of <workflow>.iam.json, Sid NotifyReviewers)"
            : code.startsWith('KMS')
              ? "the topic's KMS key does not let the function's role use it; add the key to kms.topics and deploy the role again"
              : 'try again; the Task fails with a name a Retry can match';
      const sent = recipients.length > 1 ? ` ${index} of ${recipients.length} reviewers had been notified; a retry notifies each of them again.` : '';
      throw new PublishError(`cannot publish the approval request to ${request.topicArn} (${code}): ${hint}.${sent}`, error);
    }
  }
  return { messages: recipients.length, expiresAt, cutBytes, subject, messageBytes };
}

/**
 * Renews a declared heartbeat once the reviewers have the links. A failure is logged, not thrown: the messages are
 * out, and failing the invocation would make a Retry send them again; an unrenewed heartbeat fails the step on its own.
 */
export async function heartbeat(sfn: SFNClient, token: string, record: Record<string, unknown>): Promise<void> {
  try {
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    record['heartbeat'] = 'sent';
  } catch (error) {
    Object.assign(record, { level: 'WARN', heartbeat: 'failed', reason: (error as Error)?.name ?? 'Error' });
  }
}
