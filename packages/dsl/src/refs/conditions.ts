import type { CompareOp, CondExpr, Expr, RefExpr } from '../ir/expr.js';
import { isCondition } from '../ir/expr.js';
import { DslError } from '../errors.js';
import { REF, refExprOf } from './ref.js';
import { exprOf, toExpr, type AnyComputed, type Computed } from './value.js';
import { frozenComputed } from './no-coercion.js';

/** A boolean computed at run time, usable in `when(...)`, `exitWhen(...)` and nested in `and`/`or`/`not`. */
export type Condition = Computed<boolean>;

type Comparable = string | number | boolean | null | undefined;
type Ordered = string | number | undefined;

function cond(expr: CondExpr): Condition {
  return frozenComputed(REF, expr) as Condition;
}

/** Turns a condition or a boolean reference into a condition expression. */
export function toCondition(value: unknown, what: string): CondExpr {
  const expr = exprOf(value);
  if (expr !== undefined && isCondition(expr)) return expr;
  const ref = refExprOf(value);
  if (ref !== undefined) return { kind: 'compare', op: 'eq', left: ref, right: { kind: 'literal', value: true } };
  throw new DslError('invalid-condition', `${what} must be a condition such as eq(route.category, 'billing') or a boolean reference.`);
}

function compare(op: CompareOp, left: unknown, right: unknown): Condition {
  return cond({ kind: 'compare', op, left: toExpr(left, 'left operand'), right: toExpr(right, 'right operand') });
}

/**
 * True when both sides are equal. The right side must have the left side's type, so comparing a string field to a
 * number, or an enum field to a value outside the enum, fails `tsc`.
 *
 * @example
 * ```ts
 * import { eq, type Ref } from '@agentflow/dsl';
 * declare const category: Ref<'technical' | 'billing' | 'general'>;
 * const isBilling = eq(category, 'billing');
 * ```
 */
export function eq<T extends Comparable>(left: Computed<T | undefined>, right: NoInfer<T> | Computed<NoInfer<T> | undefined>): Condition {
  return compare('eq', left, right);
}

/**
 * True when the sides differ.
 *
 * @example
 * ```ts
 * import { ne, type Ref } from '@agentflow/dsl';
 * declare const status: Ref<'ok' | 'failed'>;
 * const failed = ne(status, 'ok');
 * ```
 */
export function ne<T extends Comparable>(left: Computed<T | undefined>, right: NoInfer<T> | Computed<NoInfer<T> | undefined>): Condition {
  return compare('ne', left, right);
}

/**
 * Ordering comparisons on numbers or strings (strings compare in code-point order, so ISO timestamps order by time).
 *
 * @example
 * ```ts
 * import { gte, lt, type Ref } from '@agentflow/dsl';
 * declare const score: Ref<number>;
 * const good = gte(score, 0.8);
 * const poor = lt(score, 0.2);
 * ```
 */
export function lt<T extends Ordered>(left: Computed<T | undefined>, right: NoInfer<T> | Computed<NoInfer<T> | undefined>): Condition {
  return compare('lt', left, right);
}
/** @see lt */
export function lte<T extends Ordered>(left: Computed<T | undefined>, right: NoInfer<T> | Computed<NoInfer<T> | undefined>): Condition {
  return compare('lte', left, right);
}
/** @see lt */
export function gt<T extends Ordered>(left: Computed<T | undefined>, right: NoInfer<T> | Computed<NoInfer<T> | undefined>): Condition {
  return compare('gt', left, right);
}
/** @see lt */
export function gte<T extends Ordered>(left: Computed<T | undefined>, right: NoInfer<T> | Computed<NoInfer<T> | undefined>): Condition {
  return compare('gte', left, right);
}

type CondInput = Condition | Computed<boolean | undefined>;

/**
 * True when every condition holds.
 *
 * @example
 * ```ts
 * import { and, eq, gt, type Ref } from '@agentflow/dsl';
 * declare const review: Ref<{ approved: boolean; score: number }>;
 * const ship = and(eq(review.approved, true), gt(review.score, 3));
 * ```
 */
export function and(...terms: readonly CondInput[]): Condition {
  if (terms.length < 2) throw new DslError('invalid-condition', 'and(...) needs at least two conditions.');
  return cond({ kind: 'and', terms: terms.map((t, i) => toCondition(t, `and(...) term ${i + 1}`)) });
}

/**
 * True when any condition holds.
 *
 * @example
 * ```ts
 * import { or, eq, type Ref } from '@agentflow/dsl';
 * declare const category: Ref<'billing' | 'refund' | 'other'>;
 * const money = or(eq(category, 'billing'), eq(category, 'refund'));
 * ```
 */
export function or(...terms: readonly CondInput[]): Condition {
  if (terms.length < 2) throw new DslError('invalid-condition', 'or(...) needs at least two conditions.');
  return cond({ kind: 'or', terms: terms.map((t, i) => toCondition(t, `or(...) term ${i + 1}`)) });
}

/**
 * Negates a condition.
 *
 * @example
 * ```ts
 * import { not, type Ref } from '@agentflow/dsl';
 * declare const approved: Ref<boolean>;
 * const rejected = not(approved);
 * ```
 */
export function not(term: CondInput): Condition {
  return cond({ kind: 'not', term: toCondition(term, 'not(...)') });
}

/**
 * True when an optional field is present.
 *
 * @example
 * ```ts
 * import { isPresent, type Ref } from '@agentflow/dsl';
 * declare const review: Ref<{ comments?: string }>;
 * const commented = isPresent(review.comments);
 * ```
 */
export function isPresent(value: AnyComputed): Condition {
  const ref: RefExpr | undefined = refExprOf(value);
  if (ref === undefined) throw new DslError('invalid-condition', 'isPresent(...) takes a reference to a field.');
  return cond({ kind: 'is-present', value: ref });
}

/**
 * True when a string matches a pattern where `*` stands for any run of characters (as ASL's StringMatches).
 *
 * @example
 * ```ts
 * import { matches, type Ref } from '@agentflow/dsl';
 * declare const file: Ref<string>;
 * const isPdf = matches(file, '*.pdf');
 * ```
 */
export function matches(value: Computed<string | undefined>, pattern: string): Condition {
  const expr: Expr = toExpr(value, 'matches(...) value');
  return cond({ kind: 'matches', value: expr, pattern });
}
