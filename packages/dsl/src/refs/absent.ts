import type { z } from 'zod';
import { defOf } from './schema-shape.js';

/**
 * True when a value the schema describes may be absent at run time (an optional field, or a field of an optional
 * object). `null` is a value: a state field that evaluates to null is fine, one that evaluates to nothing fails.
 */
export function mayBeAbsentSchema(schema: z.ZodType): boolean {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'undefined':
    case 'void':
      return true;
    case 'nullable':
    case 'readonly':
    case 'catch':
      return mayBeAbsentSchema(def['innerType'] as z.ZodType);
    case 'union':
      return (def['options'] as z.ZodType[]).some(mayBeAbsentSchema);
    default:
      return false;
  }
}

/** The schema of the value when it is present: `z.string().optional()` → `z.string()`. */
export function presentSchema(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  return def.type === 'optional' ? presentSchema(def['innerType'] as z.ZodType) : schema;
}
