import { evaluateExpression, expressionOf } from './jsonata/evaluate.js';

/**
 * Evaluates a JSONata-mode field value (`Arguments`, `Output`, an `Assign` entry …): strings that are `{% %}`
 * expressions are evaluated, everything else is taken literally, recursively through objects and arrays.
 */
export async function evaluateTemplate(value: unknown, bindings: Record<string, unknown>, where: string): Promise<unknown> {
  if (typeof value === 'string') {
    const source = expressionOf(value);
    return source === undefined ? value : evaluateExpression(source, bindings, where);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(await evaluateTemplate(value[i], bindings, `${where}[${i}]`));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = await evaluateTemplate(field, bindings, `${where}.${key}`);
    return out;
  }
  return value;
}

/** True when a template contains no expression at all (a static value needs no evaluation). */
export function isStatic(value: unknown): boolean {
  if (typeof value === 'string') return expressionOf(value) === undefined;
  if (Array.isArray(value)) return value.every(isStatic);
  if (value !== null && typeof value === 'object') return Object.values(value).every(isStatic);
  return true;
}
