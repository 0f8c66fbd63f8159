/** The fake's store of state machines, versions and aliases, as plain data that snapshot() copies out. */

export interface Tag {
  key: string;
  value: string;
}

export interface RoutingEntry {
  stateMachineVersionArn: string;
  weight: number;
}

/** What a revision holds: everything UpdateStateMachine can change (type cannot change after creation). */
export interface MachineConfig {
  definition: string;
  roleArn: string;
  type: 'STANDARD' | 'EXPRESS';
  loggingConfiguration: Record<string, unknown>;
  tracingConfiguration: Record<string, unknown>;
  encryptionConfiguration: Record<string, unknown>;
}

export interface VersionRecord extends MachineConfig {
  number: number;
  arn: string;
  description?: string;
  /** The machine's revision this version was published from (absent for the initial revision). */
  revisionId?: string;
  creationDate: number;
  /** Creation order across the fake, for newest-first listing and pagination tokens. */
  seq: number;
}

export interface AliasRecord {
  name: string;
  arn: string;
  description?: string;
  routingConfiguration: RoutingEntry[];
  creationDate: number;
  updateDate: number;
  seq: number;
}

export interface MachineRecord extends MachineConfig {
  name: string;
  arn: string;
  creationDate: number;
  /**
   * Absent until the first update: a new machine has no revision id, and PublishStateMachineVersion takes the string
   * "INITIAL" for it (API reference, PublishStateMachineVersion `revisionId`; research file a.3).
   */
  revisionId?: string;
  /** Internal revision counter: 0 for the initial revision, +1 per update that changed something. */
  revision: number;
  tags: Tag[];
  versions: Map<number, VersionRecord>;
  aliases: Map<string, AliasRecord>;
  /** The highest version number ever used: numbers are never reused after a delete (research file a.1). */
  lastVersion: number;
  /** Revision counter → version number published from it, for PublishStateMachineVersion's idempotency. */
  publishedRevisions: Map<number, number>;
  /** The request that created the machine, for CreateStateMachine's idempotency check. */
  createdWith: { publish: boolean; versionDescription?: string; versionNumber?: number };
  /** The configuration before the last update, still served by `staleDescribes` DescribeStateMachine calls. */
  previous?: { config: MachineConfig; revisionId?: string; updateDate?: number };
  staleDescribesLeft: number;
  updateDate?: number;
  seq: number;
}

export interface FakeSfnSnapshot {
  machines: {
    name: string;
    arn: string;
    type: string;
    definition: string;
    roleArn: string;
    loggingConfiguration: Record<string, unknown>;
    tracingConfiguration: Record<string, unknown>;
    encryptionConfiguration: Record<string, unknown>;
    revisionId: string | null;
    tags: Tag[];
    versions: { number: number; arn: string; description: string | null; revisionId: string | null; definition: string; roleArn: string }[];
    aliases: { name: string; arn: string; description: string | null; routingConfiguration: RoutingEntry[] }[];
  }[];
}

export function configOf(machine: MachineConfig): MachineConfig {
  return {
    definition: machine.definition,
    roleArn: machine.roleArn,
    type: machine.type,
    loggingConfiguration: machine.loggingConfiguration,
    tracingConfiguration: machine.tracingConfiguration,
    encryptionConfiguration: machine.encryptionConfiguration,
  };
}

export function snapshotOf(machines: Iterable<MachineRecord>): FakeSfnSnapshot {
  const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  return {
    machines: [...machines].map((m) => ({
      name: m.name,
      arn: m.arn,
      type: m.type,
      definition: m.definition,
      roleArn: m.roleArn,
      loggingConfiguration: copy(m.loggingConfiguration),
      tracingConfiguration: copy(m.tracingConfiguration),
      encryptionConfiguration: copy(m.encryptionConfiguration),
      revisionId: m.revisionId ?? null,
      tags: copy(m.tags),
      versions: [...m.versions.values()]
        .sort((a, b) => a.number - b.number)
        .map((v) => ({ number: v.number, arn: v.arn, description: v.description ?? null, revisionId: v.revisionId ?? null, definition: v.definition, roleArn: v.roleArn })),
      aliases: [...m.aliases.values()]
        .sort((a, b) => a.seq - b.seq)
        .map((a) => ({ name: a.name, arn: a.arn, description: a.description ?? null, routingConfiguration: copy(a.routingConfiguration) })),
    })),
  };
}
