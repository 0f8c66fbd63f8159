import { SfnError } from './errors.js';
import { paginate } from './pagination.js';
import {
  DEFAULT_ENCRYPTION,
  DEFAULT_LOGGING,
  DEFAULT_TRACING,
  MAX_TAGS,
  checkDefinition,
  checkMachineName,
  checkRoleArn,
  optionalString,
  readEncryption,
  readLogging,
  readTags,
  readTracing,
  requiredString,
  sameJson,
  tooManyTags,
  type Input,
} from './rules.js';
import { configOf, type MachineConfig, type MachineRecord } from './state.js';
import type { SfnStore } from './store.js';

/** CreateStateMachine, UpdateStateMachine, DescribeStateMachine, DeleteStateMachine, ListStateMachines. */

/** `versionDescription` only with `publish: true`, else ValidationException (research file a.3, [D]). */
function readPublish(input: Input): { publish: boolean; versionDescription?: string } {
  const publish = input.publish === true;
  const versionDescription = optionalString(input, 'versionDescription', 256);
  if (versionDescription !== undefined && !publish) throw new SfnError('ValidationException', 'Version description can only be set when publish is true');
  return versionDescription !== undefined ? { publish, versionDescription } : { publish };
}

export function createStateMachine(store: SfnStore, input: Input): Record<string, unknown> {
  const name = requiredString(input, 'name');
  const definition = requiredString(input, 'definition');
  const roleArn = requiredString(input, 'roleArn');
  checkMachineName(name);
  const type = input.type ?? 'STANDARD';
  if (type !== 'STANDARD' && type !== 'EXPRESS') throw new SfnError('ValidationException', `1 validation error detected: Value '${String(type)}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]`);
  const { publish, versionDescription } = readPublish(input);
  checkDefinition(definition, store.options.validate);
  checkRoleArn(roleArn);
  const config: MachineConfig = {
    definition,
    roleArn,
    type,
    loggingConfiguration: readLogging(input.loggingConfiguration) ?? DEFAULT_LOGGING,
    tracingConfiguration: readTracing(input.tracingConfiguration) ?? DEFAULT_TRACING,
    encryptionConfiguration: readEncryption(input.encryptionConfiguration) ?? DEFAULT_ENCRYPTION,
  };
  const tags = readTags(input.tags);
  if (tags.length > MAX_TAGS) throw tooManyTags(store.arns.machine(name));

  const existing = store.machines.get(name);
  if (existing) {
    // Idempotent on name, definition, type, logging, tracing, encryption, publish and versionDescription; a
    // different role is refused too, as StateMachineAlreadyExists's own text says ("different definition or role
    // ARN"); tags are ignored and not updated (CreateStateMachine reference; research file a.3).
    const same =
      sameJson(configOf(existing), config) &&
      existing.createdWith.publish === publish &&
      existing.createdWith.versionDescription === versionDescription;
    if (!same) throw new SfnError('StateMachineAlreadyExists', `State Machine Already Exists: '${existing.arn}' (a state machine with the same name but a different definition or role ARN)`);
    const versionArn = existing.createdWith.versionNumber === undefined ? undefined : existing.versions.get(existing.createdWith.versionNumber)?.arn;
    return { stateMachineArn: existing.arn, creationDate: existing.creationDate, ...(versionArn ? { stateMachineVersionArn: versionArn } : {}) };
  }

  const machine: MachineRecord = {
    ...config,
    name,
    arn: store.arns.machine(name),
    creationDate: store.now(),
    revision: 0,
    tags,
    versions: new Map(),
    aliases: new Map(),
    lastVersion: 0,
    publishedRevisions: new Map(),
    createdWith: versionDescription !== undefined ? { publish, versionDescription } : { publish },
    staleDescribesLeft: 0,
    seq: store.nextSeq(),
  };
  store.machines.set(name, machine);
  if (publish) machine.createdWith.versionNumber = store.publish(machine, versionDescription).number;
  const versionArn = machine.createdWith.versionNumber === undefined ? undefined : store.arns.version(name, machine.createdWith.versionNumber);
  return { stateMachineArn: machine.arn, creationDate: machine.creationDate, ...(versionArn ? { stateMachineVersionArn: versionArn } : {}) };
}

export function updateStateMachine(store: SfnStore, input: Input): Record<string, unknown> {
  const arn = requiredString(input, 'stateMachineArn');
  const parsed = store.arns.parse(arn);
  // Versions are immutable and aliases are updated with UpdateStateMachineAlias.
  if (parsed.kind !== 'machine') throw new SfnError('ValidationException', `Only an unqualified state machine ARN can be updated: '${arn}'`);
  const definition = optionalString(input, 'definition');
  const roleArn = optionalString(input, 'roleArn');
  const logging = readLogging(input.loggingConfiguration);
  const tracing = readTracing(input.tracingConfiguration);
  const encryption = readEncryption(input.encryptionConfiguration);
  // "You must include at least one of definition or roleArn or you will receive a MissingRequiredParameter error"
  // (UpdateStateMachine reference); logging, tracing and encryption are updates in their own right.
  if (definition === undefined && roleArn === undefined && !logging && !tracing && !encryption) {
    throw new SfnError('MissingRequiredParameter', 'Missing Required Parameter: at least one of definition, roleArn, loggingConfiguration, tracingConfiguration or encryptionConfiguration');
  }
  const { publish, versionDescription } = readPublish(input);
  if (definition !== undefined) checkDefinition(definition, store.options.validate);
  if (roleArn !== undefined) checkRoleArn(roleArn);
  const machine = store.machine(parsed.name, arn);

  const next: MachineConfig = {
    ...configOf(machine),
    ...(definition !== undefined ? { definition } : {}),
    ...(roleArn !== undefined ? { roleArn } : {}),
    ...(logging ? { loggingConfiguration: logging } : {}),
    ...(tracing ? { tracingConfiguration: tracing } : {}),
    ...(encryption ? { encryptionConfiguration: encryption } : {}),
  };
  const updateDate = store.now();
  if (!sameJson(next, configOf(machine))) {
    machine.previous = {
      config: configOf(machine),
      ...(machine.revisionId !== undefined ? { revisionId: machine.revisionId } : {}),
      ...(machine.updateDate !== undefined ? { updateDate: machine.updateDate } : {}),
    };
    // Eventually consistent reads: DescribeStateMachine may return the old revision for a while (reference, [D]).
    machine.staleDescribesLeft = store.options.staleDescribes;
    Object.assign(machine, next);
    machine.revision += 1;
    machine.revisionId = store.newRevisionId();
  }
  machine.updateDate = updateDate;
  const version = publish ? store.publish(machine, versionDescription) : undefined;
  return {
    updateDate,
    ...(machine.revisionId !== undefined ? { revisionId: machine.revisionId } : {}),
    ...(version ? { stateMachineVersionArn: version.arn } : {}),
  };
}

export function describeStateMachine(store: SfnStore, input: Input): Record<string, unknown> {
  const arn = requiredString(input, 'stateMachineArn');
  const parsed = store.arns.parse(arn);
  // DescribeStateMachine lists no error for alias ARNs but InvalidArn; aliases have DescribeStateMachineAlias.
  if (parsed.kind === 'alias') throw new SfnError('InvalidArn', `Invalid Arn: '${arn}' is an alias ARN; use DescribeStateMachineAlias`);
  const machine = store.machine(parsed.name, arn);
  if (parsed.kind === 'version') {
    // "returns the details for a state machine version if the stateMachineArn you specify is a state machine
    // version ARN" (DescribeStateMachine reference).
    const version = machine.versions.get(parsed.version);
    if (!version) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return {
      stateMachineArn: version.arn,
      name: machine.name,
      status: 'ACTIVE',
      ...configOf(version),
      creationDate: version.creationDate,
      ...(version.revisionId !== undefined ? { revisionId: version.revisionId } : {}),
      ...(version.description !== undefined ? { description: version.description } : {}),
    };
  }
  let config = configOf(machine);
  let revisionId = machine.revisionId;
  if (machine.staleDescribesLeft > 0 && machine.previous) {
    machine.staleDescribesLeft -= 1;
    config = machine.previous.config;
    revisionId = machine.previous.revisionId;
  }
  return {
    stateMachineArn: machine.arn,
    name: machine.name,
    status: 'ACTIVE',
    ...config,
    creationDate: machine.creationDate,
    ...(revisionId !== undefined ? { revisionId } : {}),
  };
}

/** Idempotent: deleting an unknown machine succeeds (its only errors are InvalidArn and ValidationException). */
export function deleteStateMachine(store: SfnStore, input: Input): Record<string, unknown> {
  const arn = requiredString(input, 'stateMachineArn');
  const parsed = store.arns.parse(arn);
  if (parsed.kind !== 'machine') throw new SfnError('ValidationException', `Only an unqualified state machine ARN can be deleted; delete versions and aliases with their own actions: '${arn}'`);
  // "This API action also deletes all versions and aliases associated with a state machine" (reference).
  store.machines.delete(parsed.name);
  return {};
}

export function listStateMachines(store: SfnStore, input: Input): Record<string, unknown> {
  const all = [...store.machines.values()].sort((a, b) => a.seq - b.seq);
  const { page, nextToken } = paginate(all, input, 'ListStateMachines', store.options.pageSize, 'oldest-first');
  return {
    stateMachines: page.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: m.creationDate })),
    ...(nextToken ? { nextToken } : {}),
  };
}
