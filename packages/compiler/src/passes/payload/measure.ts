import type { z } from 'zod';
import type { Expr } from '@agentflow/dsl';
import { isStringExpr } from '@agentflow/dsl';
import { schemaBound, type Assumption, type BoundOptions } from './schema-bounds/index.js';
import { containsPointer } from './pointer.js';

/** A worst-case size and what makes it up, largest part first. */
export interface Measure {
  readonly bytes: number;
  /** The biggest contributor, in the author's terms (e.g. `$writeDraft.body`). */
  readonly dominant: string | undefined;
  readonly dominantBytes: number;
  readonly assumptions: readonly Assumption[];
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');
const jsonBytes = (value: unknown) => utf8(JSON.stringify(value));

/**
 * Most bytes a value read through a reference can take, below what its schema says, by the id of the step whose
 * variable it reads: limits enforced at run time (ref-caps.ts). A field is never larger than the value it is part of,
 * so the cap bounds every path under the root.
 */
export type RefCaps = ReadonlyMap<string, number>;

/**
 * Least bytes a whole step value can take beyond its schema, by step id: an integration's raw response carries fields
 * its typed schema leaves out (putEvents' `Entries` beside `FailedEntryCount`), and a variable holding the whole
 * result holds them too. A typed field under it is bounded by its schema alone.
 */
export type WholeResultBounds = ReadonlyMap<string, number>;

/** The JSON around an offloaded part of a prompt's `inputParts` (see promptParts in emit/asl/offload-fields.ts). */
const EXPAND_PART_BYTES = 48;

/**
 * Schema bounds by options object, then schema object. A bound depends on nothing else, and zod schemas are
 * immutable: every Sizer of one compilation (each payload analysis of the offload planner makes its own) shares them.
 */
const BOUNDS = new WeakMap<BoundOptions, WeakMap<z.ZodType, ReturnType<typeof schemaBound>>>();

/** Memoised schema bounds: the same schema object is measured once per compilation. */
export class Sizer {
  private readonly cache: WeakMap<z.ZodType, ReturnType<typeof schemaBound>>;
  constructor(
    readonly options: BoundOptions,
    readonly caps: RefCaps = new Map(),
    readonly wholeResults: WholeResultBounds = new Map(),
  ) {
    let cache = BOUNDS.get(options);
    if (!cache) BOUNDS.set(options, (cache = new WeakMap()));
    this.cache = cache;
  }

  schema(schema: z.ZodType): ReturnType<typeof schemaBound> {
    let bound = this.cache.get(schema);
    if (!bound) {
      bound = schemaBound(schema, this.options);
      this.cache.set(schema, bound);
    }
    return bound;
  }

  /**
   * Bytes of the JSON an expression yields. `label` names references for the report. In adapter prompts
   * (`adapter`), offloaded parts travel as JSON `expand` parts instead of being escaped into the text.
   */
  expr(expr: Expr, label: (e: Extract<Expr, { kind: 'ref' }>) => string, adapter = false): Measure {
    const parts: { name: string | undefined; bytes: number; assumptions: readonly Assumption[] }[] = [];
    let fixed = 0;
    const add = (e: Expr, inString: boolean) => {
      const m = this.exprRaw(e, label);
      // Spliced into text, a string loses its quotes; any other JSON is re-escaped, at most doubling it.
      const expands = adapter && e.kind === 'ref' && (e.inS3 !== undefined || containsPointer(e.schema));
      // An `inputParts` element of its own: `{"expand": {"$s3": …}, "path": […]}`, and the quotes and commas of
      // the text elements around it.
      const part = expands ? EXPAND_PART_BYTES + (e.inS3 ? jsonBytes(e.inS3.path) : 0) : 0;
      const bytes = inString && !expands ? (isStringExpr(e) ? Math.max(0, m.bytes - 2) : m.bytes * 2) : m.bytes + part;
      parts.push({ name: m.dominant, bytes, assumptions: m.assumptions });
    };
    if (expr.kind === 'template') {
      fixed += 2;
      for (const part of expr.parts) {
        if (typeof part === 'string') fixed += jsonBytes(part) - 2;
        else add(part, true);
      }
    } else {
      return this.exprRaw(expr, label);
    }
    return combine(fixed, parts);
  }

  private exprRaw(expr: Expr, label: (e: Extract<Expr, { kind: 'ref' }>) => string): Measure {
    switch (expr.kind) {
      case 'ref': {
        const typed = this.schema(expr.schema);
        const whole = expr.path.length === 0 && !expr.inS3 ? this.wholeResults.get(capKey(expr)) : undefined;
        const bound = whole !== undefined && whole > typed.bytes ? { ...typed, bytes: whole } : typed;
        const cap = expr.inS3 ? undefined : this.caps.get(capKey(expr));
        // Under an enforced cap, the schema's assumed sizes no longer decide anything.
        if (cap !== undefined && cap < bound.bytes) return { bytes: cap, dominant: label(expr), dominantBytes: cap, assumptions: [] };
        return { bytes: bound.bytes, dominant: label(expr), dominantBytes: bound.bytes, assumptions: bound.assumptions };
      }
      case 'literal':
        return { bytes: jsonBytes(expr.value), dominant: undefined, dominantBytes: 0, assumptions: [] };
      case 'resource':
        // ARNs, names and queue URLs: at most 2,048 characters in any AWS API.
        return { bytes: 2050, dominant: undefined, dominantBytes: 0, assumptions: [] };
      case 'template':
        return this.expr(expr, label);
      case 'record': {
        const parts = expr.fields.map(([key, value]) => ({ key, m: this.exprRaw(value, label) }));
        const fixed = 2 + parts.reduce((n, p) => n + jsonBytes(p.key) + 1, 0) + Math.max(0, parts.length - 1);
        return combine(fixed, parts.map((p) => ({ name: p.m.dominant, bytes: p.m.bytes, assumptions: p.m.assumptions })));
      }
      case 'list': {
        const parts = expr.items.map((item) => this.exprRaw(item, label));
        return combine(2 + Math.max(0, parts.length - 1), parts.map((m) => ({ name: m.dominant, bytes: m.bytes, assumptions: m.assumptions })));
      }
      case 'jsonata': {
        const parts = expr.args.map((arg) => this.exprRaw(arg, label));
        return combine(0, parts.map((m) => ({ name: m.dominant, bytes: m.bytes, assumptions: m.assumptions })));
      }
      case 'or-else': {
        // One of the two, whichever is larger; the other's assumptions still hold.
        const value = this.exprRaw(expr.value, label);
        const fallback = this.exprRaw(expr.fallback, label);
        const top = fallback.bytes > value.bytes ? fallback : value;
        return { ...top, assumptions: [...value.assumptions, ...fallback.assumptions] };
      }
      default:
        return { bytes: 5, dominant: undefined, dominantBytes: 0, assumptions: [] };
    }
  }
}

/** The key of `RefCaps` a reference falls under: the step whose variable it reads. */
export function capKey(ref: Extract<Expr, { kind: 'ref' }>): string {
  return ref.root.kind === 'step-result' ? ref.root.stepId : '';
}

function combine(fixed: number, parts: readonly { name: string | undefined; bytes: number; assumptions: readonly Assumption[] }[]): Measure {
  let bytes = fixed;
  let top: (typeof parts)[number] | undefined;
  for (const p of parts) {
    bytes += p.bytes;
    if (!top || p.bytes > top.bytes) top = p;
  }
  return { bytes, dominant: top?.name, dominantBytes: top?.bytes ?? 0, assumptions: parts.flatMap((p) => p.assumptions) };
}

export { jsonBytes };
