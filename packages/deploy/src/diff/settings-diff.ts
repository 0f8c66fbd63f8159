import { compareCodePoints } from '@agentflow/compiler';
import type { FieldChange, MachineSettings, TagChanges } from '../plan-types.js';

/** The settings a plan compares, by pointer into MachineSettings, in the order a plan shows them. */
const SETTINGS: readonly { readonly pointer: string; readonly read: (s: MachineSettings) => unknown }[] = [
  { pointer: '/roleArn', read: (s) => s.roleArn },
  { pointer: '/logging/level', read: (s) => s.logging.level },
  { pointer: '/logging/includeExecutionData', read: (s) => s.logging.includeExecutionData },
  { pointer: '/logging/logGroupArn', read: (s) => s.logging.logGroupArn },
  { pointer: '/tracing', read: (s) => s.tracing },
  { pointer: '/kmsKeyId', read: (s) => s.kmsKeyId },
];

/**
 * Role, logging, tracing and encryption changes. With no `before` (a machine to create) every setting that has a
 * value is `added`, so a plan can show what the new machine gets.
 */
export function diffSettings(before: MachineSettings | undefined, after: MachineSettings): FieldChange[] {
  const out: FieldChange[] = [];
  for (const { pointer, read } of SETTINGS) {
    const now = read(after);
    const old = before === undefined ? undefined : read(before);
    if (old === now) continue;
    if (old === undefined) out.push({ pointer, kind: 'added', after: now });
    else if (now === undefined) out.push({ pointer, kind: 'removed', before: old });
    else out.push({ pointer, kind: 'changed', before: old, after: now });
  }
  return out;
}

/**
 * Tag changes, keys in code-point order. The `aws:` prefix is reserved for tags AWS sets (CloudFormation, Service
 * Catalog); callers cannot add, edit or delete them ("You can't edit or delete tag keys with the aws: prefix",
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html), so such keys are never removed or reported.
 */
export function diffTags(before: Record<string, string>, after: Record<string, string>): TagChanges {
  const ours = (key: string): boolean => !key.startsWith('aws:');
  const added: Record<string, string> = {};
  const changed: Record<string, { before: string; after: string }> = {};
  for (const key of Object.keys(after).filter(ours).sort(compareCodePoints)) {
    const now = after[key]!;
    if (!Object.hasOwn(before, key)) added[key] = now;
    else if (before[key] !== now) changed[key] = { before: before[key]!, after: now };
  }
  const removed = Object.keys(before).filter((k) => ours(k) && !Object.hasOwn(after, k)).sort(compareCodePoints);
  return { added, changed, removed };
}

export function isEmptyTagChanges(tags: TagChanges): boolean {
  return Object.keys(tags.added).length === 0 && Object.keys(tags.changed).length === 0 && tags.removed.length === 0;
}
