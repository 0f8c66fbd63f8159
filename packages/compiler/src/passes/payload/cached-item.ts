import type { Measure } from './measure.js';

/**
 * What a cache's states carry besides the answer: the table name (≤ 255 bytes), the hashed key, the expiry time,
 * attribute names, and the SDK metadata (HTTP headers, request id) of the GetItem response.
 */
const CACHE_ITEM_OVERHEAD_BYTES = 8192;

/**
 * A cached answer as the cache's states carry it (docs/agent-cache.md): stored as JSON text in a string attribute
 * (`{"answer": …}`), which the PutItem arguments and the GetItem result hold as a JSON string. Escaping JSON text
 * into a string at most doubles it (a quote or backslash becomes two characters, `\u0001` becomes `\\u0001`), so
 * twice the answer's bound holds. Each of those states has the 256 KiB limit, and an answer that fits it also fits
 * DynamoDB's 400 KB item limit (the item holds the text once escaped).
 */
export function cachedItemMeasure(answer: Measure): Measure {
  const bytes = 2 * (answer.bytes + '{"answer":}'.length) + CACHE_ITEM_OVERHEAD_BYTES;
  return { ...answer, bytes, dominant: `cached ${answer.dominant ?? 'answer'}`, dominantBytes: bytes };
}
