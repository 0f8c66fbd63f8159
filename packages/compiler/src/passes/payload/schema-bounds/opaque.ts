import type { z } from 'zod';
import { assumed } from './bound.js';
import type { Bound, Ctx } from './types.js';

/** `z.any()`, `z.unknown()`: nothing is known, so the value is assumed to take `unknownValue` bytes. */
export function boundUnknown(def: { readonly type: string }, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  return assumed(ctx.path, `z.${def.type}() has no shape`, ctx.options.unknownValue);
}

/** `z.custom()`, `z.instanceof()`: a predicate, not a shape. */
export function boundCustom(_def: unknown, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  return assumed(ctx.path, 'z.custom()/z.instanceof() has no shape', ctx.options.unknownValue);
}

/** `.transform()` output is whatever the function returns; `.pipe()` it into a bounded schema to bound it. */
export function boundTransform(_def: unknown, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  return assumed(ctx.path, 'output of .transform() has no schema (pipe it into one)', ctx.options.unknownValue);
}

/** Functions and symbols are dropped from objects and written as `null` in arrays. */
export function boundDropped(def: { readonly type: string }, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  return assumed(ctx.path, `z.${def.type}() is not JSON (written as null or dropped)`, 4);
}

/** A File has no enumerable own properties: JSON.stringify writes `{}` and the contents are lost. */
export function boundFile(_def: unknown, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  return assumed(ctx.path, 'z.file() is not JSON (written as {})', 2);
}

/** A def.type this table does not know (a newer zod): say so rather than guess. */
export function boundUnsupported(type: string, ctx: Ctx): Bound {
  return assumed(ctx.path, `unsupported schema type "${type}"`, ctx.options.unknownValue);
}
