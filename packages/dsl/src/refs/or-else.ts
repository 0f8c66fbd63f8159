import { DslError } from '../errors.js';
import { REF } from './ref.js';
import { toExpr, type AnyComputed, type Computed, type Input } from './value.js';
import { frozenComputed } from './no-coercion.js';

/**
 * The value when it is present at run time, else the fallback: how an optional field (`z.string().optional()`,
 * an approval's `comments`) reaches a place that needs a value — a prompt, a field of a message or item, a `set`
 * value, a returned value. Without it `tsc` refuses the optional reference there, because a state field that
 * evaluates to nothing fails with States.QueryEvaluationError. The fallback has the value's type: JSON data, or a
 * reference that is always present (chain `orElse` for several candidates). Compiles to
 * `($exists(value) ? value : fallback)`.
 *
 * @example
 * ```ts
 * import { orElse, text, type Ref } from '@agentflow/dsl';
 * declare const comments: Ref<string | undefined>;
 * declare const tags: Ref<string[] | undefined>;
 * const prompt = text`Revise the draft. Reviewer comments: ${orElse(comments, 'none')}`;
 * const labels = orElse(tags, []);
 * ```
 */
export function orElse<T>(value: Computed<T | undefined>, fallback: Input<NoInfer<Exclude<T, undefined>>>): Computed<Exclude<T, undefined>>;
export function orElse(value: AnyComputed, fallback: unknown): Computed<unknown> {
  if (fallback === undefined) {
    throw new DslError('invalid-or-else', 'orElse(value, fallback) needs a fallback that is a value, not undefined.', {
      hint: "Pass the value to use when the first one is absent, e.g. orElse(review.comments, '').",
    });
  }
  const expr = toExpr(value, 'orElse(...) value');
  return frozenComputed(REF, { kind: 'or-else', value: expr, fallback: toExpr(fallback, 'orElse(...) fallback') }) as Computed<unknown>;
}
