// The schema lives with the adapter that enforces it (@agentflow/runtime, which ships alone in a Lambda zip and so
// cannot import the compiler); the compiler holds a checked copy.
import schema from './agent-adapter-request.schema.js';

/**
 * JSON Schema (2020-12) of the agent adapter request: the Lambda `Payload` compiled agent steps send. It is the
 * contract of docs/agent-adapter.md in checkable form: the compiled goldens and the simulator's adapter are checked
 * against it, and a deployed adapter validates its requests with it. The JSON file
 * (packages/runtime/src/contract/) is the source, so an adapter in another package or language can read it as is.
 */
export const AGENT_ADAPTER_REQUEST_SCHEMA: Readonly<Record<string, unknown>> = schema;

/** The error an adapter raises when the JSON of what it would return exceeds the request's `maxOutputBytes`. */
export const ANSWER_TOO_LARGE = 'Agentflow.AnswerTooLarge';
