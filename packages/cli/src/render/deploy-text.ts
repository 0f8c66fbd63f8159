import type { AliasMove, DeployEvent, DeployProblem, MachineStatus, Route } from '@agentflow/deploy';
import { terminalSafe } from './terminal-text.js';

/** A problem like a compile diagnostic: `error[code]: message` and a hint; AWS text is escaped for the terminal. */
export function renderProblem(problem: DeployProblem): string {
  const lines = [`error[${terminalSafe(problem.code)}]: ${problem.workflow ? `${terminalSafe(problem.workflow)}: ` : ''}${terminalSafe(problem.message)}`];
  if (problem.hint) lines.push(`  = hint: ${terminalSafe(problem.hint)}`);
  return `${lines.join('\n')}\n`;
}

export function routesText(routes: readonly Route[]): string {
  return routes.map((r) => `v${r.version}${routes.length > 1 || r.weight !== 100 ? ` ${r.weight}%` : ''}`).join(' + ');
}

/** One line per progress event: `research-report: published v4`. */
export function eventLine(event: DeployEvent): string {
  const what = (() => {
    switch (event.kind) {
      case 'published':
        return `published v${event.version}`;
      case 'alias':
        return `alias ${event.alias} → ${routesText(event.routes)}`;
      case 'pruned':
        return `pruned v${event.version}`;
      default:
        return event.kind;
    }
  })();
  return `${terminalSafe(event.workflow)}: ${terminalSafe(what)}\n`;
}

export function statusText(status: MachineStatus): string {
  const lines = [`${terminalSafe(status.workflow)}  ${terminalSafe(status.stateMachineArn)}`];
  if (!status.deployed) {
    lines.push('  not deployed');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`  latest revision: ${terminalSafe(status.revisionId ?? 'INITIAL')} (${status.latestRevisionVersion !== undefined ? `v${status.latestRevisionVersion}` : 'not published'})`);
  lines.push(`  newest version: ${status.latestVersion !== undefined ? `v${status.latestVersion}` : 'none'}`);
  lines.push(`  alias: ${status.alias ? `${terminalSafe(status.alias.name)} → ${routesText(status.alias.routes)}` : 'none'}`);
  lines.push(`  latest revision's definition: ${status.deployedHash ?? 'unreadable'} (${status.match === 'unknown' ? 'not compared: pass the workflow file to compare' : status.match === 'differs' ? 'differs from the local compile' : `${status.match} the local compile`})`);
  // The description belongs to the version the alias routes most to, which after a rollback is not the newest.
  const main = status.alias ? [...status.alias.routes].sort((a, b) => b.weight - a.weight || b.version - a.version)[0] : undefined;
  if (status.versionDescription) lines.push(`  ${main ? `v${main.version} (the alias's main route)` : 'version'}: ${terminalSafe(status.versionDescription)}`);
  const tags = Object.entries(status.tags);
  lines.push(`  tags: ${tags.length ? tags.map(([k, v]) => terminalSafe(`${k}=${v}`)).join(', ') : 'none'}`);
  if (status.settings) {
    const s = status.settings;
    lines.push(`  role: ${terminalSafe(s.roleArn)}`);
    lines.push(`  logging: ${s.logging.level}${s.logging.includeExecutionData ? ' with execution data' : ''}${s.logging.logGroupArn ? ` → ${terminalSafe(s.logging.logGroupArn)}` : ''}`);
    lines.push(`  tracing: ${s.tracing ? 'on' : 'off'}`);
    if (s.kmsKeyId) lines.push(`  kms key: ${terminalSafe(s.kmsKeyId)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function aliasMoveText(move: AliasMove): string {
  return `${terminalSafe(move.workflow)}: ${terminalSafe(move.message)}\n`;
}
