import type { z } from 'zod';
import { assumed, atLeast, inexact, known, widest } from './bound.js';
import { constantJsonBytes } from './json-bytes.js';
import type { Bound, Ctx, DefFor } from './types.js';

/** Absent, the value is dropped from an object and written `null` (4 bytes) in an array. */
export function boundOptional(def: DefFor<'optional'>, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  return atLeast(ctx.visit(def.innerType, ctx.path), 4, false);
}

export function boundNullable(def: DefFor<'nullable'>, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  return atLeast(ctx.visit(def.innerType, ctx.path), 4, true);
}

/** Wrappers whose output is the inner schema's output: `.readonly()` (frozen), `.nonoptional()`, `.prefault()`. */
export function boundInner(def: { readonly innerType: z.core.$ZodType }, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  return ctx.visit(def.innerType, ctx.path);
}

/** zod resolves a lazy schema once and caches it on `_zod.innerType`; the recursion guard needs that one instance. */
export function boundLazy(_def: DefFor<'lazy'>, schema: z.core.$ZodType, ctx: Ctx): Bound {
  return ctx.visit((schema._zod as unknown as { innerType: z.core.$ZodType }).innerType, ctx.path);
}

/** The serialized value is the pipe's output: the `out` schema (a codec's decoded side, a preprocess's target). */
export function boundPipe(def: DefFor<'pipe'>, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  return ctx.visit(def.out, ctx.path);
}

/** A Promise object serializes as `{}`; an awaited one as its inner value. */
export function boundPromise(def: DefFor<'promise'>, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  return atLeast(ctx.visit(def.innerType, ctx.path), 2, false);
}

/**
 * A fallback zod returns as is, never validated against the inner schema (`.default()` on undefined input,
 * `.catch()` on failure): the bound is the larger of the inner bound and the fallback's own JSON. A factory
 * (`.default(() => [])`) is sampled once, at compile time, and is assumed to return values of that size.
 */
function withFallback(inner: Bound, sample: () => unknown, ctx: Ctx, what: string): Bound {
  let value: unknown;
  try {
    value = sample();
  } catch {
    return widest([inner, assumed(ctx.path, `${what} could not be evaluated at compile time`, ctx.options.unknownValue)]);
  }
  const bytes = constantJsonBytes(value);
  if (bytes === undefined) return widest([inner, assumed(ctx.path, `${what} is not JSON`, ctx.options.unknownValue)]);
  return inner.bytes >= bytes ? inner : { ...known(bytes, true), assumptions: inner.assumptions };
}

export function boundDefault(def: DefFor<'default'>, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  return withFallback(ctx.visit(def.innerType, ctx.path), () => def.defaultValue, ctx, '.default() value');
}

export function boundCatch(def: DefFor<'catch'>, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  const inner = ctx.visit(def.innerType, ctx.path);
  const sample = () => def.catchValue({ value: undefined, issues: [], error: { issues: [] }, input: undefined });
  return inexact(withFallback(inner, sample, ctx, '.catch() value'));
}
