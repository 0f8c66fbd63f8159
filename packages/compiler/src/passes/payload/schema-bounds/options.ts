import type { BoundOptions, ResolvedBoundOptions } from './types.js';

/**
 * Defaults for values a schema leaves unbounded. Each one is reported as an Assumption, never applied silently.
 *
 * - `unboundedString` 65,536 bytes (64 KiB): a quarter of the 256 KiB state budget, so one forgotten `.max()` alone
 *   still fits (the warning names it) while a state carrying several unbounded strings is driven to offload; it is
 *   also about what one generous model call returns (16k tokens of plain text at ~4 bytes a token).
 * - `unboundedArrayItems` 100: above the list sizes agents are asked for (the research flow uses 25 sources), and
 *   large enough that an unbounded array of unbounded strings (100 × 64 KiB) is always over budget.
 * - `unboundedRecordEntries` 100: a record is a keyed list; same reasoning as arrays.
 * - `unknownValue` 65,536 bytes: an unknown value is at least as unconstrained as an unbounded string.
 * - `recursionDepth` 1: a recursive reference is bounded like `z.unknown()`; raise it to expand more levels.
 */
export const DEFAULT_BOUND_OPTIONS: ResolvedBoundOptions = Object.freeze({
  unboundedString: 65_536,
  unboundedArrayItems: 100,
  unboundedRecordEntries: 100,
  unknownValue: 65_536,
  recursionDepth: 1,
});

export function resolveBoundOptions(options: BoundOptions = {}): ResolvedBoundOptions {
  const resolved: { -readonly [K in keyof ResolvedBoundOptions]: number } = { ...DEFAULT_BOUND_OPTIONS };
  for (const key of Object.keys(DEFAULT_BOUND_OPTIONS) as (keyof ResolvedBoundOptions)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`schemaBound option ${key} must be a non-negative integer, got ${String(value)}`);
    }
    resolved[key] = value;
  }
  // A string token is at least its two quotes; assuming less would contradict the bound's own arithmetic.
  resolved.unboundedString = Math.max(resolved.unboundedString, 2);
  // Depth 0 would assume even the outermost schema; 1 is the least that bounds anything.
  resolved.recursionDepth = Math.max(resolved.recursionDepth, 1);
  return resolved;
}
