/**
 * Values that satisfy a JSON Schema (the adapter's `outputSchema`, 2020-12 subset the compiler emits): the
 * smallest, the largest, or random ones — for automatic mocks, property tests and benchmarks.
 */
export type ValueMode = 'minimal' | 'maximal' | 'random';

type Schema = Record<string, unknown>;

const TRICKY = ['"', '\\', '\n', '\u0001', '漢', '字', 'é', '<', "'", ' ', 'a', 'Z', '0'];

export function valueFor(schema: unknown, mode: ValueMode, random: () => number, unbounded = 64): unknown {
  const s = (schema ?? {}) as Schema;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const size = (min: number, max: number | undefined): number => {
    const hi = max ?? Math.max(min, unbounded);
    if (mode === 'minimal') return min;
    if (mode === 'maximal') return hi;
    return min + Math.floor(random() * (hi - min + 1));
  };
  if (Array.isArray(s['enum'])) return mode === 'random' ? pick(s['enum']) : s['enum'][0];
  if ('const' in s) return s['const'];
  const variants = (s['anyOf'] ?? s['oneOf']) as unknown[] | undefined;
  if (variants?.length) return valueFor(mode === 'random' ? pick(variants) : variants[0], mode, random, unbounded);
  const type = Array.isArray(s['type']) ? (mode === 'random' ? pick(s['type']) : s['type'][0]) : s['type'];
  switch (type) {
    case 'object': {
      const props = (s['properties'] ?? {}) as Record<string, unknown>;
      const required = new Set((s['required'] ?? []) as string[]);
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(props)) {
        if (required.has(key) || mode === 'maximal' || (mode === 'random' && random() < 0.5)) out[key] = valueFor(prop, mode, random, unbounded);
      }
      return out;
    }
    case 'array': {
      const n = size(Number(s['minItems'] ?? 0), s['maxItems'] as number | undefined);
      return Array.from({ length: n }, () => valueFor(s['items'], mode, random, unbounded));
    }
    case 'string':
      return stringFor(s, size(Number(s['minLength'] ?? 0), s['maxLength'] as number | undefined), mode, random);
    case 'integer':
    case 'number': {
      const min = typeof s['minimum'] === 'number' ? s['minimum'] : -1_000_000;
      const max = typeof s['maximum'] === 'number' ? s['maximum'] : 1_000_000;
      const n = mode === 'minimal' ? min : mode === 'maximal' ? max : min + random() * (max - min);
      return type === 'integer' ? Math.min(max, Math.max(min, Math.round(n))) : n;
    }
    case 'boolean':
      return mode === 'random' ? random() < 0.5 : mode === 'maximal' ? false : true;
    case 'null':
      return null;
    default:
      return mode === 'minimal' ? '' : stringFor({}, size(0, undefined), mode, random);
  }
}

function stringFor(s: Schema, length: number, mode: ValueMode, random: () => number): string {
  const format = s['format'];
  if (format === 'uri' || format === 'url') return 'https://example.com/' + 'a'.repeat(Math.max(0, length - 20));
  if (format === 'email') return 'a'.repeat(Math.max(1, length - 12)) + '@example.com';
  if (format === 'date-time') return '2026-01-01T00:00:00Z';
  if (format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (typeof s['pattern'] === 'string') return patterned(new RegExp(s['pattern'], 'u'), Math.max(1, length));
  if (mode === 'maximal') return '\u0001'.repeat(length);
  let out = '';
  while (out.length < length) out += mode === 'minimal' ? 'a' : TRICKY[Math.floor(random() * TRICKY.length)]!;
  return out.slice(0, length);
}

/** A pattern cannot be inverted in general; simple character-class patterns accept one repeated character. */
function patterned(pattern: RegExp, length: number): string {
  for (const c of ['a', '0', 'A', '-', '_']) {
    const candidate = c.repeat(length);
    if (pattern.test(candidate)) return candidate;
  }
  return 'a';
}
