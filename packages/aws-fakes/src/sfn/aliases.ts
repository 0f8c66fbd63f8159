import { SfnError } from './errors.js';
import { paginate } from './pagination.js';
import { checkAliasName, optionalString, requiredString, sameJson, type Input } from './rules.js';
import type { AliasRecord, MachineRecord, RoutingEntry } from './state.js';
import type { SfnStore } from './store.js';

/** Create/Update/Describe/List/DeleteStateMachineAlias. */

/**
 * routingConfiguration: 1–2 entries of {stateMachineVersionArn, weight 0–100}, weights summing to 100, no version
 * twice, every version of one machine (ValidationException), and every version existing (ResourceNotFound)
 * (CreateStateMachineAlias reference; research file a.1 emulator checklist and a.3).
 */
function readRouting(store: SfnStore, value: unknown): { machine: MachineRecord; routing: RoutingEntry[] } {
  if (!Array.isArray(value) || value.length < 1 || value.length > 2) {
    throw new SfnError('ValidationException', "1 validation error detected: Value at 'routingConfiguration' failed to satisfy constraint: Member must have length between 1 and 2");
  }
  const routing = value.map((entry: unknown): RoutingEntry => {
    const { stateMachineVersionArn, weight } = (entry ?? {}) as { stateMachineVersionArn?: unknown; weight?: unknown };
    if (typeof stateMachineVersionArn !== 'string') throw new SfnError('ValidationException', 'Each routing entry needs a stateMachineVersionArn');
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100) throw new SfnError('ValidationException', `Routing weight must be an integer from 0 to 100, got ${String(weight)}`);
    return { stateMachineVersionArn, weight };
  });
  const targets = routing.map((r) => store.arns.parse(r.stateMachineVersionArn, 'stateMachineVersionArn'));
  for (const [i, target] of targets.entries()) {
    if (target.kind !== 'version') throw new SfnError('ValidationException', `Routing must name state machine versions: '${routing[i]?.stateMachineVersionArn}'`);
  }
  if (new Set(routing.map((r) => r.stateMachineVersionArn)).size !== routing.length) throw new SfnError('ValidationException', 'Routing configuration must not name the same version twice');
  if (new Set(targets.map((t) => t.name)).size !== 1) throw new SfnError('ValidationException', 'Routing configuration must name versions of the same state machine');
  if (routing.reduce((sum, r) => sum + r.weight, 0) !== 100) throw new SfnError('ValidationException', 'Routing weights must sum to 100');
  const first = targets[0];
  const machine = first ? store.machines.get(first.name) : undefined;
  for (const [i, target] of targets.entries()) {
    if (target.kind !== 'version' || !machine?.versions.has(target.version)) {
      const arn = routing[i]?.stateMachineVersionArn ?? '';
      throw new SfnError('ResourceNotFound', `Resource not found: '${arn}'`, { resourceName: arn });
    }
  }
  return { machine: machine as MachineRecord, routing };
}

function aliasByArn(store: SfnStore, arn: string): { machine: MachineRecord; alias: AliasRecord } {
  const parsed = store.arns.parse(arn, 'stateMachineAliasArn');
  if (parsed.kind !== 'alias') throw new SfnError('ValidationException', `Not a state machine alias ARN: '${arn}'`);
  const machine = store.machines.get(parsed.name);
  const alias = machine?.aliases.get(parsed.alias);
  if (!machine || !alias) throw new SfnError('ResourceNotFound', `Resource not found: '${arn}'`, { resourceName: arn });
  return { machine, alias };
}

export function createStateMachineAlias(store: SfnStore, input: Input): Record<string, unknown> {
  const name = requiredString(input, 'name');
  checkAliasName(name);
  const description = optionalString(input, 'description', 256);
  if (input.routingConfiguration === undefined || input.routingConfiguration === null) throw new SfnError('ValidationException', "1 validation error detected: Value null at 'routingConfiguration' failed to satisfy constraint: Member must not be null");
  const { machine, routing } = readRouting(store, input.routingConfiguration);
  const existing = machine.aliases.get(name);
  if (existing) {
    // Idempotent on (machine, description, name, routing); a different one is a ConflictException (reference).
    if (existing.description === description && sameJson(existing.routingConfiguration, routing)) return { stateMachineAliasArn: existing.arn, creationDate: existing.creationDate };
    throw new SfnError('ConflictException', `Alias '${existing.arn}' already exists with a different description or routing configuration`);
  }
  // "You can create up to 100 aliases for each state machine" (CreateStateMachineAlias reference).
  if (machine.aliases.size >= 100) throw new SfnError('ServiceQuotaExceededException', `Service quota exceeded: state machine '${machine.arn}' already has 100 aliases`);
  const now = store.now();
  const alias: AliasRecord = {
    name,
    arn: store.arns.alias(machine.name, name),
    ...(description !== undefined ? { description } : {}),
    routingConfiguration: routing,
    creationDate: now,
    updateDate: now,
    seq: store.nextSeq(),
  };
  machine.aliases.set(name, alias);
  return { stateMachineAliasArn: alias.arn, creationDate: alias.creationDate };
}

export function updateStateMachineAlias(store: SfnStore, input: Input): Record<string, unknown> {
  const arn = requiredString(input, 'stateMachineAliasArn');
  const description = optionalString(input, 'description', 256);
  // "You must specify at least one of the description or routingConfiguration parameters" (reference).
  if (description === undefined && (input.routingConfiguration === undefined || input.routingConfiguration === null)) {
    throw new SfnError('ValidationException', 'Specify at least one of description or routingConfiguration');
  }
  const { machine, alias } = aliasByArn(store, arn);
  if (input.routingConfiguration !== undefined && input.routingConfiguration !== null) {
    const next = readRouting(store, input.routingConfiguration);
    if (next.machine !== machine) throw new SfnError('ValidationException', `Routing of alias '${arn}' must name versions of '${machine.arn}'`);
    alias.routingConfiguration = next.routing;
  }
  if (description !== undefined) alias.description = description;
  alias.updateDate = store.now();
  return { updateDate: alias.updateDate };
}

export function describeStateMachineAlias(store: SfnStore, input: Input): Record<string, unknown> {
  const { alias } = aliasByArn(store, requiredString(input, 'stateMachineAliasArn'));
  return {
    stateMachineAliasArn: alias.arn,
    name: alias.name,
    ...(alias.description !== undefined ? { description: alias.description } : {}),
    routingConfiguration: alias.routingConfiguration,
    creationDate: alias.creationDate,
    updateDate: alias.updateDate,
  };
}

/**
 * Newest first ("Results are sorted by time, with the most recently created aliases listed first"); a version ARN
 * lists the aliases that route to that version (ListStateMachineAliases reference).
 */
export function listStateMachineAliases(store: SfnStore, input: Input): Record<string, unknown> {
  const arn = requiredString(input, 'stateMachineArn');
  const parsed = store.arns.parse(arn);
  if (parsed.kind === 'alias') throw new SfnError('InvalidArn', `Invalid Arn: '${arn}' is an alias ARN`);
  const machine = store.machine(parsed.name, arn);
  if (parsed.kind === 'version' && !machine.versions.has(parsed.version)) throw new SfnError('ResourceNotFound', `Resource not found: '${arn}'`, { resourceName: arn });
  const all = [...machine.aliases.values()]
    .filter((a) => parsed.kind === 'machine' || a.routingConfiguration.some((r) => r.stateMachineVersionArn === arn))
    .sort((a, b) => b.seq - a.seq);
  const { page, nextToken } = paginate(all, input, `ListStateMachineAliases ${arn}`, store.options.pageSize, 'newest-first');
  return {
    stateMachineAliases: page.map((a) => ({ stateMachineAliasArn: a.arn, creationDate: a.creationDate })),
    ...(nextToken ? { nextToken } : {}),
  };
}

/** An unknown alias is ResourceNotFound (listed for DeleteStateMachineAlias); its versions stay (reference). */
export function deleteStateMachineAlias(store: SfnStore, input: Input): Record<string, unknown> {
  const { machine, alias } = aliasByArn(store, requiredString(input, 'stateMachineAliasArn'));
  machine.aliases.delete(alias.name);
  return {};
}
