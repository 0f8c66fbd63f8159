import { z } from 'zod';

const cache = new WeakMap<z.ZodType, unknown>();

/**
 * JSON Schema of an agent's answer, for the adapter to enforce; `$schema` is implied by the contract. The DSL refuses
 * output schemas with parts JSON cannot hold (`schema-not-json`) where they are written, so zod never meets one here:
 * 'throw' keeps a gap in that check from becoming a silent `{}` (anything goes) in the definition.
 */
export function outputSchemaOf(schema: z.ZodType): unknown {
  let json = cache.get(schema);
  if (json === undefined) {
    const full = z.toJSONSchema(schema, { unrepresentable: 'throw' }) as Record<string, unknown>;
    delete full['$schema'];
    json = full;
    cache.set(schema, json);
  }
  return json;
}
