import { evaluateTemplate } from './template.js';
import { ERR, StatesError } from './errors.js';

/** A numeric field that may be a literal or a `{% %}` expression (TimeoutSeconds, MaxConcurrency …). */
export async function numberField(value: unknown, bindings: Record<string, unknown>, where: string, fallback: number): Promise<number> {
  if (value === undefined) return fallback;
  const evaluated = await evaluateTemplate(value, bindings, where);
  if (typeof evaluated !== 'number' || !Number.isFinite(evaluated) || evaluated < 0) {
    throw new StatesError(ERR.QueryEvaluation, `${where} must be a non-negative number, got ${JSON.stringify(evaluated)}.`);
  }
  return evaluated;
}
