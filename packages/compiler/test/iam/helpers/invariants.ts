import type { IamArtifact, RoleKey } from '../../../src/iam/index.js';
import { validateArtifact } from './policy-schema.js';

/**
 * What every artifact must satisfy, whatever the workflow: the schema, unique Sids per policy, permission policies
 * without conditions (the evaluator ignores them), and no `*`/`?` that the notes do not explain.
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
      if (s.Condition) problems.push(`${role}/${s.Sid}: permission statement has a Condition`);
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
