import { z } from 'zod';
import type { Expr } from '../ir/expr.js';
import { DslError } from '../errors.js';
import { REF, VALUE, type Ref } from './ref.js';
import { isStringSchema } from './schema-shape.js';

/** A value computed at run time (a reference, a template, a condition) whose type is T. */
export type Computed<T> = { readonly [REF]: Expr; readonly [VALUE]?: T };

/** What a builder accepts where data is expected: plain JSON, computed values, or records and lists mixing both. */
export type Input<T> =
  | Computed<T>
  | (T extends string | number | boolean | null
      ? T
      : T extends readonly (infer E)[]
        ? readonly Input<E>[]
        : T extends object
          ? { readonly [K in keyof T]: Input<T[K]> }
          : never);

/** Any value a builder can turn into an expression. */
export type AnyInput = Computed<unknown> | string | number | boolean | null | readonly AnyInput[] | { readonly [key: string]: AnyInput | undefined };

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
    hint: 'Pass strings, numbers, booleans, null, arrays, plain objects, or references such as `search.sources`.',
  });
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
      return expr.value === null ? z.null() : z.literal(expr.value);
    case 'template':
      return z.string();
    case 'resource':
      return z.string();
    case 'jsonata':
      return expr.isString ? z.string() : z.unknown();
    case 'record':
      return z.object(Object.fromEntries(expr.fields.map(([key, value]) => [key, schemaOfExpr(value)])));
    case 'list': {
      const items = expr.items.map(schemaOfExpr);
      if (items.length === 0) return z.array(z.never()).max(0);
      const element = items.length === 1 ? items[0]! : z.union(items as [z.ZodType, z.ZodType, ...z.ZodType[]]);
      return z.array(element).max(items.length);
    }
    default:
      return z.boolean();
  }
}

/** True when the expression always yields a string. */
export function isStringExpr(expr: Expr): boolean {
  if (expr.kind === 'template' || expr.kind === 'resource') return true;
  if (expr.kind === 'jsonata') return expr.isString;
  if (expr.kind === 'literal') return typeof expr.value === 'string';
  if (expr.kind === 'ref') return isStringSchema(expr.schema);
  return false;
}

/** Prompt text: a string, a `text` template, or a reference to a string. */
export type TextInput = string | Computed<string> | Ref<string>;
