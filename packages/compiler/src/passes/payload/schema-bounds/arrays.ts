import type { z } from 'zod';
import { concat, known, relabel, repeat, withAssumption } from './bound.js';
import { effectiveChecks, maxLength, maxSize } from './checks.js';
import { entryPath, indexPath, itemPath } from './paths.js';
import type { Bound, Ctx, DefFor } from './types.js';

/** `[a,b,c]`: brackets, `count` items, `count - 1` commas. An empty list is `[]` whatever its item type. */
export function list(item: Bound, count: number): Bound {
  if (count === 0) return known(2, true);
  return concat([repeat(item, count)], 2 + count - 1);
}

/** An item count from a limit, or the configured assumption when there is none. */
function counted(item: Bound, limit: number, ctx: Ctx, what: string): Bound {
  if (Number.isFinite(limit)) return list(item, limit);
  const count = ctx.options.unboundedArrayItems;
  const bound = list(item, count);
  return flagged(bound, ctx, `${what} (assumed ${count} items)`);
}

/** The bound, with an assumption at this path that says why and carries its size. */
function flagged(bound: Bound, ctx: Ctx, reason: string): Bound {
  return withAssumption(bound, { path: ctx.path, reason, assumedBytes: bound.bytes });
}

export function boundArray(def: DefFor<'array'>, schema: z.core.$ZodType, ctx: Ctx): Bound {
  const item = ctx.visit(def.element, itemPath(ctx.path));
  return counted(item, maxLength(effectiveChecks(schema)), ctx, 'array without .max()');
}

/** Fixed items (trailing optional ones counted as present) plus rest items up to the tuple's length limit. */
export function boundTuple(def: DefFor<'tuple'>, schema: z.core.$ZodType, ctx: Ctx): Bound {
  const items = def.items.map((item, index) => ctx.visit(item, indexPath(ctx.path, index)));
  const fixed = concat(items, 0);
  if (!def.rest) return items.length === 0 ? known(2, true) : concat([fixed], 2 + items.length - 1);
  const limit = maxLength(effectiveChecks(schema));
  const restItem = ctx.visit(def.rest, itemPath(ctx.path));
  const rest = counted(restItem, Math.max(0, limit - items.length), ctx, 'tuple rest without a length limit');
  if (items.length === 0) return rest;
  // `[` fixed `,` rest-without-its-brackets `]`; an empty rest drops that comma, which the bound may keep.
  return concat([fixed, rest], 1 + items.length - 1);
}

const NOT_JSON = 'is not JSON (JSON.stringify writes {})';

/** A Set serializes as `{}`; the bound also covers a serializer that writes it as an array. */
export function boundSet(def: DefFor<'set'>, schema: z.core.$ZodType, ctx: Ctx): Bound {
  const item = ctx.visit(def.valueType, itemPath(ctx.path));
  const items = counted(item, maxSize(effectiveChecks(schema)), ctx, 'set without .max()');
  return flagged(items, ctx, `z.set() ${NOT_JSON}; bounded as an array`);
}

/** A Map serializes as `{}`; the bound also covers `[[key, value], …]`, which is larger than `{"key": value}`. */
export function boundMap(def: DefFor<'map'>, schema: z.core.$ZodType, ctx: Ctx): Bound {
  const path = entryPath(ctx.path);
  const key = relabel(ctx.visit(def.keyType, path), 'map key: ');
  const pair = concat([key, ctx.visit(def.valueType, path)], 3); // [key,value]
  const limit = maxSize(effectiveChecks(schema));
  const count = Number.isFinite(limit) ? limit : ctx.options.unboundedRecordEntries;
  let bound = list(pair, count);
  if (!Number.isFinite(limit)) bound = flagged(bound, ctx, `map without .max() (assumed ${count} entries)`);
  return flagged(bound, ctx, `z.map() ${NOT_JSON}; bounded as [key, value] pairs`);
}
