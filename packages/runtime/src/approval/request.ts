import { APPROVAL_ERRORS, ApprovalError } from '../errors.js';

/**
 * The approval request a compiled approval step sends as the Lambda `Payload` (the approval design, item 1):
 * `lambda:invoke.waitForTaskToken` with the task token inside.
 */
export interface ApprovalRequest {
  readonly kind: 'agentflow.approval-request';
  readonly version: 1;
  readonly taskToken: string;
  readonly workflow: string;
  readonly step: string;
  /** The execution ARN. */
  readonly execution: string;
  /** The SNS topic the reviewers are notified on. */
  readonly topicArn: string;
  readonly subject?: string;
  /** Any JSON: a string is shown as written, anything else as indented JSON. */
  readonly message: unknown;
  readonly timeoutSeconds: number;
  readonly heartbeatSeconds?: number;
}

export const APPROVAL_REQUEST_KIND = 'agentflow.approval-request';

const FIELDS = new Set(['kind', 'version', 'taskToken', 'workflow', 'step', 'execution', 'topicArn', 'subject', 'message', 'timeoutSeconds', 'heartbeatSeconds']);

/** Whether the event claims to be an approval request (then it is checked, and refused with every fault named). */
export function looksLikeApprovalRequest(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as Record<string, unknown>)['kind'] === APPROVAL_REQUEST_KIND;
}

/** Checks every field; faults are named by field, never quoting the token. */
export function parseApprovalRequest(event: unknown): ApprovalRequest {
  const faults: string[] = [];
  const e = (typeof event === 'object' && event !== null && !Array.isArray(event) ? event : {}) as Record<string, unknown>;
  if (e !== event) faults.push('/ must be an object');
  const text = (field: string, max: number, optional = false): void => {
    const v = e[field];
    if (v === undefined && optional) return;
    if (typeof v !== 'string' || v.length < 1 || v.length > max) faults.push(`/${field} must be a string of 1 to ${max} characters`);
  };
  const integer = (field: string, optional = false): void => {
    const v = e[field];
    if (v === undefined && optional) return;
    if (!Number.isSafeInteger(v) || (v as number) < 1) faults.push(`/${field} must be a whole number of at least 1`);
  };
  if (e['kind'] !== APPROVAL_REQUEST_KIND) faults.push(`/kind must be '${APPROVAL_REQUEST_KIND}'`);
  if (e['version'] !== 1) faults.push('/version must be 1');
  // Task tokens are 1 to 2048 characters (API/SendTaskSuccess).
  text('taskToken', 2048);
  text('workflow', 1024);
  text('step', 1024);
  text('execution', 2048);
  text('topicArn', 1024);
  text('subject', 1024, true);
  if (!('message' in e)) faults.push('/message is required');
  integer('timeoutSeconds');
  integer('heartbeatSeconds', true);
  if (typeof e['execution'] === 'string' && !/^arn:[^:]+:states:[^:]*:[^:]*:execution:/.test(e['execution'])) faults.push('/execution must be an execution ARN');
  if (typeof e['topicArn'] === 'string' && !/^arn:[^:]+:sns:[^:]+:\d{12}:[^:]+$/.test(e['topicArn'])) faults.push('/topicArn must be an SNS topic ARN');
  for (const field of Object.keys(e)) if (!FIELDS.has(field)) faults.push(`/ has the unknown field '${field}'`);
  if (faults.length > 0) {
    throw new ApprovalError(
      APPROVAL_ERRORS.InvalidRequest,
      `The approval request breaks the contract (docs/runtime.md, The approval responder): ${faults.join('; ')}. Compile the workflow again with this agentflow version and deploy its state machine and responder together.`,
    );
  }
  return e as unknown as ApprovalRequest;
}

/** The name of an execution: the ARN's eighth field (`arn:aws:states:region:account:execution:machine:name`). */
export function executionName(arn: string): string {
  return arn.split(':')[7] ?? arn;
}
