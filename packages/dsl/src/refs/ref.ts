import type { z } from 'zod';
import type { RefExpr, RefRoot } from '../ir/expr.js';
import { fieldNames, fieldSchema } from './schema-shape.js';
import { coercionTraps } from './no-coercion.js';
import { requireSchema } from './require-schema.js';

/** The key under which a reference keeps its IR expression. A symbol, so no data field can shadow it. */
export const REF: unique symbol = Symbol.for('agentflow.ref') as never;
/** Phantom key carrying a reference's value type; never set at run time. */
export const VALUE: unique symbol = Symbol.for('agentflow.value') as never;
/**
 * Phantom key marking a value that may be absent at run time (its type includes `undefined`, e.g. an optional
 * field). `[VALUE]` alone cannot tell `Ref<string>` from `Ref<string | undefined>`: an optional property's type
 * always admits `undefined`. Never set at run time.
 */
export const ABSENT: unique symbol = Symbol.for('agentflow.absent') as never;

/**
 * A marker when a value of type T may be absent, else `never`. A parameter typed `Computed<string>` then has
 * `[ABSENT]?: never` and refuses a `Ref<string | undefined>` (whose `[ABSENT]` is the marker): an absent value
 * written into a state field fails it with States.QueryEvaluationError, so it needs `orElse(ref, fallback)` first.
 * The marker is a sentence because `tsc` prints it in the error. `unknown` and `any` count as present, or no
 * untyped value could be passed anywhere.
 */
export type AbsentFlag<T> = 0 extends 1 & T ? never : unknown extends T ? never : undefined extends T ? MayBeAbsent : never;
type MayBeAbsent = 'this value may be absent at run time: give it a fallback with orElse(value, fallback)';

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
 *
 * The workflow body runs once, at build time, so a reference is a placeholder, not the value: converting it to a
 * string or number (a plain template literal, `ref > 3`, `ref + 1`) throws a located `ref-coerced` error (use
 * `` text`…` `` and `eq`/`gt`/…), and `if (ref)` or `ref ? a : b` is always true (an object) — JavaScript gives no
 * hook to detect it, so decide on run-time values with `flow.choice` and `when(...)`. See docs/build-time.md.
 */
export type Ref<T> = { readonly [REF]: RefExpr; readonly [VALUE]?: T; readonly [ABSENT]?: AbsentFlag<T> } & RefFields<T>;

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
const PROBES = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType', 'inspect']);

type RefTarget = { readonly [REF]: RefExpr };

/** References to fields, per reference target, made on the first read of each field. */
const fieldRefs = new WeakMap<RefTarget, Map<string, unknown>>();

/**
 * One handler for every reference, reading the expression from the frozen target: a build makes references per step
 * and per field read, and a handler with two closures each was a visible share of its garbage.
 */
const REF_HANDLER: ProxyHandler<RefTarget> = {
  get(target, key) {
    const expr = target[REF];
    if (key === REF) return expr;
    // String and number conversion throw (a plain template literal would bake "[object Object]" into the workflow);
    // inspectors (util.inspect, vitest) print the target without converting it.
    if (key === Symbol.toPrimitive || key === 'toString' || key === 'valueOf') return coercionTraps(expr)[key as keyof ReturnType<typeof coercionTraps>];
    if (typeof key === 'symbol' || PROBES.has(key)) return (target as Record<PropertyKey, unknown>)[key];
    let fields = fieldRefs.get(target);
    if (fields === undefined) {
      fields = new Map();
      fieldRefs.set(target, fields);
    }
    let child = fields.get(key);
    if (child === undefined) {
      child = makeRef(childExpr(expr, key));
      fields.set(key, child);
    }
    return child;
  },
  has(_target, key) {
    return key === REF;
  },
};

function makeRef(expr: RefExpr): unknown {
  return new Proxy(Object.freeze({ [REF]: expr }), REF_HANDLER);
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
  // The last gate: builders check the schemas they take where the author wrote them; anything else stops here.
  requireSchema(schema, 'This step\'s result', 'schema');
  return makeRef({ kind: 'ref', root, path: [], schema }) as Ref<T>;
}
