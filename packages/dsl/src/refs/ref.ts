import type { z } from 'zod';
import type { RefExpr, RefRoot } from '../ir/expr.js';
import { fieldNames, fieldSchema } from './schema-shape.js';

/** The key under which a reference keeps its IR expression. A symbol, so no data field can shadow it. */
export const REF: unique symbol = Symbol.for('agentflow.ref') as never;
/** Phantom key carrying a reference's value type; never set at run time. */
export const VALUE: unique symbol = Symbol.for('agentflow.value') as never;

type Primitive = string | number | boolean | null | undefined;

/** Members of a reference to an object: one reference per field, optional fields stay optional in the value type. */
type RefFields<T> = [NonNullable<T>] extends [Primitive]
  ? unknown
  : [NonNullable<T>] extends [readonly unknown[]]
    ? unknown
    : { readonly [K in keyof NonNullable<T> & string]-?: Ref<NonNullable<T>[K] | (undefined extends T ? undefined : never)> };

/**
 * A typed reference to a value that exists only at run time (a step result, the workflow input, a map item).
 * Field access gives references to fields: `found.sources` is a `Ref<Source[]>`, and `found.sourcez` fails `tsc`.
 */
export type Ref<T> = { readonly [REF]: RefExpr; readonly [VALUE]?: T } & RefFields<T>;

/** The value type a reference stands for. */
export type RefValue<R> = R extends { readonly [VALUE]?: infer T } ? T : never;

/** Reads the IR expression out of a reference, or undefined for anything else. */
export function refExprOf(value: unknown): RefExpr | undefined {
  if ((typeof value === 'object' || typeof value === 'function') && value !== null) {
    const expr = (value as { [REF]?: RefExpr })[REF];
    if (expr !== undefined && expr.kind === 'ref') return expr;
  }
  return undefined;
}

// Property names that runtimes, test frameworks and inspectors probe on any object; they are never workflow fields.
const PROBES = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType', 'inspect', 'valueOf', 'toString']);

function makeRef(expr: RefExpr): unknown {
  const cache = new Map<string, unknown>();
  return new Proxy(Object.freeze({ [REF]: expr }), {
    get(target, key) {
      if (key === REF) return expr;
      if (typeof key === 'symbol' || PROBES.has(key)) return (target as Record<PropertyKey, unknown>)[key];
      let child = cache.get(key);
      if (child === undefined) {
        child = makeRef(childExpr(expr, key));
        cache.set(key, child);
      }
      return child;
    },
    has(_target, key) {
      return key === REF;
    },
  });
}

function childExpr(parent: RefExpr, key: string): RefExpr {
  const path = [...parent.path, key];
  if (parent.unknownField) return { ...parent, path };
  const schema = fieldSchema(parent.schema, key);
  if (schema !== undefined) return { kind: 'ref', root: parent.root, path, schema };
  return { kind: 'ref', root: parent.root, path, schema: parent.schema, unknownField: { field: key, known: fieldNames(parent.schema) } };
}

/** Creates a reference rooted at `root` whose value the schema describes. */
export function createRef<T>(root: RefRoot, schema: z.ZodType): Ref<T> {
  return makeRef({ kind: 'ref', root, path: [], schema }) as Ref<T>;
}
