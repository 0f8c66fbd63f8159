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
  /** Distributed Map `ItemReader` / `ResultWriter` against the in-memory S3. */
  readItems(frame: Frame, stateName: string, reader: { Resource: string; ReaderConfig?: Record<string, unknown> }, args: unknown): Promise<unknown[]>;
  writeResults(frame: Frame, stateName: string, args: unknown, config: Record<string, unknown> | undefined, results: MapRunResult[]): Promise<unknown>;
}

export interface MapRunResult {
  readonly index: number;
  readonly input: unknown;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
}

/** Per-execution state shared by every frame. */
export interface ExecutionState {
  readonly clock: VirtualClock;
  readonly history: History;
  readonly coverage: Coverage;
  readonly services: Services;
  readonly functions: Record<string, unknown>;
  readonly random: () => number;
  readonly context: { readonly Execution: Record<string, unknown>; readonly StateMachine: Record<string, unknown> };
  readonly startMs: number;
  readonly region: string;
  transitions: number;
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
  readonly cancelled: () => boolean;
}

export function childFrame(parent: Frame, vars: VariableScope, path: readonly string[], mapIndex: readonly number[], cancelled: () => boolean): Frame {
  return { exec: parent.exec, vars, path, mapIndex, lastEvent: parent.lastEvent, cancelled: () => cancelled() || parent.cancelled() };
}

export function event(frame: Frame, type: string, details?: Record<string, unknown>): number {
  frame.lastEvent = frame.exec.history.add(type, details, frame.lastEvent);
  return frame.lastEvent;
}
