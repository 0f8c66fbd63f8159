/**
 * Least-privilege IAM for a compiled workflow (DESIGN D5; asl-facts §4): the state machine's execution role, the
 * agent adapter Lambda's role and the approval responder's role, derived from the ASL itself. See docs/iam.md.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { stableJson } from '../emit/asl/canonical-json.js';
import { field, staticString, type Field, type Json } from './asl-fields.js';
import type { Environment } from '../config/project-config.js';
import { stateMachineArnFor, stateMachineNameFor } from '../config/state-machine-name.js';
import { approvalResponderFunctionOf, functionArnForWorkflow, functionPatternProblem, workflowFunctionProblem } from '../config/workflow-function.js';
import { approvalKeyParameterArn, approvalKeyParameterFor, approvalKeyParameterProblem } from '../config/approval-key-parameter.js';
import { notifyReviewers } from './integrations/optimized.js';
import { isS3Bucket, lambdaArns, lambdaName, parseArn, parseStateMachineArn, prefixPath, s3BucketArn, s3ObjectArn, type ArnEnv } from './arns.js';
import { IamBuilder, type Offload } from './builder.js';
import { deriveDefinition } from './derive-definition.js';
import { keysOfUsedResources, stateMachineSettings } from './environment-grants.js';
import { REASON, SID } from './grants.js';
import { mergeGrants } from './statements.js';
import { compareCodePoints } from '../text/compare-code-points.js';
import { ROLE_ORDER, type IamArtifact, type IamContext, type IamNote, type IamRole, type PolicyDocument, type PolicyStatement, type RoleKey } from './types.js';
import { trustPolicy } from './trust.js';
import { AllowedWildcards } from './wildcards.js';

export type { IamArtifact, IamContext, IamNote, IamRole, PolicyDocument, PolicyStatement, RoleKey } from './types.js';

const SEND_TASK = ['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess'];
/**
 * What agentflow's approval responder sends: a decision either way is SendTaskSuccess (`approved: false` for a
 * rejection, so the workflow routes on it) and a heartbeat; it never fails a task, so it is not granted to.
 */
const SEND_APPROVAL = ['states:SendTaskHeartbeat', 'states:SendTaskSuccess'];

/** IAM's limit on the inline policies of one role, counted without whitespace. */
export const INLINE_POLICY_LIMIT = 10_240;

/** Derives the IAM artifact of one compiled definition. Errors come back as diagnostics next to a best-effort artifact. */
export function generateIam(definition: Record<string, unknown>, context: IamContext): { policies: IamArtifact; diagnostics: Diagnostic[] } {
  const { env, workflowName } = context;
  const arnEnv: ArnEnv = { partition: env.partition, region: env.region, account: env.account };
  const diagnostics: Diagnostic[] = [];
  const configError = (code: string, message: string, hint?: string) => diagnostics.push({ code, severity: 'error', message, ...(hint ? { hint } : {}) });

  const stateMachine = stateMachineOf(context, arnEnv, configError);
  const offload = offloadOf(context, configError);
  checkKmsKeys(env, configError);
  const wildcards = new AllowedWildcards(context.allowWildcards ?? []);
  diagnostics.push(...wildcards.diagnostics);
  const b = new IamBuilder(arnEnv, wildcards, offload);

  // This workflow's own adapter and responder functions (config/workflow-function.ts).
  const adapterFunction = workflowFunction('adapterFunction', env.adapterFunction, workflowName, arnEnv, configError);
  const adapterWhere = adapterFunction ? parseArn(adapterFunction.arn) : undefined;
  if (adapterWhere && (adapterWhere.region !== arnEnv.region || adapterWhere.partition !== arnEnv.partition)) {
    // The adapter's SDK client takes the Lambda's own Region (AWS_REGION), and a request names no Region, so it would
    // look for the environment's agents where they are not, under grants for another Region's agent-alias ARNs.
    configError(
      'config-adapter-region',
      `adapterFunction '${env.adapterFunction}' runs in ${adapterWhere.partition}/${adapterWhere.region}, but the environment's agents are in ${arnEnv.partition}/${arnEnv.region}: the adapter invokes Bedrock agents in its own Region.`,
      `Deploy the adapter function in ${arnEnv.region} (adapterFunction is a name, or an ARN in that Region), or set the environment's region to where the agents are.`,
    );
  }
  // Always named (the default when the environment names none): approval steps invoke it. A problem with the default
  // name (a long workflow name) matters only to a workflow with callbacks, so it is reported after the walk.
  const responderProblems: Parameters<typeof configError>[] = [];
  const responderFunction = workflowFunction('approvalResponderFunction', approvalResponderFunctionOf(env), workflowName, arnEnv, (...problem) => responderProblems.push(problem));
  const agents = new Map<string, string>();
  let adapterUsed = false;
  let approvalsUsed = false;
  let approvalCalls = 0;
  const addAgent = (agentId: string, aliasId: string) =>
    agents.set(`${agentId}/${aliasId}`, `arn:${arnEnv.partition}:bedrock:${arnEnv.region}:${arnEnv.account}:agent-alias/${agentId}/${aliasId}`);
  const facts = deriveDefinition(b, definition as Json, {
    adapterResources: adapterFunction?.resources ?? [],
    stateMachine,
    adapterCall: (payload: Field) => {
      adapterUsed = true;
      agentOf(b, payload, addAgent);
    },
    responderResources: responderFunction?.resources ?? [],
    approvalCall: (payload: Field) => {
      approvalsUsed = true;
      approvalCalls += 1;
      notifyReviewers(b, payload);
    },
  });
  for (const agent of context.agents ?? []) addAgent(agent.agentId, agent.aliasId);

  // The agent adapter: the agents this workflow calls, this workflow's offload prefix, its own log group.
  const hasAdapter = adapterUsed || agents.size > 0;
  const offloadObjects = offload ? `${s3ObjectArn(offload.bucket, prefixPath(offload.prefix), arnEnv.partition)}*` : undefined;
  const extraNotes: IamNote[] = [];
  if (hasAdapter) {
    b.grant('agentAdapter', SID.invokeAgents, ['bedrock:InvokeAgent'], [...agents.values()]);
    if (offload && offloadObjects) {
      b.grant('agentAdapter', SID.offload, ['s3:GetObject', 's3:PutObject'], [offloadObjects], REASON.offload);
      // Without it a pointer to a missing object reads as AccessDenied, which the adapter cannot tell from a refusal.
      const bucket = s3BucketArn(offload.bucket, arnEnv.partition);
      b.grant('agentAdapter', SID.offloadMissingKeys, ['s3:ListBucket'], [bucket], undefined, { StringLike: { 's3:prefix': [`${prefixPath(offload.prefix)}*`] } });
      extraNotes.push({ role: 'agentAdapter', sid: SID.offloadMissingKeys, resources: [bucket], reason: REASON.offloadMissingKeys });
    }
    if (adapterFunction) b.grant('agentAdapter', SID.adapterLogs, ['logs:CreateLogStream', 'logs:PutLogEvents'], [adapterFunction.logStreams], REASON.adapterLogs);
  }

  // Whoever answers the callback tasks: the answer, its own logs, and the offloaded values a request may show.
  const hasCallbacks = facts.callbacks.length > 0;
  // Hand-written callbacks (a worker answering from SNS or SQS) name no responder function unless the config does.
  const responderRuns = approvalsUsed || env.approvalResponderFunction !== undefined;
  if (hasCallbacks || env.approvalResponderFunction !== undefined) for (const problem of responderProblems) configError(...problem);
  if (hasCallbacks) {
    // Hand-written callbacks (SNS, SQS, another Lambda) are answered by code agentflow does not know: any of the three.
    b.grant('approvalResponder', SID.respond, approvalCalls === facts.callbacks.length ? SEND_APPROVAL : SEND_TASK, [stateMachine.arn]);
    extraNotes.push({ role: 'approvalResponder', sid: SID.respond, resources: [stateMachine.arn], reason: REASON.respond });
    if (responderFunction && responderRuns) b.grant('approvalResponder', SID.responderLogs, ['logs:CreateLogStream', 'logs:PutLogEvents'], [responderFunction.logStreams], REASON.responderLogs);
    if (offloadObjects && facts.callbackShowsOffloaded) b.grant('approvalResponder', SID.responderReads, ['s3:GetObject'], [offloadObjects], REASON.responderReads);
  }
  if (approvalsUsed) {
    const topics = [...new Set(b.grants.grants.filter((g) => g.sid === SID.notifyReviewers).flatMap((g) => g.resources))].sort(compareCodePoints);
    if (topics.length > 0) extraNotes.push({ role: 'approvalResponder', sid: SID.notifyReviewers, resources: topics, reason: REASON.notifyReviewers });
    const keyArn = approvalKeyOf(env, workflowName, responderFunction, arnEnv, configError);
    if (keyArn) {
      b.grant('approvalResponder', SID.approvalLinkKey, ['ssm:GetParameter'], [keyArn]);
      extraNotes.push({ role: 'approvalResponder', sid: SID.approvalLinkKey, resources: [keyArn], reason: REASON.approvalLinkKey });
    }
  }

  stateMachineSettings(b, env);
  keysOfUsedResources(b, env, arnEnv, offload);

  diagnostics.push(...b.diagnostics, ...wildcards.unused());
  const roles: Partial<Record<RoleKey, IamRole>> = {};
  const notes: IamNote[] = [];
  const functions: Partial<Record<RoleKey, WorkflowFunction>> = { ...(adapterFunction ? { agentAdapter: adapterFunction } : {}), ...(responderFunction && responderRuns ? { approvalResponder: responderFunction } : {}) };
  for (const role of ROLE_ORDER) {
    if (role === 'agentAdapter' && !hasAdapter) continue;
    if (role === 'approvalResponder' && !hasCallbacks) continue;
    const merged = mergeGrants(role, b.grants.grants);
    diagnostics.push(...merged.diagnostics);
    notes.push(...merged.notes, ...extraNotes.filter((n) => n.role === role));
    const fn = functions[role];
    const base = { description: describe(role, workflowName, fn?.arn), ...(fn ? { functionArn: fn.arn } : {}), assumeRolePolicy: trustPolicy(role, arnEnv.account, stateMachine.arn) };
    if (merged.statements.length === 0) {
      roles[role] = base;
      diagnostics.push({ code: 'iam-no-permissions', severity: 'info', message: `The ${role} role needs no permissions, so the artifact has no policy for it.` });
      continue;
    }
    const policy: PolicyDocument = { Version: '2012-10-17', Statement: merged.statements };
    roles[role] = { ...base, policy };
    diagnostics.push(...sizeCheck(role, policy, merged.statements));
  }
  notes.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || compareCodePoints(a.sid, b.sid));

  const policies: IamArtifact = {
    workflow: workflowName,
    partition: arnEnv.partition,
    region: arnEnv.region,
    account: arnEnv.account,
    stateMachineArn: stateMachine.arn,
    roles: roles as IamArtifact['roles'],
    notes,
  };
  const text = stableJson(policies);
  if (text.includes('${') || text.includes('%{')) {
    configError('iam-template-syntax', 'The IAM artifact contains "${" or "%{", which Terraform templatefile() and CloudFormation Fn::Sub would try to substitute.', 'Rename the resource whose name holds it.');
  }
  return { policies, diagnostics };
}

/** `iamText(artifact)`: the canonical file text (2-space JSON, trailing newline). */
export function iamText(artifact: IamArtifact): string {
  return stableJson(artifact);
}

function stateMachineOf(context: IamContext, env: ArnEnv, configError: (code: string, message: string, hint?: string) => void): { arn: string; name: string } {
  const name = stateMachineNameFor(context.env, context.workflowName);
  const fallback = { arn: stateMachineArnFor({ ...env, stateMachineName: context.env.stateMachineName }, context.workflowName), name };
  if (context.stateMachineArn === undefined) return fallback;
  const parsed = parseStateMachineArn(context.stateMachineArn);
  if (!parsed) {
    configError('iam-invalid-arn', `stateMachineArn '${context.stateMachineArn}' is not a state machine ARN.`, 'Use arn:<partition>:states:<region>:<account>:stateMachine:<name>.');
    return fallback;
  }
  // Versions and aliases run as the state machine itself: grants name the unqualified ARN.
  return { arn: `arn:${parsed.partition}:states:${parsed.region}:${parsed.account}:stateMachine:${parsed.name}`, name: parsed.name };
}

function offloadOf(context: IamContext, configError: (code: string, message: string, hint?: string) => void): Offload | undefined {
  const offload = context.offload;
  if (!offload) return undefined;
  if (!isS3Bucket(offload.bucket) || /[*?]/.test(offload.prefix)) {
    configError('iam-invalid-offload', `Offload location s3://${offload.bucket}/${offload.prefix} is not a bucket name and a literal key prefix.`);
    return undefined;
  }
  return offload;
}

/** Keys come validated from agentflow.config.yaml; an Environment built in code gets the same check here. */
function checkKmsKeys(env: Environment, configError: (code: string, message: string, hint?: string) => void): void {
  const keys = [env.kms?.stateMachine, env.kms?.offload, ...Object.values(env.kms?.topics ?? {})].filter((k): k is string => k !== undefined);
  for (const key of keys) {
    const arn = parseArn(key);
    if (arn?.service !== 'kms' || !/^key\/[A-Za-z0-9-]+$/.test(arn.resource)) {
      configError('iam-invalid-arn', `KMS key '${key}' is not a KMS key ARN.`, 'Use the key ARN (arn:aws:kms:<region>:<account>:key/<id>); IAM does not authorize key use through alias ARNs.');
    }
  }
}

interface WorkflowFunction {
  /** The function's ARN as configured for this workflow (qualified if the config is). */
  readonly arn: string;
  /** What invoking it needs: the ARN, and `ARN:*` when unqualified. */
  readonly resources: readonly string[];
  /** Its log group's streams, `/aws/lambda/<name>:*`. */
  readonly logStreams: string;
}

/** The workflow's own function of a per-workflow setting (adapterFunction, approvalResponderFunction). */
function workflowFunction(key: string, configured: string, workflow: string, env: ArnEnv, configError: (code: string, message: string, hint?: string) => void): WorkflowFunction | undefined {
  const problem = functionPatternProblem(configured) ?? workflowFunctionProblem(configured, workflow);
  const arn = functionArnForWorkflow(configured, workflow, env);
  const invoke = problem ? undefined : lambdaArns(arn, env);
  const where = parseArn(arn);
  const name = lambdaName(arn);
  if (!invoke || !where || !name) {
    configError('config-invalid-function', `${key} '${configured}' gives no usable function for workflow '${workflow}': ${problem ?? 'not a Lambda function name or ARN'}.`, `Fix ${key} in agentflow.config.yaml; '{workflow}' in the name stands for the workflow's name (docs/agent-adapter.md).`);
    return undefined;
  }
  return { arn, resources: invoke.resources, logStreams: `arn:${where.partition}:logs:${where.region}:${where.account}:log-group:/aws/lambda/${name}:*` };
}

/**
 * The ARN of the workflow's approval link key parameter, in the responder's own Region and account (its SSM client
 * reads where the function runs). Configs are checked on load; an Environment built in code gets the same check here.
 */
function approvalKeyOf(env: Environment, workflow: string, responder: WorkflowFunction | undefined, arnEnv: ArnEnv, configError: (code: string, message: string, hint?: string) => void): string | undefined {
  const problem = env.approvalKeyParameter === undefined ? undefined : approvalKeyParameterProblem(env.approvalKeyParameter);
  if (problem) {
    configError('config-invalid-parameter', `approvalKeyParameter '${env.approvalKeyParameter}' ${problem}.`, "Fix approvalKeyParameter in agentflow.config.yaml; '{workflow}' stands for the workflow's name (docs/configuration.md).");
    return undefined;
  }
  const where = responder ? parseArn(responder.arn) : undefined;
  return approvalKeyParameterArn(approvalKeyParameterFor(env.approvalKeyParameter, workflow), where ?? arnEnv);
}

/** An adapter payload's agent: literal ids become an alias ARN; anything dynamic must be covered by allowWildcards. */
function agentOf(b: IamBuilder, payload: Field, addAgent: (agentId: string, aliasId: string) => void): void {
  const id = field(payload, 'agentId');
  const alias = field(payload, 'agentAliasId');
  if (id.kind === 'missing' && alias.kind === 'missing') return;
  const agentId = staticString(id);
  const aliasId = staticString(alias);
  if (agentId !== undefined && aliasId !== undefined) {
    addAgent(agentId, aliasId);
    return;
  }
  const { partition: p, region: r, account: a } = b.env;
  const unknown = agentId === undefined ? id : alias;
  b.dynamic(
    'agentAdapter',
    { actions: ['bedrock:InvokeAgent'], service: 'bedrock', what: 'Bedrock agent alias', example: `arn:${p}:bedrock:${r}:${a}:agent-alias/AGENT_ID/*`, resourceType: 'agent-alias/' },
    unknown.pointer,
    agentId !== undefined ? `arn:${p}:bedrock:${r}:${a}:agent-alias/${agentId}/` : '',
  );
}

function describe(role: RoleKey, workflow: string, functionArn: string | undefined): string {
  switch (role) {
    case 'stateMachine':
      return `Execution role of the ${workflow} state machine.`;
    case 'agentAdapter':
      return `Role of ${workflow}'s own agent adapter Lambda (${functionArn ?? 'adapterFunction'}): only the Bedrock agents and the offloaded data of ${workflow}.`;
    case 'approvalResponder':
      return `Role of the approval responder Lambda${functionArn ? ` (${functionArn})` : ''}, which answers the callback tasks of ${workflow}.`;
  }
}

function sizeCheck(role: RoleKey, policy: PolicyDocument, statements: readonly PolicyStatement[]): Diagnostic[] {
  const size = JSON.stringify(policy).length;
  if (size <= INLINE_POLICY_LIMIT) return [];
  return [
    {
      code: 'iam-policy-too-large',
      severity: 'warning',
      message: `The ${role} policy is ${size} characters without whitespace (${statements.length} statements); IAM allows ${INLINE_POLICY_LIMIT} for a role's inline policies.`,
      hint: 'Split the workflow, or attach the statements as customer managed policies (6,144 characters each).',
    },
  ];
}
