/** Narrowing helpers for untrusted JSON values; every lookup is own-property only. */

import { escapeSegment } from '../json/json-pointer.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function own(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

export function has(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 37)}..."` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** Visits every value below `value` with its pointer, depth first, in document order. */
export function walkValues(
  value: unknown,
  pointer: string,
  visit: (value: unknown, pointer: string, key: string | number | undefined) => void | 'skip',
  maxDepth = 256,
): void {
  walkFrom(value, pointer, undefined, 0, visit, maxDepth);
}

// One plain recursive function and index loops: the self-check walks every value of an 11 MB definition several
// times, and a closure or a `forEach` callback per value showed up as a large share of it (and of garbage collection).
function walkFrom(
  current: unknown,
  at: string,
  key: string | number | undefined,
  depth: number,
  visit: (value: unknown, pointer: string, key: string | number | undefined) => void | 'skip',
  maxDepth: number,
): void {
  if (visit(current, at, key) === 'skip' || depth >= maxDepth) return;
  if (typeof current !== 'object' || current === null) return;
  if (Array.isArray(current)) {
    for (let index = 0; index < current.length; index++) walkFrom(current[index], `${at}/${index}`, index, depth + 1, visit, maxDepth);
    return;
  }
  const record = current as JsonObject;
  for (const k in record) {
    if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
    walkFrom(record[k], `${at}/${escapeSegment(k)}`, k, depth + 1, visit, maxDepth);
  }
}

/** Edit distance counting adjacent transpositions as one edit; capped, since only near misses matter. */
export function editDistance(a: string, b: string, cap = 4): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > cap) return cap + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The closest candidate to `word` (case-insensitive match first), if it is close enough to be a typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === lower) return candidate;
    const distance = editDistance(lower, candidate.toLowerCase(), 3);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  const allowed = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
  return bestDistance <= allowed ? best : undefined;
}

/** `record[key]` for own keys only, so user text such as "constructor" never reaches Object.prototype. */
export function lookup<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
