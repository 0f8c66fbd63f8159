import type { HistoryEvent } from '@aws-sdk/client-sfn';

/** The request kind compiled approval steps send to their responder (packages/runtime/src/contract). */
export const APPROVAL_REQUEST_KIND = 'agentflow.approval-request';

/** An approval step of one execution that waits for its decision. */
export interface WaitingApproval {
  readonly workflow: string;
  readonly step: string;
  /** The state the step compiled to (from the TaskStateEntered event before it). */
  readonly stateName?: string;
  readonly executionArn: string;
  /** When the responder was asked (the TaskScheduled event), ISO 8601 UTC. */
  readonly since: string;
  /** When the state times out (scheduled + TimeoutSeconds), ISO 8601 UTC. */
  readonly timesOutAt?: string;
  /** The id of the TaskScheduled event: two waits of one step (map iterations) differ by it. */
  readonly eventId: number;
  /** The task token, when the history shows it. Never printed: it is a bearer capability. */
  readonly token?: string;
}

/**
 * The events that end one task attempt. Each points back along `previousEventId` to its TaskScheduled event
 * (Scheduled → Started → Submitted → Succeeded in the API reference's HistoryEvent examples), which is how
 * concurrent waits (parallel branches, map iterations) are told apart.
 */
const TASK_ENDS = new Set(['TaskSucceeded', 'TaskFailed', 'TaskTimedOut', 'TaskStartFailed', 'TaskSubmitFailed', 'TaskStateAborted', 'TaskStateExited']);

/**
 * The approval requests of an execution's history that no event has ended yet. An approval request is a Task
 * scheduled on `lambda` `invoke.waitForTaskToken` whose `parameters` (the Arguments as resolved) carry a Payload of
 * kind `agentflow.approval-request`; its `taskToken` is what SendTaskSuccess needs. Events of any order are accepted.
 */
export function waitingInHistory(executionArn: string, events: readonly HistoryEvent[]): WaitingApproval[] {
  const byId = new Map<number, HistoryEvent>();
  for (const e of events) if (typeof e.id === 'number') byId.set(e.id, e);
  const ended = new Set<number>();
  for (const e of events) {
    if (!TASK_ENDS.has(String(e.type))) continue;
    const scheduled = ancestor(e, byId, (a) => a.type === 'TaskScheduled');
    if (scheduled?.id !== undefined) ended.add(scheduled.id);
  }
  const waiting: WaitingApproval[] = [];
  for (const e of [...byId.values()].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))) {
    if (e.type !== 'TaskScheduled' || e.id === undefined || ended.has(e.id)) continue;
    const request = approvalRequestOf(e);
    if (!request) continue;
    const entered = ancestor(e, byId, (a) => a.type === 'TaskStateEntered');
    const since = e.timestamp instanceof Date ? e.timestamp : new Date(0);
    const timeout = e.taskScheduledEventDetails?.timeoutInSeconds;
    waiting.push({
      workflow: request.workflow,
      step: request.step,
      ...(entered?.stateEnteredEventDetails?.name ? { stateName: entered.stateEnteredEventDetails.name } : {}),
      executionArn,
      since: since.toISOString(),
      ...(typeof timeout === 'number' ? { timesOutAt: new Date(since.getTime() + timeout * 1000).toISOString() } : {}),
      eventId: e.id,
      ...(request.taskToken ? { token: request.taskToken } : {}),
    });
  }
  return waiting;
}

function ancestor(from: HistoryEvent, byId: ReadonlyMap<number, HistoryEvent>, match: (e: HistoryEvent) => boolean): HistoryEvent | undefined {
  const seen = new Set<number>();
  let at = from.previousEventId === undefined ? undefined : byId.get(from.previousEventId);
  while (at && at.id !== undefined && !seen.has(at.id)) {
    if (match(at)) return at;
    seen.add(at.id);
    at = at.previousEventId === undefined ? undefined : byId.get(at.previousEventId);
  }
  return undefined;
}

interface RequestFields {
  readonly workflow: string;
  readonly step: string;
  readonly taskToken?: string;
}

/** The approval request a TaskScheduled event sent, or undefined when the task is something else. */
function approvalRequestOf(e: HistoryEvent): RequestFields | undefined {
  const details = e.taskScheduledEventDetails;
  if (!details || details.resourceType !== 'lambda' || details.resource !== 'invoke.waitForTaskToken') return undefined;
  let parameters: unknown;
  try {
    parameters = JSON.parse(details.parameters ?? '');
  } catch {
    return undefined;
  }
  const payload = (parameters as { Payload?: unknown } | null)?.Payload as Record<string, unknown> | undefined;
  if (!payload || typeof payload !== 'object' || payload['kind'] !== APPROVAL_REQUEST_KIND) return undefined;
  if (typeof payload['workflow'] !== 'string' || typeof payload['step'] !== 'string') return undefined;
  const token = payload['taskToken'];
  return { workflow: payload['workflow'], step: payload['step'], ...(typeof token === 'string' && token !== '' ? { taskToken: token } : {}) };
}
