/**
 * Least-privilege IAM for a compiled workflow (DESIGN D5; asl-facts §4): the state machine's execution role, the
 * agent adapter Lambda's role and the approval responder's role, derived from the ASL itself. See docs/iam.md.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { stableJson } from '../emit/asl/canonical-json.js';
import { field, staticString, type Field, type Json } from './asl-fields.js';
import { isS3Bucket, lambdaArns, lambdaName, parseArn, parseStateMachineArn, prefixPath, s3ObjectArn, type ArnEnv } from './arns.js';
import { IamBuilder, type Offload } from './builder.js';
import { deriveDefinition } from './derive-definition.js';
import { REASON, SID } from './grants.js';
import { mergeGrants } from './statements.js';
import { compareCodePoints } from '../text/compare-code-points.js';
import { ROLE_ORDER, type IamArtifact, type IamContext, type IamNote, type IamRole, type PolicyDocument, type PolicyStatement, type RoleKey } from './types.js';
import { AllowedWildcards } from './wildcards.js';

export type { IamArtifact, IamContext, IamNote, IamRole, PolicyDocument, PolicyStatement, RoleKey } from './types.js';

const LOG_DELIVERY = [
  'logs:CreateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:DescribeLogGroups',
  'logs:DescribeResourcePolicies',
  'logs:GetLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutLogEvents',
  'logs:PutResourcePolicy',
  'logs:UpdateLogDelivery',
];
const XRAY = ['xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
const SEND_TASK = ['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess'];

/** IAM's limit on the inline policies of one role, counted without whitespace. */
export const INLINE_POLICY_LIMIT = 10_240;

/** Derives the IAM artifact of one compiled definition. Errors come back as diagnostics next to a best-effort artifact. */
export function generateIam(definition: Record<string, unknown>, context: IamContext): { policies: IamArtifact; diagnostics: Diagnostic[] } {
  const { env } = context;
  const arnEnv: ArnEnv = { partition: env.partition, region: env.region, account: env.account };
  const diagnostics: Diagnostic[] = [];
  const configError = (code: string, message: string, hint?: string) => diagnostics.push({ code, severity: 'error', message, ...(hint ? { hint } : {}) });

  const stateMachine = stateMachineOf(context, arnEnv, configError);
  const offload = offloadOf(context, configError);
  const kmsKeyArn = kmsKeyOf(context, configError);
  const wildcards = new AllowedWildcards(context.allowWildcards ?? []);
  diagnostics.push(...wildcards.diagnostics);
  const b = new IamBuilder(arnEnv, wildcards, offload);

  const adapter = lambdaArns(env.adapterFunction, arnEnv);
  if (!adapter) configError('iam-invalid-arn', `adapterFunction '${env.adapterFunction}' is not a Lambda function name or ARN.`, 'Fix adapterFunction in agentflow.config.yaml.');
  const agents = new Map<string, string>();
  let adapterUsed = false;
  const addAgent = (agentId: string, aliasId: string) =>
    agents.set(`${agentId}/${aliasId}`, `arn:${arnEnv.partition}:bedrock:${arnEnv.region}:${arnEnv.account}:agent-alias/${agentId}/${aliasId}`);
  const facts = deriveDefinition(b, definition as Json, {
    adapterResources: adapter?.resources ?? [],
    stateMachine,
    adapterCall: (payload: Field) => {
      adapterUsed = true;
      agentOf(b, payload, addAgent);
    },
  });
  for (const agent of context.agents ?? []) addAgent(agent.agentId, agent.aliasId);

  // The agent adapter: the agents this workflow calls, the offload prefix, its own log group.
  const hasAdapter = adapterUsed || agents.size > 0;
  if (hasAdapter) {
    b.grant('agentAdapter', SID.invokeAgents, ['bedrock:InvokeAgent'], [...agents.values()]);
    if (offload) b.grant('agentAdapter', SID.offload, ['s3:GetObject', 's3:PutObject'], [`${s3ObjectArn(offload.bucket, prefixPath(offload.prefix), arnEnv.partition)}*`], REASON.offload);
    if (offload && kmsKeyArn) b.grant('agentAdapter', SID.kmsOffload, ['kms:Decrypt', 'kms:GenerateDataKey'], [kmsKeyArn]);
    const name = lambdaName(env.adapterFunction);
    const where = parseArn(env.adapterFunction) ?? arnEnv;
    if (name) b.grant('agentAdapter', SID.adapterLogs, ['logs:CreateLogStream', 'logs:PutLogEvents'], [`arn:${where.partition}:logs:${where.region}:${where.account}:log-group:/aws/lambda/${name}:*`], REASON.adapterLogs);
  }

  // State machine settings the ASL does not show.
  if (context.logging) b.grant('stateMachine', SID.logDelivery, LOG_DELIVERY, ['*'], REASON.logDelivery);
  if (context.tracing) b.grant('stateMachine', SID.xray, XRAY, ['*'], REASON.xray);
  if (kmsKeyArn) b.grant('stateMachine', SID.kmsWorkflow, ['kms:Decrypt', 'kms:GenerateDataKey', ...(facts.resultWriter ? ['kms:Encrypt'] : [])], [kmsKeyArn]);

  // Whoever answers the callback tasks.
  const extraNotes: IamNote[] = [];
  if (facts.callbacks.length > 0) {
    b.grant('approvalResponder', SID.respond, SEND_TASK, [stateMachine.arn]);
    extraNotes.push({ role: 'approvalResponder', sid: SID.respond, resources: [stateMachine.arn], reason: REASON.respond });
  }

  diagnostics.push(...b.diagnostics, ...wildcards.unused());
  const roles: Partial<Record<RoleKey, IamRole>> = {};
  const notes: IamNote[] = [];
  for (const role of ROLE_ORDER) {
    if (role === 'agentAdapter' && !hasAdapter) continue;
    if (role === 'approvalResponder' && facts.callbacks.length === 0) continue;
    const merged = mergeGrants(role, b.grants.grants);
    diagnostics.push(...merged.diagnostics);
    notes.push(...merged.notes, ...extraNotes.filter((n) => n.role === role));
    const description = describe(role, context.workflowName, env.adapterFunction);
    if (merged.statements.length === 0) {
      roles[role] = { description, assumeRolePolicy: trust(role, arnEnv.account) };
      diagnostics.push({ code: 'iam-no-permissions', severity: 'info', message: `The ${role} role needs no permissions, so the artifact has no policy for it.` });
      continue;
    }
    const policy: PolicyDocument = { Version: '2012-10-17', Statement: merged.statements };
    roles[role] = { description, assumeRolePolicy: trust(role, arnEnv.account), policy };
    diagnostics.push(...sizeCheck(role, policy, merged.statements));
  }
  notes.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || compareCodePoints(a.sid, b.sid));

  const policies: IamArtifact = {
    workflow: context.workflowName,
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
  const fallback = { arn: `arn:${env.partition}:states:${env.region}:${env.account}:stateMachine:${context.workflowName}`, name: context.workflowName };
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

function kmsKeyOf(context: IamContext, configError: (code: string, message: string, hint?: string) => void): string | undefined {
  const key = context.kmsKeyArn;
  if (key === undefined) return undefined;
  const arn = parseArn(key);
  if (arn?.service !== 'kms' || !/^key\/[A-Za-z0-9-]+$/.test(arn.resource)) {
    configError('iam-invalid-arn', `kmsKeyArn '${key}' is not a KMS key ARN.`, 'Use the key ARN (arn:aws:kms:<region>:<account>:key/<id>); IAM does not authorize key use through alias ARNs.');
    return undefined;
  }
  return key;
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

function trust(role: RoleKey, account: string): PolicyDocument {
  if (role === 'stateMachine') {
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TrustStepFunctionsFromThisAccount',
          Effect: 'Allow',
          Principal: { Service: 'states.amazonaws.com' },
          Action: ['sts:AssumeRole'],
          Condition: { StringEquals: { 'aws:SourceAccount': account } },
        },
      ],
    };
  }
  return { Version: '2012-10-17', Statement: [{ Sid: 'TrustLambda', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['sts:AssumeRole'] }] };
}

function describe(role: RoleKey, workflow: string, adapterFunction: string): string {
  switch (role) {
    case 'stateMachine':
      return `Execution role of the ${workflow} state machine.`;
    case 'agentAdapter':
      return `Role of the agent adapter Lambda (${adapterFunction}): the Bedrock agents ${workflow} invokes. The adapter serves every workflow, so its role needs the agentAdapter policy of each.`;
    case 'approvalResponder':
      return `Role of the approval responder Lambda, which answers the callback tasks of ${workflow}.`;
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
