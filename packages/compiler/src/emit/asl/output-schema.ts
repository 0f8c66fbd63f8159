import { z } from 'zod';

const cache = new WeakMap<z.ZodType, unknown>();

/** JSON Schema of an agent's answer, for the adapter to enforce; `$schema` is implied by the contract. */
export function outputSchemaOf(schema: z.ZodType): unknown {
  let json = cache.get(schema);
  if (json === undefined) {
    const full = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Record<string, unknown>;
    delete full['$schema'];
    json = full;
    cache.set(schema, json);
  }
  return json;
}
