import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { APPROVAL_REQUEST_KIND, APPROVAL_REQUEST_SCHEMA, type ApprovalRequestPayload } from '../contract/approval-request.js';
import { APPROVAL_ERRORS, ApprovalError } from '../errors.js';

/** Whether the event claims to be an approval request (then it is checked, and refused with every fault named). */
export function looksLikeApprovalRequest(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as Record<string, unknown>)['kind'] === APPROVAL_REQUEST_KIND;
}

let validate: ValidateFunction | undefined;

/**
 * Checks the event against approval-request.schema.json, the schema the compiler's goldens and the simulator are
 * checked against; anything else is `Agentflow.InvalidRequest`, each fault named by its JSON pointer. Ajv's messages
 * name the rule broken, never the value, so the token is not quoted.
 */
export function parseApprovalRequest(event: unknown): ApprovalRequestPayload {
  // strictRequired off: the schema's `oneOf` branches name required fields that `properties` defines at the top.
  validate ??= new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(APPROVAL_REQUEST_SCHEMA);
  if (validate(event)) return event as ApprovalRequestPayload;
  const faults = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` ('${String(e.params['additionalProperty'])}')` : ''}`);
  throw new ApprovalError(
    APPROVAL_ERRORS.InvalidRequest,
    `The approval request breaks the contract (docs/runtime.md, The approval responder): ${faults.join('; ')}. Compile the workflow again with this agentflow version and deploy its state machine and responder together.`,
  );
}

/** The name of an execution: the ARN's eighth field (`arn:aws:states:region:account:execution:machine:name`). */
export function executionName(arn: string): string {
  return arn.split(':')[7] ?? arn;
}
