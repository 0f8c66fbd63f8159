// As for the adapter request: the schema lives with the responder that enforces it (@agentflow/runtime); this is a checked copy.
import schema from './approval-request.schema.js';

/**
 * JSON Schema (2020-12) of the approval request: the Lambda `Payload` a compiled approval step sends to the
 * workflow's approval responder (docs/agent-adapter.md, "Approvals"). The compiled goldens and the simulator's
 * responder are checked against it.
 */
export const APPROVAL_REQUEST_SCHEMA: Readonly<Record<string, unknown>> = schema;

/** The `kind` of an approval request, which tells it from the responder's other events. */
export const APPROVAL_REQUEST_KIND = 'agentflow.approval-request';

/** The contract version the compiler emits. */
export const APPROVAL_REQUEST_VERSION = 1;
