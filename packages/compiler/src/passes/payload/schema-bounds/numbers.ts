import { z } from 'zod';
import { known } from './bound.js';
import { type CheckView, effectiveChecks, isUnconditional } from './checks.js';
import { maxNumberLength } from './number-length.js';
import type { Bound, Ctx, DefFor } from './types.js';
import { accepts } from './witness.js';

interface Range {
  lo: number;
  hi: number;
  /** Exclusive ends (`.gt()`, `.lt()`, `.positive()`): an integer range then stops one short of them. */
  loOpen: boolean;
  hiOpen: boolean;
  integer: boolean;
}

/** The interval the unconditional checks allow; a check that may be skipped is ignored. */
function rangeOf(checks: readonly CheckView[]): Range {
  const range: Range = { lo: -Infinity, hi: Infinity, loOpen: false, hiOpen: false, integer: false };
  for (const check of checks) {
    if (!isUnconditional(check)) continue;
    const value = typeof check.def['value'] === 'number' ? check.def['value'] : undefined;
    switch (check.def.check) {
      case 'less_than':
        if (value !== undefined && value <= range.hi) {
          range.hiOpen = check.def['inclusive'] === false || (value === range.hi && range.hiOpen);
          range.hi = value;
        }
        break;
      case 'greater_than':
        if (value !== undefined && value >= range.lo) {
          range.loOpen = check.def['inclusive'] === false || (value === range.lo && range.loOpen);
          range.lo = value;
        }
        break;
      case 'number_format': {
        const format = String(check.def['format']);
        const bounds = (z.util.NUMBER_FORMAT_RANGES as Record<string, readonly [number, number] | undefined>)[format];
        if (bounds) {
          if (bounds[0] > range.lo) [range.lo, range.loOpen] = [bounds[0], false];
          if (bounds[1] < range.hi) [range.hi, range.hiOpen] = [bounds[1], false];
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
  const { lo, hi, loOpen, hiOpen, integer } = rangeOf(effectiveChecks(schema));
  let min = Math.max(lo, -Number.MAX_VALUE);
  let max = Math.min(hi, Number.MAX_VALUE);
  if (integer && loOpen && Number.isInteger(min)) min += 1;
  if (integer && hiOpen && Number.isInteger(max)) max -= 1;
  const bytes = maxNumberLength(min, max, integer);
  const candidates = [Math.ceil(min), Math.floor(max), min, max, ...WITNESSES];
  const exact = candidates.some((x) => String(x).length === bytes && accepts(schema, x));
  return known(bytes, exact);
}

/** NaN serializes as `null`. */
export function boundNaN(): Bound {
  return known(4, true);
}
