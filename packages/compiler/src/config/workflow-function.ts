/**
 * The Lambda functions that act for one workflow (the agent adapter, the approval responder). Each workflow gets its
 * own function, and so its own role: a role that holds every workflow's agents and offloaded data would let any
 * workflow reach any other's (docs/agent-adapter.md, "One adapter per workflow").
 *
 * The configured value is a function name or a Lambda function ARN, either optionally qualified (`:live`). In its
 * name, `{workflow}` stands for the workflow's name. A name without `{workflow}` is a base name: the workflow's
 * function is `<name>-<workflow>`, so configs written for a single shared function keep compiling.
 */
export const WORKFLOW_PLACEHOLDER = '{workflow}';

/** The approval responder of each workflow when the environment names none (like the adapter's usual name). */
export const DEFAULT_APPROVAL_RESPONDER_FUNCTION = 'agentflow-approval-responder-{workflow}';

/** The environment's approval responder setting, its default filled in. */
export function approvalResponderFunctionOf(env: { approvalResponderFunction?: string | undefined }): string {
  return env.approvalResponderFunction ?? DEFAULT_APPROVAL_RESPONDER_FUNCTION;
}

/** Lambda's limit on a function name. */
export const FUNCTION_NAME_LIMIT = 64;

const NAME_CHARS = /^[A-Za-z0-9_-]+$/;
const QUALIFIER = /^(\$LATEST|[A-Za-z0-9_-]{1,128})$/;

interface FunctionParts {
  /** `arn:P:lambda:R:A:function:` for an ARN, '' for a name. */
  readonly lead: string;
  readonly name: string;
  readonly qualifier: string | undefined;
}

function split(value: string): FunctionParts | undefined {
  const parts = value.split(':');
  if (value.startsWith('arn:')) {
    const [, partition, service, region, account, type, name, qualifier, ...extra] = parts;
    if (!partition || service !== 'lambda' || !region || !/^\d{12}$/.test(account ?? '') || type !== 'function' || name === undefined || extra.length > 0) return undefined;
    return { lead: parts.slice(0, 6).join(':') + ':', name, qualifier };
  }
  const [name, qualifier, ...extra] = parts;
  return extra.length > 0 || name === undefined ? undefined : { lead: '', name, qualifier };
}

/** Why a configured function (name, ARN, with or without `{workflow}`) is unusable; undefined when it is fine. */
export function functionPatternProblem(value: string): string | undefined {
  const parts = split(value);
  if (!parts) return 'must be a Lambda function name or a function ARN (arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>])';
  const stray = value.replaceAll(WORKFLOW_PLACEHOLDER, '').match(/[{}]/);
  if (stray) return `may use only the placeholder ${WORKFLOW_PLACEHOLDER}`;
  if (parts.lead.includes(WORKFLOW_PLACEHOLDER) || parts.qualifier?.includes(WORKFLOW_PLACEHOLDER)) return `may use ${WORKFLOW_PLACEHOLDER} only in the function name`;
  const sample = parts.name.replaceAll(WORKFLOW_PLACEHOLDER, 'w');
  if (!NAME_CHARS.test(sample)) return 'must be a function name of letters, digits, - and _';
  if (sample.length > FUNCTION_NAME_LIMIT) return `must be a function name of at most ${FUNCTION_NAME_LIMIT} characters`;
  if (parts.qualifier !== undefined && !QUALIFIER.test(parts.qualifier)) return 'has a qualifier that is not a version number or alias name';
  return undefined;
}

/** The function of `workflow`, in the form configured (name or ARN, qualifier kept). */
export function functionForWorkflow(configured: string, workflow: string): string {
  const parts = split(configured);
  if (!parts) return configured;
  const name = parts.name.includes(WORKFLOW_PLACEHOLDER) ? parts.name.replaceAll(WORKFLOW_PLACEHOLDER, workflow) : `${parts.name}-${workflow}`;
  return `${parts.lead}${name}${parts.qualifier !== undefined ? `:${parts.qualifier}` : ''}`;
}

/** The function ARN of `workflow` (qualified if the configured value is), as the ASL's FunctionName names it. */
export function functionArnForWorkflow(configured: string, workflow: string, env: { partition: string; region: string; account: string }): string {
  const value = functionForWorkflow(configured, workflow);
  return value.startsWith('arn:') ? value : `arn:${env.partition}:lambda:${env.region}:${env.account}:function:${value}`;
}

/** Why the workflow's function name is unusable (too long once the workflow name is in it); undefined when fine. */
export function workflowFunctionProblem(configured: string, workflow: string): string | undefined {
  const parts = split(functionForWorkflow(configured, workflow));
  if (!parts || parts.name.length <= FUNCTION_NAME_LIMIT) return undefined;
  return `The function for workflow '${workflow}' would be named '${parts.name}' (${parts.name.length} characters); Lambda allows ${FUNCTION_NAME_LIMIT}.`;
}
