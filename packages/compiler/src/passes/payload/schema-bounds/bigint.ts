import { z } from 'zod';
import { assumed } from './bound.js';
import { effectiveChecks, isUnconditional } from './checks.js';
import type { Bound, Ctx, DefFor } from './types.js';

/** The bigint interval the unconditional checks allow, kept in bigint so no digit is lost to rounding. */
function bigintRange(schema: z.core.$ZodType): { lo?: bigint; hi?: bigint } {
  let lo: bigint | undefined;
  let hi: bigint | undefined;
  for (const check of effectiveChecks(schema)) {
    if (!isUnconditional(check)) continue;
    const value = check.def['value'];
    if (check.def.check === 'less_than' && typeof value === 'bigint') hi = hi === undefined || value < hi ? value : hi;
    if (check.def.check === 'greater_than' && typeof value === 'bigint') lo = lo === undefined || value > lo ? value : lo;
    if (check.def.check === 'bigint_format') {
      const bounds = (z.util.BIGINT_FORMAT_RANGES as Record<string, readonly [bigint, bigint] | undefined>)[
        String(check.def['format'])
      ];
      if (bounds) {
        lo = lo === undefined || bounds[0] > lo ? bounds[0] : lo;
        hi = hi === undefined || bounds[1] < hi ? bounds[1] : hi;
      }
    }
  }
  return { lo, hi };
}

/**
 * JSON.stringify throws on a bigint, so one in a payload is a bug unless the serializer converts it. Always an
 * assumption: a quoted decimal of the extremes' digits (covers a `toJSON` returning a string or a number), or
 * `unknownValue` with no range.
 */
export function boundBigInt(_def: DefFor<'bigint'>, schema: z.core.$ZodType, ctx: Ctx): Bound {
  const { lo, hi } = bigintRange(schema);
  const reason = 'bigint is not JSON (JSON.stringify throws)';
  if (lo === undefined || hi === undefined) return assumed(ctx.path, `${reason}; no range`, ctx.options.unknownValue);
  const digits = Math.max(lo.toString().length, hi.toString().length);
  return assumed(ctx.path, `${reason}; assumed a quoted decimal`, digits + 2);
}
