import { z } from 'zod';

/** zod v4 keeps a schema's structure as plain data under `_zod.def`; these helpers read it. */
export type SchemaDef = { readonly type: string; readonly [key: string]: unknown };

export function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** Strips optional/nullable/default wrappers; reports whether the value may be absent. */
export function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean } {
  let inner = schema;
  let optional = false;
  for (;;) {
    const def = defOf(inner);
    if (!WRAPPERS.has(def.type)) return { inner, optional };
    if (def.type === 'optional' || def.type === 'nullable') optional = true;
    inner = def['innerType'] as z.ZodType;
  }
}

/** The schema of `schema.key`, or undefined when the schema has no such field. */
export function fieldSchema(schema: z.ZodType, key: string): z.ZodType | undefined {
  const { inner, optional } = unwrap(schema);
  const def = defOf(inner);
  let field: z.ZodType | undefined;
  if (def.type === 'object') field = (def['shape'] as Record<string, z.ZodType>)[key];
  else if (def.type === 'record') field = def['valueType'] as z.ZodType;
  else if (def.type === 'any' || def.type === 'unknown') field = z.unknown();
  else if (def.type === 'union') return unionField(def['options'] as z.ZodType[], key, optional);
  if (field === undefined) return undefined;
  return optional ? field.optional() : field;
}

/**
 * A field of a union (`orElse(value, fallback)`, a widened variable): the union of the options' fields, optional when
 * an option lacks it (JSONata reads a missing field as nothing).
 */
function unionField(options: readonly z.ZodType[], key: string, optional: boolean): z.ZodType | undefined {
  const fields = options.map((option) => fieldSchema(option, key));
  const present = fields.filter((field): field is z.ZodType => field !== undefined);
  if (present.length === 0) return undefined;
  const field = present.length === 1 ? present[0]! : z.union(present as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  return optional || present.length < fields.length ? field.optional() : field;
}

/** Field names of an object schema, for error messages. */
export function fieldNames(schema: z.ZodType): string[] {
  const def = defOf(unwrap(schema).inner);
  if (def.type === 'union') return [...new Set((def['options'] as z.ZodType[]).flatMap(fieldNames))];
  return def.type === 'object' ? Object.keys(def['shape'] as object) : [];
}

/** The element schema of an array schema, or undefined when it is not an array. */
export function elementSchema(schema: z.ZodType): z.ZodType | undefined {
  const def = defOf(unwrap(schema).inner);
  return def.type === 'array' ? (def['element'] as z.ZodType) : undefined;
}

/** True when every present value the schema accepts is a string (so a template can splice it without `$string`). */
export function isStringSchema(schema: z.ZodType): boolean {
  const { inner } = unwrap(schema);
  const def = defOf(inner);
  if (def.type === 'string') return true;
  if (def.type === 'enum') return Object.values(def['entries'] as object).every((v) => typeof v === 'string');
  if (def.type === 'literal') return (def['values'] as unknown[]).every((v) => typeof v === 'string');
  // A variable widened by what is assigned to it (string or string) is still a string.
  if (def.type === 'union') return (def['options'] as z.ZodType[]).every(isStringSchema);
  return false;
}
