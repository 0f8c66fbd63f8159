import { SfnError, invalidValue } from './errors.js';
import { MAX_TAGS, readTags, requiredString, tooManyTags, type Input } from './rules.js';
import type { MachineRecord } from './state.js';
import type { SfnStore } from './store.js';

/** TagResource, UntagResource, ListTagsForResource on state machines (their errors: InvalidArn, ResourceNotFound, TooManyTags). */

function tagged(store: SfnStore, input: Input): MachineRecord {
  const arn = requiredString(input, 'resourceArn');
  const parsed = store.arns.parse(arn, 'resourceArn');
  if (parsed.kind !== 'machine') throw new SfnError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
  const machine = store.machines.get(parsed.name);
  if (!machine) throw new SfnError('ResourceNotFound', `Resource not found: '${arn}'`, { resourceName: arn });
  return machine;
}

export function tagResource(store: SfnStore, input: Input): Record<string, unknown> {
  const machine = tagged(store, input);
  if (input.tags === undefined || input.tags === null) throw invalidValue('tags', 'Member must not be null');
  const merged = new Map(machine.tags.map((t) => [t.key, t.value]));
  for (const tag of readTags(input.tags)) merged.set(tag.key, tag.value);
  // "50 tags per resource" (research file a.3 quotas); nothing changes when the sum is over.
  if (merged.size > MAX_TAGS) throw tooManyTags(machine.arn);
  machine.tags = [...merged].map(([key, value]) => ({ key, value }));
  return {};
}

export function untagResource(store: SfnStore, input: Input): Record<string, unknown> {
  const machine = tagged(store, input);
  const keys = input.tagKeys;
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) throw invalidValue('tagKeys', 'Member must be a list of strings');
  machine.tags = machine.tags.filter((t) => !keys.includes(t.key));
  return {};
}

export function listTagsForResource(store: SfnStore, input: Input): Record<string, unknown> {
  return { tags: tagged(store, input).tags };
}
