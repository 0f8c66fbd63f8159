import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import schema from './agent-adapter-request.schema.json' with { type: 'json' };
import { ADAPTER_ERRORS, AdapterError } from '../errors.js';

/** An `inputParts` entry that splices offloaded data into the prompt. */
export interface ExpandPart {
  readonly expand: unknown;
  readonly path?: readonly (string | number)[];
}

export interface OffloadDirective {
  readonly bucket: string;
  readonly key: string;
  readonly inline: readonly string[];
  readonly arrays?: readonly { readonly field: string; readonly key: string }[];
}

/** The Lambda `Payload` of a compiled agent step, as agent-adapter-request.schema.json defines it. */
export interface AdapterRequest {
  readonly agentId: string;
  readonly agentAliasId: string;
  readonly sessionId: string;
  readonly inputText?: string;
  readonly inputParts?: readonly (string | ExpandPart)[];
  readonly outputSchema: Record<string, unknown>;
  readonly maxOutputBytes: number;
  readonly offload?: OffloadDirective;
}

export const AGENT_ADAPTER_REQUEST_SCHEMA: Readonly<Record<string, unknown>> = schema;

let validate: ValidateFunction | undefined;

/** Checks the event against the contract's schema; anything else is `Agentflow.InvalidRequest`, naming each fault. */
export function parseAdapterRequest(event: unknown): AdapterRequest {
  // strictRequired off: the schema's `oneOf` branches name required fields that `properties` defines at the top.
  validate ??= new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(AGENT_ADAPTER_REQUEST_SCHEMA);
  if (validate(event)) return event as AdapterRequest;
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` ('${String(e.params['additionalProperty'])}')` : ''}`);
  throw new AdapterError(
    ADAPTER_ERRORS.InvalidRequest,
    `The adapter request breaks the contract (docs/agent-adapter.md): ${errors.join('; ')}. Compile the workflow again with this agentflow version, or send only the fields of agent-adapter-request.schema.json.`,
    { errors },
  );
}
