import type { Expr } from '../ir/expr.js';
import { REF } from './ref.js';
import { toExpr, type AnyComputed, type Computed } from './value.js';
import { frozenComputed } from './no-coercion.js';

/** Text built at run time from literal text and references. */
export type Text = Computed<string>;

/**
 * Tags a template literal whose `${…}` parts are references, e.g. a prompt.
 * Strings are spliced as they are; other values as JSON text. A value that may be absent (an optional field)
 * is spliced as empty text when it is absent; use `orElse(ref, 'none')` to say something else.
 *
 * @example
 * ```ts
 * import { text, type Ref } from '@agentflow/dsl';
 * declare const topic: Ref<string>;
 * const prompt = text`Find recent, citable sources about ${topic}.`;
 * ```
 */
export function text(strings: TemplateStringsArray, ...values: readonly (AnyComputed | string | number | boolean)[]): Text {
  const parts: (string | Expr)[] = [];
  strings.forEach((chunk, i) => {
    if (chunk !== '') parts.push(chunk);
    if (i < values.length) {
      const expr = toExpr(values[i], `text\`…\` value ${i + 1}`);
      if (expr.kind === 'literal') parts.push(String(expr.value));
      else if (expr.kind === 'template') parts.push(...expr.parts);
      else parts.push(expr);
    }
  });
  // Adjacent literal chunks (from spliced constants) merge so the emitted expression stays short.
  const merged: (string | Expr)[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
    else merged.push(part);
  }
  return frozenComputed(REF, { kind: 'template', parts: merged }) as Text;
}
