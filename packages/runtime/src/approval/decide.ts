import { SendTaskHeartbeatCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { formFields, type HttpRequest, type HttpResponse } from './http-event.js';
import { KeyReadError, type LinkKeyCache } from './keys.js';
import { confirmPage, REFUSALS, resultPage } from './pages.js';
import { executionName } from './request.js';
import { open, referenceKid, type Sealed } from './seal.js';
import { REVIEWER_MAX, type ApprovalSettings } from './settings.js';

/** One log line per HTTP event (docs/runtime.md, The approval responder, Logs). Never the token or the reference. */
export interface DecisionRecord {
  level: 'INFO' | 'WARN' | 'ERROR';
  event: 'confirm-page' | 'decided' | 'refused';
  workflow?: string;
  step?: string;
  execution?: string;
  action?: Sealed['a'];
  reviewer?: string;
  status: number;
  reason?: string;
  detail?: string;
}

export interface DecisionContext {
  readonly sfn: SFNClient;
  readonly keys: LinkKeyCache;
  readonly settings: ApprovalSettings;
  readonly nowMs: number;
}

/** The output of a decision (docs/agent-adapter.md, Approvals): a rejection is a success with `approved: false`. */
export interface Decision {
  readonly approved: boolean;
  readonly comments?: string;
  readonly reviewer?: string;
}

/**
 * GET shows the confirmation page after a heartbeat that proves the task still waits (and renews a declared
 * heartbeat); it never decides, so a mail scanner that fetches every link changes nothing. POST decides.
 */
export async function respond(request: HttpRequest, context: DecisionContext): Promise<{ response: HttpResponse; record: DecisionRecord }> {
  const refuse = (response: HttpResponse, reason: string, record: Partial<DecisionRecord> = {}) => ({
    response,
    record: { level: response.statusCode >= 500 ? 'ERROR' : 'WARN', event: 'refused', ...record, status: response.statusCode, reason } as DecisionRecord,
  });
  if (request.method !== 'GET' && request.method !== 'POST') return refuse(REFUSALS.methodNotAllowed(), 'method-not-allowed');
  const form = request.method === 'POST' ? formFields(request) : undefined;
  const ref = form?.get('ref') ?? request.query.get('ref');
  if (ref === null || ref === '') return refuse(REFUSALS.badRequest(), 'missing-ref');

  let keys;
  try {
    keys = await context.keys.keys(context.settings.keyParameter, referenceKid(ref));
  } catch (error) {
    const busy = error instanceof KeyReadError && isTransient(error.cause);
    return refuse(busy ? REFUSALS.unavailable() : REFUSALS.failed(), busy ? 'key-read-throttled' : 'key-read-failed', { detail: (error as Error).message });
  }
  const opened = open(ref, keys);
  if (!opened.ok) return refuse(REFUSALS.invalid(), `ref-${opened.failure}`);
  const sealed = opened.sealed;
  const about = { workflow: sealed.w, step: sealed.s, execution: executionName(sealed.x), action: sealed.a };
  // Authentic first, then fresh: an unauthenticated expiry would tell nothing.
  if (Math.floor(context.nowMs / 1000) >= sealed.e) return refuse(REFUSALS.expired(), 'expired', about);

  const listed = context.settings.reviewers;
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  if (listed !== undefined && (sealed.r === undefined || !listed.some((r) => same(r, sealed.r!)))) {
    return refuse(REFUSALS.notAllowed(), 'reviewer-not-listed', { ...about, ...(sealed.r === undefined ? {} : { reviewer: sealed.r }) });
  }
  if (request.email !== undefined && sealed.r !== undefined && !same(request.email, sealed.r)) {
    return refuse(REFUSALS.notAllowed(), 'signed-in-as-another-reviewer', { ...about, reviewer: sealed.r });
  }
  const reviewer = request.email ?? sealed.r;
  if (reviewer !== undefined && reviewer.length > REVIEWER_MAX) return refuse(REFUSALS.notAllowed(), 'reviewer-too-long', about);
  const withReviewer = { ...about, ...(reviewer === undefined ? {} : { reviewer }) };
  const subject = { workflow: sealed.w, step: sealed.s, execution: executionName(sealed.x) };

  if (form === undefined) {
    const failed = await callback(context.sfn, new SendTaskHeartbeatCommand({ taskToken: sealed.t }), sealed.t);
    if (failed !== undefined) return refuse(failed.response, failed.reason, { ...withReviewer, ...(failed.detail === undefined ? {} : { detail: failed.detail }) });
    return {
      response: confirmPage({ ...subject, action: sealed.a, ref, commentsMax: context.settings.commentsMax, ...(reviewer === undefined ? {} : { reviewer }) }),
      record: { level: 'INFO', event: 'confirm-page', ...withReviewer, status: 200 },
    };
  }

  // Browsers submit a textarea's line breaks as CRLF but count them as one character against maxlength.
  const comments = (form.get('comments') ?? '').replace(/\r\n/g, '\n');
  if (comments.length > context.settings.commentsMax) return refuse(REFUSALS.tooLarge(context.settings.commentsMax), 'comments-too-long', withReviewer);
  const decision: Decision = { approved: sealed.a === 'approve', ...(comments.trim() === '' ? {} : { comments }), ...(reviewer === undefined ? {} : { reviewer }) };
  const failed = await callback(context.sfn, new SendTaskSuccessCommand({ taskToken: sealed.t, output: JSON.stringify(decision) }), sealed.t);
  if (failed !== undefined) return refuse(failed.response, failed.reason, { ...withReviewer, ...(failed.detail === undefined ? {} : { detail: failed.detail }) });
  return { response: resultPage({ ...subject, ...decision }), record: { level: 'INFO', event: 'decided', ...withReviewer, status: 200 } };
}

/** Names for which the task is closed or unknown (API/SendTaskSuccess, Errors): nothing is waiting any more. */
const GONE = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/** Sends a SendTask* call; on failure the page and the reason to log, with the token taken out of any message. */
async function callback(sfn: SFNClient, command: SendTaskHeartbeatCommand | SendTaskSuccessCommand, token: string): Promise<{ response: HttpResponse; reason: string; detail?: string } | undefined> {
  try {
    await sfn.send(command as SendTaskSuccessCommand);
    return undefined;
  } catch (error) {
    const name = (error as Error)?.name ?? 'Error';
    if (GONE.has(name)) return { response: REFUSALS.gone(), reason: name };
    if (isTransient(error)) return { response: REFUSALS.unavailable(), reason: name };
    // AWS's messages may quote the token (InvalidToken does); the log gets the message without it.
    return { response: REFUSALS.failed(), reason: name, detail: String((error as Error)?.message ?? error).split(token).join('<task token>') };
  }
}

/** Throttling, a 5xx, or a connection that failed: worth trying again. */
export function isTransient(error: unknown): boolean {
  const e = error as { name?: string; code?: unknown; $metadata?: { httpStatusCode?: number }; $retryable?: { throttling?: boolean } } | undefined;
  if (e === undefined || e === null) return false;
  const status = e.$metadata?.httpStatusCode;
  if (e.$retryable?.throttling === true || /Throttl|TooManyRequests/.test(e.name ?? '')) return true;
  if (status !== undefined) return status === 429 || status >= 500;
  return e.name === 'TimeoutError' || (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code));
}
