import { basename } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Environment } from '../../src/config/project-config.js';
import { functionArnForWorkflow } from '../../src/config/workflow-function.js';
import { type IamArtifact, type RoleKey } from '../../src/iam/index.js';
import { globMatch, isAllowed, allowsActionSomewhere } from './helpers/iam-evaluator.js';
import { invariantProblems } from './helpers/invariants.js';
import { compileFile, environments, workflowFiles } from './helpers/load-workflows.js';
import { requirementsOf, type Requirement } from './helpers/required-actions.js';

/**
 * For every workflow in workflows/ and every environment of agentflow.config.yaml: the artifact validates against
 * the IAM policy grammar schema (invariantProblems) and each Task resource's required
 * actions (the asl-facts §4 table in helpers/required-actions.ts) are allowed on its ARNs by the generated policies,
 * and, the other way round, every action on every resource the policies grant is needed by some Task.
 */

/** Statements a workflow's Tasks do not explain but the role needs anyway (the Lambdas write their own logs). */
const NOT_FROM_TASKS = new Set(['WriteAdapterLogs', 'WriteApprovalResponderLogs']);

/**
 * What the environment's settings add (asl-facts §4 Logs and X-Ray; KMS as docs/iam.md states it): log delivery and
 * X-Ray on "*", the state machine's key, the offload key for each role that reads (Decrypt) or writes (and
 * GenerateDataKey) offloaded objects, and a topic's key for each role that publishes to it.
 */
function settingRequirements(env: Environment, tasks: readonly Requirement[]): Requirement[] {
  const at = '(environment settings)';
  const out: Requirement[] = [];
  const add = (role: Requirement['role'], actions: readonly string[], resource: string) => actions.forEach((action) => out.push({ role, action, resource, at }));
  if (env.logging && env.logging.level !== 'OFF') {
    add('stateMachine', ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries', 'logs:PutLogEvents', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'], '*');
  }
  if (env.tracing) add('stateMachine', ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'], '*');
  if (env.kms?.stateMachine) add('stateMachine', ['kms:Decrypt', 'kms:GenerateDataKey'], env.kms.stateMachine);
  const offloadKey = env.kms?.offload;
  for (const r of tasks) {
    if (offloadKey && env.offload && r.resource?.startsWith(`arn:${env.partition}:s3:::${env.offload.bucket}/`)) {
      if (r.action === 's3:GetObject') add(r.role, ['kms:Decrypt'], offloadKey);
      if (r.action === 's3:PutObject') add(r.role, ['kms:Decrypt', 'kms:GenerateDataKey'], offloadKey);
    }
    if (r.action === 'sns:Publish') {
      for (const [topic, key] of Object.entries(env.kms?.topics ?? {})) {
        const name = env.topics[topic]!;
        if (r.resource === (name.startsWith('arn:') ? name : `arn:${env.partition}:sns:${env.region}:${env.account}:${name}`)) add(r.role, ['kms:Decrypt', 'kms:GenerateDataKey'], key);
      }
    }
  }
  return out;
}

const ENVIRONMENTS = environments();
const FILES = workflowFiles();


function missing(artifact: IamArtifact, requirements: readonly Requirement[]): string[] {
  const out: string[] = [];
  for (const r of requirements) {
    const policy = artifact.roles[r.role]?.policy;
    const ok = policy !== undefined && (r.resource === undefined ? allowsActionSomewhere(policy, r.action) : isAllowed(policy, r.action, r.resource, r.context));
    if (!ok) out.push(`${r.at}: ${r.role} lacks ${r.action} on ${r.resource ?? '(any resource)'}`);
  }
  return out;
}

function unneeded(artifact: IamArtifact, requirements: readonly Requirement[]): string[] {
  const out: string[] = [];
  for (const [role, spec] of Object.entries(artifact.roles) as [RoleKey, NonNullable<IamArtifact['roles'][RoleKey]>][]) {
    for (const s of spec.policy?.Statement ?? []) {
      if (NOT_FROM_TASKS.has(s.Sid)) continue;
      for (const action of s.Action) {
        for (const resource of s.Resource ?? []) {
          const used = requirements.some((r) => r.role === role && globMatch(action, r.action, true) && (r.resource === undefined || globMatch(resource, r.resource)));
          if (!used) out.push(`${role}/${s.Sid} grants ${action} on ${resource}, which no Task needs`);
        }
      }
    }
  }
  return out;
}

describe.each(ENVIRONMENTS)('environment $name', ({ name, env }) => {
  test.for(FILES.map((f) => basename(f)))('%s', async (file) => {
    const compiled = await compileFile(FILES.find((f) => basename(f) === file)!, name, env);
    // Every workflow must compile: a check that silently skips one proves nothing about it.
    expect(compiled.ok ? '' : `${file} ${compiled.why}`).toBe('');
    if (!compiled.ok) return;
    const { result } = compiled;
    // The artifact checked is the one `compile --out` writes.
    const policies = result.iam!;
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(invariantProblems(policies)).toEqual([]);
    const requirements = requirementsOf(result.definition, {
      partition: env.partition,
      region: env.region,
      account: env.account,
      adapterFunctionArn: functionArnForWorkflow(env.adapterFunction, result.name, env),
      stateMachineArn: policies.stateMachineArn,
      ...(env.approvalKeyParameter ? { approvalKeyParameter: env.approvalKeyParameter } : {}),
      // The documented layout (docs/payload.md): `<prefix>/<workflow>/<execution>/…`.
      ...(env.offload ? { offloadObjects: `arn:${env.partition}:s3:::${env.offload.bucket}/${env.offload.prefix}/${result.name}/*` } : {}),
    });
    expect(requirements.length).toBeGreaterThan(0);
    const all = [...requirements, ...settingRequirements(env, requirements)];
    expect(missing(policies, all)).toEqual([]);
    expect(unneeded(policies, all)).toEqual([]);
  });
});

test('the seed workflow compiles, so the cross-check is never vacuous', async () => {
  const { name, env } = ENVIRONMENTS[0]!;
  const compiled = await compileFile(FILES.find((f) => basename(f) === 'research-report.ts')!, name, env);
  expect(compiled.ok).toBe(true);
});

/**
 * Isolation (issue: one shared adapter role reached every workflow's agents and offloaded data). Compiles every seed
 * workflow and checks each pair: workflow A's roles must not reach what only B uses — B's agent aliases, B's
 * offloaded objects, B's adapter function — and A's execution role trusts only A's state machine.
 */
describe.each(ENVIRONMENTS)('isolation between workflows, environment $name', ({ name, env }) => {
  test('no workflow reaches the agents, offloaded data or adapter of another', async () => {
    const compiled = [];
    for (const file of FILES) {
      const c = await compileFile(file, name, env);
      expect(c.ok ? '' : `${basename(file)} ${c.why}`).toBe('');
      if (c.ok) compiled.push(c.result);
    }
    const own = compiled.map((result) => {
      const policies = result.iam!;
      const requirements = requirementsOf(result.definition, {
        partition: env.partition,
        region: env.region,
        account: env.account,
        adapterFunctionArn: functionArnForWorkflow(env.adapterFunction, result.name, env),
        stateMachineArn: policies.stateMachineArn,
      });
      return {
        name: result.name,
        policies,
        adapter: functionArnForWorkflow(env.adapterFunction, result.name, env),
        aliases: new Set(requirements.filter((r) => r.action === 'bedrock:InvokeAgent').map((r) => r.resource!)),
        // A key this workflow's offload layout could produce (docs/payload.md): `<prefix>/<workflow>/<execution>/<step>.json`.
        offloadKey: env.offload ? `arn:${env.partition}:s3:::${env.offload.bucket}/${env.offload.prefix}/${result.name}/exec-1/step.json` : undefined,
      };
    });
    const problems: string[] = [];
    let offloadPairs = 0;
    let aliasPairs = 0;
    for (const a of own) {
      const roles = Object.entries(a.policies.roles) as [RoleKey, NonNullable<IamArtifact['roles'][RoleKey]>][];
      const allows = (action: string, resource: string) => roles.filter(([, r]) => r.policy && isAllowed(r.policy, action, resource)).map(([k]) => k);
      // Each workflow's own adapter is what its execution role may invoke, under its own function ARN.
      if (a.aliases.size > 0 && !isAllowed(a.policies.roles.stateMachine.policy!, 'lambda:InvokeFunction', a.adapter)) problems.push(`${a.name} cannot invoke its own adapter ${a.adapter}`);
      if (a.aliases.size > 0) expect(a.policies.roles.agentAdapter?.functionArn).toBe(a.adapter);
      for (const b of own) {
        if (a === b) continue;
        for (const alias of b.aliases) {
          if (a.aliases.has(alias)) continue;
          aliasPairs++;
          const who = allows('bedrock:InvokeAgent', alias);
          if (who.length > 0) problems.push(`${a.name}'s ${who.join(', ')} may invoke ${b.name}'s agent ${alias}`);
        }
        if (b.offloadKey) {
          offloadPairs++;
          for (const action of ['s3:GetObject', 's3:PutObject']) {
            const who = allows(action, b.offloadKey);
            if (who.length > 0) problems.push(`${a.name}'s ${who.join(', ')} may ${action} ${b.name}'s offloaded ${b.offloadKey}`);
          }
        }
        for (const qualifier of ['', ':1', ':live']) {
          const who = allows('lambda:InvokeFunction', `${b.adapter}${qualifier}`);
          if (who.length > 0) problems.push(`${a.name}'s ${who.join(', ')} may invoke ${b.name}'s adapter ${b.adapter}${qualifier}`);
        }
        if (trustsSource(a.policies, b.policies.stateMachineArn)) problems.push(`${a.name}'s execution role trusts ${b.name}'s state machine`);
      }
      if (!trustsSource(a.policies, a.policies.stateMachineArn) || !trustsSource(a.policies, `${a.policies.stateMachineArn}:live`)) problems.push(`${a.name}'s execution role does not trust its own state machine`);
    }
    expect(problems).toEqual([]);
    // The checks above must have had something to check.
    expect(aliasPairs).toBeGreaterThan(10);
    expect(offloadPairs).toBeGreaterThan(0);
    // A workflow's own offloaded objects stay reachable by its adapter (when it offloads at all).
    const research = own.find((o) => o.name === 'research-report')!;
    expect(research.offloadKey && isAllowed(research.policies.roles.agentAdapter!.policy!, 's3:PutObject', research.offloadKey)).toBe(true);
  });
});

/** Whether the execution role's trust lets Step Functions assume it for `sourceArn` (ArnLike on aws:SourceArn). */
function trustsSource(policies: IamArtifact, sourceArn: string): boolean {
  return policies.roles.stateMachine.assumeRolePolicy.Statement.some((s) => {
    const patterns = s.Condition?.['ArnLike']?.['aws:SourceArn'];
    const list = patterns === undefined ? [] : typeof patterns === 'string' ? [patterns] : patterns;
    return s.Condition?.['StringEquals']?.['aws:SourceAccount'] === policies.account && list.some((p) => globMatch(p, sourceArn));
  });
}
