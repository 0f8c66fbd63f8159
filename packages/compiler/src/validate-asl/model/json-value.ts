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

/**
 * Where a walk stands: the pointer it started at and the keys from there down to the current value. Visitors build
 * the pointer only when they report something: the self-check walks every value of an 11 MB definition several times,
 * and a pointer string per value was a large share of its time and of its garbage.
 */
export class WalkPath {
  /** Keys from the walk's start down to the current value (empty at the start). */
  readonly keys: (string | number)[] = [];

  constructor(readonly base: string) {}

  /** The current value's JSON pointer. */
  pointer(): string {
    let out = this.base;
    for (const key of this.keys) out += `/${escapeSegment(key)}`;
    return out;
  }
}

/** Visits every value below `value` (`pointer` is where it sits), depth first, in document order. */
export function walkValues(
  value: unknown,
  pointer: string,
  visit: (value: unknown, path: WalkPath, key: string | number | undefined) => void | 'skip',
  maxDepth = 256,
): void {
  walkFrom(value, new WalkPath(pointer), undefined, 0, visit, maxDepth);
}

// One plain recursive function, index loops and one shared key stack: a closure, a `forEach` callback or a pointer
// string per value showed up as a large share of the self-check (and of garbage collection).
function walkFrom(
  current: unknown,
  path: WalkPath,
  key: string | number | undefined,
  depth: number,
  visit: (value: unknown, path: WalkPath, key: string | number | undefined) => void | 'skip',
  maxDepth: number,
): void {
  if (visit(current, path, key) === 'skip' || depth >= maxDepth) return;
  if (typeof current !== 'object' || current === null) return;
  const keys = path.keys;
  if (Array.isArray(current)) {
    for (let index = 0; index < current.length; index++) {
      keys.push(index);
      walkFrom(current[index], path, index, depth + 1, visit, maxDepth);
      keys.pop();
    }
    return;
  }
  const record = current as JsonObject;
  for (const k in record) {
    if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
    keys.push(k);
    walkFrom(record[k], path, k, depth + 1, visit, maxDepth);
    keys.pop();
  }
}

/**
 * Visits the objects and arrays at and below `value` (`pointer` is where it sits), depth first, in document order: for
 * visitors that only look at keys, which would otherwise be called for every string and number too.
 */
export function walkContainers(
  value: unknown,
  pointer: string,
  visit: (value: object, path: WalkPath, key: string | number | undefined) => void | 'skip',
  maxDepth = 256,
): void {
  containersFrom(value, new WalkPath(pointer), undefined, 0, visit, maxDepth);
}

function containersFrom(
  current: unknown,
  path: WalkPath,
  key: string | number | undefined,
  depth: number,
  visit: (value: object, path: WalkPath, key: string | number | undefined) => void | 'skip',
  maxDepth: number,
): void {
  if (typeof current !== 'object' || current === null) return;
  if (visit(current, path, key) === 'skip' || depth >= maxDepth) return;
  const keys = path.keys;
  if (Array.isArray(current)) {
    for (let index = 0; index < current.length; index++) {
      const item: unknown = current[index];
      if (typeof item !== 'object' || item === null) continue;
      keys.push(index);
      containersFrom(item, path, index, depth + 1, visit, maxDepth);
      keys.pop();
    }
    return;
  }
  const record = current as JsonObject;
  for (const k in record) {
    if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
    const child = record[k];
    if (typeof child !== 'object' || child === null) continue;
    keys.push(k);
    containersFrom(child, path, k, depth + 1, visit, maxDepth);
    keys.pop();
  }
}

/** Visits the strings at and below `value` (`pointer` is where it sits), depth first, in document order. */
export function walkStrings(
  value: unknown,
  pointer: string,
  visit: (value: string, path: WalkPath, key: string | number | undefined) => void,
  maxDepth = 256,
): void {
  stringsFrom(value, new WalkPath(pointer), undefined, 0, visit, maxDepth);
}

function stringsFrom(
  current: unknown,
  path: WalkPath,
  key: string | number | undefined,
  depth: number,
  visit: (value: string, path: WalkPath, key: string | number | undefined) => void,
  maxDepth: number,
): void {
  if (typeof current === 'string') {
    visit(current, path, key);
    return;
  }
  if (typeof current !== 'object' || current === null || depth >= maxDepth) return;
  const keys = path.keys;
  if (Array.isArray(current)) {
    for (let index = 0; index < current.length; index++) {
      const item: unknown = current[index];
      if (typeof item !== 'string' && (typeof item !== 'object' || item === null)) continue;
      keys.push(index);
      stringsFrom(item, path, index, depth + 1, visit, maxDepth);
      keys.pop();
    }
    return;
  }
  const record = current as JsonObject;
  for (const k in record) {
    if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
    const child = record[k];
    if (typeof child !== 'string' && (typeof child !== 'object' || child === null)) continue;
    keys.push(k);
    stringsFrom(child, path, k, depth + 1, visit, maxDepth);
    keys.pop();
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
