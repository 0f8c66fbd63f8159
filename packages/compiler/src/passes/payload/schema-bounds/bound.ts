import type { Assumption, Bound } from './types.js';

const NONE: readonly Assumption[] = Object.freeze([]);

export function known(bytes: number, exact: boolean): Bound {
  return { bytes, exact, assumptions: NONE };
}

/** An unbounded value: assumed to take `bytes`, and said so. */
export function assumed(path: string, reason: string, bytes: number): Bound {
  return { bytes, exact: false, assumptions: [{ path, reason, assumedBytes: bytes }] };
}

/** Several values serialized one after another, plus `extra` bytes of punctuation. */
export function concat(parts: readonly Bound[], extra: number): Bound {
  let bytes = extra;
  let exact = true;
  const assumptions: Assumption[] = [];
  for (const part of parts) {
    bytes += part.bytes;
    exact &&= part.exact;
    assumptions.push(...part.assumptions);
  }
  return { bytes, exact, assumptions };
}

/** `count` copies of one value (array items, record entries); its assumptions are reported once. */
export function repeat(bound: Bound, count: number): Bound {
  return { bytes: count === 0 ? 0 : bound.bytes * count, exact: bound.exact, assumptions: bound.assumptions };
}

/** One of several alternatives: the largest wins, and every alternative's assumptions stay relevant. */
export function widest(options: readonly Bound[], exactWinner: (index: number) => boolean = () => true): Bound {
  if (options.length === 0) return known(0, false);
  let best = 0;
  options.forEach((option, index) => {
    if (option.bytes > options[best]!.bytes) best = index;
  });
  const winner = options[best]!;
  return {
    bytes: winner.bytes,
    exact: winner.exact && exactWinner(best),
    assumptions: options.flatMap((option) => option.assumptions),
  };
}

/** At least `floor` bytes (a value that may also serialize as a small constant such as `null`). */
export function atLeast(bound: Bound, floor: number, floorExact: boolean): Bound {
  if (bound.bytes >= floor) return bound;
  return { bytes: floor, exact: floorExact, assumptions: bound.assumptions };
}

export function withAssumption(bound: Bound, assumption: Assumption): Bound {
  return { bytes: bound.bytes, exact: false, assumptions: [assumption, ...bound.assumptions] };
}

export function inexact(bound: Bound): Bound {
  return bound.exact ? { ...bound, exact: false } : bound;
}

/** Reasons prefixed for a part of the value that is not a field of its own (a record key). */
export function relabel(bound: Bound, prefix: string): Bound {
  if (bound.assumptions.length === 0) return bound;
  return { ...bound, assumptions: bound.assumptions.map((a) => ({ ...a, reason: `${prefix}${a.reason}` })) };
}
