export { adapterHandler, createAdapterHandler, STATE_PAYLOAD_LIMIT, type AdapterHandler, type AdapterOptions, type LambdaContextLike } from './adapter.js';
export { ADAPTER_ERRORS, AdapterError, type AdapterErrorName } from './errors.js';
export { AGENT_ADAPTER_REQUEST_SCHEMA, parseAdapterRequest, type AdapterRequest, type ExpandPart, type OffloadDirective } from './contract/request.js';
export { bedrockSessionId } from './session.js';
export { extractJson } from './answer-json.js';
export { approvalHandler, createApprovalHandler, type ApprovalDeps, type ApprovalHandler, type ApprovalResult } from './approval/handler.js';
export type { HttpResponse } from './approval/http-event.js';
export { APPROVAL_ERRORS, ApprovalError, type ApprovalErrorName } from './errors.js';
export { APPROVAL_REQUEST_KIND, APPROVAL_REQUEST_SCHEMA, type ApprovalRequestPayload } from './contract/approval-request.js';
