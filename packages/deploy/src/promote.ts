import { UpdateStateMachineAliasCommand } from '@aws-sdk/client-sfn';
import { sfnCall } from './aws-call.js';
import type { DeployClients } from './clients.js';
import type { Route } from './plan-types.js';
import { DeployError } from './problem.js';
import { aliasArn, readAlias, versionArn } from './read-deployed.js';

/** What an alias command did: the routes before and after; `changed` false when nothing was to do. */
export interface AliasMove {
  readonly workflow: string;
  readonly alias: string;
  readonly aliasArn: string;
  readonly before: readonly Route[];
  readonly after: readonly Route[];
  readonly changed: boolean;
  readonly message: string;
}

export interface AliasTarget {
  readonly workflow: string;
  readonly stateMachineArn: string;
  readonly alias: string;
}

export async function readAliasOrFail(clients: DeployClients, target: AliasTarget): Promise<Route[]> {
  const routes = await readAlias(clients, target.stateMachineArn, target.alias, target.workflow);
  if (!routes) {
    throw new DeployError({
      code: 'deploy-alias-missing',
      workflow: target.workflow,
      message: `State machine ${target.stateMachineArn} has no alias '${target.alias}'.`,
      hint: 'Deploy the workflow first (agentflow deploy), or name the alias with --alias.',
    });
  }
  return routes;
}

export async function moveAlias(clients: DeployClients, target: AliasTarget, routes: readonly Route[]): Promise<void> {
  const arn = aliasArn(target.stateMachineArn, target.alias);
  await sfnCall(
    clients,
    'UpdateStateMachineAlias',
    () => clients.sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: arn, routingConfiguration: routes.map((r) => ({ stateMachineVersionArn: versionArn(target.stateMachineArn, r.version), weight: r.weight })) })),
    { resource: arn, workflow: target.workflow },
  );
}

/** A canary split → 100% on the newer of its two versions; an alias on one version has nothing to promote. */
export async function promote(clients: DeployClients, target: AliasTarget): Promise<AliasMove> {
  const before = await readAliasOrFail(clients, target);
  const arn = aliasArn(target.stateMachineArn, target.alias);
  const routed = before.filter((r) => r.weight > 0);
  if (before.length < 2 || routed.length < 2) {
    const only = routed[0]?.version ?? before[0]?.version;
    return { workflow: target.workflow, alias: target.alias, aliasArn: arn, before, after: before, changed: false, message: `Alias ${target.alias} already routes 100% to version ${only}: nothing to promote.` };
  }
  const newer = Math.max(...before.map((r) => r.version));
  const after = [{ version: newer, weight: 100 }];
  await moveAlias(clients, target, after);
  return { workflow: target.workflow, alias: target.alias, aliasArn: arn, before, after, changed: true, message: `Alias ${target.alias} → version ${newer} (100%).` };
}
