import { SfnError } from './errors.js';

/**
 * List pagination. AWS pages with `maxResults` (0 or absent = 100, at most 1,000) and an opaque `nextToken`, and "the
 * server might return fewer results than the maximum even when there are more results available" (ListStateMachines
 * reference). The fake uses that latitude: a page never holds more than `pageSize` items (small by default), so a
 * client that reads only the first page is caught. A token that is not one the fake issued for this same list is
 * InvalidToken (HTTP 400, as an expired token is).
 */
export function paginate<T extends { seq: number }>(
  items: readonly T[],
  input: { nextToken?: unknown; maxResults?: unknown },
  scope: string,
  pageSize: number,
  /** How `items` are sorted by `seq`: the token resumes after the last item shown, even if it was deleted since. */
  order: 'newest-first' | 'oldest-first',
): { page: T[]; nextToken?: string } {
  const maxResults = input.maxResults ?? 0;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 0 || maxResults > 1000) {
    throw new SfnError('ValidationException', "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 0 and 1000");
  }
  const limit = Math.min(maxResults === 0 ? 100 : maxResults, pageSize);
  let start = 0;
  if (input.nextToken !== undefined && input.nextToken !== null) {
    const after = readToken(input.nextToken, scope);
    start = items.findIndex((item) => (order === 'newest-first' ? item.seq < after : item.seq > after));
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + limit);
  const last = page[page.length - 1];
  return start + limit < items.length && last ? { page, nextToken: makeToken(scope, last.seq) } : { page };
}

function makeToken(scope: string, seq: number): string {
  return Buffer.from(JSON.stringify({ scope, after: seq })).toString('base64url');
}

function readToken(token: unknown, scope: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { scope?: unknown; after?: unknown };
    if (parsed.scope === scope && typeof parsed.after === 'number') return parsed.after;
  } catch {
    // falls through to InvalidToken
  }
  throw new SfnError('InvalidToken', `Invalid Token: '${String(token)}'`);
}
