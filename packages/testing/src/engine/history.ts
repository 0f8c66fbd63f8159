import type { HistoryEvent, TraceEntry } from '../types.js';
import { ERR, StatesError } from './errors.js';

/** Step Functions fails an execution whose history would exceed 25,000 events (asl-facts §2). */
export const HISTORY_LIMIT = 25_000;

/** Records events in GetExecutionHistory's shape and the per-state trace, on the virtual clock. */
export class History {
  readonly events: HistoryEvent[] = [];
  readonly trace: TraceEntry[] = [];

  constructor(
    private readonly startMs: number,
    private readonly nowSeconds: () => number,
  ) {}

  timestamp(): string {
    return new Date(this.startMs + Math.round(this.nowSeconds() * 1000)).toISOString();
  }

  /** Appends an event; `previous` is the causal predecessor (the last event of the same branch). */
  add(type: string, details: Record<string, unknown> | undefined, previous: number): number {
    const id = this.events.length + 1;
    if (id > HISTORY_LIMIT) {
      throw new StatesError(ERR.Runtime, `The execution history reached the limit of ${HISTORY_LIMIT} events.`);
    }
    const event: HistoryEvent = { id, previousEventId: previous, timestamp: this.timestamp(), type, ...(details ?? {}) };
    this.events.push(event);
    return id;
  }
}

/** Event details carry JSON as text, as the API does. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}
