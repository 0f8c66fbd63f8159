import { definitionHash } from './definition-hash.js';
import type { DesiredMachine } from './desired.js';
import { countStates, diffDefinitions, diffSettings, diffTags, isEmptyDiff, isEmptyTagChanges } from './diff-api.js';
import type { AliasPlan, MachinePlan, Route } from './plan-types.js';
import type { DeployedMachine } from './read-deployed.js';

/** Step Functions keeps at most 1,000 versions per state machine (research a.3, Quotas); deploy warns from 900. */
export const VERSION_QUOTA = 1_000;
export const VERSION_WARNING = 900;

export interface PlanOptions {
  /** Percent of executions the new version gets; the rest stays on the version the alias routed to before. */
  readonly canary?: number;
  /** Keep this many newest versions; delete older ones no alias routes to. */
  readonly keep?: number;
}

/** Desired vs deployed, as a plan; `deployed` undefined means the machine does not exist. Pure: no AWS call. */
export function planMachine(desired: DesiredMachine, deployed: DeployedMachine | undefined, options: PlanOptions = {}): MachinePlan {
  const base = { workflow: desired.workflow, stateMachineName: desired.stateMachineName, stateMachineArn: desired.stateMachineArn, definitionHash: desired.definitionHash };
  const warnings: string[] = [];
  if (!deployed) {
    if (options.canary !== undefined) warnings.push(`--canary ${options.canary}: there is no previous version, so alias ${desired.alias} routes 100% to the first one.`);
    return {
      ...base,
      action: 'create',
      stateCount: countStates(JSON.parse(desired.definition)),
      settings: diffSettings(undefined, desired.settings),
      tags: diffTags({}, desired.tags),
      publish: true,
      alias: { name: desired.alias, after: [{ version: 0, weight: 100 }] },
      prune: [],
      warnings,
    };
  }
  const deployedHash = safeHash(deployed.definition);
  const definitionChanged = deployedHash !== desired.definitionHash;
  const definition = definitionChanged ? diffDefinitions(safeParse(deployed.definition), JSON.parse(desired.definition)) : { top: [], added: [], removed: [], changed: [] };
  const settings = diffSettings(deployed.settings, desired.settings);
  const tags = diffTags(deployed.tags, desired.tags);
  // Also publish when the latest revision has none: a run that stopped between update and publish converges.
  const publish = definitionChanged || !isEmptyDiff(definition) || settings.length > 0 || deployed.latestRevisionVersion === undefined;
  const target = publish ? 0 : deployed.latestRevisionVersion!;
  const alias = aliasPlan(desired.alias, deployed.alias?.routes, target, options.canary, warnings);
  const after = alias?.after ?? deployed.alias?.routes ?? [];
  const prune = options.keep === undefined ? [] : pruneList(deployed, options.keep, publish, after);
  const total = deployed.versions.length + (publish ? 1 : 0) - prune.length;
  if (total >= VERSION_WARNING) {
    warnings.push(`${total} of at most ${VERSION_QUOTA} versions: Step Functions refuses to publish more; delete old ones with --keep N.`);
  }
  const writes = publish || settings.length > 0 || !isEmptyTagChanges(tags) || alias !== undefined || prune.length > 0;
  return {
    ...base,
    action: writes ? 'update' : 'unchanged',
    deployedHash,
    definition,
    settings,
    tags,
    publish,
    ...(alias ? { alias } : {}),
    prune,
    warnings,
  };
}

/** The alias change, or undefined when it already routes as wanted. Version 0 is the version this run publishes. */
function aliasPlan(name: string, before: readonly Route[] | undefined, target: number, canary: number | undefined, warnings: string[]): AliasPlan | undefined {
  let after: Route[] = [{ version: target, weight: 100 }];
  if (canary !== undefined) {
    // The version that keeps the rest: the one the alias routes most to besides the new one (100% before a canary).
    const previous = [...(before ?? [])].filter((r) => r.version !== target).sort((a, b) => b.weight - a.weight || b.version - a.version)[0];
    if (previous) after = [{ version: target, weight: canary }, { version: previous.version, weight: 100 - canary }];
    else warnings.push(`--canary ${canary}: alias ${name} routes to no other version, so the new one gets 100%.`);
  }
  if (before && sameRoutes(before, after)) return undefined;
  return { name, ...(before ? { before } : {}), after };
}

function sameRoutes(a: readonly Route[], b: readonly Route[]): boolean {
  const key = (routes: readonly Route[]) =>
    routes
      .filter((r) => r.weight > 0)
      .map((r) => `${r.version}:${r.weight}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

/** The oldest versions beyond the `keep` newest (the one this run publishes counts), never one an alias routes to. */
function pruneList(deployed: DeployedMachine, keep: number, publish: boolean, aliasAfter: readonly Route[]): number[] {
  const protectedVersions = new Set([...deployed.aliasedVersions, ...aliasAfter.map((r) => r.version)]);
  const kept = Math.max(0, keep - (publish ? 1 : 0));
  return deployed.versions
    .slice(kept)
    .map((v) => v.version)
    .filter((v) => !protectedVersions.has(v))
    .sort((a, b) => a - b);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function safeHash(text: string): string {
  try {
    return definitionHash(text);
  } catch {
    return 'sha256:unreadable';
  }
}
