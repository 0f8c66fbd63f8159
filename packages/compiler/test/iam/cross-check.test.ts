import { basename } from 'node:path';
import { describe, expect, test } from 'vitest';
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

/** Statements a workflow's Tasks do not explain but the role needs anyway (the adapter writes its own logs). */
const NOT_FROM_TASKS = new Set(['WriteAdapterLogs']);

const ENVIRONMENTS = environments();
const FILES = workflowFiles();

function adapterArn(value: string, env: { partition: string; region: string; account: string }): string {
  return value.startsWith('arn:') ? value : `arn:${env.partition}:lambda:${env.region}:${env.account}:function:${value}`;
}

function missing(artifact: IamArtifact, requirements: readonly Requirement[]): string[] {
  const out: string[] = [];
  for (const r of requirements) {
    const policy = artifact.roles[r.role]?.policy;
    const ok = policy !== undefined && (r.resource === undefined ? allowsActionSomewhere(policy, r.action) : isAllowed(policy, r.action, r.resource));
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
      adapterFunctionArn: adapterArn(env.adapterFunction, env),
      stateMachineArn: policies.stateMachineArn,
    });
    expect(requirements.length).toBeGreaterThan(0);
    expect(missing(policies, requirements)).toEqual([]);
    expect(unneeded(policies, requirements)).toEqual([]);
  });
});

test('the seed workflow compiles, so the cross-check is never vacuous', async () => {
  const { name, env } = ENVIRONMENTS[0]!;
  const compiled = await compileFile(FILES.find((f) => basename(f) === 'research-report.ts')!, name, env);
  expect(compiled.ok).toBe(true);
});
