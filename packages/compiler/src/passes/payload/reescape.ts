import type { z } from 'zod';
import type { Expr } from '@agentflow/dsl';
import { defOf, isStringExpr, unwrap } from '@agentflow/dsl';
import type { Measure, Sizer } from './measure.js';

type Label = (e: Extract<Expr, { kind: 'ref' }>) => string;

/**
 * A character of a string, escaped twice (JSON text inside a JSON string): a control character `\u0001` becomes
 * `\\u0001` (7 bytes), a quote or backslash 4, anything else at most 4 (UTF-8). Twice the once-escaped bound (12
 * bytes for a control character) would be sound too, but refuses messages that really fit.
 */
const TWICE_ESCAPED_CHAR = 7;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');
const twice = (text: string) => utf8(JSON.stringify(JSON.stringify(text)));

/**
 * Bytes of a text value written as JSON inside a JSON string (an approval's `Message: $string({…, message})`): the
 * text's JSON, escaped again. A string part of known maximum length counts 7 bytes a character; literal text its
 * exact twice-escaped size; anything else (spliced as JSON, or a string without a known length) twice its bound,
 * since escaping at most doubles a JSON text.
 */
export function twiceEscapedBytes(expr: Expr, sizer: Sizer, label: Label): Measure {
  const once = sizer.expr(expr, label);
  if (expr.kind === 'literal' && typeof expr.value === 'string') return { ...once, bytes: twice(expr.value) };
  if (expr.kind === 'ref' && isStringExpr(expr)) {
    const chars = maxChars(expr.schema);
    return { ...once, bytes: chars === undefined ? 2 * once.bytes : TWICE_ESCAPED_CHAR * chars + 4 };
  }
  if (expr.kind !== 'template') return { ...once, bytes: 2 * once.bytes };
  let bytes = 4;
  for (const part of expr.parts) {
    if (typeof part === 'string') bytes += twice(part) - 4;
    else if (part.kind === 'ref' && isStringExpr(part) && maxChars(part.schema) !== undefined) bytes += TWICE_ESCAPED_CHAR * maxChars(part.schema)!;
    // Any other part: its bound once escaped (a string loses its quotes, other JSON doubles), then doubled again.
    else bytes += 2 * sizer.expr({ kind: 'template', parts: [part] }, label).bytes;
  }
  return { ...once, bytes };
}

/** Most characters a string schema admits (the largest of a union's options), when every option says. */
function maxChars(schema: z.ZodType): number | undefined {
  const def = defOf(unwrap(schema).inner);
  if (def.type === 'union') {
    const options = (def['options'] as z.ZodType[]).map(maxChars);
    return options.every((n) => n !== undefined) ? Math.max(...(options as number[])) : undefined;
  }
  if (def.type !== 'string') return undefined;
  let max: number | undefined;
  for (const check of (def['checks'] as { _zod: { def: { check: string; maximum?: number; length?: number } } }[] | undefined) ?? []) {
    const c = check._zod.def;
    const limit = c.check === 'max_length' ? c.maximum : c.check === 'length_equals' ? c.length : undefined;
    if (limit !== undefined) max = max === undefined ? limit : Math.min(max, limit);
  }
  return max;
}
