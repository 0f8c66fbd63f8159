import { compareCodePoints } from '@agentflow/compiler';
import type { FieldChange } from '../plan-types.js';

/** A JSON Pointer token (RFC 6901 §3): `~` and `/` inside a key would otherwise read as syntax. */
export function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deep equality of parsed JSON values; object key order does not count, array order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The leaf-level differences between two JSON values, by pointer under `base`: objects are compared key by key,
 * arrays index by index (an element past the other side's end is one added or removed field), anything else by value.
 * A key present on one side only is one field holding the whole value, not one per leaf below it.
 */
export function diffJson(before: unknown, after: unknown, base = ''): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, base, out);
  return out.sort((a, b) => compareCodePoints(a.pointer, b.pointer));
}

function walk(before: unknown, after: unknown, pointer: string, out: FieldChange[]): void {
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      const at = `${pointer}/${i}`;
      if (i >= before.length) out.push({ pointer: at, kind: 'added', after: after[i] });
      else if (i >= after.length) out.push({ pointer: at, kind: 'removed', before: before[i] });
      else walk(before[i], after[i], at, out);
    }
    return;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of Object.keys(before)) {
      const at = `${pointer}/${pointerToken(key)}`;
      if (!Object.hasOwn(after, key)) out.push({ pointer: at, kind: 'removed', before: before[key] });
      else walk(before[key], after[key], at, out);
    }
    for (const key of Object.keys(after)) {
      if (!Object.hasOwn(before, key)) out.push({ pointer: `${pointer}/${pointerToken(key)}`, kind: 'added', after: after[key] });
    }
    return;
  }
  if (!jsonEqual(before, after)) out.push({ pointer, kind: 'changed', before, after });
}
