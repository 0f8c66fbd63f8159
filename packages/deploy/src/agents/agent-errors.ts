import type { DeployProblem } from '../problem.js';

/**
 * An AWS SDK failure as one line a user can act on, never a stack trace. Codes follow the SDK's error names
 * (AccessDeniedException, ThrottlingException, … in the bedrock-agent model) and Node's network error codes.
 * Kept to the calls agent resolution makes (bedrock:ListAgents, ListAgentAliases, GetAgentAlias).
 */
export function agentSdkProblem(error: unknown, action: string, region: string): DeployProblem {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { name?: string; message?: string; code?: string };
  const name = e.name ?? 'Error';
  const detail = oneLine(e.message ?? String(error));
  const what = `${action} in ${region} failed`;
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(detail)) {
    return { code: 'aws-credentials-missing', message: `${what}: no AWS credentials were found.`, hint: 'Set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run `aws sso login`, then run again.' };
  }
  if (['ExpiredTokenException', 'UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredToken'].includes(name)) {
    return { code: 'aws-credentials-invalid', message: `${what}: ${name}: ${detail}`, hint: 'Refresh the credentials (a new session or `aws sso login`) and run again.' };
  }
  if (name === 'AccessDeniedException') {
    return { code: 'aws-access-denied', message: `${what}: ${detail}`, hint: 'Allow bedrock:ListAgents, bedrock:ListAgentAliases and bedrock:GetAgentAlias to the identity agentflow runs as.' };
  }
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException') {
    return { code: 'aws-throttled', message: `${what}: throttled after retries (${detail}).`, hint: 'Run again in a minute; other tools may be calling Bedrock in this account.' };
  }
  const networkCode = e.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE'].includes(networkCode) || name === 'TimeoutError') {
    return { code: 'aws-unreachable', message: `${what}: the Bedrock endpoint could not be reached (${networkCode || name}).`, hint: 'Check the network, the region, and AWS_ENDPOINT_URL_BEDROCK_AGENT if set.' };
  }
  return { code: 'aws-error', message: `${what}: ${name}: ${detail}`, hint: 'See the AWS message; run again once it is fixed.' };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
