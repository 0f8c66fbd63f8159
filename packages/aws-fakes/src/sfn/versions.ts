import { SfnError } from './errors.js';
import { paginate } from './pagination.js';
import { optionalString, requiredString, type Input } from './rules.js';
import type { SfnStore } from './store.js';

/** PublishStateMachineVersion, ListStateMachineVersions, DeleteStateMachineVersion. */

export function publishStateMachineVersion(store: SfnStore, input: Input): Record<string, unknown> {
  const arn = requiredString(input, 'stateMachineArn');
  const parsed = store.arns.parse(arn);
  if (parsed.kind !== 'machine') throw new SfnError('ValidationException', `Versions are published from an unqualified state machine ARN: '${arn}'`);
  const revisionId = optionalString(input, 'revisionId');
  const description = optionalString(input, 'description', 256);
  const machine = store.machine(parsed.name, arn);
  // Optimistic lock: "If the specified revision ID doesn't match the state machine's current revision ID, the API
  // returns ConflictException"; "INITIAL" names the revision of a machine that has none yet (reference; a.3).
  const current = machine.revisionId ?? 'INITIAL';
  if (revisionId !== undefined && revisionId !== current) {
    throw new SfnError('ConflictException', `Failed to publish the state machine version: revision id '${revisionId}' is not the current revision '${current}' of '${arn}'`);
  }
  const version = store.publish(machine, description);
  return { stateMachineVersionArn: version.arn, creationDate: version.creationDate };
}

/** Newest first: "sorted in descending order of the version creation time" (ListStateMachineVersions reference). */
export function listStateMachineVersions(store: SfnStore, input: Input): Record<string, unknown> {
  const arn = requiredString(input, 'stateMachineArn');
  const parsed = store.arns.parse(arn);
  if (parsed.kind !== 'machine') throw new SfnError('ValidationException', `Versions are listed for an unqualified state machine ARN: '${arn}'`);
  // The action lists no StateMachineDoesNotExist error; an unknown machine has no versions.
  const machine = store.machines.get(parsed.name);
  const all = machine ? [...machine.versions.values()].sort((a, b) => b.seq - a.seq) : [];
  const { page, nextToken } = paginate(all, input, `ListStateMachineVersions ${arn}`, store.options.pageSize, 'newest-first');
  return {
    stateMachineVersions: page.map((v) => ({ stateMachineVersionArn: v.arn, creationDate: v.creationDate })),
    ...(nextToken ? { nextToken } : {}),
  };
}

/**
 * Blocked with ConflictException while an alias routes to the version (reference: "You can't delete a state machine
 * version currently referenced by one or more aliases"). Deleting a version that does not exist succeeds: the action
 * lists only ConflictException, InvalidArn and ValidationException. Its number is never reused (research file a.1).
 */
export function deleteStateMachineVersion(store: SfnStore, input: Input): Record<string, unknown> {
  const arn = requiredString(input, 'stateMachineVersionArn');
  const parsed = store.arns.parse(arn, 'stateMachineVersionArn');
  if (parsed.kind !== 'version') throw new SfnError('ValidationException', `Not a state machine version ARN: '${arn}'`);
  const machine = store.machines.get(parsed.name);
  if (!machine || !machine.versions.has(parsed.version)) return {};
  const routing = [...machine.aliases.values()].filter((a) => a.routingConfiguration.some((r) => r.stateMachineVersionArn === arn));
  if (routing.length > 0) {
    throw new SfnError('ConflictException', `Version '${arn}' is referenced by alias(es) ${routing.map((a) => `'${a.name}'`).join(', ')}; update or delete them first`);
  }
  machine.versions.delete(parsed.version);
  return {};
}
