import type { Expr } from '@agentflow/dsl';
import { jsonata, type ExprContext } from './jsonata.js';

/** Resolves logical resource names (topics, tables, buses…) to ARNs for the selected environment. */
export type ResourceLookup = (expr: Extract<Expr, { kind: 'resource' }>) => string;

/**
 * Renders an expression as an ASL field value: literal JSON stays JSON, records and lists keep their shape,
 * and only computed leaves become `{% … %}` strings, so definitions read like hand-written ASL.
 */
export function jsonValue(expr: Expr, ctx: ExprContext, lookup: ResourceLookup): unknown {
  switch (expr.kind) {
    case 'literal':
      // '{%'-prefixed text would be evaluated; text with line breaks and the empty string fail asl-validator's
      // non-empty single-line string patterns. All are written as JSONata string literals, which mean the same text.
      return typeof expr.value === 'string' && (expr.value === '' || expr.value.startsWith('{%') || /[\n\r\u2028\u2029]/.test(expr.value)) ? `{% ${jsonata(expr, ctx)} %}` : expr.value;
    case 'resource':
      return lookup(expr);
    case 'record':
      return Object.fromEntries(expr.fields.map(([key, value]) => [key, jsonValue(value, ctx, lookup)]));
    case 'list':
      return expr.items.map((item) => jsonValue(item, ctx, lookup));
    default:
      return `{% ${jsonata(expr, ctx)} %}`;
  }
}
