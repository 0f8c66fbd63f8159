import type { z } from 'zod';
import { assumed, inexact } from './bound.js';
import { hasRefinement, hasRewrite } from './checks.js';
import { boundArray, boundMap, boundSet, boundTuple } from './arrays.js';
import { boundBigInt } from './bigint.js';
import { boundNaN, boundNumber } from './numbers.js';
import { boundObject, boundRecord } from './objects.js';
import { boundCustom, boundDropped, boundFile, boundTransform, boundUnknown, boundUnsupported } from './opaque.js';
import {
  boundBoolean,
  boundDate,
  boundEnum,
  boundLiteral,
  boundNever,
  boundNull,
  boundSuccess,
  boundUndefined,
} from './scalars.js';
import { boundString, boundTemplateLiteral } from './strings.js';
import type { Bound, Ctx, DefType, Handler, ResolvedBoundOptions } from './types.js';
import { boundIntersection, boundUnion } from './unions.js';
import {
  boundCatch,
  boundDefault,
  boundInner,
  boundLazy,
  boundNullable,
  boundOptional,
  boundPipe,
  boundPromise,
} from './wrappers.js';

/** One handler per zod v4 def type: a type zod adds fails to compile here until it is handled. */
const HANDLERS: { readonly [K in DefType]: Handler<K> } = {
  string: boundString,
  template_literal: boundTemplateLiteral,
  number: boundNumber,
  int: boundNumber,
  nan: boundNaN,
  bigint: boundBigInt,
  boolean: boundBoolean,
  null: boundNull,
  undefined: boundUndefined,
  void: boundUndefined,
  never: boundNever,
  literal: boundLiteral,
  enum: boundEnum,
  date: boundDate,
  success: boundSuccess,
  array: boundArray,
  tuple: boundTuple,
  set: boundSet,
  map: boundMap,
  object: boundObject,
  record: boundRecord,
  union: boundUnion,
  intersection: boundIntersection,
  optional: boundOptional,
  nullable: boundNullable,
  default: boundDefault,
  prefault: boundInner,
  catch: boundCatch,
  readonly: boundInner,
  nonoptional: boundInner,
  pipe: boundPipe,
  lazy: boundLazy,
  promise: boundPromise,
  transform: boundTransform,
  any: boundUnknown,
  unknown: boundUnknown,
  custom: boundCustom,
  symbol: boundDropped,
  function: boundDropped,
  file: boundFile,
};

/**
 * Types whose handlers read only the checks after the last rewrite (`effectiveChecks`), so an `.overwrite()` is
 * accounted for. On any other type a rewrite replaces a value the structure bounded with one nobody checks: an
 * `.overwrite()` on an array may return longer items than its element schema allows.
 */
const REWRITE_AWARE = new Set<string>(['string', 'template_literal', 'number', 'int', 'bigint', 'date']);

/** Schemas built by fresh getters never repeat by identity; this caps how deep such a chain is followed. */
const MAX_NESTING = 200;

type AnyHandler = (def: unknown, schema: z.core.$ZodType, ctx: Ctx) => Bound;

/**
 * A sub-schema's bound without assumptions, and how many levels below it the walk went. Such a bound does not depend
 * on where the sub-schema sits: its path only appears in assumptions, and a sub-schema that reached a schema on the
 * path above it would be recursive, which is an assumption too. Only the nesting cap depends on the depth, hence
 * `height`.
 */
export interface PlacelessBound {
  readonly bound: Bound;
  readonly height: number;
}

/** Placeless bounds of sub-schemas, shared by the walks that use the same options (many schemas share parts). */
export type SubBounds = WeakMap<z.core.$ZodType, PlacelessBound>;

/** Bounds `root`, expanding a schema that recurs on its own path at most `recursionDepth` times. */
export function walk(root: z.core.$ZodType, options: ResolvedBoundOptions, subBounds?: SubBounds): Bound {
  const onPath = new Map<z.core.$ZodType, number>();
  let depth = 0;
  /** The deepest level the walk has reached inside the schema being visited. */
  let deepest = 0;
  const visit = (schema: z.core.$ZodType, path: string): Bound => {
    const known = subBounds?.get(schema);
    if (known && depth + known.height < MAX_NESTING) {
      deepest = Math.max(deepest, depth + 1 + known.height);
      return known.bound;
    }
    const seen = onPath.get(schema) ?? 0;
    const unknown = (reason: string) => assumed(path, reason, options.unknownValue);
    if (seen >= options.recursionDepth) return unknown(`recursive schema (expanded ${options.recursionDepth}×, the rest assumed)`);
    if (depth >= MAX_NESTING) return unknown(`schema nested deeper than ${MAX_NESTING} levels`);
    onPath.set(schema, seen + 1);
    depth++;
    const outer = deepest;
    deepest = depth;
    try {
      const def = schema._zod.def;
      const handler = (HANDLERS as unknown as Partial<Record<string, AnyHandler>>)[def.type];
      const ctx: Ctx = { path, options, visit };
      if (!handler) return boundUnsupported(String(def.type), ctx);
      if (!REWRITE_AWARE.has(def.type) && hasRewrite(schema)) {
        return unknown(`.overwrite() on z.${def.type}(): its output is not checked against the schema`);
      }
      const handled = handler(def, schema, ctx);
      // A refinement may reject the value a rule calls maximal: the bound still holds, its exactness does not.
      const bound = hasRefinement(schema) ? inexact(handled) : handled;
      if (subBounds && bound.assumptions.length === 0) subBounds.set(schema, { bound, height: deepest - depth });
      return bound;
    } finally {
      depth--;
      deepest = Math.max(outer, deepest);
      if (seen === 0) onPath.delete(schema);
      else onPath.set(schema, seen);
    }
  };
  return visit(root, '');
}
