import { SfnError, invalidValue } from './errors.js';
import { paginate } from './pagination.js';
import { optionalString, requiredString, type Input } from './rules.js';
import type { SfnStore } from './store.js';

/**
 * Executions a test adds with their event histories, read back with ListExecutions, DescribeExecution and
 * GetExecutionHistory as the API reference shapes them (https://docs.aws.amazon.com/step-functions/latest/apireference/
 * API_GetExecutionHistory.html; HistoryEvent: `timestamp`, `type`, `id`, `previousEventId` and one
 * `<kind>EventDetails` member such as `taskScheduledEventDetails`). The fake runs nothing: histories are what the test
 * wrote, so callers that read them (the approvals CLI looking for a waiting TaskScheduled) see AWS's shape.
 */

export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
/** ListExecutions `statusFilter` values (API reference), PENDING_REDRIVE included though the fake never sets it. */
const STATUS_FILTERS = [...EXECUTION_STATUSES, 'PENDING_REDRIVE'];

export interface HistoryEventInput {
  type: string;
  timestamp?: number;
  previousEventId?: number;
  [details: string]: unknown;
}

export interface HistoryEventRecord {
  id: number;
  type: string;
  timestamp: number;
  previousEventId: number;
  details: Record<string, unknown>;
}

export interface ExecutionRecord {
  arn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input?: string;
  startDate: number;
  stopDate?: number;
  events: HistoryEventRecord[];
  seq: number;
}

export interface AddedExecution {
  stateMachineArn: string;
  name: string;
  status?: ExecutionStatus;
  input?: string;
  /** Epoch seconds; default the fake's clock. */
  startDate?: number;
  events: HistoryEventInput[];
}

/** Test setup: what AWS could never hold throws, since it is a defect in the test. */
export function addExecution(store: SfnStore, execution: AddedExecution): string {
  const parsed = store.arns.parse(execution.stateMachineArn);
  if (parsed.kind !== 'machine') throw new Error(`addExecution: '${execution.stateMachineArn}' is not an unqualified state machine ARN`);
  // Execution names: 1–80 characters (StartExecution reference, `name`).
  if (execution.name.length < 1 || execution.name.length > 80 || /[\s:<>{}[\]?*"#%\\^|~`$&,;/]/.test(execution.name)) {
    throw new Error(`addExecution: '${execution.name}' is not a valid execution name (1 to 80 characters, no whitespace or :<>{}[]?*"#%\\^|~\`$&,;/)`);
  }
  const arn = `arn:aws:states:${store.options.region}:${store.options.account}:execution:${parsed.name}:${execution.name}`;
  if (store.executions.has(arn)) throw new Error(`addExecution: an execution named '${execution.name}' already exists for '${execution.stateMachineArn}'`);
  const status = execution.status ?? 'RUNNING';
  if (!EXECUTION_STATUSES.includes(status)) throw new Error(`addExecution: unknown status '${String(status)}'`);
  const startDate = execution.startDate ?? store.now();
  const events = execution.events.map((event, index): HistoryEventRecord => {
    const { type, timestamp, previousEventId, id: _ignored, ...details } = event;
    if (typeof type !== 'string' || type === '') throw new Error(`addExecution: event ${index + 1} has no type`);
    // Ids run 1..n in order; AWS's previousEventId is the event this one follows (0 for the first).
    return { id: index + 1, type, timestamp: timestamp ?? startDate + index, previousEventId: previousEventId ?? index, details };
  });
  store.executions.set(arn, {
    arn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status,
    ...(execution.input !== undefined ? { input: execution.input } : {}),
    startDate,
    ...(status !== 'RUNNING' ? { stopDate: events[events.length - 1]?.timestamp ?? startDate } : {}),
    events,
    seq: store.nextSeq(),
  });
  return arn;
}

export function setExecutionStatus(store: SfnStore, arn: string, status: ExecutionStatus): void {
  const execution = store.executions.get(arn);
  if (!execution) throw new Error(`setExecutionStatus: no execution '${arn}'`);
  if (!EXECUTION_STATUSES.includes(status)) throw new Error(`setExecutionStatus: unknown status '${String(status)}'`);
  execution.status = status;
  if (status === 'RUNNING') delete execution.stopDate;
  else execution.stopDate = store.now();
}

/** An execution ARN of this region and account, or InvalidArn; an unknown one is ExecutionDoesNotExist. */
/** The fields ListExecutions' ExecutionListItem and DescribeExecution share (API reference, both pages). */
function summaryOf(e: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: e.arn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: e.startDate,
    ...(e.stopDate !== undefined ? { stopDate: e.stopDate } : {}),
  };
}

function executionOf(store: SfnStore, input: Input): ExecutionRecord {
  const arn = requiredString(input, 'executionArn');
  const prefix = `arn:aws:states:${store.options.region}:${store.options.account}:execution:`;
  if (!arn.startsWith(prefix) || arn.slice(prefix.length).split(':').length !== 2) throw new SfnError('InvalidArn', `Invalid Arn: '${arn}'`);
  const execution = store.executions.get(arn);
  if (!execution) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  return execution;
}

export function listExecutions(store: SfnStore, input: Input): Record<string, unknown> {
  if (input.mapRunArn !== undefined && input.mapRunArn !== null) throw new SfnError('ValidationException', 'Listing the executions of a Map Run is not served by this fake');
  const arn = requiredString(input, 'stateMachineArn');
  store.arns.parse(arn);
  const statusFilter = optionalString(input, 'statusFilter');
  if (statusFilter !== undefined && !STATUS_FILTERS.includes(statusFilter)) {
    throw invalidValue('statusFilter', `Member must satisfy enum value set: [${STATUS_FILTERS.join(', ')}]`);
  }
  const all = [...store.executions.values()].filter((e) => e.stateMachineArn === arn);
  // A machine the fake neither holds nor has executions of does not exist (ListExecutions errors).
  if (all.length === 0 && !store.machines.has(arn.split(':')[6] ?? '')) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  // Newest first by start date (ListExecutions reference: "Results are sorted by time, with the most recent
  // execution first"); pages are cut by rank in that order.
  const ranked = all
    .filter((e) => statusFilter === undefined || e.status === statusFilter)
    .sort((a, b) => b.startDate - a.startDate || b.seq - a.seq)
    .map((execution, index) => ({ execution, seq: index + 1 }));
  const { page, nextToken } = paginate(ranked, input, `ListExecutions:${arn}:${statusFilter ?? ''}`, store.options.pageSize, 'oldest-first');
  return {
    executions: page.map(({ execution }) => summaryOf(execution)),
    ...(nextToken ? { nextToken } : {}),
  };
}

export function describeExecution(store: SfnStore, input: Input): Record<string, unknown> {
  const e = executionOf(store, input);
  return {
    ...summaryOf(e),
    ...(e.input !== undefined ? { input: e.input, inputDetails: { included: true } } : {}),
  };
}

/** The members `includeExecutionData: false` leaves out of an event's details: the data it carried. */
const EXECUTION_DATA = ['input', 'output', 'parameters'];

export function getExecutionHistory(store: SfnStore, input: Input): Record<string, unknown> {
  const e = executionOf(store, input);
  const reverse = input.reverseOrder === true;
  const includeData = input.includeExecutionData !== false;
  const events = e.events.map((event) => ({ ...event, seq: event.id }));
  if (reverse) events.reverse();
  const { page, nextToken } = paginate(events, input, `GetExecutionHistory:${e.arn}:${reverse}`, store.options.pageSize, reverse ? 'newest-first' : 'oldest-first');
  return {
    events: page.map((event) => ({
      timestamp: event.timestamp,
      type: event.type,
      id: event.id,
      previousEventId: event.previousEventId,
      ...(includeData ? event.details : withoutData(event.details)),
    })),
    ...(nextToken ? { nextToken } : {}),
  };
}

function withoutData(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details).map(([member, value]) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [member, value];
      return [member, Object.fromEntries(Object.entries(value).filter(([key]) => !EXECUTION_DATA.includes(key)))];
    }),
  );
}
