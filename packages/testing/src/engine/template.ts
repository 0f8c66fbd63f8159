import type { Site } from './errors.js';
import { evaluateExpression, expressionOf } from './jsonata/evaluate.js';

/**
 * Evaluates a JSONata-mode field value (`Arguments`, `Output`, an `Assign` entry …): strings that are `{% %}`
 * expressions are evaluated, everything else is taken literally, recursively through objects and arrays. `field`
 * names the value as AWS does in errors: `/` before each object key, `[i]` for each array index (`Output/a/b[0]`).
 */
export async function evaluateTemplate(value: unknown, bindings: Record<string, unknown>, site: Site, field: string): Promise<unknown> {
  if (typeof value === 'string') {
    const source = expressionOf(value);
    return source === undefined ? value : evaluateExpression(source, bindings, site, field);
  }
  // A subtree without expressions (an adapter's outputSchema, say) is its own value: no copy, no walk.
  if (isStatic(value)) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(await evaluateTemplate(value[i], bindings, site, `${field}[${i}]`));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) out[key] = await evaluateTemplate(entry, bindings, site, `${field}/${key}`);
    return out;
  }
  return value;
}

const staticCache = new WeakMap<object, boolean>();

/** True when a template contains no expression at all (a static value needs no evaluation; cached per definition object). */
function isStatic(value: unknown): boolean {
  if (typeof value === 'string') return expressionOf(value) === undefined;
  if (value === null || typeof value !== 'object') return true;
  let known = staticCache.get(value);
  if (known === undefined) {
    known = Array.isArray(value) ? value.every(isStatic) : Object.values(value).every(isStatic);
    staticCache.set(value, known);
  }
  return known;
}
