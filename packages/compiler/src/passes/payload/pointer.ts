import { z } from 'zod';
import type { Step } from '@agentflow/dsl';
import { defOf, fieldSchema, resultSchemaOf, unwrap } from '@agentflow/dsl';

/** The field of an offloaded value that holds its S3 location. */
export const POINTER_FIELD = '$s3';

/**
 * `s3://bucket/key#field`. S3 caps keys at 1,024 bytes and buckets at 63, and nothing in them needs JSON escaping
 * (execution names exclude quotes and backslashes; prefixes are checked), so the pattern's printable-ASCII run
 * bounds the bytes even for non-ASCII execution names.
 */
export const POINTER_URI = z.string().regex(/^s3:\/\/[!-~]{1,1130}$/);

/** An offloaded value at run time: the inline fields later states read, and where the whole value is. */
export function pointerSchema(inline: Readonly<Record<string, z.ZodType>>): z.ZodObject {
  return z.object({ ...inline, [POINTER_FIELD]: POINTER_URI });
}

export function isPointerSchema(schema: z.ZodType): boolean {
  const def = defOf(unwrap(schema).inner);
  return def.type === 'object' && (def['shape'] as Record<string, z.ZodType>)[POINTER_FIELD] === POINTER_URI;
}

/** True when a value of this schema may hold pointers anywhere inside (e.g. a map result of offloaded answers). */
export function containsPointer(schema: z.ZodType, seen = new Set<z.ZodType>()): boolean {
  if (seen.has(schema)) return false;
  seen.add(schema);
  if (isPointerSchema(schema)) return true;
  const def = defOf(unwrap(schema).inner);
  if (def.type === 'object') return Object.values(def['shape'] as Record<string, z.ZodType>).some((s) => containsPointer(s, seen));
  if (def.type === 'array') return containsPointer(def['element'] as z.ZodType, seen);
  if (def.type === 'union') return (def['options'] as z.ZodType[]).some((s) => containsPointer(s, seen));
  return false;
}

/** What a step's variable holds at run time: its result, or for an offloaded producer the pointer and inline fields. */
export function storedSchemaOf(step: Step): z.ZodType | undefined {
  // IR steps are frozen, and a rewrite makes a new step: one schema per step object, built once. A schema built
  // afresh on every call (a parallel's record, a map's array) also defeats the Sizer's memo, keyed by schema object.
  if (stored.has(step)) return stored.get(step);
  const schema = buildStoredSchema(step);
  stored.set(step, schema);
  return schema;
}

const stored = new WeakMap<Step, z.ZodType | undefined>();

function buildStoredSchema(step: Step): z.ZodType | undefined {
  const result = resultSchemaOf(step);
  // A map whose results go to S3 through ResultWriter holds a pointer to the run's manifest.
  if (step.kind === 'map' && step.distributed?.writer) return pointerSchema({});
  if (!result || !('offload' in step) || !step.offload) return result;
  const inline = Object.fromEntries(
    step.offload.inline.flatMap((f) => {
      const s = fieldSchema(result, f);
      return s ? [[f, s]] : [];
    }),
  );
  return pointerSchema(inline);
}
