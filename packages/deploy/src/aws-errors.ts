import type { DeployProblem } from './problem.js';

/** Where the deployer's minimal IAM policy is documented; AccessDenied problems point there. */
export const DEPLOYER_POLICY_DOC = 'docs/deploy.md#a-minimal-deployer-policy';

/** What a failed call was doing, so the problem can name the action, the resource and the endpoint. */
export interface CallContext {
  /** IAM action, e.g. `states:UpdateStateMachine`. */
  readonly action: string;
  readonly resource?: string;
  readonly endpoint: string;
  readonly workflow?: string;
}

interface SdkLikeError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  cause?: unknown;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken', 'UnrecognizedClientException', 'InvalidSignatureException', 'InvalidClientTokenId', 'SignatureDoesNotMatch']);
const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);

/**
 * Every SDK failure as a problem the user can act on; never a stack trace. One mapping for every command that calls
 * AWS (deploy, promote, rollback, status, resolve): failures any call can meet get `aws-*` codes, the ones only a
 * deploy meets (a racing deployer, the version quota, a refused definition) `deploy-*` codes.
 */
export function problemFromAwsError(error: unknown, context: CallContext): DeployProblem {
  const e = (error ?? {}) as SdkLikeError;
  const name = e.name ?? 'Error';
  const message = oneLine(e.message ?? String(error));
  const attempts = e.$metadata?.attempts;
  const tried = attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : '';
  const workflow = context.workflow !== undefined ? { workflow: context.workflow } : {};
  const on = context.resource ? ` on ${context.resource}` : '';

  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return {
      code: 'aws-no-credentials',
      ...workflow,
      message: 'No AWS credentials found. The SDK default chain tried, in order: the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), AWS_PROFILE with the shared config and credentials files (~/.aws/config, ~/.aws/credentials), web identity (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN), SSO, and container and instance metadata.',
      hint: 'Set AWS_PROFILE (after `aws sso login` or `aws configure`), export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or in GitHub Actions use OIDC (aws-actions/configure-aws-credentials), which sets the web identity variables.',
    };
  }
  if (EXPIRED.has(name)) {
    return {
      code: 'aws-credentials-invalid',
      ...workflow,
      message: `AWS refused the credentials while calling ${context.action}: ${name}: ${message}`,
      hint: 'Refresh them (a new session, `aws sso login`, or the CI role assumption) and run the command again.',
    };
  }
  const code = networkCode(e);
  if (code !== undefined || name === 'TimeoutError') {
    return {
      code: 'aws-unreachable',
      ...workflow,
      message: `Cannot reach ${context.endpoint} (${code ?? name})${tried} while calling ${context.action}.`,
      hint: 'Check the network, a proxy (HTTPS_PROXY), and AWS_ENDPOINT_URL_* variables; then run the command again: a deploy that stopped part way converges when re-run.',
    };
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedOperation') {
    return {
      code: 'aws-access-denied',
      ...workflow,
      message: `AWS denied ${context.action}${on}: ${message}`,
      hint: `Grant the deployer ${context.action}${context.resource ? ` on ${context.resource}` : ''}; the minimal deployer policy is in ${DEPLOYER_POLICY_DOC}.`,
    };
  }
  if (THROTTLING.has(name)) {
    return {
      code: 'aws-throttled',
      ...workflow,
      message: `AWS throttled ${context.action}${on}${tried}: ${message}`,
      hint: 'Step Functions allows about one control-plane call per second after a burst; wait a minute and run the command again, or deploy fewer workflows per run.',
    };
  }
  if (name === 'ConflictException') {
    return {
      code: 'deploy-conflict',
      ...workflow,
      message: `${context.action}${on} conflicted with another change: another deployer changed the state machine while this one ran (${message}).`,
      hint: 'Let the other deploy finish, then run this one again; it plans from what is deployed then.',
    };
  }
  if (name === 'ServiceQuotaExceededException') {
    return {
      code: 'deploy-quota',
      ...workflow,
      message: `${context.action}${on} hit a Step Functions quota: ${message}`,
      hint: 'A state machine holds at most 1,000 versions and 100 aliases: run deploy with --keep N to delete old versions no alias routes to.',
    };
  }
  if (name === 'InvalidDefinition') {
    return {
      code: 'deploy-invalid-definition',
      ...workflow,
      message: `Step Functions rejected the definition: ${message}`,
      hint: 'Run `agentflow validate` on the compiled ASL, or deploy with --remote-validate to see AWS\'s own findings.',
    };
  }
  const status = e.$metadata?.httpStatusCode;
  return {
    code: 'aws-error',
    ...workflow,
    message: `${context.action}${on} failed${tried}: ${name}${status ? ` (HTTP ${status})` : ''}: ${message}`,
    hint: status !== undefined && status >= 500 ? 'The service failed on its side; run the command again, it converges.' : 'See the AWS error code above in the Step Functions API reference.',
  };
}

function networkCode(e: SdkLikeError): string | undefined {
  for (let current: unknown = e, depth = 0; current && depth < 4; current = (current as SdkLikeError).cause, depth++) {
    const code = (current as SdkLikeError).code;
    if (code && NETWORK_CODES.has(code)) return code;
  }
  return undefined;
}

/** AWS messages go on one line, bounded, so a hostile or huge message cannot reshape the output. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 500 ? `${flat.slice(0, 500)}…` : flat;
}
