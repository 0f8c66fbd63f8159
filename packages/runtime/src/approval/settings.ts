/**
 * The responder's settings, from the function's environment (docs/runtime.md, The approval responder). Each fault is
 * named with its variable and what to do, never with a stack trace.
 */
export interface ApprovalSettings {
  /** Base URL of the decision endpoint, to which the links add `ref`; required to notify, not to decide. */
  readonly url?: string;
  /** SSM Parameter Store name of the link key(s). */
  readonly keyParameter: string;
  /** Allow-list of reviewers (e-mail addresses as written); undefined when unset or empty. */
  readonly reviewers?: readonly string[];
  /** Caps a link's lifetime in seconds; undefined: the request's timeoutSeconds. */
  readonly linkTtlSeconds?: number;
  /** Longest comments accepted, in UTF-16 code units as a textarea's `maxlength` counts them. */
  readonly commentsMax: number;
  readonly debug: boolean;
}

export const DEFAULT_COMMENTS_MAX = 2000;
/**
 * The bounds of the outcome every workflow's payload analysis counts on (@agentflow/dsl `ApprovalOutcome`: comments
 * at most 4,000 and reviewer at most 256 UTF-16 code units, as zod's `max` and a textarea's `maxlength` count): a
 * longer value would make a state's payload larger than the compiler proved it can be.
 */
export const COMMENTS_MAX_LIMIT = 4000;
export const REVIEWER_MAX = 256;

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

export function approvalSettings(env: Record<string, string | undefined>): ApprovalSettings {
  const value = (name: string): string | undefined => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const keyParameter = value('AGENTFLOW_APPROVAL_KEY_PARAMETER');
  if (keyParameter === undefined) {
    throw new SettingsError('AGENTFLOW_APPROVAL_KEY_PARAMETER is not set: set it to the name of the SSM SecureString parameter that holds the link key (the workflow\'s approvalKeyParameter, /agentflow/<workflow>/approval-key by default).');
  }
  const url = value('AGENTFLOW_APPROVAL_URL');
  if (url !== undefined) checkUrl(url);
  const reviewers = value('AGENTFLOW_APPROVAL_REVIEWERS')
    ?.split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  for (const reviewer of reviewers ?? []) {
    // SNS message attribute values and filter policies compare strings exactly; a space or a control character
    // inside an address is a typo that would silently match no subscription.
    if (!/^[^\s@]+@[^\s@]+$/.test(reviewer)) {
      throw new SettingsError(`AGENTFLOW_APPROVAL_REVIEWERS holds ${JSON.stringify(reviewer)}, which is not an e-mail address; list the reviewers' addresses separated by commas.`);
    }
  }
  const linkTtl = value('AGENTFLOW_APPROVAL_LINK_TTL');
  const commentsMax = value('AGENTFLOW_APPROVAL_COMMENTS_MAX');
  return {
    ...(url === undefined ? {} : { url }),
    keyParameter,
    ...(reviewers === undefined || reviewers.length === 0 ? {} : { reviewers }),
    ...(linkTtl === undefined ? {} : { linkTtlSeconds: wholeNumber('AGENTFLOW_APPROVAL_LINK_TTL', linkTtl, 1, Number.MAX_SAFE_INTEGER) }),
    commentsMax: commentsMax === undefined ? DEFAULT_COMMENTS_MAX : wholeNumber('AGENTFLOW_APPROVAL_COMMENTS_MAX', commentsMax, 0, COMMENTS_MAX_LIMIT),
    debug: ['true', '1'].includes(value('AGENTFLOW_DEBUG') ?? ''),
  };
}

/** The links' base; the notification needs it, so its absence is reported there (see `requireUrl`). */
function checkUrl(text: string): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SettingsError(`AGENTFLOW_APPROVAL_URL=${JSON.stringify(text)} is not a URL; set it to the decision endpoint's address, such as https://abc123.execute-api.us-east-1.amazonaws.com/approval.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SettingsError(`AGENTFLOW_APPROVAL_URL=${JSON.stringify(text)} is not an http(s) URL; the reviewers open it in a browser.`);
  if (url.hash !== '') throw new SettingsError(`AGENTFLOW_APPROVAL_URL=${JSON.stringify(text)} has a fragment (#…), after which the link's ref would never reach the endpoint; remove it.`);
}

export function requireUrl(settings: ApprovalSettings): string {
  if (settings.url === undefined) {
    throw new SettingsError("AGENTFLOW_APPROVAL_URL is not set: set it to the decision endpoint's address (the API Gateway route or Function URL that invokes this function), which the links in the notification point to.");
  }
  return settings.url;
}

function wholeNumber(name: string, text: string, min: number, max: number): number {
  const number = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(number) || number < min || number > max) {
    throw new SettingsError(`${name}=${JSON.stringify(text)} is not a whole number from ${min} to ${max}; unset it or fix it in the function's environment.`);
  }
  return number;
}
