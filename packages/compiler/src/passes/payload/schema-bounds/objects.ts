import type { z } from 'zod';
import { assumed, concat, known, relabel, repeat, widest, withAssumption } from './bound.js';
import { quotedKeyBytes } from './json-bytes.js';
import { entryPath, keyPath } from './paths.js';
import type { Bound, Ctx, DefFor } from './types.js';

/** Entries beyond the declared ones: how many, and the worst `"key":value` of one. */
interface Extra {
  readonly entry: Bound;
  readonly count: number;
}

/** `{` entries `}` with a comma between each two; every `"key":value` entry counted as present. */
function members(entries: readonly Bound[], extras: readonly Extra[] = []): Bound {
  const count = entries.length + extras.reduce((sum, extra) => sum + extra.count, 0);
  const repeated = extras.filter((extra) => extra.count > 0).map((extra) => repeat(extra.entry, extra.count));
  return concat([...entries, ...repeated], 2 + Math.max(0, count - 1));
}

/** Keys nobody declared (a catchall, a loose record): any string, so an assumption, with `value` after the colon. */
function undeclared(value: Bound, ctx: Ctx, owner: string): Extra {
  const count = ctx.options.unboundedRecordEntries;
  const key = assumed(entryPath(ctx.path), `key of ${owner}: any string`, ctx.options.unboundedString);
  const entry = concat([key, value], 1);
  const assumption = {
    path: entryPath(ctx.path),
    reason: `${owner} accepts undeclared keys (assumed ${count} entries)`,
    assumedBytes: entry.bytes * count + count,
  };
  return { entry: withAssumption(entry, assumption), count };
}

/**
 * Declared keys (optional ones counted as present: worst case), plus undeclared ones when the object keeps them:
 * `.catchall(schema)` and `.loose()`/`.passthrough()` (catchall `unknown`). The default strips them and `.strict()`
 * (catchall `never`) rejects them.
 */
export function boundObject(def: DefFor<'object'>, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  const shape = def.shape as Readonly<Record<string, z.core.$ZodType>>;
  const entries = Object.keys(shape).map((key) =>
    concat([ctx.visit(shape[key]!, keyPath(ctx.path, key))], quotedKeyBytes(key) + 1),
  );
  const catchall = def.catchall;
  if (!catchall || catchall._zod.def.type === 'never') return members(entries);
  const value = ctx.visit(catchall, entryPath(ctx.path));
  return members(entries, [undeclared(value, ctx, 'object with .catchall()/.loose()')]);
}

/** Bytes of one record key as JSON writes it (always a quoted string; a number key is written in canonical form). */
function keyBound(keyType: z.core.$ZodType, ctx: Ctx, path: string): Bound {
  const def = keyType._zod.def;
  switch (def.type) {
    case 'string':
    case 'template_literal':
      return relabel(ctx.visit(keyType, path), 'record key: ');
    case 'number':
      return relabel(concat([ctx.visit(keyType, path)], 2), 'record key: ');
    case 'enum':
    case 'literal': {
      const values = (keyType._zod as { values?: ReadonlySet<unknown> }).values ?? new Set<unknown>();
      const keys = [...values].filter((v) => typeof v !== 'symbol').map((v) => quotedKeyBytes(String(v)));
      return known(Math.max(0, ...keys), true);
    }
    case 'union':
      return widest((def as DefFor<'union'>).options.map((option) => keyBound(option, ctx, path)));
    default:
      return assumed(path, `record key schema z.${def.type}() is not bounded as a key`, ctx.options.unboundedString);
  }
}

/**
 * A record whose key schema is a finite set (enum, literals) has at most that many entries; any other has
 * `unboundedRecordEntries`, assumed. A `z.looseRecord()` also passes through keys its key schema rejects, with
 * values nobody checked.
 */
export function boundRecord(def: DefFor<'record'>, _schema: z.core.$ZodType, ctx: Ctx): Bound {
  const path = entryPath(ctx.path);
  const value = ctx.visit(def.valueType, path);
  const extras: Extra[] = [];
  if (def.mode === 'loose') {
    const unchecked = assumed(path, 'value under a key z.looseRecord() passes through unchecked', ctx.options.unknownValue);
    extras.push(undeclared(unchecked, ctx, 'z.looseRecord()'));
  }
  const finite = (def.keyType._zod as { values?: ReadonlySet<unknown> }).values;
  const keyType = def.keyType._zod.def.type;
  if (finite && (keyType === 'enum' || keyType === 'literal')) {
    // Each declared key with its own length: exact, where the widest key × count would not be.
    const keys = [...finite].filter((key) => typeof key !== 'symbol');
    return members(keys.map((key) => concat([value], quotedKeyBytes(String(key)) + 1)), extras);
  }
  const entry = concat([keyBound(def.keyType, ctx, path), value], 1);
  if (finite) return members([], [{ entry, count: finite.size }, ...extras]);
  const count = ctx.options.unboundedRecordEntries;
  const reason = `record keys are not a finite set (assumed ${count} entries)`;
  const assumption = { path, reason, assumedBytes: entry.bytes * count + count };
  return members([], [{ entry: withAssumption(entry, assumption), count }, ...extras]);
}
