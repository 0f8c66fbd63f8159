import type { IamArtifact, RoleKey } from '../../../src/iam/index.js';
import { validateArtifact } from './policy-schema.js';

const EVALUATED_OPERATORS = new Set(['StringEquals', 'StringLike', 'ArnEquals', 'ArnLike']);

/**
 * What every artifact must satisfy, whatever the workflow: the schema, unique Sids per policy, conditions only of the
 * kinds the test evaluator evaluates, and no `*`/`?` that the notes do not explain (a conditional statement has a
 * note, as its condition is part of what it grants).
 */
export function invariantProblems(artifact: IamArtifact): string[] {
  const problems = validateArtifact(JSON.parse(JSON.stringify(artifact)));
  for (const [role, spec] of Object.entries(artifact.roles) as [RoleKey, NonNullable<IamArtifact['roles'][RoleKey]>][]) {
    const statements = spec.policy?.Statement ?? [];
    const sids = statements.map((s) => s.Sid);
    if (new Set(sids).size !== sids.length) problems.push(`${role}: duplicate Sids ${sids.join(', ')}`);
    const sorted = [...sids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (sids.join() !== sorted.join()) problems.push(`${role}: statements are not sorted by Sid`);
    for (const s of statements) {
      for (const operator of Object.keys(s.Condition ?? {})) {
        if (!EVALUATED_OPERATORS.has(operator)) problems.push(`${role}/${s.Sid}: condition operator ${operator} is not one the evaluator checks`);
      }
      if (s.Condition && !artifact.notes.some((n) => n.role === role && n.sid === s.Sid)) problems.push(`${role}/${s.Sid}: conditional statement has no note`);
      if ([...s.Action].sort().join() !== s.Action.join()) problems.push(`${role}/${s.Sid}: actions not sorted`);
      for (const r of s.Resource ?? []) {
        if (!/[*?]/.test(r)) continue;
        const note = artifact.notes.find((n) => n.role === role && n.sid === s.Sid && n.resources.includes(r));
        if (!note) problems.push(`${role}/${s.Sid}: wildcard resource ${r} has no note`);
      }
    }
  }
  return problems;
}
