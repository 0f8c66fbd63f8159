import type { DeployClients } from './clients.js';
import { DeployError } from './problem.js';
import { moveAlias, readAliasOrFail, type AliasMove, type AliasTarget } from './promote.js';
import { aliasArn, listVersions } from './read-deployed.js';

/**
 * The alias back to 100% on an existing version: `to`, or the newest version older than the one the alias routes
 * most to. Versions are immutable, so this never re-deploys anything (research a.5, point 5).
 */
export async function rollback(clients: DeployClients, target: AliasTarget, to?: number): Promise<AliasMove> {
  const before = await readAliasOrFail(clients, target);
  const versions = (await listVersions(clients, target.stateMachineArn, target.workflow)).map((v) => v.version);
  const current = [...before].sort((a, b) => b.weight - a.weight || b.version - a.version)[0]!.version;
  let wanted: number;
  if (to !== undefined) {
    if (!versions.includes(to)) {
      throw new DeployError({
        code: 'deploy-version-missing',
        workflow: target.workflow,
        message: `Version ${to} of ${target.stateMachineArn} does not exist.`,
        hint: `Existing versions: ${versions.slice(0, 20).join(', ') || 'none'}${versions.length > 20 ? ', …' : ''}.`,
      });
    }
    wanted = to;
  } else {
    const older = versions.filter((v) => v < current).sort((a, b) => b - a)[0];
    if (older === undefined) {
      throw new DeployError({
        code: 'deploy-no-previous-version',
        workflow: target.workflow,
        message: `Alias ${target.alias} routes to version ${current}, and no older version exists to roll back to.`,
        hint: 'Pass --to VERSION with a version listed by `agentflow status`.',
      });
    }
    wanted = older;
  }
  const after = [{ version: wanted, weight: 100 }];
  const arn = aliasArn(target.stateMachineArn, target.alias);
  if (before.length === 1 && before[0]!.version === wanted) {
    return { workflow: target.workflow, alias: target.alias, aliasArn: arn, before, after: before, changed: false, message: `Alias ${target.alias} already routes 100% to version ${wanted}.` };
  }
  await moveAlias(clients, target, after);
  return { workflow: target.workflow, alias: target.alias, aliasArn: arn, before, after, changed: true, message: `Alias ${target.alias} → version ${wanted} (100%), from ${before.map((r) => `v${r.version} ${r.weight}%`).join(' + ')}.` };
}
