/** Public shapes of the simulator: what a run takes and what it returns. */
import type { WorkflowDef } from '@agentflow/dsl';
import type { AslDefinition } from './engine/asl.js';

/** A JSON value as it travels between states. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Seconds as a number, or a duration object (`{ minutes: 5 }`), as in the DSL. */
export type SimDuration =
  | number
  | { readonly seconds?: number; readonly minutes?: number; readonly hours?: number; readonly days?: number };

/** What every mock receives besides its request: the virtual clock and the callback controls. */
export interface MockContext {
  /** State name as it appears in the definition (`Write Draft`). */
  readonly stateName: string;
  /** 0 for the first attempt, 1 for the first retry … */
  readonly attempt: number;
  /** How many times this mock was called before in this run (0 on the first call, retries included). */
  readonly call: number;
  /** Map iteration indexes, outermost first (empty outside maps). */
  readonly mapIndex: readonly number[];
  /** Virtual time of the call, ISO 8601. */
  readonly now: string;
  /** The task token, on `.waitForTaskToken` tasks. */
  readonly taskToken?: string;
  /** Let virtual time pass before answering (`await ctx.sleep({ hours: 2 })`). */
  sleep(duration: SimDuration): Promise<void>;
  /** Never answer: the task ends only by its timeout (or the execution's). */
  never(): Promise<never>;
  /** On callback tasks: send SendTaskHeartbeat now. */
  heartbeat(): void;
}

const TASK_FAILURE: unique symbol = Symbol.for('agentflow.task-failure') as never;

/** Thrown by a mock (or returned via `failWith`) to fail the task with a named error Retry/Catch can match. */
export class TaskFailure extends Error {
  /** Recognised by brand, not by class: a mocks file may load its own copy of this package. */
  readonly [TASK_FAILURE] = true;

  constructor(
    readonly error: string,
    override readonly cause: string = '',
  ) {
    super(`${error}: ${cause}`);
    this.name = 'TaskFailure';
  }
}

export function isTaskFailure(value: unknown): value is TaskFailure {
  return typeof value === 'object' && value !== null && (value as { [TASK_FAILURE]?: true })[TASK_FAILURE] === true;
}

/** `throw failWith('Agentflow.AgentThrottled', 'slow down')` inside a mock. */
export function failWith(error: string, cause = ''): TaskFailure {
  return new TaskFailure(error, cause);
}

/** The request the agent adapter receives, after `inputParts` expansion. */
export interface AgentRequest {
  readonly agentId: string;
  readonly agentAliasId: string;
  readonly sessionId: string;
  /** The prompt, with offloaded parts expanded from the in-memory S3. */
  readonly prompt: string;
  readonly outputSchema: Json;
  /** The raw Lambda payload as the state sent it. */
  readonly payload: { readonly [key: string]: Json };
}

export type MockFn<Req, Res> = (request: Req, ctx: MockContext) => Res | Promise<Res>;

/**
 * A mock: a function called for every invocation, or a list answered in order (one entry per invocation, the
 * last entry repeating; `[value]` answers every call with `value`). List entries may themselves be functions.
 */
export type Mock<Req, Res> = MockFn<Req, Res> | readonly (Res | MockFn<Req, Res>)[];

/** Outcome a reviewer sends through the approval responder. */
export interface ApprovalAnswer {
  readonly approved: boolean;
  readonly comments?: string;
  readonly reviewer?: string;
}

/** The published approval request, as the responder reads it from the SNS message. */
export interface ApprovalRequest {
  readonly workflow?: string;
  readonly step?: string;
  readonly execution?: string;
  readonly message: Json;
  readonly subject?: string;
  /** The Task's arguments as evaluated: `{ FunctionName, Payload }` of the approval request (the SNS Publish arguments in hand-written ASL). */
  readonly arguments: Json;
}

/** Any JSON-like answer (objects of declared interfaces included). */
export type Answer = object | string | number | boolean | null;

export type AgentMocks = Readonly<Record<string, Mock<AgentRequest, Answer>>>;
export type ApprovalMocks = Readonly<Record<string, Mock<ApprovalRequest, ApprovalAnswer>>>;
/** A task mock answers with the integration's result exactly as `$states.result` sees it. */
export type TaskMocks = Readonly<Record<string, Mock<Json, Answer>>>;

/**
 * An in-memory DynamoDB table: the attributes of its primary key, and its items before the run in attribute-value
 * form (`{ id: { S: 'a' }, n: { N: '1' } }`).
 */
export interface SimTable {
  readonly key: string | readonly string[];
  readonly items?: readonly { readonly [attribute: string]: Json }[];
}

/**
 * A child workflow a `flow.run` step starts (`states:startExecution.sync:2`), run as a nested simulated execution of
 * its compiled definition with mocks of its own.
 */
export interface ChildSimulation {
  /** The child: a workflow definition (compiled with the parent's environment) or a JSONata ASL definition. */
  readonly workflow: WorkflowDef | AslDefinition | string;
  readonly agents?: AgentMocks;
  readonly approvals?: ApprovalMocks;
  readonly tasks?: TaskMocks;
  readonly autoMock?: SimulateOptions['autoMock'];
  /** Children the child runs in turn. */
  readonly workflows?: ChildWorkflows;
}

/** Child workflows by the name of their state machine (for a workflow definition: the name `stateMachineName` gives it). */
export type ChildWorkflows = Readonly<Record<string, ChildSimulation>>;

export interface SimulateOptions<I = unknown> {
  /** The execution input. */
  readonly input?: I;
  /** Agent steps, keyed by step id (`write-draft`) or state name (`Write Draft`). */
  readonly agents?: AgentMocks;
  /** Approval steps, keyed by step id or state name. */
  readonly approvals?: ApprovalMocks;
  /** Any other Task state, keyed by step id or state name; receives the evaluated `Arguments`. */
  readonly tasks?: TaskMocks;
  /**
   * Answer every Task that has no mock automatically: agents from their output schema (`minimal`, `maximal` or
   * `random` valid answers), approvals as told, other services with a response of the usual shape.
   */
  readonly autoMock?: boolean | { readonly answers?: 'minimal' | 'maximal' | 'random'; readonly approvals?: 'approve' | 'reject' | 'random'; readonly seed?: number };
  /**
   * Child workflows that `flow.run` steps start, by state machine name: each runs as a nested execution of its own
   * compiled definition (on its own clock; the parent step waits as long as the child took). A task mock for the
   * step (`tasks`) answers instead, with the `.sync:2` response (`{ Output, … }`).
   */
  readonly workflows?: ChildWorkflows;
  /** Objects in the in-memory S3 before the run: `{ 's3://bucket/key': value }`. */
  readonly s3?: Readonly<Record<string, unknown>>;
  /**
   * In-memory DynamoDB tables, by table name (as in `TableName`): `dynamodb:getItem` and `putItem` Tasks on them are
   * answered from these items unless a task mock answers the state.
   */
  readonly dynamodb?: Readonly<Record<string, SimTable>>;
  /** Seed of the generator behind retry jitter, `$random`, `$uuid` and task tokens (default 1). */
  readonly seed?: number;
  /** Execution name (default `sim-<seed>`), ISO start time (default 2026-01-01T00:00:00Z). */
  readonly executionName?: string;
  readonly startTime?: string;
  /** For workflow definitions: environment and config used to compile (default: nearest agentflow.config.yaml). */
  readonly env?: string;
  readonly config?: string;
}

export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';

/** One event, shaped like an entry of Step Functions' GetExecutionHistory. */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: string;
  readonly type: string;
  readonly [details: string]: unknown;
}

/** One state visit, for `--trace` and assertions. */
export interface TraceEntry {
  readonly state: string;
  readonly type: string;
  /** Nesting, e.g. `['Summarize Sources', '3']` for map iteration 3. */
  readonly scope: readonly string[];
  readonly enteredAt: number;
  readonly exitedAt: number;
  readonly input: Json;
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
  /** Retry attempts made before the state ended. */
  readonly retries: number;
  /** Name of the next state, or undefined when the scope ended. */
  readonly next?: string;
  /** Bytes of the largest of input/arguments/result/output. */
  readonly maxBytes: number;
}

export interface SimulationCost {
  readonly transitions: number;
  /** Step Functions Standard: $0.025 per 1,000 state transitions (us-east-1), free tier not applied. */
  readonly stepFunctionsUsd: number;
  /** Of `transitions`, those of other workflows' executions this one started (`flow.run`, `.sync`), at any depth. */
  readonly otherWorkflowTransitions: number;
}

export interface CoverageRecord {
  /** State name → times entered (state names are unique across the whole machine, nested scopes included). */
  readonly states: Readonly<Record<string, number>>;
  /** `state#rule-index` or `state#default` → times taken. */
  readonly choiceRules: Readonly<Record<string, number>>;
  /** `state#catcher-index` → times a catcher handled an error. */
  readonly catchers: Readonly<Record<string, number>>;
  /** `state#retrier-index` → retries scheduled by that retrier. */
  readonly retriers: Readonly<Record<string, number>>;
}

export interface SimulationResult<O = Json> {
  readonly status: ExecutionStatus;
  readonly output?: O;
  readonly error?: string;
  readonly cause?: string;
  /** State transitions as AWS bills them: one per state entered, plus one per retry. */
  readonly transitions: number;
  /** Virtual seconds from start to end. */
  readonly durationSeconds: number;
  readonly events: readonly HistoryEvent[];
  readonly trace: readonly TraceEntry[];
  readonly cost: SimulationCost;
  readonly coverage: CoverageRecord;
  /** The in-memory S3 after the run. */
  readonly s3: ReadonlyMap<string, string>;
  /** The in-memory DynamoDB tables after the run: table name → items, in key order. */
  readonly dynamodb: ReadonlyMap<string, readonly Json[]>;
  /** The definition that ran. */
  readonly definition: Json;
}
