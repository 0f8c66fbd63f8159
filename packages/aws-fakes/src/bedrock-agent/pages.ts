/**
 * One page of a list operation. `maxResults` is 1–1000 (ListAgents / ListAgentAliases request, research a.4); the
 * page holds at most `min(maxResults, pageSize)` items, as the service returns at most its own page size whatever
 * is asked. The token is opaque to clients: here the offset of the next item, so a forged one is detectable.
 */
export function page<T>(items: readonly T[], input: Record<string, unknown>, pageSize: number): { items: T[]; nextToken?: string } | { invalid: string } {
  const max = input['maxResults'];
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000)) {
    return { invalid: '1 validation error detected: Value at \'maxResults\' failed to satisfy constraint: Member must have value between 1 and 1000' };
  }
  const token = input['nextToken'];
  let start = 0;
  if (token !== undefined) {
    const match = typeof token === 'string' ? /^page-(\d+)$/.exec(token) : null;
    if (!match || Number(match[1]) > items.length) return { invalid: 'The nextToken is invalid.' };
    start = Number(match[1]);
  }
  const size = Math.min(max ?? pageSize, pageSize);
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { nextToken: `page-${end}` } : {}) };
}
