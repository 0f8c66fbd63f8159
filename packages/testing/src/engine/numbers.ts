import { evaluateTemplate } from './template.js';
import { queryError, type Site } from './errors.js';
import { expressionOf } from './jsonata/evaluate.js';

/** What a numeric field accepts (ASL spec; a wrong value is `States.QueryEvaluationError`, SPEC "JSONata Runtime Errors"). */
export interface NumberRule {
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
  readonly what: string;
}

export const POSITIVE_SECONDS: NumberRule = { integer: true, min: 1, max: 99_999_999, what: 'a positive integer' };
export const NON_NEGATIVE_SECONDS: NumberRule = { integer: true, min: 0, max: 99_999_999, what: 'a non-negative integer' };
export const NON_NEGATIVE_INTEGER: NumberRule = { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER, what: 'a non-negative integer' };
export const PERCENTAGE: NumberRule = { integer: false, min: 0, max: 100, what: 'a number from 0 to 100' };

/** A numeric field that may be a literal or a `{% %}` expression (TimeoutSeconds, MaxConcurrency …). */
export async function numberField(value: unknown, bindings: Record<string, unknown>, site: Site, field: string, fallback: number, rule: NumberRule): Promise<number> {
  if (value === undefined) return fallback;
  const evaluated = await evaluateTemplate(value, bindings, site, field);
  if (typeof evaluated === 'number' && Number.isFinite(evaluated) && (!rule.integer || Number.isInteger(evaluated)) && evaluated >= rule.min && evaluated <= rule.max) {
    return evaluated;
  }
  throw queryError(site, field, wrongValue(value, field, evaluated, rule.what));
}

/** `The JSONata expression 'x' specified for the field 'F' returned 1.5, which is not a positive integer.` */
export function wrongValue(source: unknown, field: string, value: unknown, what: string): string {
  const expr = typeof source === 'string' ? expressionOf(source) : undefined;
  const shown = JSON.stringify(value) ?? String(value);
  return expr === undefined
    ? `The value ${shown} of the field '${field}' is not ${what}.`
    : `The JSONata expression '${expr.trim()}' specified for the field '${field}' returned ${shown}, which is not ${what}.`;
}
