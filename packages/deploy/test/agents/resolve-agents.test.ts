import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { FAKE_CREDENTIALS, startFakeBedrockAgent, type FakeAgent, type FakeBedrockAgent } from '@agentflow/aws-fakes';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveAgents } from '../../src/index.js';

beforeAll(() => {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
});

/** 24 unrelated agents first, so the wanted ones sit on page 3 (pages of 10). */
function filler(): FakeAgent[] {
  return Array.from({ length: 24 }, (_, i) => ({ agentId: `FILL${String(i).padStart(6, '0')}`, agentName: `team-bot-${i}`, aliases: [] }));
}

const SEARCH: FakeAgent = {
  agentId: 'SRCH7Q2K1A',
  agentName: 'research-search-prod',
  aliases: [
    { agentAliasId: 'TSTALIASID', agentAliasName: 'AgentTestAlias' },
    { agentAliasId: 'LIVE4S0R1A', agentAliasName: 'prod-live', agentVersion: '3' },
    { agentAliasId: 'CANARY0001', agentAliasName: 'prod-canary', agentVersion: '4' },
    { agentAliasId: 'PAUSED0001', agentAliasName: 'paused', agentVersion: '2', aliasInvocationState: 'REJECT_INVOCATIONS' },
    { agentAliasId: 'UPDATING01', agentAliasName: 'moving', agentVersion: '2', agentAliasStatus: 'UPDATING' },
  ],
};

let fake: FakeBedrockAgent | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(agents: FakeAgent[]): Promise<BedrockAgentClient> {
  fake = await startFakeBedrockAgent({ agents });
  return new BedrockAgentClient({ endpoint: fake.endpoint, region: 'us-east-1', credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
}

describe('resolveAgents', () => {
  it('finds an agent on the third page of ListAgents and locks the aliases the config names', async () => {
    const client = await start([...filler(), SEARCH]);
    const result = await resolveAgents(client, { 'research-search': { name: 'research-search-prod', aliases: { live: 'prod-live', canary: 'prod-canary' } } });
    expect(result.problems).toEqual([]);
    expect(result.agents).toEqual({
      'research-search': {
        agentName: 'research-search-prod',
        agentId: 'SRCH7Q2K1A',
        aliases: {
          live: { aliasName: 'prod-live', aliasId: 'LIVE4S0R1A', agentVersion: '3' },
          canary: { aliasName: 'prod-canary', aliasId: 'CANARY0001', agentVersion: '4' },
        },
      },
    });
    expect(fake!.calls.map((c) => c.operation)).toEqual(['ListAgents', 'ListAgents', 'ListAgents', 'ListAgentAliases']);
  });

  it('takes a list of alias names as they are, and with aliases omitted every alias ready for invocations but the draft', async () => {
    const client = await start([SEARCH]);
    const listed = await resolveAgents(client, { s: { name: 'research-search-prod', aliases: ['prod-live'] } });
    expect(Object.keys(listed.agents['s']!.aliases)).toEqual(['prod-live']);
    const all = await resolveAgents(client, { s: { name: 'research-search-prod' } });
    expect(all.problems).toEqual([]);
    expect(Object.keys(all.agents['s']!.aliases).sort()).toEqual(['prod-canary', 'prod-live']);
  });

  it('refuses an alias that is not prepared, one that rejects invocations, and the draft alias, each with what to do', async () => {
    const client = await start([SEARCH]);
    const result = await resolveAgents(client, { s: { name: 'research-search-prod', aliases: { a: 'moving', b: 'paused', c: 'AgentTestAlias', d: 'prod-live' } } });
    expect(result.problems.map((p) => `${p.code}: ${p.message} | ${p.hint}`)).toEqual([
      "agent-alias-not-ready: Agent 's' (research-search-prod, SRCH7Q2K1A): alias 'moving' (UPDATING01) is UPDATING with ACCEPT_INVOCATIONS; it must be PREPARED with ACCEPT_INVOCATIONS. | Wait until the alias is PREPARED, then run again.",
      "agent-alias-not-ready: Agent 's' (research-search-prod, SRCH7Q2K1A): alias 'paused' (PAUSED0001) is PREPARED with REJECT_INVOCATIONS; it must be PREPARED with ACCEPT_INVOCATIONS. | The alias was set to reject invocations: set it to ACCEPT_INVOCATIONS (UpdateAgentAlias) if it should serve this environment.",
      "agent-alias-draft: Agent 's' (research-search-prod, SRCH7Q2K1A): alias 'AgentTestAlias' is the draft alias TSTALIASID, which runs the unversioned working draft. | Create a version and an alias for it, or pass --allow-draft for a development environment.",
    ]);
    expect(result.agents).toEqual({});
    const draft = await resolveAgents(client, { s: { name: 'research-search-prod', aliases: { dev: 'AgentTestAlias' } } }, { allowDraft: true });
    expect(draft.agents['s']!.aliases).toEqual({ dev: { aliasName: 'AgentTestAlias', aliasId: 'TSTALIASID', agentVersion: 'DRAFT' } });
  });

  it('lists every problem of a run: an ambiguous name with both ids, a missing name and alias with close matches', async () => {
    const client = await start([
      ...filler(),
      SEARCH,
      { agentId: 'DUPE000001', agentName: 'writer', agentStatus: 'PREPARED' },
      { agentId: 'DUPE000002', agentName: 'writer', agentStatus: 'NOT_PREPARED' },
      { agentId: 'BROKEN0001', agentName: 'broken', agentStatus: 'FAILED' },
    ]);
    const result = await resolveAgents(client, {
      a: { name: 'Research-Serch-prod' },
      b: { name: 'writer' },
      c: { name: 'research-search-prod', aliases: ['prod-lives'] },
      d: { name: 'broken' },
      e: { name: 'nothing-like-it-at-all' },
    });
    expect(result.problems.map((p) => `${p.code}: ${p.message}`)).toEqual([
      "agent-not-found: Agent 'a': no Bedrock agent is named 'Research-Serch-prod' in us-east-1 (28 agents listed). Close matches: research-search-prod.",
      "agent-name-ambiguous: Agent 'b': 2 Bedrock agents are named 'writer' in us-east-1: DUPE000001 (PREPARED), DUPE000002 (NOT_PREPARED).",
      "agent-alias-not-found: Agent 'c' (research-search-prod, SRCH7Q2K1A) has no alias named 'prod-lives' (for alias 'prod-lives'). Close matches: prod-live.",
      "agent-not-ready: Agent 'd': Bedrock agent 'broken' (BROKEN0001) is FAILED.",
      "agent-not-found: Agent 'e': no Bedrock agent is named 'nothing-like-it-at-all' in us-east-1 (28 agents listed).",
    ]);
    expect(result.problems.every((p) => (p.hint ?? '').length > 0)).toBe(true);
  });

  it('turns SDK failures into one clear problem with a hint', async () => {
    const client = await start([SEARCH]);
    fake!.faults.add({ operation: 'ListAgents', kind: 'access-denied' });
    const denied = await resolveAgents(client, { s: { name: 'research-search-prod' } });
    expect(denied.problems).toEqual([
      {
        code: 'aws-access-denied',
        message: 'AWS denied bedrock:ListAgents: User: arn:aws:iam::111122223333:user/tester is not authorized to perform: bedrock:ListAgents',
        hint: 'Grant the deployer bedrock:ListAgents; the minimal deployer policy is in docs/deploy.md#a-minimal-deployer-policy.',
      },
    ]);
    fake!.faults.add({ operation: 'ListAgentAliases', kind: 'throttle' });
    const throttled = await resolveAgents(client, { s: { name: 'research-search-prod' } });
    expect(throttled.problems.map((p) => p.code)).toEqual(['aws-throttled']);
    await fake!.close();
    // A fresh client: one that kept a socket open would see the reset of that socket instead of a refused connection.
    const fresh = new BedrockAgentClient({ endpoint: fake!.endpoint, region: 'us-east-1', credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
    const gone = await resolveAgents(fresh, { s: { name: 'research-search-prod' } });
    expect(gone.problems.map((p) => p.code)).toEqual(['aws-unreachable']);
    expect(gone.problems[0]!.message).toMatch(/^Cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\) while calling bedrock:ListAgents\.$/);
  });
});
