import type { z } from 'zod';
import { assumed, known } from './bound.js';
import { type CheckView, effectiveChecks, hasRewrite, isUnconditional, maxLength } from './checks.js';
import { MAX_BYTES_PER_CHAR } from './json-bytes.js';
import { type PatternBound, anchoredPatternBound } from './regex-bound.js';
import type { Bound, Ctx, DefFor } from './types.js';
import { MAX_WITNESS_CHARS, accepts } from './witness.js';

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
 * Worst-case bytes of a string: 2 quotes + min(max length × bytes per character, what the patterns allow).
 * zod 4.6 measures `.max()`/`.length()` in code points (a pair is one, a lone surrogate one); the worst character
 * either way is 6 bytes. Every check must pass, so each constraint bounds the value alone and the smallest holds.
 */
function stringBound(schema: z.core.$ZodType, ctx: Ctx, extra: readonly RegExp[], reason: string): Bound {
  const checks = effectiveChecks(schema);
  const chars = maxLength(checks);
  const patterns = [...checks.map(validatingPattern), ...extra]
    .filter((p): p is RegExp => p !== undefined)
    .map(anchoredPatternBound)
    .filter((p): p is PatternBound => p !== undefined);
  const perChar = Math.min(MAX_BYTES_PER_CHAR, ...patterns.map((p) => p.bytesPerChar));
  const byLength = perChar === 0 ? 0 : chars * perChar;
  const content = Math.min(byLength, ...patterns.map((p) => p.contentBytes));
  if (!Number.isFinite(content)) return assumed(ctx.path, reason, ctx.options.unboundedString);
  // "\u0000" × max reaches 6 bytes a character; with a pattern in play no such witness is known.
  const exact = patterns.length === 0 && chars <= MAX_WITNESS_CHARS && accepts(schema, '\u0000'.repeat(chars));
  return known(content + 2, exact);
}

export function boundString(_def: DefFor<'string'>, schema: z.core.$ZodType, ctx: Ctx): Bound {
  return stringBound(schema, ctx, [], 'string without .max()');
}

/**
 * A template literal is a string its own `^…$` pattern must match; its parts bound it only through that pattern.
 * The pattern is tested before the checks run, so a rewriting check voids it.
 */
export function boundTemplateLiteral(_def: DefFor<'template_literal'>, schema: z.core.$ZodType, ctx: Ctx): Bound {
  const own = (schema._zod as { pattern?: RegExp }).pattern;
  const patterns = own && !hasRewrite(schema) ? [own] : [];
  return stringBound(schema, ctx, patterns, 'template literal with an unbounded part');
}
