import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { AGENT_ADAPTER_REQUEST_SCHEMA, ANSWER_TOO_LARGE } from '@agentflow/compiler';
import type { Json } from '../types.js';
import { StatesError } from '../engine/errors.js';

let validate: ValidateFunction | undefined;

/**
 * The adapter checks each request against the contract (docs/agent-adapter.md) before anything else, as the runtime
 * adapter does: a field the contract does not define, or one missing, is `Agentflow.InvalidRequest`. Every scenario
 * that runs an agent step thereby checks what the compiled ASL really sends.
 */
export function checkAdapterRequest(payload: Record<string, Json>): void {
  validate ??= new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(AGENT_ADAPTER_REQUEST_SCHEMA);
  if (validate(payload)) return;
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` ('${String(e.params['additionalProperty'])}')` : ''}`);
  throw new StatesError('Agentflow.InvalidRequest', `The adapter request breaks the contract (docs/agent-adapter.md): ${errors.join('; ')}.`);
}

/**
 * What the adapter returns must fit the request's `maxOutputBytes` (UTF-8 bytes of its JSON): the static payload
 * bound rests on it. A larger answer is never truncated; it fails with `Agentflow.AnswerTooLarge`, which a workflow
 * can catch.
 */
export function checkAnswerBudget(payload: Record<string, Json>, returned: unknown, offloaded: boolean): void {
  const budget = payload['maxOutputBytes'];
  if (typeof budget !== 'number') return;
  const bytes = Buffer.byteLength(JSON.stringify(returned) ?? 'null', 'utf8');
  if (bytes <= budget) return;
  const what = offloaded ? 'The inline fields and pointer returned for the offloaded answer take' : "The agent's answer takes";
  throw new StatesError(ANSWER_TOO_LARGE, `${what} ${bytes} bytes of JSON, over the request's maxOutputBytes of ${budget}.`);
}
