import { z } from 'zod';
import { known } from './bound.js';
import { type CheckView, effectiveChecks, isUnconditional } from './checks.js';
import { maxNumberLength } from './number-length.js';
import type { Bound, Ctx, DefFor } from './types.js';
import { accepts } from './witness.js';

interface Range {
  lo: number;
  hi: number;
  integer: boolean;
}

/** The interval the unconditional checks allow; a check that may be skipped is ignored. */
function rangeOf(checks: readonly CheckView[]): Range {
  const range: Range = { lo: -Infinity, hi: Infinity, integer: false };
  for (const check of checks) {
    if (!isUnconditional(check)) continue;
    const value = typeof check.def['value'] === 'number' ? check.def['value'] : undefined;
    switch (check.def.check) {
      case 'less_than':
        if (value !== undefined) range.hi = Math.min(range.hi, value);
        break;
      case 'greater_than':
        if (value !== undefined) range.lo = Math.max(range.lo, value);
        break;
      case 'number_format': {
        const format = String(check.def['format']);
        const bounds = (z.util.NUMBER_FORMAT_RANGES as Record<string, readonly [number, number] | undefined>)[format];
        if (bounds) {
          range.lo = Math.max(range.lo, bounds[0]);
          range.hi = Math.min(range.hi, bounds[1]);
        }
        if (format.includes('int')) range.integer = true;
        break;
      }
    }
  }
  return range;
}

/** Values that reach the longest form in common ranges; one accepted at full length makes the bound exact. */
const WITNESSES = [-5.5326215872091585e-6, 5.5326215872091585e-6, -1.7976931348623157e308, 1.7976931348623157e308];

/** Integers: the digits of the extremes. Other numbers: the longest shortest-round-trip form in range (≤ 25). */
export function boundNumber(_def: DefFor<'number'>, schema: z.core.$ZodType, _ctx: Ctx): Bound {
  const { lo, hi, integer } = rangeOf(effectiveChecks(schema));
  const min = Math.max(lo, -Number.MAX_VALUE);
  const max = Math.min(hi, Number.MAX_VALUE);
  const bytes = maxNumberLength(min, max, integer);
  const candidates = [Math.ceil(min), Math.floor(max), min, max, ...WITNESSES];
  const exact = candidates.some((x) => String(x).length === bytes && accepts(schema, x));
  return known(bytes, exact);
}

/** NaN serializes as `null`. */
export function boundNaN(): Bound {
  return known(4, true);
}
