export { adapterHandler, createAdapterHandler, STATE_PAYLOAD_LIMIT, type AdapterHandler, type AdapterOptions, type LambdaContextLike } from './adapter.js';
export { ADAPTER_ERRORS, AdapterError, type AdapterErrorName } from './errors.js';
export { AGENT_ADAPTER_REQUEST_SCHEMA, parseAdapterRequest, type AdapterRequest, type ExpandPart, type OffloadDirective } from './contract/request.js';
export { bedrockSessionId } from './session.js';
export { extractJson } from './answer-json.js';
export { APPROVAL_REQUEST_KIND, APPROVAL_REQUEST_SCHEMA, type ApprovalRequestPayload } from './contract/approval-request.js';
