/** An agent the fake account holds; statuses default to the ready ones. */
export interface FakeAgent {
  agentId: string;
  agentName: string;
  /** CREATING | PREPARING | PREPARED | NOT_PREPARED | DELETING | FAILED | VERSIONING | UPDATING; default PREPARED. */
  agentStatus?: string;
  aliases?: FakeAgentAlias[];
}

export interface FakeAgentAlias {
  agentAliasId: string;
  agentAliasName: string;
  /** CREATING | PREPARED | FAILED | UPDATING | DELETING | DISSOCIATED; default PREPARED. */
  agentAliasStatus?: string;
  /** ACCEPT_INVOCATIONS | REJECT_INVOCATIONS; default ACCEPT_INVOCATIONS. */
  aliasInvocationState?: string;
  /** The version the alias routes to; default "1" (DRAFT for TSTALIASID). */
  agentVersion?: string;
}

/** The fake's clock never moves: replies stay byte-identical from run to run. */
export const FAKE_TIME = '2026-01-01T00:00:00Z';
export const FAKE_ACCOUNT = '111122223333';

/** A ListAgents summary (Bedrock Agents API reference, AgentSummary). */
export function agentSummary(agent: FakeAgent) {
  return {
    agentId: agent.agentId,
    agentName: agent.agentName,
    agentStatus: agent.agentStatus ?? 'PREPARED',
    latestAgentVersion: latestVersion(agent),
    updatedAt: FAKE_TIME,
  };
}

/** A ListAgentAliases summary (AgentAliasSummary); GetAgentAlias adds the ARN and agent id (AgentAlias). */
export function aliasSummary(alias: FakeAgentAlias) {
  return {
    agentAliasId: alias.agentAliasId,
    agentAliasName: alias.agentAliasName,
    agentAliasStatus: alias.agentAliasStatus ?? 'PREPARED',
    routingConfiguration: [{ agentVersion: versionOf(alias) }],
    aliasInvocationState: alias.aliasInvocationState ?? 'ACCEPT_INVOCATIONS',
    createdAt: FAKE_TIME,
    updatedAt: FAKE_TIME,
  };
}

function versionOf(alias: FakeAgentAlias): string {
  return alias.agentVersion ?? (alias.agentAliasId === 'TSTALIASID' ? 'DRAFT' : '1');
}

function latestVersion(agent: FakeAgent): string {
  const numbered = (agent.aliases ?? []).map(versionOf).filter((v) => /^\d+$/.test(v)).map(Number);
  return numbered.length ? String(Math.max(...numbered)) : 'DRAFT';
}
