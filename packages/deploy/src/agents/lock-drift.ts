import type { LockedAgent } from '@agentflow/compiler';

/**
 * What changed between the lock and the account, one readable line per difference, sorted by agent: entries new or
 * gone, an agent or alias resolved to another id or name, an alias moved to another version. Empty: the lock is
 * current. `resolve --check` prints these in CI; deploy reports them as drift.
 */
export function lockDrift(locked: Record<string, LockedAgent> | undefined, resolved: Record<string, LockedAgent>): string[] {
  const lines: string[] = [];
  const before = locked ?? {};
  for (const logical of sortedUnion(Object.keys(before), Object.keys(resolved))) {
    const was = before[logical];
    const now = resolved[logical];
    if (was === undefined) {
      lines.push(`${logical}: not in the lock; the account has ${now!.agentName} (${now!.agentId})`);
      continue;
    }
    if (now === undefined) {
      lines.push(`${logical}: in the lock (${was.agentName}, ${was.agentId}) but not resolved from the account`);
      continue;
    }
    if (was.agentName !== now.agentName) lines.push(`${logical}: agent name ${was.agentName} in the lock, ${now.agentName} now`);
    if (was.agentId !== now.agentId) lines.push(`${logical}: agent id ${was.agentId} in the lock, ${now.agentId} in the account`);
    for (const alias of sortedUnion(Object.keys(was.aliases), Object.keys(now.aliases))) {
      const a = was.aliases[alias];
      const b = now.aliases[alias];
      const where = `${logical} alias ${alias}`;
      if (a === undefined) lines.push(`${where}: not in the lock; the account has ${b!.aliasName} (${b!.aliasId}, version ${b!.agentVersion})`);
      else if (b === undefined) lines.push(`${where}: in the lock (${a.aliasName}, ${a.aliasId}) but not in the account now`);
      else {
        if (a.aliasName !== b.aliasName) lines.push(`${where}: alias name ${a.aliasName} in the lock, ${b.aliasName} now`);
        if (a.aliasId !== b.aliasId) lines.push(`${where}: alias id ${a.aliasId} in the lock, ${b.aliasId} in the account`);
        if (a.agentVersion !== b.agentVersion) lines.push(`${where}: routes to version ${b.agentVersion} in the account, ${a.agentVersion} in the lock`);
      }
    }
  }
  return lines;
}

function sortedUnion(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}
