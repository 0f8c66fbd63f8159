import { paginateListAgentAliases, paginateListAgents, type AgentAliasSummary, type AgentSummary, type BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import type { LockedAgent, LockedAlias } from '@agentflow/compiler';
import type { DeployProblem } from '../problem.js';
import { agentSdkProblem } from './agent-errors.js';
import { closeNames, didYouMean } from './close-names.js';

export type { LockedAgent, LockedAlias } from '@agentflow/compiler';

/** An agent an environment gives by name (`environments.<env>.agents.<logical>` with `name`). */
export interface ByNameAgentConfig {
  readonly name: string;
  /** Alias as workflows name it → Bedrock alias name, or names used as they are; omitted: every alias ready for invocations. */
  readonly aliases?: Readonly<Record<string, string>> | readonly string[];
}

/** The draft alias every agent has; it runs the working draft (research a.4). */
export const DRAFT_ALIAS_ID = 'TSTALIASID';

/** Agent statuses with no usable agent behind them (ListAgents agentStatus, research a.4). */
const UNUSABLE_AGENT = new Set(['CREATING', 'DELETING', 'FAILED']);

/**
 * Looks up each agent's id and alias ids by name. ListAgents has no name filter and pages of at most 10 (research
 * a.4), so every page is read once and names are matched here. An alias must be PREPARED and ACCEPT_INVOCATIONS;
 * the draft alias is refused unless `allowDraft`. Every problem is collected, so one run lists them all; an agent
 * with a problem is left out of `agents`.
 */
export async function resolveAgents(
  client: BedrockAgentClient,
  wanted: Record<string, ByNameAgentConfig>,
  options: { allowDraft?: boolean } = {},
): Promise<{ agents: Record<string, LockedAgent>; problems: DeployProblem[] }> {
  const region = await regionOf(client);
  const endpoint = await endpointOf(client, region);
  const problems: DeployProblem[] = [];
  const agents: Record<string, LockedAgent> = {};
  if (Object.keys(wanted).length === 0) return { agents, problems };

  const summaries: AgentSummary[] = [];
  try {
    for await (const page of paginateListAgents({ client }, {})) summaries.push(...(page.agentSummaries ?? []));
  } catch (error) {
    return { agents, problems: [agentSdkProblem(error, 'bedrock:ListAgents', endpoint)] };
  }

  for (const logical of Object.keys(wanted).sort()) {
    const config = wanted[logical]!;
    const matches = summaries.filter((s) => s.agentName === config.name);
    if (matches.length === 0) {
      const close = closeNames(config.name, summaries.map((s) => s.agentName ?? ''));
      problems.push({
        code: 'agent-not-found',
        message: `Agent '${logical}': no Bedrock agent is named '${config.name}' in ${region} (${summaries.length} agents listed).${didYouMean(close)}`,
        hint: 'Fix the name under environments.<env>.agents in agentflow.config.yaml, or check the region and account.',
      });
      continue;
    }
    if (matches.length > 1) {
      const listed = matches.map((m) => `${m.agentId} (${m.agentStatus})`).join(', ');
      problems.push({
        code: 'agent-name-ambiguous',
        message: `Agent '${logical}': ${matches.length} Bedrock agents are named '${config.name}' in ${region}: ${listed}.`,
        hint: 'Delete or rename all but one, or configure the agent by id.',
      });
      continue;
    }
    const agent = matches[0]!;
    if (UNUSABLE_AGENT.has(agent.agentStatus ?? '')) {
      problems.push({
        code: 'agent-not-ready',
        message: `Agent '${logical}': Bedrock agent '${config.name}' (${agent.agentId}) is ${agent.agentStatus}.`,
        hint: agent.agentStatus === 'FAILED' ? 'See the agent\'s failureReasons in the Bedrock console, fix it and prepare it again.' : 'Wait until it is PREPARED, then run again.',
      });
      continue;
    }
    let aliases: AgentAliasSummary[];
    try {
      aliases = [];
      for await (const page of paginateListAgentAliases({ client }, { agentId: agent.agentId! })) aliases.push(...(page.agentAliasSummaries ?? []));
    } catch (error) {
      problems.push(agentSdkProblem(error, 'bedrock:ListAgentAliases', endpoint, `agent ${config.name} (${agent.agentId})`));
      continue;
    }
    const locked = lockAliases(logical, config, agent, aliases, options.allowDraft === true);
    problems.push(...locked.problems);
    if (locked.problems.length === 0) agents[logical] = { agentName: config.name, agentId: agent.agentId!, aliases: locked.aliases };
  }
  return { agents, problems };
}

/** Alias as workflows name it → Bedrock alias name; undefined when the config leaves the choice to the account. */
function aliasNames(config: ByNameAgentConfig): [string, string][] | undefined {
  if (config.aliases === undefined) return undefined;
  if (Array.isArray(config.aliases)) return (config.aliases as readonly string[]).map((name) => [name, name]);
  return Object.entries(config.aliases);
}

function isReady(alias: AgentAliasSummary): boolean {
  return alias.agentAliasStatus === 'PREPARED' && alias.aliasInvocationState === 'ACCEPT_INVOCATIONS';
}

function locked(alias: AgentAliasSummary): LockedAlias {
  const draft = alias.agentAliasId === DRAFT_ALIAS_ID;
  return { aliasName: alias.agentAliasName!, aliasId: alias.agentAliasId!, agentVersion: alias.routingConfiguration?.[0]?.agentVersion ?? (draft ? 'DRAFT' : 'unknown') };
}

function lockAliases(logical: string, config: ByNameAgentConfig, agent: AgentSummary, aliases: AgentAliasSummary[], allowDraft: boolean): { aliases: Record<string, LockedAlias>; problems: DeployProblem[] } {
  const out: Record<string, LockedAlias> = {};
  const problems: DeployProblem[] = [];
  const who = `Agent '${logical}' (${config.name}, ${agent.agentId})`;
  const names = aliasNames(config);
  if (names === undefined) {
    // Every alias that can take invocations now; the draft alias only on request, like a named one.
    for (const alias of aliases) {
      if (!isReady(alias) || (alias.agentAliasId === DRAFT_ALIAS_ID && !allowDraft)) continue;
      out[alias.agentAliasName!] = locked(alias);
    }
    if (Object.keys(out).length === 0) {
      problems.push({
        code: 'agent-alias-not-ready',
        message: `${who} has no alias that accepts invocations (${aliases.map(describeAlias).join(', ') || 'no aliases'}).`,
        hint: 'Prepare the agent, create a version and an alias for it (CreateAgentAlias), or list the aliases to use under the agent in agentflow.config.yaml.',
      });
    }
    return { aliases: out, problems };
  }
  for (const [alias, aliasName] of names) {
    const found = aliases.filter((a) => a.agentAliasName === aliasName);
    const match = found[0];
    if (match === undefined) {
      const close = closeNames(aliasName, aliases.map((a) => a.agentAliasName ?? ''));
      problems.push({
        code: 'agent-alias-not-found',
        message: `${who} has no alias named '${aliasName}' (for alias '${alias}').${didYouMean(close)}`,
        hint: 'Fix the alias name in agentflow.config.yaml, or create the alias (CreateAgentAlias) after preparing the agent.',
      });
      continue;
    }
    if (match.agentAliasId === DRAFT_ALIAS_ID && !allowDraft) {
      problems.push({
        code: 'agent-alias-draft',
        message: `${who}: alias '${aliasName}' is the draft alias ${DRAFT_ALIAS_ID}, which runs the unversioned working draft.`,
        hint: 'Create a version and an alias for it, or pass --allow-draft for a development environment.',
      });
      continue;
    }
    if (!isReady(match)) {
      problems.push({
        code: 'agent-alias-not-ready',
        message: `${who}: alias '${aliasName}' (${match.agentAliasId}) is ${match.agentAliasStatus} with ${match.aliasInvocationState}; it must be PREPARED with ACCEPT_INVOCATIONS.`,
        hint: aliasHint(match),
      });
      continue;
    }
    out[alias] = locked(match);
  }
  return { aliases: out, problems };
}

function describeAlias(alias: AgentAliasSummary): string {
  return `${alias.agentAliasName} ${alias.agentAliasStatus}/${alias.aliasInvocationState}`;
}

function aliasHint(alias: AgentAliasSummary): string {
  if (alias.agentAliasStatus === 'CREATING' || alias.agentAliasStatus === 'UPDATING') return 'Wait until the alias is PREPARED, then run again.';
  if (alias.aliasInvocationState === 'REJECT_INVOCATIONS' && alias.agentAliasStatus === 'PREPARED') {
    return 'The alias was set to reject invocations: set it to ACCEPT_INVOCATIONS (UpdateAgentAlias) if it should serve this environment.';
  }
  return 'Prepare the agent (PrepareAgent), then create or update the alias to route to a prepared version (CreateAgentAlias / UpdateAgentAlias).';
}

/** The endpoint the client was given (tests, AWS_ENDPOINT_URL_BEDROCK_AGENT), else the regional one, for "cannot reach" messages. */
async function endpointOf(client: BedrockAgentClient, region: string): Promise<string> {
  try {
    const endpoint = client.config.endpoint ? await client.config.endpoint() : undefined;
    if (endpoint) return `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}${endpoint.path === '/' ? '' : endpoint.path}`;
  } catch {
    // No explicit endpoint: the SDK resolves the regional one per request.
  }
  return process.env['AWS_ENDPOINT_URL_BEDROCK_AGENT'] ?? `https://bedrock-agent.${region}.amazonaws.com`;
}

async function regionOf(client: BedrockAgentClient): Promise<string> {
  try {
    const region = client.config.region;
    return typeof region === 'function' ? await region() : String(region);
  } catch {
    return 'the configured region';
  }
}
