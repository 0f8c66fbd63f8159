/**
 * Worst-case JSON sizes from zod v4 schemas (issue 4, "Bounds from schemas"; DESIGN D4).
 *
 * The invariant: `schemaBound(s).bytes ≥ Buffer.byteLength(JSON.stringify(v), 'utf8')` for every output `v` of `s`,
 * unconditionally when `assumptions` is empty, and under the listed assumptions otherwise. One handler per
 * `def.type` (dispatch.ts); the rules, each in its own file:
 *
 * - strings.ts: 2 + 6 × max length (zod counts code points; `\u00XX` is the worst character), tightened only by
 *   anchored patterns that really validate (regex-bound.ts); checks before a rewrite (`.trim()`, `.overwrite()`,
 *   `url({ normalize })`) or with a custom `when` bound nothing.
 * - numbers.ts / number-length.ts: integers by the digits of their extremes, other numbers by the longest
 *   shortest-round-trip form in range (25 bytes at most); bigint.ts: not JSON, always an assumption.
 * - scalars.ts: booleans 5, null 4, literals and enums by their longest JSON, dates 26 or 29.
 * - arrays.ts, objects.ts: punctuation counted exactly; optional keys counted as present; catchalls, loose objects
 *   and records over open key sets assume `unboundedRecordEntries` entries; sets and maps (JSON writes `{}`) are
 *   bounded as arrays and flagged.
 * - unions.ts: the largest option; intersections merge object shapes, take the smaller of two scalars, else sum.
 * - wrappers.ts: optional/nullable ≥ 4 (`null`), defaults and catch values as sampled, pipes by their out side.
 * - opaque.ts: any, unknown, custom, transform output: `unknownValue`, assumed; recursion past `recursionDepth` too.
 */
import type { z } from 'zod';
import { walk, type SubBounds } from './dispatch.js';
import { resolveBoundOptions } from './options.js';
import { BYTES_PER_TOKEN, bytesPerTokenBound } from './tokens.js';
import type { Assumption, Bound, BoundOptions } from './types.js';

export type { Assumption, Bound, BoundOptions } from './types.js';
export { DEFAULT_BOUND_OPTIONS } from './options.js';
export { BYTES_PER_TOKEN, MAX_CHARS_PER_TOKEN, bytesPerTokenBound } from './tokens.js';

/**
 * Worst-case UTF-8 bytes of `JSON.stringify(output)` over every output the schema can produce (the parsed value a
 * step emits: `.default()` filled in, unknown keys stripped, `.pipe()`'s out side). Never an underestimate: a value
 * the schema leaves unbounded is given an assumed size and listed in `assumptions`, with its path and reason.
 *
 * @example
 * schemaBound(z.object({ title: z.string().max(300) })).bytes // 2 + 7 ("title") + 1 + 300 × 6 + 2 = 1812
 */
export function schemaBound(schema: z.ZodType | z.core.$ZodType, options?: BoundOptions): Bound {
  const bound = walk(schema as z.core.$ZodType, resolveBoundOptions(options), subBoundsFor(options));
  return Object.freeze({ bytes: bound.bytes, exact: bound.exact, assumptions: dedupe(bound.assumptions) });
}

/**
 * Sub-schema bounds by options object (zod schemas are immutable): a step's fresh result schema is mostly made of
 * schemas other steps' results share, each walked once.
 */
const SUB_BOUNDS = new WeakMap<BoundOptions, SubBounds>();
const DEFAULT_OPTIONS_KEY: BoundOptions = Object.freeze({});

function subBoundsFor(options: BoundOptions | undefined): SubBounds {
  const key = options ?? DEFAULT_OPTIONS_KEY;
  let memo = SUB_BOUNDS.get(key);
  if (!memo) SUB_BOUNDS.set(key, (memo = new WeakMap()));
  return memo;
}

/** One entry per path and reason (a union's options often share a field), with the largest assumed size. */
function dedupe(assumptions: readonly Assumption[]): readonly Assumption[] {
  const byKey = new Map<string, Assumption>();
  for (const a of assumptions) {
    const key = `${a.path}\u0000${a.reason}`;
    const seen = byKey.get(key);
    if (!seen || a.assumedBytes > seen.assumedBytes) byKey.set(key, a);
  }
  return Object.freeze([...byKey.values()].map((a) => Object.freeze({ ...a })));
}

/** The bound of an agent output declared in tokens, carrying the bytes-per-token rule as its assumption. */
export function tokenOutputBound(tokens: number, path = ''): Bound {
  const bytes = bytesPerTokenBound(tokens);
  const reason = `output declared as ${tokens} tokens (assumed ≤ ${BYTES_PER_TOKEN} JSON bytes a token)`;
  const assumption = Object.freeze({ path, reason, assumedBytes: bytes });
  return Object.freeze({ bytes, exact: false, assumptions: Object.freeze([assumption]) });
}
