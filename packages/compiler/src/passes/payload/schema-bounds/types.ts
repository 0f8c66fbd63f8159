import type { z } from 'zod';

/** A value the bound could not derive from the schema, and the size it was assumed to have instead. */
export interface Assumption {
  /** Where the value sits in the serialized payload: `sources[].title`, `meta.*`, `items[2]`; `''` is the value itself. */
  readonly path: string;
  /** Why it is unbounded, in the user's terms: `string without .max()`. */
  readonly reason: string;
  /** The UTF-8 bytes this value was assumed to take in `JSON.stringify` output (quotes and escapes included). */
  readonly assumedBytes: number;
}

/**
 * An upper bound on `Buffer.byteLength(JSON.stringify(v), 'utf8')` over every value `v` the schema can produce.
 * The bound holds unconditionally when `assumptions` is empty, and under those assumptions otherwise.
 */
export interface Bound {
  readonly bytes: number;
  /** True when some value the schema accepts is known to reach `bytes`; false when it may be an overestimate. */
  readonly exact: boolean;
  readonly assumptions: readonly Assumption[];
}

export interface BoundOptions {
  /** Bytes (quotes and escapes included) assumed for a string with no usable maximum length. */
  readonly unboundedString?: number;
  /** Items assumed for an array, set or tuple rest with no maximum. */
  readonly unboundedArrayItems?: number;
  /** Entries assumed for a record, map or object catchall whose keys are not a finite set. */
  readonly unboundedRecordEntries?: number;
  /** Bytes assumed for a value whose shape is unknown: `z.any()`, `z.unknown()`, `z.custom()`, `.transform()` output. */
  readonly unknownValue?: number;
  /**
   * Levels of a recursive schema that are expanded; its reference one level deeper is assumed to be `unknownValue`.
   * 1 (the default) bounds a schema's reference to itself like `z.unknown()`.
   */
  readonly recursionDepth?: number;
}

export type ResolvedBoundOptions = Required<BoundOptions>;

/** Every `def.type` zod v4 declares; the dispatch table must name each one. */
export type DefType = z.core.$ZodTypeDef['type'];

/** The def of the schema kind whose `def.type` is `K` (never for a type no zod class uses, such as `int`). */
export type DefFor<K extends DefType> = Extract<z.core.$ZodTypes, { _zod: { def: { type: K } } }>['_zod']['def'];

/** What a handler gets besides the def: where it is, the options, and a way to bound a child schema. */
export interface Ctx {
  readonly path: string;
  readonly options: ResolvedBoundOptions;
  /** Bound of a child schema at `path`; applies the recursion guard. */
  visit(schema: z.core.$ZodType, path: string): Bound;
}

export type Handler<K extends DefType> = (def: DefFor<K>, schema: z.core.$ZodType, ctx: Ctx) => Bound;
