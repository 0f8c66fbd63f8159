import {
  AccessDeniedException,
  BedrockAgentClient,
  GetAgentAliasCommand,
  InternalServerException,
  ListAgentsCommand,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
  paginateListAgentAliases,
  paginateListAgents,
} from '@aws-sdk/client-bedrock-agent';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CREDENTIALS, startFakeBedrockAgent, type FakeAgent, type FakeBedrockAgent } from '../src/index.js';

beforeAll(() => {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
});

/** `count` ready agents named agent-00, agent-01, … with ids AGENT00000, AGENT00001, … */
function agents(count: number): FakeAgent[] {
  return Array.from({ length: count }, (_, i) => ({
    agentId: `AGENT${String(i).padStart(5, '0')}`,
    agentName: `agent-${String(i).padStart(2, '0')}`,
    aliases: [{ agentAliasId: 'TSTALIASID', agentAliasName: 'AgentTestAlias' }],
  }));
}

let fake: FakeBedrockAgent | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function client(endpoint: string, maxAttempts = 1): BedrockAgentClient {
  return new BedrockAgentClient({ endpoint, region: 'eu-west-1', credentials: FAKE_CREDENTIALS, maxAttempts });
}

describe('the Bedrock Agent fake, called by the real BedrockAgentClient', () => {
  it('receives the paths SDK 3.1138 sends, and pages ListAgents by at most 10 summaries', async () => {
    fake = await startFakeBedrockAgent({ agents: agents(25) });
    const sdk = client(fake.endpoint);
    const names: string[] = [];
    for await (const page of paginateListAgents({ client: sdk }, {})) names.push(...(page.agentSummaries ?? []).map((a) => a.agentName!));
    expect(names).toEqual(agents(25).map((a) => a.agentName));
    expect(fake.calls.map((c) => `${c.operation} ${c.path} ${JSON.stringify(c.input)}`)).toEqual([
      'ListAgents /agents/ {}',
      'ListAgents /agents/ {"nextToken":"page-10"}',
      'ListAgents /agents/ {"nextToken":"page-20"}',
    ]);

    const aliases = [];
    for await (const page of paginateListAgentAliases({ client: sdk }, { agentId: 'AGENT00003' })) aliases.push(...(page.agentAliasSummaries ?? []));
    expect(aliases).toEqual([
      {
        agentAliasId: 'TSTALIASID',
        agentAliasName: 'AgentTestAlias',
        agentAliasStatus: 'PREPARED',
        aliasInvocationState: 'ACCEPT_INVOCATIONS',
        routingConfiguration: [{ agentVersion: 'DRAFT' }],
        createdAt: new Date('2026-01-01T00:00:00Z'),
        updatedAt: new Date('2026-01-01T00:00:00Z'),
      },
    ]);
    const got = await sdk.send(new GetAgentAliasCommand({ agentId: 'AGENT00003', agentAliasId: 'TSTALIASID' }));
    expect(got.agentAlias?.agentAliasArn).toBe('arn:aws:bedrock:eu-west-1:111122223333:agent-alias/AGENT00003/TSTALIASID');
    expect(fake.calls.slice(3).map((c) => `${c.operation} ${c.path}`)).toEqual([
      'ListAgentAliases /agents/AGENT00003/agentaliases/',
      'GetAgentAlias /agents/AGENT00003/agentaliases/TSTALIASID/',
    ]);
  });

  it('honours a smaller pageSize and maxResults, so pagination over 3+ pages is cheap to test', async () => {
    fake = await startFakeBedrockAgent({ agents: agents(7), pageSize: 3 });
    const sizes: number[] = [];
    for await (const page of paginateListAgents({ client: client(fake.endpoint), pageSize: 2 }, {})) sizes.push(page.agentSummaries!.length);
    expect(sizes).toEqual([2, 2, 2, 1]);
    expect(fake.calls[0]!.input).toEqual({ maxResults: 2 });
  });

  it('answers errors the SDK maps to its typed exceptions', async () => {
    fake = await startFakeBedrockAgent({ agents: agents(1) });
    const sdk = client(fake.endpoint);
    await expect(sdk.send(new GetAgentAliasCommand({ agentId: 'NOSUCHAGNT', agentAliasId: 'TSTALIASID' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(sdk.send(new ListAgentsCommand({ nextToken: 'forged' }))).rejects.toBeInstanceOf(ValidationException);
    fake.faults.add({ operation: 'ListAgents', kind: 'access-denied' });
    const denied = await sdk.send(new ListAgentsCommand({})).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AccessDeniedException);
    expect((denied as AccessDeniedException).message).toContain('bedrock:ListAgents');
    expect((denied as AccessDeniedException).$metadata.httpStatusCode).toBe(403);
    fake.faults.add({ operation: 'ListAgents', kind: 'throttle' });
    await expect(sdk.send(new ListAgentsCommand({}))).rejects.toBeInstanceOf(ThrottlingException);
    fake.faults.add({ operation: 'ListAgents', kind: 'server-error' });
    await expect(sdk.send(new ListAgentsCommand({}))).rejects.toBeInstanceOf(InternalServerException);
    fake.faults.add({ operation: 'ListAgents', kind: 'drop' });
    await expect(sdk.send(new ListAgentsCommand({}))).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('lets the SDK retry throttling and server errors through to success', async () => {
    fake = await startFakeBedrockAgent({ agents: agents(1) });
    fake.faults.add({ operation: 'ListAgents', kind: 'throttle' });
    fake.faults.add({ operation: 'ListAgents', kind: 'server-error' });
    const result = await client(fake.endpoint, 3).send(new ListAgentsCommand({}));
    expect(result.agentSummaries?.map((a) => a.agentId)).toEqual(['AGENT00000']);
    expect(fake.calls.map((c) => c.operation)).toEqual(['ListAgents', 'ListAgents', 'ListAgents']);
  });
});
