import { FaultPlan } from '../faults.js';
import { startLoopback, type LoopbackReply, type LoopbackRequest } from '../loopback-server.js';
import { agentSummary, aliasSummary, FAKE_ACCOUNT, type FakeAgent } from './fake-agents.js';
import { error, faultReply, ok } from './rest-json-reply.js';
import { page } from './pages.js';

export type { FakeAgent, FakeAgentAlias } from './fake-agents.js';

export interface FakeBedrockAgentCall {
  readonly operation: string;
  readonly path: string;
  readonly input: unknown;
}

export interface FakeBedrockAgent {
  /** `http://127.0.0.1:<port>`: a client's `endpoint`, or `AWS_ENDPOINT_URL_BEDROCK_AGENT`. */
  readonly endpoint: string;
  readonly faults: FaultPlan;
  /** Every request, in order, faulted ones included. */
  readonly calls: FakeBedrockAgentCall[];
  close(): Promise<void>;
}

/**
 * Bedrock Agent's build-time API (restJson1 over HTTP/1.1) for the operations name resolution uses, with the paths
 * SDK 3.1138 sends (research file, protocol cheat sheet): ListAgents `POST /agents/`, ListAgentAliases
 * `POST /agents/{agentId}/agentaliases/`, GetAgentAlias `GET /agents/{agentId}/agentaliases/{agentAliasId}/`.
 * Pages hold at most `pageSize` summaries (default 10, the model's maximum for ListAgents, research a.4).
 */
export async function startFakeBedrockAgent(options: { agents: FakeAgent[]; pageSize?: number }): Promise<FakeBedrockAgent> {
  const faults = new FaultPlan();
  const calls: FakeBedrockAgentCall[] = [];
  const pageSize = options.pageSize ?? 10;
  const agents = options.agents;

  const handle = (request: LoopbackRequest): LoopbackReply => {
    const path = request.url.split('?')[0]!;
    const route = routeOf(request.method, path);
    let input: Record<string, unknown> = {};
    if (request.body.length > 0) {
      try {
        input = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
      } catch {
        calls.push({ operation: route?.operation ?? 'Unknown', path, input: request.body.toString('utf8') });
        return error('ValidationException', 'The request body is not JSON.');
      }
    }
    calls.push({ operation: route?.operation ?? 'Unknown', path, input });
    if (!route) return error('UnknownOperationException', `No operation at ${request.method} ${path}`);
    const fault = faults.take(route.operation);
    if (fault) return faultReply(fault, route.operation);

    if (route.operation === 'ListAgents') {
      const result = page(agents, input, pageSize);
      return 'invalid' in result ? error('ValidationException', result.invalid) : ok({ agentSummaries: result.items.map(agentSummary), ...token(result.nextToken) });
    }
    const agent = agents.find((a) => a.agentId === route.agentId);
    if (!agent) return error('ResourceNotFoundException', `Agent ${route.agentId} not found.`);
    if (route.operation === 'ListAgentAliases') {
      const result = page(agent.aliases ?? [], input, pageSize);
      return 'invalid' in result ? error('ValidationException', result.invalid) : ok({ agentAliasSummaries: result.items.map(aliasSummary), ...token(result.nextToken) });
    }
    const alias = (agent.aliases ?? []).find((a) => a.agentAliasId === route.aliasId);
    if (!alias) return error('ResourceNotFoundException', `Alias ${route.aliasId} of agent ${agent.agentId} not found.`);
    const region = signingRegion(request) ?? 'us-east-1';
    return ok({
      agentAlias: {
        ...aliasSummary(alias),
        agentId: agent.agentId,
        agentAliasArn: `arn:aws:bedrock:${region}:${FAKE_ACCOUNT}:agent-alias/${agent.agentId}/${alias.agentAliasId}`,
      },
    });
  };

  const server = await startLoopback(handle);
  return { endpoint: server.endpoint, faults, calls, close: () => server.close() };
}

type Route = { operation: 'ListAgents' } | { operation: 'ListAgentAliases'; agentId: string } | { operation: 'GetAgentAlias'; agentId: string; aliasId: string };

function routeOf(method: string, path: string): Route | undefined {
  if (method === 'POST' && path === '/agents/') return { operation: 'ListAgents' };
  const aliases = /^\/agents\/([^/]+)\/agentaliases\/$/.exec(path);
  if (method === 'POST' && aliases) return { operation: 'ListAgentAliases', agentId: decodeURIComponent(aliases[1]!) };
  const alias = /^\/agents\/([^/]+)\/agentaliases\/([^/]+)\/$/.exec(path);
  if (method === 'GET' && alias) return { operation: 'GetAgentAlias', agentId: decodeURIComponent(alias[1]!), aliasId: decodeURIComponent(alias[2]!) };
  return undefined;
}

function token(nextToken: string | undefined): { nextToken?: string } {
  return nextToken === undefined ? {} : { nextToken };
}

/** The region of the SigV4 credential scope (`Credential=<key>/<date>/<region>/bedrock/aws4_request`). */
function signingRegion(request: LoopbackRequest): string | undefined {
  const auth = request.headers['authorization'];
  return typeof auth === 'string' ? /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(auth)?.[1] : undefined;
}
