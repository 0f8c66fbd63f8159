import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasWildcard, sidWord } from './arns.js';
import type { Grant } from './grants.js';
import type { ConditionBlock, IamNote, PolicyStatement, RoleKey } from './types.js';
import { compareCodePoints } from '../text/compare-code-points.js';


/**
 * Merges one role's grants into statements. Per Sid base, each resource collects the actions granted on it; resources
 * with the same action set then share one statement. A base that ends up with several statements gets its action
 * names appended (`AccessDynamoDbItemsGetItem`); a clash after that (it would take equal action sets) gets a digest
 * of the statement. A grant with a condition is a statement of its own (merging it would widen or narrow its
 * neighbours). Nothing depends on the order grants arrived in.
 */
export function mergeGrants(role: RoleKey, grants: readonly Grant[]): { statements: PolicyStatement[]; notes: IamNote[]; diagnostics: Diagnostic[] } {
  const bases = new Map<string, { actionsOf: Map<string, Set<string>>; reasonsOf: Map<string, Set<string>> }>();
  const drafts: { base: string; actions: string[]; resources: string[]; reasons: Set<string>; unexplained: string[]; condition?: ConditionBlock }[] = [];
  for (const g of grants) {
    if (g.role !== role) continue;
    if (g.condition) {
      const resources = [...new Set(g.resources)].sort(compareCodePoints);
      const wild = resources.filter(hasWildcard);
      drafts.push({ base: g.sid, actions: [...new Set(g.actions)].sort(compareCodePoints), resources, reasons: new Set(g.reason && wild.length > 0 ? [g.reason] : []), unexplained: g.reason ? [] : wild, condition: g.condition });
      continue;
    }
    let base = bases.get(g.sid);
    if (!base) bases.set(g.sid, (base = { actionsOf: new Map(), reasonsOf: new Map() }));
    for (const resource of g.resources) {
      let actions = base.actionsOf.get(resource);
      if (!actions) base.actionsOf.set(resource, (actions = new Set()));
      for (const a of g.actions) actions.add(a);
      if (g.reason && hasWildcard(resource)) {
        let reasons = base.reasonsOf.get(resource);
        if (!reasons) base.reasonsOf.set(resource, (reasons = new Set()));
        reasons.add(g.reason);
      }
    }
  }

  for (const [sidBase, { actionsOf, reasonsOf }] of [...bases].sort(([a], [b]) => compareCodePoints(a, b))) {
    const byActions = new Map<string, { actions: string[]; resources: string[] }>();
    for (const [resource, actionSet] of actionsOf) {
      const actions = [...actionSet].sort(compareCodePoints);
      const key = actions.join(' ');
      let entry = byActions.get(key);
      if (!entry) byActions.set(key, (entry = { actions, resources: [] }));
      entry.resources.push(resource);
    }
    for (const { actions, resources } of byActions.values()) {
      resources.sort(compareCodePoints);
      const reasons = new Set<string>();
      const unexplained: string[] = [];
      for (const r of resources.filter(hasWildcard)) {
        const why = reasonsOf.get(r);
        if (why) for (const reason of why) reasons.add(reason);
        else unexplained.push(r);
      }
      drafts.push({ base: sidBase, actions, resources, reasons, unexplained });
    }
  }

  const perBase = new Map<string, number>();
  for (const d of drafts) perBase.set(d.base, (perBase.get(d.base) ?? 0) + 1);
  const named = drafts.map((d) => ({ ...d, sid: perBase.get(d.base)! > 1 ? `${d.base}${actionSuffix(d.actions)}` : d.base }));
  const counts = new Map<string, number>();
  for (const d of named) counts.set(d.sid, (counts.get(d.sid) ?? 0) + 1);
  const finalDrafts = named.map((d) => (counts.get(d.sid)! > 1 ? { ...d, sid: `${d.sid}${digest(d.actions, d.resources)}` } : d));
  finalDrafts.sort((a, b) => compareCodePoints(a.sid, b.sid));

  const statements: PolicyStatement[] = finalDrafts.map((d) => ({ Sid: d.sid, Effect: 'Allow', Action: d.actions, Resource: d.resources, ...(d.condition ? { Condition: d.condition } : {}) }));
  const notes: IamNote[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const d of finalDrafts) {
    const wild = d.resources.filter(hasWildcard);
    if (d.reasons.size > 0) notes.push({ role, sid: d.sid, resources: wild, reason: [...d.reasons].sort(compareCodePoints).join(' ') });
    if (d.unexplained.length > 0) {
      diagnostics.push({
        code: 'iam-unexplained-wildcard',
        severity: 'error',
        message: `Statement ${d.sid} of the ${role} role would grant ${d.unexplained.join(', ')} with no recorded reason.`,
        hint: 'This is a bug in the IAM generator: every wildcard must carry its reason.',
      });
    }
  }
  return { statements, notes, diagnostics };
}

/** `['dynamodb:GetItem', 'dynamodb:PutItem']` → `GetItemPutItem`; with several services, each action keeps its service. */
function actionSuffix(actions: readonly string[]): string {
  const services = new Set(actions.map((a) => a.slice(0, a.indexOf(':'))));
  return actions.map((a) => (services.size > 1 ? sidWord(a) : sidWord(a.slice(a.indexOf(':') + 1)))).join('');
}

function digest(actions: readonly string[], resources: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify([actions, resources])).digest('hex').slice(0, 8).toUpperCase();
}
