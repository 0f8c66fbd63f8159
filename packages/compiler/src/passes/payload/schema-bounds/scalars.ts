import type { z } from 'zod';
import { assumed, known, widest } from './bound.js';
import { effectiveChecks, isUnconditional } from './checks.js';
import { constantJsonBytes } from './json-bytes.js';
import type { Bound, Ctx, DefFor } from './types.js';
import { accepts } from './witness.js';

/** `false` is the longer boolean (5 bytes). */
export function boundBoolean(_def: DefFor<'boolean'>, schema: z.core.$ZodType): Bound {
  return known(5, accepts(schema, false));
}

export function boundNull(): Bound {
  return known(4, true);
}

/** Dropped from an object, `null` in an array: 4 bytes covers both. */
export function boundUndefined(): Bound {
  return known(4, false);
}

/** No value is accepted, so nothing is serialized. */
export function boundNever(): Bound {
  return known(0, false);
}

/** A set of constants: the longest one's exact JSON. */
function constants(values: readonly unknown[], ctx: Ctx): Bound {
  return widest(
    values.map((value) => {
      const bytes = constantJsonBytes(value);
      if (bytes !== undefined) return known(bytes, true);
      return assumed(ctx.path, 'bigint literal is not JSON (JSON.stringify throws)', String(value).length + 2);
    }),
  );
}

export function boundLiteral(def: DefFor<'literal'>, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  return constants(def.values, ctx);
}

/** zod's own accepted set (`_zod.values`) leaves out the reverse mappings of numeric TypeScript enums. */
export function boundEnum(def: DefFor<'enum'>, schema: z.core.$ZodType, ctx: Ctx): Bound {
  const values = (schema._zod as { values?: ReadonlySet<unknown> }).values;
  return constants(values ? [...values] : Object.values(def.entries), ctx);
}

/** 0000-01-01T00:00:00.000Z and 10000-01-01T00:00:00.000Z: between them toJSON writes a four-digit year. */
const YEAR_0 = -62_167_219_200_000;
const YEAR_10000 = 253_402_300_800_000;

/** ISO 8601 via toJSON: 24 characters for years 0000–9999, 27 for the ±YYYYYY form of the rest of Date's range. */
export function boundDate(_def: DefFor<'date'>, schema: z.core.$ZodType): Bound {
  let lo = -8.64e15;
  let hi = 8.64e15;
  for (const check of effectiveChecks(schema)) {
    if (!isUnconditional(check)) continue;
    const value = check.def['value'];
    const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : NaN;
    if (Number.isNaN(ms)) continue;
    if (check.def.check === 'less_than') hi = Math.min(hi, ms);
    if (check.def.check === 'greater_than') lo = Math.max(lo, ms);
  }
  const bytes = (lo >= YEAR_0 && hi < YEAR_10000 ? 24 : 27) + 2;
  const exact = [lo, hi].some((ms) => {
    const date = new Date(ms);
    return JSON.stringify(date)?.length === bytes && accepts(schema, date);
  });
  return known(bytes, exact);
}

/** `z.success()` outputs whether its inner schema matched: a boolean. */
export function boundSuccess(): Bound {
  return known(5, true);
}
