import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { ADAPTER_ERRORS, AdapterError } from './errors.js';
import { extractJson } from './answer-json.js';

// Formats (`date-time`, `email`, …) are not checked: the runtime ships no format plugin, and an unknown format is
// ignored rather than refused (strict off), so a schema using one still compiles.
const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
/** Compiled per schema text: a warm Lambda serves the same steps again. */
const validators = new Map<string, ValidateFunction>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      throw new AdapterError(ADAPTER_ERRORS.InvalidRequest, `The request's outputSchema is not a valid JSON Schema (2020-12): ${(error as Error).message}.`, error);
    }
    validators.set(key, validate);
  }
  return validate;
}

/** `{"type":"string"}` (and any string schema) asks for plain text: the completion is the answer (docs/agent-adapter.md). */
export function isPlainText(schema: Record<string, unknown>): boolean {
  return schema['type'] === 'string';
}

export type Checked = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly errors: readonly string[] };

/** Turns the completion into the answer: the text itself, or the JSON found in it; then validates it. */
export function checkAnswer(schema: Record<string, unknown>, text: string): Checked {
  let value: unknown = text;
  if (!isPlainText(schema)) {
    const found = extractJson(text);
    if (!found) return { ok: false, errors: [`no JSON value found in the answer (${text.length} characters)`] };
    value = found.value;
  }
  const validate = validatorFor(schema);
  if (validate(value)) return { ok: true, value };
  return { ok: false, errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`) };
}

/** The prompt asking for a JSON answer: the step's prompt, then the schema. */
export function structuredPrompt(prompt: string, schema: Record<string, unknown>): string {
  if (isPlainText(schema)) return prompt;
  return `${prompt}\n\nAnswer with one JSON value that matches this JSON Schema (2020-12), and nothing before or after it:\n${JSON.stringify(schema)}`;
}

/** The repair turn, in the same session: the agent sees its previous answer there, so only the faults are sent. */
export function repairPrompt(schema: Record<string, unknown>, errors: readonly string[]): string {
  const wanted = isPlainText(schema) ? 'text' : 'one JSON value, and nothing before or after it,';
  return `Your previous answer does not match the required JSON Schema: ${errors.join('; ')}. Answer again with ${wanted} matching this JSON Schema (2020-12):\n${JSON.stringify(schema)}`;
}
