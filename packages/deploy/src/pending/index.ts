/**
 * Stand-ins for the semantic diff and plan renderers until their real modules land; deploy code imports them only
 * through this file, so switching is one edit.
 */
import type { DefinitionDiff, DeployPlan, FieldChange, MachineSettings, TagChanges } from '../plan-types.js';
import { sortedJson } from '../definition-hash.js';

export function diffDefinitions(before: unknown, after: unknown): DefinitionDiff {
  const changed = sortedJson(before) !== sortedJson(after);
  return { top: changed ? [{ pointer: '', kind: 'changed', before, after }] : [], added: [], removed: [], changed: [] };
}

export function isEmptyDiff(diff: DefinitionDiff): boolean {
  return diff.top.length + diff.added.length + diff.removed.length + diff.changed.length === 0;
}

export function diffSettings(before: MachineSettings | undefined, after: MachineSettings): FieldChange[] {
  const flat = (s: MachineSettings | undefined): Record<string, unknown> =>
    s === undefined
      ? {}
      : {
          '/roleArn': s.roleArn,
          '/logging/level': s.logging.level,
          '/logging/includeExecutionData': s.logging.includeExecutionData,
          '/logging/logGroupArn': s.logging.logGroupArn,
          '/tracing': s.tracing,
          '/kmsKeyId': s.kmsKeyId,
        };
  const a = flat(before);
  const b = flat(after);
  const changes: FieldChange[] = [];
  for (const pointer of Object.keys(b)) {
    if (a[pointer] === b[pointer]) continue;
    if (a[pointer] === undefined) changes.push({ pointer, kind: 'added', after: b[pointer] });
    else if (b[pointer] === undefined) changes.push({ pointer, kind: 'removed', before: a[pointer] });
    else changes.push({ pointer, kind: 'changed', before: a[pointer], after: b[pointer] });
  }
  return changes;
}

export function diffTags(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): TagChanges {
  const added: Record<string, string> = {};
  const changed: Record<string, { before: string; after: string }> = {};
  for (const [k, v] of Object.entries(after)) {
    if (!(k in before)) added[k] = v;
    else if (before[k] !== v) changed[k] = { before: before[k]!, after: v };
  }
  const removed = Object.keys(before).filter((k) => !(k in after) && !k.startsWith('aws:'));
  return { added, changed, removed };
}

export function isEmptyTagChanges(tags: TagChanges): boolean {
  return Object.keys(tags.added).length + Object.keys(tags.changed).length + tags.removed.length === 0;
}

export function renderPlanText(plan: DeployPlan, _options: { color?: boolean } = {}): string {
  return `${plan.machines.map((m) => `${m.workflow}: ${m.action}${m.publish ? ' (publish)' : ''}`).join('\n')}\n`;
}

export function renderPlanMarkdown(plan: DeployPlan): string {
  return `## agentflow deploy plan (${plan.environment})\n\n${plan.machines.map((m) => `- **${m.workflow}**: ${m.action}`).join('\n')}\n`;
}
