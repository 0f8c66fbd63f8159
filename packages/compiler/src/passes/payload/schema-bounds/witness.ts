import type { z } from 'zod';

/** The longest witness value built to prove a bound exact; beyond it `exact` is left false rather than allocated. */
export const MAX_WITNESS_CHARS = 1 << 16;

/** True when the schema accepts `value` synchronously; a throwing or async refinement counts as a no. */
export function accepts(schema: z.core.$ZodType, value: unknown): boolean {
  try {
    return (schema as z.ZodType).safeParse(value).success;
  } catch {
    return false;
  }
}
