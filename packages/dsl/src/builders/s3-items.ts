import { z } from 'zod';
import type { S3ItemSource } from '../ir/nodes.js';
import { DslError } from '../errors.js';
import { callerLocation, type SourceLocation } from '../source-location.js';
import type { Ref } from '../refs/ref.js';
import { requireSchema } from '../refs/require-schema.js';
import { defOf, isStringSchema, unwrap } from '../refs/schema-shape.js';
import { toExpr, isStringExpr, type Computed } from '../refs/value.js';

const SOURCE = Symbol('agentflow.s3Items');

/** The formats a Distributed Map's `ItemReader` parses: a JSON array, JSON Lines, or CSV with a header row. */
export type S3ItemsFormat = 'json' | 'jsonl' | 'csv';

export interface S3ItemsOptions<S extends z.ZodType> {
  /** The bucket's name (a literal, so the state machine's IAM grant names it). */
  readonly bucket: string;
  /** The object's key: a literal, a reference, or a `text` template (its literal start scopes the IAM grant). */
  readonly key: string | Ref<string> | Computed<string>;
  /** `json`: the object is one JSON array; `jsonl`: one JSON value a line; `csv`: a header row, then one item a row. */
  readonly format: S3ItemsFormat;
  /** One item's schema. CSV items are objects of strings named by the header row. */
  readonly item: S;
  /** Read at most this many items. Without it, the map's results have no bound and go to S3 (docs/payload.md). */
  readonly maxItems?: number;
}

/** Items stored in an S3 object, for `flow.map(id, s3Items({...}), …)`. */
export interface S3Items<E> {
  readonly [SOURCE]: { readonly source: S3ItemSource; readonly item: z.ZodType; readonly loc: SourceLocation | undefined };
  /** @internal Carries the item type. */
  readonly __item?: E;
}

/**
 * Items a map reads from an S3 object instead of from the state: a Distributed Map with an `ItemReader`, so the
 * list never passes through a state and its size is not limited by the 256 KiB payload limit. The state machine
 * gets `s3:GetObject` on the object (or on the keys its literal start allows).
 *
 * @example
 * ```ts
 * import { agent, s3Items, text, workflow } from '@agentflow/dsl';
 * import { z } from 'zod';
 * const summarize = agent('summarize', { agentName: 'summary', alias: 'live', maxOutputBytes: 4000 });
 * export default workflow('digest', { input: z.object({ listKey: z.string().max(200) }) }, (flow) => {
 *   const urls = s3Items({ bucket: 'my-inputs', key: text`lists/${flow.input.listKey}`, format: 'jsonl', item: z.object({ url: z.string().max(2048) }) });
 *   flow.map('summaries', urls, { maxConcurrency: 10 }, (page, f) => f.invoke(summarize, { prompt: text`Summarize ${page.url}` }));
 * });
 * ```
 */
export function s3Items<S extends z.ZodType>(options: S3ItemsOptions<S>): S3Items<z.output<S>> {
  const loc = callerLocation();
  const fail = (message: string, hint: string): never => {
    throw new DslError('invalid-s3-items', `s3Items: ${message}`, { loc, hint });
  };
  if (!options || typeof options !== 'object') fail('needs { bucket, key, format, item }.', "Write s3Items({ bucket: 'my-bucket', key: 'items.json', format: 'json', item: z.object({...}) }).");
  const { bucket, format, item, maxItems } = options;
  if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    fail(`bucket must be a literal S3 bucket name, got ${JSON.stringify(bucket) ?? String(bucket)}.`, 'Name the bucket literally (3–63 lowercase letters, digits, dots and hyphens); a computed key can still vary per run.');
  }
  if (format !== 'json' && format !== 'jsonl' && format !== 'csv') fail(`format must be 'json', 'jsonl' or 'csv', got ${JSON.stringify(format)}.`, "Use format: 'json' for a JSON array, 'jsonl' for JSON Lines, 'csv' for CSV with a header row.");
  if (item === undefined) fail('item must be a zod schema of one item.', 'Pass item: z.object({ ... }) describing one element of the list.');
  requireSchema(item, 's3Items', 'item', loc);
  if (maxItems !== undefined && !(Number.isInteger(maxItems) && maxItems >= 1 && maxItems <= 100_000_000)) {
    fail(`maxItems must be a whole number from 1 to 100,000,000, got ${maxItems}.`, 'Leave it out to read every item.');
  }
  // Step Functions reads CSV rows as objects of strings, keyed by the header row.
  if (format === 'csv' && !isStringRecord(item)) {
    fail('CSV items are objects of strings (one field per column), but item is not z.object({...}) of string fields.', 'Declare each column as z.string() (parse numbers inside the body), or store the list as JSON or JSONL.');
  }
  const key = toExpr(options.key, 's3Items key');
  if (!isStringExpr(key)) fail('key must be a string: a literal, a reference to a string or a text`…` template.', "Write key: 'lists/today.json' or key: text`lists/${flow.input.name}`.");
  if (key.kind === 'literal' && key.value === '') fail('key must not be empty.', 'Give the object key.');
  const source: S3ItemSource = Object.freeze({ bucket, key, format, maxItems });
  return Object.freeze({ [SOURCE]: Object.freeze({ source, item, loc }) }) as S3Items<z.output<S>>;
}

/** The S3 source a `s3Items(...)` value holds, or undefined for anything else. @internal */
export function s3ItemsOf(value: unknown): { readonly source: S3ItemSource; readonly item: z.ZodType } | undefined {
  return typeof value === 'object' && value !== null && SOURCE in value ? (value as S3Items<unknown>)[SOURCE] : undefined;
}

function isStringRecord(schema: z.ZodType): boolean {
  const def = defOf(unwrap(schema).inner);
  return def.type === 'object' && Object.values(def['shape'] as Record<string, z.ZodType>).every((field) => isStringSchema(field));
}
