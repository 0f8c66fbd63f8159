import type { HistoryEvent, TraceEntry } from '../types.js';
import { ERR, StatesError } from './errors.js';

/** Step Functions fails an execution whose history reaches 25,000 events (developer guide, "service-quotas"). */
export const HISTORY_LIMIT = 25_000;

/** The cause AWS gives when the limit is reached (FL#2734). */
export const HISTORY_LIMIT_CAUSE = `The execution reached the maximum number of history events (${HISTORY_LIMIT}).`;

const TERMINAL = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);

/** Records events in GetExecutionHistory's shape and the per-state trace, on the virtual clock. */
export class History {
  readonly events: HistoryEvent[] = [];
  /** Set once the history limit has ended the execution: every later event is refused with it. */
  closed: StatesError | undefined;

  constructor(
    private readonly startMs: number,
    private readonly nowSeconds: () => number,
    /** Shared with the child executions of a Distributed Map, whose events are not in this history. */
    readonly trace: TraceEntry[] = [],
  ) {}

  private lastSeconds = NaN;
  private lastText = '';

  /** ISO 8601 UTC with milliseconds of the virtual clock now (formatted once per instant). */
  timestamp(): string {
    return this.timestampAt(this.nowSeconds());
  }

  timestampAt(seconds: number): string {
    if (seconds !== this.lastSeconds) {
      this.lastSeconds = seconds;
      this.lastText = new Date(this.startMs + Math.round(seconds * 1000)).toISOString();
    }
    return this.lastText;
  }

  /**
   * Appends an event; `previous` is the causal predecessor (the last event of the same branch). Event 25,000 is
   * always the execution's end: if it would be anything else, it becomes `ExecutionFailed{States.Runtime}` and
   * the execution stops.
   */
  add(type: string, details: Record<string, unknown> | undefined, previous: number): number {
    if (this.closed) throw this.closed;
    const id = this.events.length + 1;
    if (id >= HISTORY_LIMIT && !TERMINAL.has(type)) {
      this.events.push({
        id,
        previousEventId: previous,
        timestamp: this.timestamp(),
        type: 'ExecutionFailed',
        executionFailedEventDetails: { error: ERR.Runtime, cause: HISTORY_LIMIT_CAUSE },
      });
      this.closed = new StatesError(ERR.Runtime, HISTORY_LIMIT_CAUSE, { recorded: true });
      throw this.closed;
    }
    const event: HistoryEvent = details === undefined ? { id, previousEventId: previous, timestamp: this.timestamp(), type } : { id, previousEventId: previous, timestamp: this.timestamp(), type, ...details };
    this.events.push(event);
    return id;
  }
}

/** Event details carry JSON as text, as the API does. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/** `inputDetails` / `outputDetails` / `assignedVariablesDetails`: the simulator never truncates. */
export const NOT_TRUNCATED: { readonly truncated: false } = Object.freeze({ truncated: false });
