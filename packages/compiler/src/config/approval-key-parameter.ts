import { WORKFLOW_PLACEHOLDER } from './workflow-function.js';

/**
 * The SSM Parameter Store SecureString that holds a workflow's approval link keys (the responder seals and opens the
 * reviewers' links with them; docs/agent-adapter.md, "Approvals"). `{workflow}` stands for the workflow's name.
 */
export const DEFAULT_APPROVAL_KEY_PARAMETER = '/agentflow/{workflow}/approval-key';

/** SSM's limit on a parameter name, the ARN's share included (SSM API reference, PutParameter `Name`). */
const NAME_LIMIT = 1011;
/** SSM's limit on the depth of a parameter hierarchy (SSM API reference, PutParameter `Name`). */
const DEPTH_LIMIT = 15;

/**
 * Why a configured parameter name (with or without `{workflow}`) is unusable; undefined when it is fine. Mirrors
 * PutParameter's naming constraints (SSM API reference, PutParameter `Name`): `a-zA-Z0-9_.-` and `/` between levels,
 * a hierarchy starting with `/`, at most fifteen levels, no `aws` or `ssm` prefix.
 */
export function approvalKeyParameterProblem(value: string): string | undefined {
  const stray = value.replaceAll(WORKFLOW_PLACEHOLDER, '').match(/[{}]/);
  if (stray) return `may use only the placeholder ${WORKFLOW_PLACEHOLDER}`;
  const sample = value.replaceAll(WORKFLOW_PLACEHOLDER, 'w');
  if (sample.length === 0) return 'must be a parameter name';
  if (!/^[A-Za-z0-9_.\-/]+$/.test(sample)) return 'must be an SSM parameter name of letters, digits, _ . - and / between levels';
  if (sample.includes('/') && !sample.startsWith('/')) return 'must start with / (a parameter hierarchy) or be a plain name without /';
  const levels = sample.split('/').slice(sample.startsWith('/') ? 1 : 0);
  if (levels.some((level) => level === '')) return 'must not have an empty level (// or a trailing /)';
  if (levels.length > DEPTH_LIMIT) return `must have at most ${DEPTH_LIMIT} levels`;
  if (/^(aws|ssm)/i.test(levels[0]!)) return 'must not start with aws or ssm, which SSM reserves';
  if (sample.length > NAME_LIMIT) return `must be at most ${NAME_LIMIT} characters`;
  return undefined;
}

/** The parameter name of `workflow`. */
export function approvalKeyParameterFor(configured: string | undefined, workflow: string): string {
  return (configured ?? DEFAULT_APPROVAL_KEY_PARAMETER).replaceAll(WORKFLOW_PLACEHOLDER, workflow);
}

/** The parameter's ARN: `arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>`. */
export function approvalKeyParameterArn(name: string, env: { partition: string; region: string; account: string }): string {
  return `arn:${env.partition}:ssm:${env.region}:${env.account}:parameter/${name.replace(/^\//, '')}`;
}
