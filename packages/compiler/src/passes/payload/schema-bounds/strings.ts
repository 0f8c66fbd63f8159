import type { z } from 'zod';
import { assumed, known } from './bound.js';
import { type CheckView, effectiveChecks, isUnconditional, maxLength } from './checks.js';
import { MAX_BYTES_PER_UNIT } from './json-bytes.js';
import { type PatternBound, anchoredPatternBound } from './regex-bound.js';
import type { Bound, Ctx, DefFor } from './types.js';
import { MAX_WITNESS_UNITS, accepts } from './witness.js';

/**
 * Format checks whose validation is exactly `def.pattern.test(value)` in zod 4 (the class installs no check of its
 * own). Others keep a pattern only for JSON Schema and validate differently (`ipv6`, `cidrv6`, `base64`, `jwt`,
 * custom formats such as `hex`), so their pattern proves nothing about the value.
 */
const PATTERN_VALIDATED = new Set([
  '$ZodCheckRegex',
  '$ZodCheckLowerCase',
  '$ZodCheckUpperCase',
  '$ZodGUID',
  '$ZodUUID',
  '$ZodEmail',
  '$ZodEmoji',
  '$ZodNanoID',
  '$ZodCUID',
  '$ZodCUID2',
  '$ZodULID',
  '$ZodXID',
  '$ZodKSUID',
  '$ZodISODateTime',
  '$ZodISODate',
  '$ZodISOTime',
  '$ZodISODuration',
  '$ZodIPv4',
  '$ZodMAC',
  '$ZodCIDRv4',
  '$ZodE164',
]);

function validatingPattern(check: CheckView): RegExp | undefined {
  const pattern = check.def['pattern'];
  if (check.def.check !== 'string_format' || !(pattern instanceof RegExp) || !isUnconditional(check)) return undefined;
  return [...check.traits].some((trait) => PATTERN_VALIDATED.has(trait)) ? pattern : undefined;
}

/**
 * Worst-case bytes of a string: 2 quotes + min(maxLength × bytes per unit, what the patterns allow).
 * Every check must pass, so each constraint bounds the value on its own and the smallest bound holds.
 */
function stringBound(schema: z.core.$ZodType, ctx: Ctx, extra: readonly RegExp[], reason: string): Bound {
  const checks = effectiveChecks(schema);
  const units = maxLength(checks);
  const patterns = [...checks.map(validatingPattern), ...extra]
    .filter((p): p is RegExp => p !== undefined)
    .map(anchoredPatternBound)
    .filter((p): p is PatternBound => p !== undefined);
  const perUnit = Math.min(MAX_BYTES_PER_UNIT, ...patterns.map((p) => p.bytesPerUnit));
  const byLength = perUnit === 0 ? 0 : units * perUnit;
  const content = Math.min(byLength, ...patterns.map((p) => p.contentBytes));
  if (!Number.isFinite(content)) return assumed(ctx.path, reason, ctx.options.unboundedString);
  // "\u0000" × max reaches 6 bytes a unit; with a pattern in play no such witness is known.
  const exact = patterns.length === 0 && units <= MAX_WITNESS_UNITS && accepts(schema, '\u0000'.repeat(units));
  return known(content + 2, exact);
}

export function boundString(_def: DefFor<'string'>, schema: z.core.$ZodType, ctx: Ctx): Bound {
  return stringBound(schema, ctx, [], 'string without .max()');
}

/** A template literal is a string its own `^…$` pattern must match; its parts bound it only through that pattern. */
export function boundTemplateLiteral(_def: DefFor<'template_literal'>, schema: z.core.$ZodType, ctx: Ctx): Bound {
  const own = (schema._zod as { pattern?: RegExp }).pattern;
  return stringBound(schema, ctx, own ? [own] : [], 'template literal with an unbounded part');
}
