import type { AgentMocks, ApprovalMocks, SimulateOptions, TaskMocks } from '../types.js';
import type { AslState, Graph } from '../engine/asl.js';
import { createRandom } from '../engine/jsonata/random.js';
import { findMock } from '../services/mock-runner.js';
import { isApprovalTask } from '../services/approval-responder.js';
import { valueFor, type ValueMode } from './schema-values.js';
import { startsGivenChild } from '../services/child-workflow.js';

export interface AutoMockOptions {
  /** Agent answers: the smallest valid, the largest valid (schema maxima), or random valid ones. Default `minimal`. */
  readonly answers?: ValueMode;
  /** Approvals approve (default), reject, or decide at random. */
  readonly approvals?: 'approve' | 'reject' | 'random';
  readonly seed?: number;
}

/**
 * Mocks for every Task the given mocks leave out: agents answer from their `outputSchema`, approvals decide as
 * told, and other integrations return a response of their usual shape. For smoke runs of any workflow, property
 * tests and benchmarks; explicit mocks always win.
 */
export function withAutoMocks(definition: Graph, options: Pick<SimulateOptions, 'agents' | 'approvals' | 'tasks' | 'workflows' | 'seed'>, auto: AutoMockOptions): { agents: AgentMocks; approvals: ApprovalMocks; tasks: TaskMocks } {
  const random = createRandom(auto.seed ?? options.seed ?? 1);
  const agents: Record<string, AgentMocks[string]> = { ...options.agents };
  const approvals: Record<string, ApprovalMocks[string]> = { ...options.approvals };
  const tasks: Record<string, TaskMocks[string]> = { ...options.tasks };
  const mode = auto.answers ?? 'minimal';
  visit(definition, (name, state) => {
    if (state.Type !== 'Task' || findMock(options.tasks, name)) return;
    const payload = (state.Arguments as { Payload?: Record<string, unknown> } | undefined)?.Payload;
    const resource = state.Resource ?? '';
    if (resource.startsWith('arn:aws:states:::lambda:invoke') && typeof payload === 'object' && payload !== null && 'agentId' in payload) {
      if (!findMock(options.agents, name)) agents[name] = (req) => valueFor(req.outputSchema, mode, random) as object;
    } else if (isApprovalTask(resource, state.Arguments)) {
      const decide = auto.approvals ?? 'approve';
      if (!findMock(options.approvals, name)) approvals[name] = () => ({ approved: decide === 'approve' || (decide === 'random' && random() < 0.5) });
    } else if (!resource.includes(':s3:') && !onDeclaredTable(state, options) && !startsGivenChild(resource, state, options.workflows)) {
      tasks[name] = () => responseFor(resource);
    }
  });
  return { agents, approvals, tasks };
}

function visit(graph: Graph | undefined, fn: (name: string, state: AslState) => void): void {
  for (const [name, state] of Object.entries(graph?.States ?? {})) {
    fn(name, state);
    for (const branch of state.Branches ?? []) visit(branch, fn);
    visit(state.ItemProcessor ?? state.Iterator, fn);
  }
}

/** A plausible response per integration (developer guide, each service's "connect-*" page). */
function responseFor(resource: string): object {
  if (resource.includes(':lambda:invoke')) return { ExecutedVersion: '$LATEST', Payload: {}, StatusCode: 200 };
  if (resource.includes(':sns:publish')) return { MessageId: '00000000-0000-4000-8000-000000000001' };
  if (resource.includes(':sqs:sendMessage')) return { MessageId: '00000000-0000-4000-8000-000000000002', MD5OfMessageBody: '0'.repeat(32) };
  if (resource.includes(':events:putEvents')) return { Entries: [{ EventId: '00000000-0000-4000-8000-000000000003' }], FailedEntryCount: 0 };
  if (resource.includes(':dynamodb:getItem')) return { Item: {} };
  if (resource.includes(':bedrock:invokeModel')) return { Body: {}, ContentType: 'application/json' };
  if (resource.includes(':states:startExecution.sync')) return { Output: {}, Status: 'SUCCEEDED' };
  return {};
}

/** Without an explicit input, automatic mocks also make one from the workflow's input schema. */
export function autoInput(schema: unknown, options: SimulateOptions): unknown {
  const auto = typeof options.autoMock === 'object' ? options.autoMock : {};
  return valueFor(schema, auto.answers ?? 'minimal', createRandom((auto.seed ?? options.seed ?? 1) + 1));
}

/** DynamoDB item Tasks on a table given in `dynamodb:` are answered by the in-memory table, not a canned response. */
function onDeclaredTable(state: AslState, options: SimulateOptions): boolean {
  const table = (state.Arguments as { TableName?: unknown } | undefined)?.TableName;
  return /:states:::dynamodb:(getItem|putItem)$/.test(state.Resource ?? '') && typeof table === 'string' && Object.hasOwn(options.dynamodb ?? {}, table);
}
