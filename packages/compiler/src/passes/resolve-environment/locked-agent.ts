import type { AgentConfig, Environment } from '../../config/project-config.js';
import { LOCK_FILE } from '../../config/lockfile.js';

type Entry = Environment['agents'][string];

/** Alias → alias id of an agent configured by id (its `aliases` map holds ids). */
export function aliasIdsOf(entry: AgentConfig | undefined): Readonly<Record<string, string>> {
  return entry?.aliases !== undefined && !Array.isArray(entry.aliases) ? entry.aliases : {};
}

/** The Bedrock alias name the config gives for `alias`; undefined when the config lists aliases and not this one. */
export function configuredAliasName(entry: AgentConfig, alias: string): string | undefined {
  if (entry.aliases === undefined) return alias;
  if (Array.isArray(entry.aliases)) return entry.aliases.includes(alias) ? alias : undefined;
  return entry.aliases[alias];
}

export type LockedIdsResult =
  | { ok: true; agentId: string; aliasId: string }
  | { ok: false; code: 'agent-not-resolved' | 'agent-lock-stale' | 'unknown-agent-alias'; message: string; hint: string };

/**
 * The ids of an agent configured by name, from the lock entries the CLI attached (`entry.locked`). A missing entry
 * or one recorded for another name is an error: compile never looks anything up, so the lock must match the config.
 * `message` continues "Agent '<step agent>' …".
 */
export function lockedIds(logical: string, entry: Entry & { name: string }, alias: string | undefined, envName: string): LockedIdsResult {
  const hint = `Run \`agentflow resolve --env ${envName}\` and commit ${LOCK_FILE}.`;
  const locked = entry.locked;
  if (locked === undefined) {
    return { ok: false, code: 'agent-not-resolved', message: `is configured by name (${entry.name}) but ${LOCK_FILE} has no ids for it in environment '${envName}'.`, hint };
  }
  if (locked.agentName !== entry.name) {
    return { ok: false, code: 'agent-lock-stale', message: `is configured by name (${entry.name}) but ${LOCK_FILE} holds the ids of '${locked.agentName}' for '${logical}' in environment '${envName}'.`, hint };
  }
  if (alias === undefined) return { ok: true, agentId: locked.agentId, aliasId: '' };
  const aliasName = configuredAliasName(entry, alias);
  if (aliasName === undefined) {
    return { ok: false, code: 'unknown-agent-alias', message: `uses alias '${alias}', which environment '${envName}' does not list for ${entry.name}.`, hint: `Add it under the agent's aliases in environments.${envName}, then run \`agentflow resolve --env ${envName}\`.` };
  }
  const lockedAlias = locked.aliases[alias];
  if (lockedAlias === undefined) {
    return { ok: false, code: 'agent-not-resolved', message: `uses alias '${alias}' of ${entry.name}, but ${LOCK_FILE} has no id for it in environment '${envName}'.`, hint };
  }
  if (lockedAlias.aliasName !== aliasName) {
    return { ok: false, code: 'agent-lock-stale', message: `uses alias '${alias}' (${aliasName} of ${entry.name}), but ${LOCK_FILE} holds alias '${lockedAlias.aliasName}' for it in environment '${envName}'.`, hint };
  }
  return { ok: true, agentId: locked.agentId, aliasId: lockedAlias.aliasId };
}
