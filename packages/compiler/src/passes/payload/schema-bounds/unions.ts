import type { z } from 'zod';
import { concat, inexact, widest } from './bound.js';
import { hasRewrite } from './checks.js';
import { quotedKeyBytes } from './json-bytes.js';
import { keyPath } from './paths.js';
import type { Bound, Ctx, DefFor } from './types.js';

/**
 * The output is one option's output, so the largest option bounds it. Exact only when that option's maximal value
 * is sure to be parsed by it: it is the first option, or a discriminator routes to it (a later option's maximal
 * value may be claimed, and stripped, by an earlier one).
 */
export function boundUnion(def: DefFor<'union'>, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  const options = def.options.map((option) => ctx.visit(option, ctx.path));
  const routed = typeof (def as { discriminator?: unknown }).discriminator === 'string';
  const exclusive = def.inclusive === false && !routed; // z.xor(): the maximal value may match two options
  return widest(options, (index) => !exclusive && (routed || index === 0));
}

/** Outputs that are always one primitive (or a Date): when both sides produce one, they are the same value. */
const SCALAR = new Set(['string', 'number', 'boolean', 'bigint', 'null', 'undefined', 'enum', 'literal', 'date', 'nan']);

function isScalar(schema: z.core.$ZodType): boolean {
  const def = schema._zod.def;
  if (def.type === 'optional' || def.type === 'nullable' || def.type === 'readonly') {
    return isScalar((def as DefFor<'optional'>).innerType);
  }
  return SCALAR.has(def.type);
}

/** An object whose output has exactly its shape's keys (no catchall, no `.overwrite()`), or undefined. */
function plainObject(schema: z.core.$ZodType): DefFor<'object'> | undefined {
  const def = schema._zod.def;
  if (def.type !== 'object' || hasRewrite(schema)) return undefined;
  const object = def as DefFor<'object'>;
  return object.catchall && object.catchall._zod.def.type !== 'never' ? undefined : object;
}

/**
 * zod merges the two outputs: objects key by key, arrays item by item, anything else only when equal. So:
 * two scalars are one value, bounded by the smaller side; two catchall-free objects merge their shapes (a shared
 * key is itself an intersection); otherwise the sum of both sides, which bounds every merge.
 */
export function boundIntersection(def: DefFor<'intersection'>, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  return inexact(intersect(def.left, def.right, ctx, ctx.path, 0));
}

/** Shape merging recurses without `ctx.visit`; past this depth it falls back to the guarded sum. */
const MAX_MERGE_DEPTH = 32;

function intersect(left: z.core.$ZodType, right: z.core.$ZodType, ctx: Ctx, path: string, depth: number): Bound {
  if (isScalar(left) && isScalar(right)) {
    const a = ctx.visit(left, path);
    const b = ctx.visit(right, path);
    return a.bytes <= b.bytes ? a : b;
  }
  const l = plainObject(left);
  const r = plainObject(right);
  if (!l || !r || depth >= MAX_MERGE_DEPTH) return concat([ctx.visit(left, path), ctx.visit(right, path)], 0);
  const ls = l.shape as Readonly<Record<string, z.core.$ZodType>>;
  const rs = r.shape as Readonly<Record<string, z.core.$ZodType>>;
  const keys = [...new Set([...Object.keys(ls), ...Object.keys(rs)])];
  const entries = keys.map((key) => {
    const at = keyPath(path, key);
    const a = ls[key];
    const b = rs[key];
    const value = a && b ? intersect(a, b, ctx, at, depth + 1) : ctx.visit((a ?? b)!, at);
    return concat([value], quotedKeyBytes(key) + 1);
  });
  return concat(entries, 2 + Math.max(0, keys.length - 1));
}
