import type { HttpResponse } from './http-event.js';

/**
 * Every page the decision endpoint serves. Each dynamic value goes through `escapeHtml`; the headers forbid scripts
 * (CSP `default-src 'none'`), framing, sniffing, caching (a page holds the reference) and the Referer (the URL does).
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = 'body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}dt{font-weight:bold}dd{margin:0 0 .5rem;overflow-wrap:anywhere;white-space:pre-wrap}textarea{width:100%;min-height:8rem}button{font-size:1.1rem;padding:.4rem 1.2rem}';

/** `body` is HTML whose dynamic parts the caller escaped. */
function page(statusCode: number, title: string, body: string, headers: Record<string, string> = {}): HttpResponse {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
  return { statusCode, headers: { ...PAGE_HEADERS, ...headers }, body: html, isBase64Encoded: false };
}

export interface Subject {
  readonly workflow: string;
  readonly step: string;
  readonly execution: string;
}

function details(subject: Subject, extra: [string, string][] = []): string {
  const rows: [string, string][] = [['Workflow', subject.workflow], ['Step', subject.step], ['Execution', subject.execution], ...extra];
  return `<dl>${rows.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

/**
 * The page a link opens: it asks, and only its button decides (a mail scanner's GET decides nothing). The form has
 * no `action`, so it posts to the very address the browser opened, whatever stage, custom domain or Function URL
 * that went through.
 */
export function confirmPage(options: Subject & { readonly action: 'approve' | 'reject'; readonly ref: string; readonly commentsMax: number; readonly reviewer?: string }): HttpResponse {
  const verb = options.action === 'approve' ? 'Approve' : 'Reject';
  const extra: [string, string][] = options.reviewer === undefined ? [] : [['Reviewer', options.reviewer]];
  const comments =
    options.commentsMax > 0
      ? `<p><label for="comments">Comments (optional, at most ${options.commentsMax} characters)</label><br><textarea id="comments" name="comments" maxlength="${options.commentsMax}"></textarea></p>`
      : '';
  return page(
    200,
    `${verb} this step?`,
    `${details(options, extra)}
<form method="post">
<input type="hidden" name="ref" value="${escapeHtml(options.ref)}">
${comments}
<p><button type="submit">${verb}</button></p>
</form>
<p>Nothing is decided until you press the button.</p>`,
  );
}

export function resultPage(subject: Subject & { readonly approved: boolean; readonly reviewer?: string; readonly comments?: string }): HttpResponse {
  const extra: [string, string][] = [...(subject.reviewer === undefined ? [] : [['Reviewer', subject.reviewer] as [string, string]]), ...(subject.comments === undefined ? [] : [['Comments', subject.comments] as [string, string]])];
  return page(200, subject.approved ? 'Approved' : 'Rejected', `${details(subject, extra)}\n<p>The workflow goes on with this decision. You can close this page.</p>`);
}

/** The refusals, in general words: a page never says which check failed beyond expired, invalid or not allowed. */
export const REFUSALS = {
  badRequest: () => page(400, 'Link incomplete', '<p>This address lacks its reference. Open the link from the notification as it was sent.</p>'),
  invalid: () => page(403, 'Link not valid', '<p>This link is not valid. Open the link from the notification as it was sent.</p>'),
  expired: () => page(403, 'Link expired', '<p>This link has expired. Ask for the request to be sent again if a decision is still needed.</p>'),
  notAllowed: () => page(403, 'Not allowed', '<p>You are not allowed to decide this request.</p>'),
  methodNotAllowed: () => page(405, 'Method not allowed', '<p>Open the link from the notification.</p>', { allow: 'GET, POST' }),
  gone: () => page(410, 'No longer waiting', '<p>This request has already been decided or is no longer waiting for a decision.</p>'),
  tooLarge: (max: number) => page(413, 'Comments too long', `<p>The comments are longer than ${max} characters. Go back, shorten them and press the button again.</p>`),
  unavailable: () => page(503, 'Try again', '<p>The service is busy just now. Try again in a minute.</p>', { 'retry-after': '60' }),
  failed: () => page(500, 'Something went wrong', '<p>The request could not be handled. Tell the workflow\'s operators.</p>'),
} as const;
