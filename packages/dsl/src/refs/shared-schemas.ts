import { z } from 'zod';
import { cachedIn } from '../bounded-cache.js';

/**
 * Schemas the builders derive for computed values, shared instead of built per step. A zod schema is immutable, and
 * building one costs tens of microseconds: a 10,000-step workflow derived thousands per build, and the compiler builds
 * a body twice. A shared instance also makes the two builds' schemas the same object, so comparing them ends at once.
 * The derived schemas are the same as before; only their identity is shared.
 */
export const UNKNOWN_SCHEMA: z.ZodType = z.unknown();
export const STRING_SCHEMA: z.ZodType = z.string();
export const BOOLEAN_SCHEMA: z.ZodType = z.boolean();
export const NULL_SCHEMA: z.ZodType = z.null();
/** A map iteration's index. */
export const INDEX_SCHEMA: z.ZodType<number> = z.number().int().min(0);
/** `flow.errorOf(step)`: what a caught error holds. */
export const STEP_ERROR_SCHEMA: z.ZodType = z.object({ Error: z.string().max(256), Cause: z.string().max(32_768).optional() });

/**
 * Past this many entries a cache starts afresh: bodies building many distinct literals (or the same process compiling
 * many workflows) keep memory bounded, at the cost of building some schemas again.
 */
const MAX_ENTRIES = 50_000;

type Primitive = string | number | boolean;
const literals = new Map<Primitive, z.ZodType>();

/** `z.literal(value)`, one instance per value. */
export function literalSchema(value: Primitive): z.ZodType {
  return cachedIn(literals, value, MAX_ENTRIES, makeLiteral);
}
function makeLiteral(value: Primitive): z.ZodType {
  return z.literal(value);
}

const rounds = new Map<number, z.ZodType<number>>();

/** A loop's round: a whole number below `max`. */
export function roundSchema(max: number): z.ZodType<number> {
  return cachedIn(rounds, max, MAX_ENTRIES, makeRound);
}
function makeRound(max: number): z.ZodType<number> {
  return z.number().int().min(0).max(max - 1);
}

/**
 * Composite schemas (records, bounded arrays) keyed by their parts: each part schema gets a number, and the key spells
 * the parts' numbers (and field names). The numbers are per instance, so only the same parts give the same key.
 */
const ids = new WeakMap<z.ZodType, number>();
let nextId = 0;
const composites = new Map<string, z.ZodType>();

function idOf(schema: z.ZodType): number {
  let id = ids.get(schema);
  if (id === undefined) ids.set(schema, (id = nextId++));
  return id;
}

function composite(key: string, make: () => z.ZodType): z.ZodType {
  return cachedIn(composites, key, MAX_ENTRIES, make);
}

/** `z.object(fields)` for these field names and schemas, one instance per combination. */
export function recordSchema(fields: readonly (readonly [string, z.ZodType])[]): z.ZodType {
  let key = 'o';
  // JSON.stringify keeps any field name apart from the separators.
  for (const [name, schema] of fields) key += `${JSON.stringify(name)}:${idOf(schema)},`;
  return composite(key, () => z.object(Object.fromEntries(fields)));
}

/** `z.array(element)`, bounded by `max` when given; one instance per element and bound. */
export function arraySchema(element: z.ZodType, max: number | undefined): z.ZodType {
  return composite(`a${idOf(element)}:${max ?? ''}`, () => (max === undefined ? z.array(element) : z.array(element).max(max)));
}
