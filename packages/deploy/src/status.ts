import type { DeployClients } from './clients.js';
import { definitionHash } from './definition-hash.js';
import type { MachineSettings, Route } from './plan-types.js';
import { readDeployed } from './read-deployed.js';

export interface MachineStatus {
  readonly workflow: string;
  readonly stateMachineArn: string;
  readonly deployed: boolean;
  readonly revisionId?: string;
  /** The newest published version. */
  readonly latestVersion?: number;
  /** The version of the latest revision; absent when that revision is unpublished. */
  readonly latestRevisionVersion?: number;
  readonly alias?: { readonly name: string; readonly routes: readonly Route[] };
  readonly deployedHash?: string;
  readonly localHash?: string;
  /** The deployed definition against the local compile (`unknown` when only a name was given). */
  readonly match: 'matches' | 'differs' | 'not deployed' | 'unknown';
  readonly tags: Readonly<Record<string, string>>;
  readonly settings?: MachineSettings;
  /** The description of the version the alias routes most to: `agentflow <hash> git <sha>`. */
  readonly versionDescription?: string;
}

/** What is deployed for one workflow, read-only. */
export async function machineStatus(clients: DeployClients, target: { workflow: string; stateMachineArn: string; alias: string; localHash?: string }): Promise<MachineStatus> {
  const deployed = await readDeployed(clients, target.stateMachineArn, { alias: target.alias, workflow: target.workflow });
  const local = target.localHash !== undefined ? { localHash: target.localHash } : {};
  if (!deployed) return { workflow: target.workflow, stateMachineArn: target.stateMachineArn, deployed: false, match: 'not deployed', tags: {}, ...local };
  let deployedHash: string | undefined;
  try {
    deployedHash = definitionHash(deployed.definition);
  } catch {
    deployedHash = undefined;
  }
  return {
    workflow: target.workflow,
    stateMachineArn: target.stateMachineArn,
    deployed: true,
    ...(deployed.revisionId ? { revisionId: deployed.revisionId } : {}),
    ...(deployed.versions[0] ? { latestVersion: deployed.versions[0].version } : {}),
    ...(deployed.latestRevisionVersion !== undefined ? { latestRevisionVersion: deployed.latestRevisionVersion } : {}),
    ...(deployed.alias ? { alias: deployed.alias } : {}),
    ...(deployedHash ? { deployedHash } : {}),
    ...local,
    match: target.localHash === undefined ? 'unknown' : target.localHash === deployedHash ? 'matches' : 'differs',
    tags: deployed.tags,
    settings: deployed.settings,
    ...(deployed.description !== undefined ? { versionDescription: deployed.description } : {}),
  };
}
