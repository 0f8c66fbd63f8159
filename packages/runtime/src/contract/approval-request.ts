import schema from './approval-request.schema.json' with { type: 'json' };

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
  readonly message: unknown;
  readonly timeoutSeconds: number;
  readonly heartbeatSeconds?: number;
}

/** JSON Schema (2020-12) of the approval request; the compiler's goldens and the simulator are checked against it. */
export const APPROVAL_REQUEST_SCHEMA: Readonly<Record<string, unknown>> = schema;
