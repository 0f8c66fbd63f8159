import { z } from 'zod';
import type { Expr } from '../ir/expr.js';
import { DslError } from '../errors.js';
import { ABSENT, REF, VALUE, type AbsentFlag, type Ref } from './ref.js';
import { elementSchema, isStringSchema } from './schema-shape.js';
import { presentSchema } from './absent.js';
import { arraySchema, BOOLEAN_SCHEMA, literalSchema, NULL_SCHEMA, recordSchema, STRING_SCHEMA, UNKNOWN_SCHEMA } from './shared-schemas.js';

/**
 * A value computed at run time (a reference, a template, a condition) whose type is T. As a parameter type,
 * `Computed<string>` refuses a value that may be absent (`Ref<string | undefined>`): wrap it in `orElse(...)`.
 */
export type Computed<T> = { readonly [REF]: Expr; readonly [VALUE]?: T; readonly [ABSENT]?: AbsentFlag<T> };

/** Any computed value, also one that may be absent: what `text` templates and presence tests accept. */
export type AnyComputed = { readonly [REF]: Expr };

/**
 * What a builder accepts where data is expected: plain JSON, computed values, or records and lists mixing both.
 * Every computed leaf must yield a value (a state field that evaluates to nothing fails the state), even where T
 * allows `undefined`: to leave an optional field out, omit it.
 */
export type Input<T> =
  | Computed<Exclude<T, undefined>>
  | (T extends string | number | boolean | null
      ? T
      : T extends readonly (infer E)[]
        ? readonly Input<E>[]
        : T extends object
          ? { readonly [K in keyof T]: Input<T[K]> }
          : never);

/** Any value a builder can turn into an expression; computed leaves must yield a value (see {@link Computed}). */
export type AnyInput =
  | Computed<unknown>
  | string
  | number
  | boolean
  | null
  | readonly AnyInput[]
  // A computed value is an object too (its keys are symbols): `[ABSENT]?: never` keeps one that may be absent from
  // passing as a record where `Computed` refuses it.
  | { readonly [key: string]: AnyInput | undefined; readonly [ABSENT]?: never };

/** The run-time type of a builder input: references become the values they stand for. */
export type Resolve<V> = V extends { readonly [REF]: Expr; readonly [VALUE]?: infer T }
  ? T
  : V extends string | number | boolean | null
    ? V
    : V extends readonly unknown[]
      ? { -readonly [I in keyof V]: Resolve<V[I]> }
      : V extends object
        ? { -readonly [K in keyof V]: Resolve<V[K]> }
        : never;

/** Reads the expression out of a computed value. */
export function exprOf(value: unknown): Expr | undefined {
  if ((typeof value === 'object' || typeof value === 'function') && value !== null && REF in value) {
    return (value as { [REF]: Expr })[REF];
  }
  return undefined;
}

/** Turns a builder input into an expression; anything that is not JSON data or a computed value is a usage error. */
export function toExpr(value: unknown, what: string): Expr {
  const computed = exprOf(value);
  if (computed !== undefined) return computed;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return { kind: 'literal', value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DslError('invalid-value', `${what} is ${value}, which JSON cannot carry.`);
    return { kind: 'literal', value };
  }
  if (Array.isArray(value)) return { kind: 'list', items: value.map((item, i) => toExpr(item, `${what}[${i}]`)) };
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const fields: (readonly [string, Expr])[] = [];
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
      if (field !== undefined) fields.push([key, toExpr(field, `${what}.${key}`)]);
    }
    return { kind: 'record', fields };
  }
  throw new DslError('invalid-value', `${what} must be JSON data or a reference to a step result, got ${describe(value)}.`, {
    hint: invalidValueHint(value),
  });
}

/** What to write instead of a value JSON cannot carry; dates and promises have a usual cause. */
function invalidValueHint(value: unknown): string {
  if (value instanceof Date) {
    return 'A Date is not JSON, and new Date() would be the build time: use flow.execution.startTime for the run\'s start time, or an ISO 8601 string such as \'2025-01-31T00:00:00Z\'.';
  }
  if (value instanceof Promise) return 'Remove async/await: builders return references at once, without waiting for the step to run.';
  return 'Pass strings, numbers, booleans, null, arrays, plain objects, or references such as `search.sources`.';
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return `an instance of ${(value as object).constructor?.name ?? 'an unknown class'}`;
  return typeof value;
}

/** The schema of the value an expression yields, for typed references to computed values. */
export function schemaOfExpr(expr: Expr): z.ZodType {
  switch (expr.kind) {
    case 'ref':
      return expr.schema;
    case 'literal':
      return expr.value === null ? NULL_SCHEMA : literalSchema(expr.value);
    case 'template':
      return STRING_SCHEMA;
    case 'resource':
      return STRING_SCHEMA;
    case 'jsonata':
      return expr.isString ? STRING_SCHEMA : UNKNOWN_SCHEMA;
    case 'or-else': {
      const present = presentSchema(schemaOfExpr(expr.value));
      // An empty list fits any array schema; keeping the array's own schema keeps its elements typed (e.g. for map).
      if (expr.fallback.kind === 'list' && expr.fallback.items.length === 0 && elementSchema(present) !== undefined) return present;
      return z.union([present, schemaOfExpr(expr.fallback)]);
    }
    case 'record':
      return recordSchema(expr.fields.map(([key, value]) => [key, schemaOfExpr(value)] as const));
    case 'list': {
      const items = expr.items.map(schemaOfExpr);
      if (items.length === 0) return z.array(z.never()).max(0);
      if (items.length === 1) return arraySchema(items[0]!, 1);
      return z.array(z.union(items as [z.ZodType, z.ZodType, ...z.ZodType[]])).max(items.length);
    }
    default:
      return BOOLEAN_SCHEMA;
  }
}

/** True when the expression always yields a string. */
export function isStringExpr(expr: Expr): boolean {
  if (expr.kind === 'template' || expr.kind === 'resource') return true;
  if (expr.kind === 'jsonata') return expr.isString;
  if (expr.kind === 'literal') return typeof expr.value === 'string';
  if (expr.kind === 'ref') return isStringSchema(expr.schema);
  if (expr.kind === 'or-else') return isStringExpr(expr.value) && isStringExpr(expr.fallback);
  return false;
}

/** Prompt text: a string, a `text` template, or a reference to a string. */
export type TextInput = string | Computed<string> | Ref<string>;
