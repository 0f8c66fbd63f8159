import type { Expr } from '../ir/expr.js';
import { REF } from './ref.js';
import { toExpr, type Computed } from './value.js';

/** Text built at run time from literal text and references. */
export type Text = Computed<string>;

/**
 * Tags a template literal whose `${…}` parts are references, e.g. a prompt.
 * Strings are spliced as they are; other values as JSON text.
 *
 * @example
 * ```ts
 * import { text, type Ref } from '@agentflow/dsl';
 * declare const topic: Ref<string>;
 * const prompt = text`Find recent, citable sources about ${topic}.`;
 * ```
 */
export function text(strings: TemplateStringsArray, ...values: readonly (Computed<unknown> | string | number | boolean)[]): Text {
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
  return Object.freeze({ [REF]: { kind: 'template', parts: merged } }) as Text;
}
