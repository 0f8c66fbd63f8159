import schema from './approval-request.schema.json' with { type: 'json' };
import type { ExpandPart } from './request.js';

/** The `kind` that marks an approval request among the events the approval responder receives. */
export const APPROVAL_REQUEST_KIND = 'agentflow.approval-request';

/**
 * The Lambda `Payload` of a compiled approval step (lambda:invoke.waitForTaskToken to the workflow's approval
 * responder), as approval-request.schema.json defines it. The task token reaches only the responder.
 */
export interface ApprovalRequestPayload {
  readonly kind: typeof APPROVAL_REQUEST_KIND;
  readonly version: 1;
  readonly taskToken: string;
  readonly workflow: string;
  readonly step: string;
  /** The execution ARN. */
  readonly execution: string;
  /** The SNS topic the reviewers are notified on. */
  readonly topicArn: string;
  readonly subject?: string;
  /** Any JSON: a string is shown as written, anything else as indented JSON. Exactly one of message and messageParts. */
  readonly message?: unknown;
  /**
   * The message when it splices offloaded values: text and expand parts, concatenated in order once each expand
   * part is replaced with what it points to in S3 (the adapter's `inputParts`).
   */
  readonly messageParts?: readonly (string | ExpandPart)[];
  readonly timeoutSeconds: number;
  readonly heartbeatSeconds?: number;
}

/** JSON Schema (2020-12) of the approval request; the compiler's goldens and the simulator are checked against it. */
export const APPROVAL_REQUEST_SCHEMA: Readonly<Record<string, unknown>> = schema;
