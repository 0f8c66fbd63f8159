import type { VariableScope } from './variables.js';
import type { VirtualClock } from './clock.js';
import type { History } from './history.js';
import type { Coverage } from './coverage.js';
import type { Graph } from './asl.js';

/** What a task integration gets: the evaluated arguments and the controls of a callback. */
export interface TaskCall {
  readonly frame: Frame;
  readonly stateName: string;
  readonly resource: string;
  readonly args: unknown;
  readonly retryCount: number;
  /** Set on `.waitForTaskToken` tasks. */
  readonly token: string | undefined;
  /** Resets the heartbeat timer (SendTaskHeartbeat). */
  heartbeat(): void;
}

export interface Services {
  invoke(call: TaskCall): Promise<unknown>;
  /**
   * On `.waitForTaskToken` tasks: the integration's own response to the request that carried the token (SNS
   * `Publish`, SQS `SendMessage` …), recorded as `TaskSubmitted.output`.
   */
  submitted?(call: TaskCall): unknown;
  /** Distributed Map `ItemReader` / `ResultWriter` against the in-memory S3. */
  readItems(frame: Frame, stateName: string, reader: { Resource: string; ReaderConfig?: Record<string, unknown> }, args: unknown): Promise<unknown[]>;
  writeResults(frame: Frame, stateName: string, args: unknown, config: Record<string, unknown> | undefined, results: MapRunResult[], run?: MapRunInfo): Promise<unknown>;
}

/** One child execution of a Distributed Map (or one item of an inline Map with tolerated failures). */
export interface MapRunResult {
  readonly index: number;
  readonly input: unknown;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  /** SUCCEEDED, FAILED, ABORTED (stopped by a failed Map Run) or PENDING (never started). */
  readonly status?: 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'PENDING';
  readonly executionArn?: string;
  readonly name?: string;
  readonly startDate?: string;
  readonly stopDate?: string;
}

/** The Map Run a Distributed Map state started: what the ResultWriter names its files after. */
export interface MapRunInfo {
  readonly mapRunArn: string;
  /** The `<uuid>` part of the Map Run ARN, used as the result folder under `Prefix`. */
  readonly id: string;
  readonly stateMachineArn: string;
}

/** Per-execution state shared by every frame. */
export interface ExecutionState {
  readonly clock: VirtualClock;
  readonly history: History;
  readonly coverage: Coverage;
  readonly services: Services;
  readonly functions: Record<string, unknown>;
  /** Jitter, `$random()` and `$uuid()`. */
  readonly random: () => number;
  /** Identifiers the simulator makes up (Map Run ids, request ids): a stream of their own, so they never shift `$random()`. */
  readonly uuid: () => string;
  readonly context: { readonly Execution: Record<string, unknown>; readonly StateMachine: Record<string, unknown> };
  readonly startMs: number;
  readonly region: string;
  readonly account: string;
  readonly machineName: string;
  /** Transitions of this execution (Distributed Map children are separate executions: see childTransitions). */
  transitions: number;
  /** Transitions of the child executions started by Distributed Maps and by `.sync` starts of other workflows (their own bills). */
  childTransitions: number;
  /**
   * The part of childTransitions that executions of other state machines (`.sync` starts, `flow.run`) billed, at any
   * depth: outside this definition, so outside its static bounds (`agentflow cost --scenario` compares the rest).
   */
  otherWorkflowTransitions: number;
  nextToken(): string;
  /** Runs a nested graph (Parallel branch, Map iteration) in a child frame. */
  runGraph(frame: Frame, graph: Graph, input: unknown): Promise<unknown>;
}

/** One running scope: the top level, a Parallel branch or a Map iteration. */
export interface Frame {
  readonly exec: ExecutionState;
  readonly vars: VariableScope;
  /** Trace scope, e.g. `['Summarize Sources', '3']`. */
  readonly path: readonly string[];
  readonly mapIndex: readonly number[];
  /** Causal predecessor for the next history event of this scope. */
  lastEvent: number;
  /** True once this scope (or one around it) was stopped because a sibling failed. */
  readonly cancelled: () => boolean;
  /** The state this scope is in, for `<Type>StateAborted` when a failing sibling stops it. */
  running: { readonly name: string; readonly type: string } | undefined;
  /** Running child scopes (Parallel branches, inline Map iterations), in start order. */
  readonly kids: Set<Frame>;
  /** On an inline Map iteration: the details of its `MapIterationAborted`. */
  readonly iteration: { readonly name: string; readonly index: number } | undefined;
  aborted: boolean;
}

export function topFrame(exec: ExecutionState, vars: VariableScope, path: readonly string[] = [], mapIndex: readonly number[] = [], parent?: Frame): Frame {
  const frame: Frame = {
    exec,
    vars,
    path,
    mapIndex,
    lastEvent: 0,
    cancelled: () => frame.aborted || (parent !== undefined && parent.cancelled()),
    running: undefined,
    kids: new Set(),
    iteration: undefined,
    aborted: false,
  };
  return frame;
}

/** A Parallel branch or inline Map iteration: same execution, own variable scope, registered with its parent. */
export function childFrame(parent: Frame, vars: VariableScope, path: readonly string[], mapIndex: readonly number[], iteration?: { name: string; index: number }): Frame {
  const frame: Frame = {
    exec: parent.exec,
    vars,
    path,
    mapIndex,
    lastEvent: parent.lastEvent,
    cancelled: () => frame.aborted || parent.cancelled(),
    running: undefined,
    kids: new Set(),
    iteration,
    aborted: false,
  };
  parent.kids.add(frame);
  return frame;
}

/** Appends an event to the frame's history; a scope already stopped by a failing sibling records nothing more. */
export function event(frame: Frame, type: string, details?: Record<string, unknown>): number {
  if (frame.cancelled()) return frame.lastEvent;
  frame.lastEvent = frame.exec.history.add(type, details, frame.lastEvent);
  return frame.lastEvent;
}

/**
 * Stops a running scope because a sibling failed: the states it is in get `<Type>StateAborted` (innermost first)
 * and an inline Map iteration `MapIterationAborted` (REC/timeouts/test_timeouts, `test_service_lambda_map_timeout`).
 * `silent` stops without events (a Distributed Map child: its history is not the parent's).
 */
export function abortFrame(frame: Frame, silent = false): void {
  if (frame.aborted) return;
  for (const kid of frame.kids) abortFrame(kid, silent);
  if (!silent) {
    const history = frame.exec.history;
    if (frame.running) frame.lastEvent = history.add(`${frame.running.type}StateAborted`, undefined, frame.lastEvent);
    if (frame.iteration) frame.lastEvent = history.add('MapIterationAborted', { mapIterationAbortedEventDetails: { ...frame.iteration } }, frame.lastEvent);
  }
  frame.aborted = true;
}
