import { z } from 'zod';
import { agentSpecOf, defOf, type AgentDef } from '@agentflow/dsl';
import { SimulationSetupError } from '../engine/errors.js';

export type TextStyle = 'escapes' | 'cjk' | 'quotes' | 'ascii';

export interface MaximalOptions {
  /**
   * What strings are filled with: `escapes` (control characters, quotes, backslashes: up to 6 JSON bytes each),
   * `cjk` (3 UTF-8 bytes each), `quotes` (`"`, 2 bytes each) or `ascii`. Default `escapes`.
   */
  readonly text?: TextStyle;
  /** Length of strings without `.max()` (default 1,000) and items of arrays without `.max()` (default 100). */
  readonly unboundedLength?: number;
  readonly unboundedItems?: number;
}

const FILL: Record<TextStyle, string> = { escapes: '\u0001\u001f\u0007', cjk: '漢字測試', quotes: '"', ascii: 'a' };

/**
 * The largest answer an agent's output schema accepts — every optional field present, every string and array
 * at its `.max()`, strings filled with the most expensive characters — to check that the payload analysis'
 * "fits in 256 KiB" holds at run time.
 *
 * @example
 * ```ts
 * agents: { 'write-draft': reply(writer, maximalAnswer(writer, { text: 'cjk' })) }
 * ```
 */
export function maximalAnswer<T>(agent: AgentDef<T> | z.ZodType<T>, options: MaximalOptions = {}): T {
  const schema = agent instanceof z.ZodType ? agent : agentSpecOf(agent)?.output;
  if (!schema) throw new SimulationSetupError('maximalAnswer needs an agent(...) definition or a zod schema.');
  const value = build(schema, options);
  const checked = schema.safeParse(value);
  if (!checked.success) {
    throw new SimulationSetupError(`Could not build a maximal answer the schema accepts: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
  }
  return value as T;
}

function build(schema: z.ZodType, options: MaximalOptions): unknown {
  const def = defOf(schema);
  const bag = limitsOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return build(def['innerType'] as z.ZodType, options);
    case 'object':
      return Object.fromEntries(Object.entries(def['shape'] as Record<string, z.ZodType>).map(([k, v]) => [k, build(v, options)]));
    case 'array': {
      const count = typeof bag['maxLength'] === 'number' ? bag['maxLength'] : (options.unboundedItems ?? 100);
      return Array.from({ length: count }, () => build(def['element'] as z.ZodType, options));
    }
    case 'string':
      return longestString(schema, bag, options);
    case 'number':
      return longestNumber(bag);
    case 'boolean':
      return false;
    case 'enum':
      return longest(Object.values(def['entries'] as object));
    case 'literal':
      return longest(def['values'] as unknown[]);
    case 'union':
      return longest((def['options'] as z.ZodType[]).map((o) => build(o, options)));
    case 'null':
      return null;
    default:
      throw new SimulationSetupError(`maximalAnswer cannot build a value of zod type '${def.type}'.`);
  }
}

function longest(values: readonly unknown[]): unknown {
  let best: unknown;
  let size = -1;
  for (const v of values) {
    const n = Buffer.byteLength(JSON.stringify(v) ?? '');
    if (n > size) [best, size] = [v, n];
  }
  return best;
}

/** The costliest string the checks allow; a format (url, email …) keeps its shape and pads in ASCII. */
function longestString(schema: z.ZodType, bag: Record<string, unknown>, options: MaximalOptions): string {
  const max = typeof bag['maxLength'] === 'number' ? bag['maxLength'] : (options.unboundedLength ?? 1000);
  const fill = FILL[options.text ?? 'escapes'];
  const candidates = [repeat(fill, max), 'https://example.com/' + 'a'.repeat(Math.max(0, max - 20)), 'a'.repeat(Math.max(0, max - 12)) + '@example.com', repeat('a', max)];
  for (const candidate of candidates) if (schema.safeParse(candidate).success) return candidate;
  throw new SimulationSetupError(`maximalAnswer cannot build a string for a schema with checks ${JSON.stringify(Object.keys(bag))}.`);
}

function repeat(fill: string, length: number): string {
  return fill.repeat(Math.ceil(length / fill.length)).slice(0, length);
}

function longestNumber(bag: Record<string, unknown>): number {
  const integer = bag['format'] === 'safeint' || bag['format'] === 'int32' || bag['format'] === 'uint32';
  const max = typeof bag['maximum'] === 'number' ? bag['maximum'] : undefined;
  const min = typeof bag['minimum'] === 'number' ? bag['minimum'] : undefined;
  if (max === undefined && min === undefined) return integer ? Number.MIN_SAFE_INTEGER : -1.2345678901234567e-300;
  return longest([max, min].filter((v): v is number => v !== undefined)) as number;
}

/** The size limits a schema's checks declare (zod keeps each check as plain data under `_zod.def`). */
function limitsOf(schema: z.ZodType): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const checks = (defOf(schema)['checks'] as { _zod: { def: Record<string, unknown> } }[] | undefined) ?? [];
  for (const { _zod } of checks) {
    const def = _zod.def;
    if (def['check'] === 'max_length') out['maxLength'] = def['maximum'];
    else if (def['check'] === 'length_equals') out['maxLength'] = def['length'];
    else if (def['check'] === 'less_than') out['maximum'] = def['value'];
    else if (def['check'] === 'greater_than') out['minimum'] = def['value'];
    else if (def['check'] === 'number_format') out['format'] = def['format'];
  }
  return out;
}
