import { createHash } from 'node:crypto';
import { compareCodePoints } from '@agentflow/compiler';

/**
 * `sha256:<hex>` of a definition with every object's keys sorted and no whitespace, so a definition that comes back
 * re-indented or with keys in another order hashes like the compiled one (a whitespace-only change is no change).
 */
export function definitionHash(definition: string | unknown): string {
  const parsed: unknown = typeof definition === 'string' ? JSON.parse(definition) : definition;
  return `sha256:${createHash('sha256').update(sortedJson(parsed)).digest('hex')}`;
}

/** JSON text with keys in code-point order at every level (the order RFC 8785 uses for ASCII keys). */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareCodePoints(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
