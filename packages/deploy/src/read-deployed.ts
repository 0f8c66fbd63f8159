import {
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  type DescribeStateMachineCommandOutput,
} from '@aws-sdk/client-sfn';
import { isAwsError, sfnCall } from './aws-call.js';
import type { DeployClients } from './clients.js';
import type { MachineSettings, Route } from './plan-types.js';
import { DeployError } from './problem.js';

/** A published version of a state machine. */
export interface DeployedVersion {
  readonly version: number;
  readonly arn: string;
}

/** What is deployed under one state machine ARN, read without any write call. */
export interface DeployedMachine {
  readonly arn: string;
  readonly definition: string;
  /** The latest revision; absent while the machine has had no update since its creation. */
  readonly revisionId?: string;
  readonly settings: MachineSettings;
  readonly tags: Readonly<Record<string, string>>;
  /** Newest first. */
  readonly versions: readonly DeployedVersion[];
  /** The version published from the latest revision; absent when that revision has none yet. */
  readonly latestRevisionVersion?: number;
  /** The alias deploy moves, as it routes now; absent when it does not exist. */
  readonly alias?: { readonly name: string; readonly routes: readonly Route[] };
  /** Versions any alias of the machine routes to (filled when pruning needs it). */
  readonly aliasedVersions: readonly number[];
  /** The description of the version the alias routes most to (carries `agentflow <hash> git <sha>`). */
  readonly description?: string;
}

/** `…:stateMachine:name:7` → 7. */
export function versionNumber(versionArn: string): number {
  const n = Number(versionArn.slice(versionArn.lastIndexOf(':') + 1));
  if (!Number.isInteger(n)) throw new DeployError({ code: 'aws-error', message: `Unexpected version ARN from Step Functions: ${versionArn}` });
  return n;
}

export function versionArn(machineArn: string, version: number): string {
  return `${machineArn}:${version}`;
}

export function aliasArn(machineArn: string, alias: string): string {
  return `${machineArn}:${alias}`;
}

/** The settings as DescribeStateMachine reports them, in the shape deploy compares. */
export function settingsOf(out: DescribeStateMachineCommandOutput): MachineSettings {
  const logGroupArn = out.loggingConfiguration?.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn;
  const kmsKeyId = out.encryptionConfiguration?.type === 'CUSTOMER_MANAGED_KMS_KEY' ? out.encryptionConfiguration.kmsKeyId : undefined;
  return {
    roleArn: out.roleArn ?? '',
    logging: {
      level: (out.loggingConfiguration?.level ?? 'OFF') as MachineSettings['logging']['level'],
      includeExecutionData: out.loggingConfiguration?.includeExecutionData ?? false,
      ...(logGroupArn ? { logGroupArn } : {}),
    },
    tracing: out.tracingConfiguration?.enabled ?? false,
    ...(kmsKeyId ? { kmsKeyId } : {}),
  };
}

/** DescribeStateMachine, or undefined when no machine has that ARN. */
export async function describeMachine(clients: DeployClients, arn: string, workflow?: string): Promise<DescribeStateMachineCommandOutput | undefined> {
  try {
    return await clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  } catch (error) {
    if (isAwsError(error, 'StateMachineDoesNotExist')) return undefined;
    // Through sfnCall only to turn the error into a problem (it re-throws the same failure).
    return sfnCall(clients, 'DescribeStateMachine', () => Promise.reject(error), { resource: arn, ...(workflow ? { workflow } : {}) });
  }
}

/** Every version, newest first (ListStateMachineVersions, all pages). */
export async function listVersions(clients: DeployClients, arn: string, workflow?: string): Promise<DeployedVersion[]> {
  const versions: DeployedVersion[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfnCall(clients, 'ListStateMachineVersions', () => clients.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn, maxResults: 1000, nextToken })), {
      resource: arn,
      ...(workflow ? { workflow } : {}),
    });
    for (const v of page.stateMachineVersions ?? []) if (v.stateMachineVersionArn) versions.push({ version: versionNumber(v.stateMachineVersionArn), arn: v.stateMachineVersionArn });
    nextToken = page.nextToken;
  } while (nextToken);
  return versions.sort((a, b) => b.version - a.version);
}

/** The alias's routes, or undefined when it does not exist. */
export async function readAlias(clients: DeployClients, machineArn: string, name: string, workflow?: string): Promise<Route[] | undefined> {
  const arn = aliasArn(machineArn, name);
  try {
    const out = await clients.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: arn }));
    return (out.routingConfiguration ?? []).map((r) => ({ version: versionNumber(r.stateMachineVersionArn ?? ''), weight: r.weight ?? 0 }));
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFound')) return undefined;
    return sfnCall(clients, 'DescribeStateMachineAlias', () => Promise.reject(error), { resource: arn, ...(workflow ? { workflow } : {}) });
  }
}

/** Versions that any alias of the machine routes to: those must never be deleted (DeleteStateMachineVersion). */
async function aliasedVersions(clients: DeployClients, machineArn: string, workflow: string | undefined): Promise<number[]> {
  const found = new Set<number>();
  let nextToken: string | undefined;
  do {
    const page = await sfnCall(clients, 'ListStateMachineAliases', () => clients.sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: machineArn, nextToken })), {
      resource: machineArn,
      ...(workflow ? { workflow } : {}),
    });
    for (const a of page.stateMachineAliases ?? []) {
      const name = a.stateMachineAliasArn?.slice(machineArn.length + 1);
      if (!name) continue;
      for (const r of (await readAlias(clients, machineArn, name, workflow)) ?? []) found.add(r.version);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return [...found];
}

/**
 * Everything deploy compares, read with Describe/List calls only. `allAliases` also lists every alias's routes,
 * which pruning needs so it never deletes a version an alias routes to.
 */
export async function readDeployed(clients: DeployClients, arn: string, options: { alias: string; workflow?: string; allAliases?: boolean }): Promise<DeployedMachine | undefined> {
  const { workflow } = options;
  const where = { resource: arn, ...(workflow ? { workflow } : {}) };
  const machine = await describeMachine(clients, arn, workflow);
  if (!machine) return undefined;
  const tagList = await sfnCall(clients, 'ListTagsForResource', () => clients.sfn.send(new ListTagsForResourceCommand({ resourceArn: arn })), where);
  const tags: Record<string, string> = {};
  for (const t of tagList.tags ?? []) if (t.key !== undefined) tags[t.key] = t.value ?? '';
  const routes = await readAlias(clients, arn, options.alias, workflow);
  const versions = await listVersions(clients, arn, workflow);
  const revision = machine.revisionId;
  // The newest version is the only one that can hold the latest revision: versions are published in order.
  let latestRevisionVersion: number | undefined;
  const newest = versions[0];
  if (newest) {
    const described = await sfnCall(clients, 'DescribeStateMachine', () => clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: newest.arn })), where);
    if ((described.revisionId ?? 'INITIAL') === (revision ?? 'INITIAL')) latestRevisionVersion = newest.version;
  }
  let description: string | undefined;
  const main = routes && [...routes].sort((a, b) => b.weight - a.weight)[0];
  if (main) {
    const routed = await sfnCall(clients, 'DescribeStateMachine', () => clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: versionArn(arn, main.version) })), where);
    description = routed.description;
  }
  return {
    arn,
    definition: machine.definition ?? '{}',
    ...(revision ? { revisionId: revision } : {}),
    settings: settingsOf(machine),
    tags,
    versions,
    ...(latestRevisionVersion !== undefined ? { latestRevisionVersion } : {}),
    ...(routes ? { alias: { name: options.alias, routes } } : {}),
    aliasedVersions: options.allAliases ? await aliasedVersions(clients, arn, workflow) : (routes ?? []).map((r) => r.version),
    ...(description !== undefined ? { description } : {}),
  };
}

export interface WaitOptions {
  /** Describe calls before giving up; default 8. */
  readonly attempts?: number;
  /** First delay in ms, doubled each time up to 2 s; default 100. */
  readonly delayMs?: number;
}

/**
 * The one place eventual consistency is handled: DescribeStateMachine is eventually consistent (research a.3), so
 * after an update deploy polls until it reports the revision the update returned, with bounded backoff.
 */
export async function waitForRevision(clients: DeployClients, arn: string, revisionId: string, options: WaitOptions & { workflow?: string } = {}): Promise<void> {
  const attempts = options.attempts ?? 8;
  let delay = options.delayMs ?? 100;
  for (let i = 0; i < attempts; i++) {
    const out = await describeMachine(clients, arn, options.workflow);
    if (out?.revisionId === revisionId) return;
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 2_000);
  }
  throw new DeployError({
    code: 'deploy-not-consistent',
    ...(options.workflow ? { workflow: options.workflow } : {}),
    message: `Step Functions still describes ${arn} without revision ${revisionId} after ${attempts} reads.`,
    hint: 'The update was accepted; run the command again in a minute and it picks up from there.',
  });
}
