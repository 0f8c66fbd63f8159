import type { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import type { Environment, LockedAgent } from '@agentflow/compiler';
import { lockDrift, resolveAgents, type ByNameAgentConfig } from './agents/index.js';
import type { DeployProblem } from './problem.js';

export interface AgentLockCheck {
  /** Drift that leaves the deployed definitions working (an alias now routes to another agent version). */
  readonly warnings: readonly string[];
  /** Drift that would ship broken references (an agent or alias id changed or is gone), or resolution problems. */
  readonly problems: readonly DeployProblem[];
}

/** The environment's agents configured by name, as resolveAgents takes them. */
export function agentsByName(env: Environment): Record<string, ByNameAgentConfig> {
  const wanted: Record<string, ByNameAgentConfig> = {};
  for (const [logical, agent] of Object.entries(env.agents)) {
    if (agent.name !== undefined) wanted[logical] = { name: agent.name, ...(agent.aliases !== undefined ? { aliases: agent.aliases } : {}) };
  }
  return wanted;
}

/**
 * Re-resolves the by-name agents (read-only) and compares with the lock the definitions were compiled from. The
 * compiled ASL holds the locked agent and alias ids, so an id that changed in the account means the deployed state
 * machine would invoke something that no longer exists: that is an error. An alias that now routes to another
 * agent version changes no id in the definition, so it is only reported.
 */
export async function checkAgentLock(client: BedrockAgentClient, env: Environment, envName: string, locked: Readonly<Record<string, LockedAgent>> | undefined): Promise<AgentLockCheck> {
  const wanted = agentsByName(env);
  if (Object.keys(wanted).length === 0) return { warnings: [], problems: [] };
  const resolved = await resolveAgents(client, wanted);
  if (resolved.problems.length > 0) return { warnings: [], problems: resolved.problems };
  const drift = lockDrift(locked as Record<string, LockedAgent> | undefined, resolved.agents);
  if (drift.length === 0) return { warnings: [], problems: [] };
  if (idsDiffer(locked ?? {}, resolved.agents)) {
    return {
      warnings: [],
      problems: [
        {
          code: 'deploy-agent-lock-drift',
          message: `agentflow.lock.json no longer matches the account for environment '${envName}': ${drift.join('; ')}.`,
          hint: `The definitions would invoke agent or alias ids that changed. Run \`agentflow resolve --env ${envName}\`, commit agentflow.lock.json, and deploy again.`,
        },
      ],
    };
  }
  return { warnings: drift.map((line) => `agent lock drift: ${line} (run \`agentflow resolve --env ${envName}\` to record it)`), problems: [] };
}

function idsDiffer(locked: Readonly<Record<string, LockedAgent>>, resolved: Readonly<Record<string, LockedAgent>>): boolean {
  for (const logical of new Set([...Object.keys(locked), ...Object.keys(resolved)])) {
    const was = locked[logical];
    const now = resolved[logical];
    if (!was || !now || was.agentId !== now.agentId) return true;
    for (const alias of Object.keys(was.aliases)) {
      if (was.aliases[alias]?.aliasId !== now.aliases[alias]?.aliasId) return true;
    }
  }
  return false;
}
