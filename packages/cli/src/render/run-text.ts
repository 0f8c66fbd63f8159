import type { HistoryEvent, SimulationResult, TraceEntry } from '@agentflow/testing';

/**
 * Text rendering of one simulated execution for `agentflow run`: the path taken (or, with `--trace`, every state
 * visit with its start on the virtual clock and its duration, nested by Map item and Parallel branch, with each
 * failed attempt, retry and caught error), then the billed transitions, the virtual duration and the final status
 * with the output or the error and cause.
 *
 * Nesting, attempts and caught errors come from the execution history (every event names its causal predecessor,
 * so the events of each Map item and Parallel branch can be told apart); exact times and the errors of failed
 * states come from the simulator's trace.
 */
export function renderRunText(result: SimulationResult, options: { readonly trace: boolean }): string {
  const run = analyse(result);
  const lines = options.trace ? traceLines(run) : [pathLine(run), ''];
  lines.push(...summaryLines(result));
  return `${lines.join('\n')}\n`;
}

/** One running scope: the top level, one Map item or one Parallel branch. */
interface Scope {
  /** As in `TraceEntry.scope`: `['Summarize Sources', '3']`. */
  readonly path: readonly string[];
  /** `item 3`, `branch 1`; empty at the top level. */
  readonly label: string;
  /** Id of the event that opened the scope (0 for the top level). */
  readonly firstEvent: number;
  /** The Map or Parallel visit that started it; undefined at the top level. */
  readonly parent: Visit | undefined;
  readonly visits: Visit[];
}

/** One entry into a state, with the events that followed it in its scope. */
interface Visit {
  readonly name: string;
  readonly type: string;
  readonly scope: Scope;
  readonly path: readonly string[];
  /** Virtual seconds at entry (from the event; the trace's exact value once matched). */
  start: number;
  /** The events after `…StateEntered` in this visit's scope, up to the next state's entry. */
  readonly events: HistoryEvent[];
  /** Map items and Parallel branches this visit started, in the order they started. */
  readonly scopes: Scope[];
  /** The simulator's record of the visit; absent when it never ended (aborted, or cut by the execution's end). */
  entry?: TraceEntry;
}

interface Analysed {
  readonly result: SimulationResult;
  readonly top: Scope;
  readonly startMs: number;
}

const ATTEMPT_STARTS = new Set(['TaskScheduled', 'MapStateStarted', 'ParallelStateStarted']);

/** A failed attempt's event: `TaskFailed`, `TaskTimedOut`, `MapStateFailed`, `ParallelStateFailed` … */
function isFailure(event: HistoryEvent): boolean {
  return /(?:Failed|TimedOut)$/.test(event.type) && !event.type.startsWith('Execution') && !event.type.startsWith('MapIteration');
}

/** The object of an event's `…EventDetails` field, or the event itself when it carries its details inline. */
function detailsOf(event: HistoryEvent): Readonly<Record<string, unknown>> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value !== null && typeof value === 'object') return value as Record<string, unknown>;
  }
  return event;
}

function stringField(record: Readonly<Record<string, unknown>> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' ? value : undefined;
}

function secondsOf(event: HistoryEvent, startMs: number): number {
  return (Date.parse(event.timestamp) - startMs) / 1000;
}

/** Events of a Map or Parallel state itself: `MapStateStarted`, `ParallelStateFailed`, `MapRunStarted` … */
const CONTAINER_EVENT = /^(Map|Parallel)(State|Run)(Started|Succeeded|Failed|Aborted|Exited)$/;

/**
 * Which event types may directly precede a container's own event of this kind within the container's own scope.
 * Any other predecessor is the last event of one of its items or branches (AWS chains `MapStateSucceeded` after
 * the last `MapIterationSucceeded`, `ParallelStateSucceeded` after the last branch's last event).
 */
function ownPredecessors(type: string, kind: string): readonly string[] {
  switch (kind) {
    case 'Started':
      return [`${type}StateEntered`, `${type}StateFailed`, 'MapStateStarted', 'MapRunStarted'];
    case 'Exited':
      return [`${type}StateSucceeded`, `${type}StateFailed`, `${type}StateAborted`];
    default:
      return [`${type}StateStarted`, 'MapRunStarted', 'MapRunSucceeded', 'MapRunFailed'];
  }
}

/**
 * Rebuilds the scope tree from the history, then attaches each trace entry to its visit. An event belongs to the
 * scope of the event it names as its predecessor, except for the first event of a Map item or Parallel branch
 * (a new scope), a Map or Parallel state's own events (its scope, even when chained after a child's event) and
 * the execution's events (the top level).
 */
function analyse(result: SimulationResult): Analysed {
  const top: Scope = { path: [], label: '', firstEvent: 0, parent: undefined, visits: [] };
  const events = result.events;
  const startMs = events[0] ? Date.parse(events[0].timestamp) : 0;
  const byId = new Map<number, HistoryEvent>(events.map((e) => [e.id, e]));
  const scopeOf = new Map<number, Scope>();
  const visitOf = new Map<number, Visit>();
  const branches = new Map<number, number>();
  const visits: Visit[] = [];
  for (const event of events) {
    let scope = event.type.startsWith('Execution') ? top : (scopeOf.get(event.previousEventId) ?? top);
    const parent = visitOf.get(event.previousEventId);
    const previous = byId.get(event.previousEventId);
    const container = CONTAINER_EVENT.exec(event.type);
    const map = event.type === 'MapIterationStarted' ? mapOf(scope, parent, String(detailsOf(event)['name'])) : undefined;
    if (map) {
      // A Map item starts after MapStateStarted, or (under MaxConcurrency) after the item whose place it takes.
      const index = String(detailsOf(event)['index']);
      scope = { path: [...map.path, map.name, index], label: `item ${index}`, firstEvent: event.id, parent: map, visits: [] };
      map.scopes.push(scope);
    } else if (parent && previous?.type === 'ParallelStateStarted' && event.type.endsWith('StateEntered')) {
      // Each branch's first state hangs off ParallelStateStarted; branches start in definition order.
      const index = branches.get(previous.id) ?? 0;
      branches.set(previous.id, index + 1);
      scope = { path: [...parent.path, parent.name, String(index)], label: `branch ${index}`, firstEvent: event.id, parent, visits: [] };
      parent.scopes.push(scope);
    } else if (container && scope.parent && scope.parent.type === container[1] && !(previous && ownPredecessors(container[1]!, container[3]!).includes(previous.type))) {
      scope = scope.parent.scope;
    }
    scopeOf.set(event.id, scope);
    // Item events belong to the item, not to the state that ran last in it.
    if (event.type.startsWith('MapIteration')) continue;
    if (event.type.endsWith('StateEntered')) {
      const visit: Visit = {
        name: String(detailsOf(event)['name']),
        type: event.type.slice(0, -'StateEntered'.length),
        scope,
        path: scope.path,
        start: secondsOf(event, startMs),
        events: [],
        scopes: [],
      };
      scope.visits.push(visit);
      visits.push(visit);
      visitOf.set(event.id, visit);
    } else {
      const visit = scope.visits.at(-1);
      if (visit) {
        visit.events.push(event);
        visitOf.set(event.id, visit);
      }
    }
  }
  attachTrace(visits, result.trace);
  return { result, top, startMs };
}

/** The running Map state a `MapIterationStarted` event (chained after `previous`, in `scope`) belongs to. */
function mapOf(scope: Scope, previous: Visit | undefined, name: string): Visit | undefined {
  if (previous?.type === 'Map' && previous.name === name) return previous;
  for (let s: Scope | undefined = scope; s; s = s.parent?.scope) {
    const last = s.visits.at(-1);
    if (last?.type === 'Map' && last.name === name && !last.events.some((e) => e.type === 'MapStateExited')) return last;
    if (s.parent?.type === 'Map' && s.parent.name === name) return s.parent;
  }
  return undefined;
}

/**
 * The trace lists visits as they end; a visit takes the first unclaimed entry with the same scope, state and entry
 * time (visits of one scope path never overlap, so both lists have them in the same order).
 */
function attachTrace(visits: readonly Visit[], trace: readonly TraceEntry[]): void {
  const entries = new Map<string, TraceEntry[]>();
  const key = (path: readonly string[], state: string) => `${JSON.stringify(path)}\u0000${state}`;
  for (const entry of trace) {
    const list = entries.get(key(entry.scope, entry.state));
    if (list) list.push(entry);
    else entries.set(key(entry.scope, entry.state), [entry]);
  }
  for (const visit of visits) {
    const list = entries.get(key(visit.path, visit.name));
    // History timestamps have millisecond precision; the trace keeps the exact virtual time.
    const index = list?.findIndex((entry) => Math.abs(entry.enteredAt - visit.start) < 0.0015) ?? -1;
    if (index < 0) continue;
    visit.entry = list![index]!;
    visit.start = visit.entry.enteredAt;
    list!.splice(index, 1);
  }
}

/** One attempt of a state (Task, Map and Parallel retry; every other state has one). */
interface Attempt {
  /** The Map items or Parallel branches it ran. */
  readonly scopes: readonly Scope[];
  readonly failedAt?: number;
  /** Virtual seconds from the attempt's start to its failure. */
  readonly ranFor?: number;
  readonly error?: string;
  readonly cause?: string;
  /** Virtual seconds from the failure to the next attempt, when the state was retried. */
  readonly retryAfter?: number;
}

/** What became of a visit. */
type Outcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'caught'; readonly error?: string; readonly cause?: string; readonly next?: string }
  | { readonly kind: 'failed'; readonly error?: string; readonly cause?: string }
  /** Never ended: stopped because a sibling item or branch failed, or cut off by the execution's end. */
  | { readonly kind: 'aborted' | 'running' };

/** How a visit is shown: its attempts, outcome and timing, given when its enclosing scope stopped. */
interface Shown {
  readonly attempts: readonly Attempt[];
  readonly outcome: Outcome;
  readonly end: number;
  readonly retries: number;
  readonly items?: number;
}

/**
 * Looks at one visit. `stoppedAt` is when its enclosing Map or Parallel attempt failed (the visit was aborted then,
 * if it had not ended), or undefined at the top level and in attempts that did not fail.
 */
function show(run: Analysed, visit: Visit, next: Visit | undefined, stoppedAt: number | undefined): Shown {
  const { startMs, result } = run;
  const exited = visit.events.some((e) => e.type === `${visit.type}StateExited`);
  const ended = exited || visit.entry !== undefined || visit.events.some((e) => e.type === 'ExecutionFailed');
  // An aborted visit's own events stop when its scope was stopped (the simulator may record a few after it).
  const events = ended || stoppedAt === undefined ? visit.events : visit.events.filter((e) => secondsOf(e, startMs) <= stoppedAt);
  const attempts = attemptsOf(visit, events, startMs);
  const last = attempts.at(-1);
  let outcome: Outcome;
  if (visit.entry?.error !== undefined) {
    outcome = { kind: 'failed', error: visit.entry.error, ...(visit.entry.cause ? { cause: visit.entry.cause } : {}) };
  } else if (exited && (last?.failedAt !== undefined || caughtByDefinition(run, visit))) {
    const output = exitOutput(visit);
    const error = last?.error ?? stringField(output, 'Error');
    const cause = last?.error !== undefined ? last.cause : stringField(output, 'Cause');
    const target = visit.entry?.next ?? next?.name;
    outcome = { kind: 'caught', ...(error !== undefined ? { error } : {}), ...(cause ? { cause } : {}), ...(target !== undefined ? { next: target } : {}) };
  } else if (ended) {
    const failed = visit.events.find((e) => e.type === 'ExecutionFailed');
    const error = failed ? stringField(detailsOf(failed), 'error') : undefined;
    const cause = failed ? stringField(detailsOf(failed), 'cause') : undefined;
    outcome = failed && !exited ? { kind: 'failed', ...(error !== undefined ? { error } : {}), ...(cause ? { cause } : {}) } : { kind: 'ok' };
  } else {
    outcome = { kind: stoppedAt !== undefined || result.status !== 'TIMED_OUT' ? 'aborted' : 'running' };
  }
  let end = visit.entry?.exitedAt;
  if (end === undefined) {
    end = stoppedAt ?? (outcome.kind === 'running' ? result.durationSeconds : visit.start);
    if (outcome.kind !== 'aborted' && outcome.kind !== 'running') for (const e of events) end = Math.max(end, secondsOf(e, startMs));
  }
  const started = events.filter((e) => e.type === 'MapStateStarted').at(-1);
  const length = started ? detailsOf(started)['length'] : undefined;
  return {
    attempts,
    outcome,
    end,
    retries: visit.entry?.retries ?? Math.max(0, events.filter((e) => ATTEMPT_STARTS.has(e.type)).length - 1),
    ...(typeof length === 'number' ? { items: length } : {}),
  };
}

/** Splits a visit's events at each attempt's start; each attempt keeps the items or branches it started. */
function attemptsOf(visit: Visit, events: readonly HistoryEvent[], startMs: number): Attempt[] {
  const starts = events.filter((e) => ATTEMPT_STARTS.has(e.type));
  const bounds = starts.length > 0 ? starts.map((e) => e.id) : [0];
  return bounds.map((from, k) => {
    const to = bounds[k + 1] ?? Infinity;
    const failure = events.find((e) => e.id > from && e.id < to && isFailure(e));
    const scopes = visit.scopes.filter((s) => (k === 0 || s.firstEvent > from) && s.firstEvent < to);
    if (!failure) return { scopes };
    const failedAt = secondsOf(failure, startMs);
    const details = detailsOf(failure);
    // MapStateFailed carries no error: it is the error of the item that failed first.
    const own = stringField(details, 'error');
    const fromItems = own === undefined ? firstFailure(scopes) : undefined;
    const error = own ?? fromItems?.error;
    const cause = own !== undefined ? stringField(details, 'cause') : fromItems?.cause;
    const retry = starts[k + 1];
    const began = starts[k];
    return {
      scopes,
      failedAt,
      ranFor: failedAt - (began ? secondsOf(began, startMs) : visit.start),
      ...(error !== undefined ? { error } : {}),
      ...(cause ? { cause } : {}),
      ...(retry ? { retryAfter: secondsOf(retry, startMs) - failedAt } : {}),
    };
  });
}

/** The uncaught error that ended the first of these items or branches to fail. */
function firstFailure(scopes: readonly Scope[]): { error: string; cause?: string } | undefined {
  let found: TraceEntry | undefined;
  for (const scope of scopes) {
    for (const visit of scope.visits) {
      const entry = visit.entry;
      if (entry?.error !== undefined && (found === undefined || entry.exitedAt < found.exitedAt)) found = entry;
    }
  }
  return found && { error: found.error!, ...(found.cause ? { cause: found.cause } : {}) };
}

function exitOutput(visit: Visit): Readonly<Record<string, unknown>> | undefined {
  const output = visit.entry?.output;
  return output !== null && typeof output === 'object' && !Array.isArray(output) ? output : undefined;
}

interface StateDefinition {
  readonly Next?: string;
  readonly Catch?: readonly { readonly Next?: string }[];
  readonly Branches?: readonly { readonly States?: Record<string, StateDefinition> }[];
  readonly ItemProcessor?: { readonly States?: Record<string, StateDefinition> };
  readonly Iterator?: { readonly States?: Record<string, StateDefinition> };
}

/**
 * An error caught before any attempt started (an `Arguments` or `Items` expression that failed) leaves no failure
 * event; the visit then went to a catcher's target rather than to its `Next`.
 */
function caughtByDefinition(run: Analysed, visit: Visit): boolean {
  const next = visit.entry?.next;
  if (next === undefined || visit.events.some((e) => ATTEMPT_STARTS.has(e.type))) return false;
  let states = (run.result.definition as { States?: Record<string, StateDefinition> } | null)?.States;
  for (let i = 0; i + 1 < visit.path.length; i += 2) {
    const container: StateDefinition | undefined = states?.[visit.path[i]!];
    states = container?.Branches ? container.Branches[Number(visit.path[i + 1])]?.States : (container?.ItemProcessor ?? container?.Iterator)?.States;
  }
  const state = states?.[visit.name];
  return state !== undefined && next !== state.Next && (state.Catch ?? []).some((c) => c.Next === next);
}

interface Row {
  /** `+0:02:40`, or empty for detail lines. */
  readonly at: string;
  readonly body: string;
}

function traceLines(run: Analysed): string[] {
  const rows: Row[] = [];
  const walk = (scope: Scope, column: number, labelWidth: number, stoppedAt: number | undefined) => {
    scope.visits.forEach((visit, i) => {
      const shown = show(run, visit, scope.visits[i + 1], stoppedAt);
      const label = scope.label ? `${(i === 0 ? scope.label : '').padEnd(labelWidth)}  ` : '';
      const nameColumn = column + label.length;
      const facts = [visit.type, formatDuration(shown.end - visit.start)];
      if (shown.items !== undefined) facts.push(`${shown.items} item${shown.items === 1 ? '' : 's'}`);
      if (shown.retries > 0) facts.push(`${shown.retries} retr${shown.retries === 1 ? 'y' : 'ies'}`);
      rows.push({ at: `+${formatClock(visit.start)}`, body: `${' '.repeat(column)}${label}${visit.name}  (${facts.join(', ')})` });
      const note = (line: string) => rows.push({ at: '', body: `${' '.repeat(nameColumn + 2)}${line}` });
      const width = Math.max(0, ...visit.scopes.map((s) => s.label.length));
      const numbered = shown.attempts.length > 1;
      const { outcome } = shown;
      shown.attempts.forEach((attempt, k) => {
        // Items and branches first, then what became of the attempt: the order in which things happened.
        for (const child of attempt.scopes) walk(child, nameColumn + 2, width, attempt.failedAt ?? stoppedAt);
        if (attempt.failedAt === undefined) return;
        const final = k === shown.attempts.length - 1;
        const error = attempt.error ?? (final && (outcome.kind === 'failed' || outcome.kind === 'caught') ? outcome.error : undefined);
        const cause = attempt.error !== undefined ? attempt.cause : final && (outcome.kind === 'failed' || outcome.kind === 'caught') ? outcome.cause : undefined;
        const then = attempt.retryAfter !== undefined ? `retried after ${formatDuration(attempt.retryAfter)}` : final && outcome.kind === 'caught' ? caughtTo(outcome) : undefined;
        const what = `${numbered ? `attempt ${k + 1} failed` : 'failed'}${attempt.ranFor ? ` after ${formatDuration(attempt.ranFor)}` : ''}`;
        note(failureText(what, error, then, cause));
      });
      const lastFailed = shown.attempts.at(-1)?.failedAt !== undefined;
      if (outcome.kind === 'caught' && !lastFailed) note(failureText('failed', outcome.error, caughtTo(outcome), outcome.cause));
      if (outcome.kind === 'failed' && !lastFailed) note(failureText('failed', outcome.error, undefined, outcome.cause));
      if (outcome.kind === 'aborted') note(`aborted: ${scope.label.startsWith('branch') ? 'another branch' : scope.label ? 'another item' : 'the execution'} failed`);
      if (outcome.kind === 'running') note('still running when the execution timed out');
    });
  };
  walk(run.top, 0, 0, undefined);
  const width = Math.max(0, ...rows.map((r) => r.at.length));
  return [...rows.map((r) => `${r.at.padStart(width)}  ${r.body}`.trimEnd()), ''];
}

function caughtTo(outcome: { readonly next?: string }): string {
  return `caught -> ${outcome.next ?? '(end)'}`;
}

/** `attempt 2 failed with States.Timeout, caught -> Fallback: <the cause, on one line>` */
function failureText(what: string, error: string | undefined, then: string | undefined, cause: string | undefined): string {
  const flat = lambdaMessage(cause)?.replace(/\s+/g, ' ').trim();
  const shown = flat && flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
  return `${what}${error !== undefined ? ` with ${error}` : ''}${then ? `, ${then}` : ''}${shown ? `: ${shown}` : ''}`;
}

/** A Lambda function error's cause is `{"errorMessage", "errorType", "requestId", "stackTrace"}` as JSON: show its message. */
function lambdaMessage(cause: string | undefined): string | undefined {
  if (!cause?.startsWith('{')) return cause;
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown } | null;
    return typeof parsed?.errorMessage === 'string' ? parsed.errorMessage : cause;
  } catch {
    return cause;
  }
}

const PATH_WIDTH = 100;

/** The top-level states in order, each marked when it was retried, caught an error, failed or did not end. */
function pathLine(run: Analysed): string {
  const visits = run.top.visits;
  const steps = visits.map((visit, i) => {
    const shown = show(run, visit, visits[i + 1], undefined);
    const notes: string[] = [];
    if (shown.retries > 0) notes.push(`${shown.retries} retr${shown.retries === 1 ? 'y' : 'ies'}`);
    const { outcome } = shown;
    if (outcome.kind === 'caught') notes.push(`caught ${outcome.error ?? 'an error'}`);
    if (outcome.kind === 'failed') notes.push(`failed${outcome.error !== undefined ? ` with ${outcome.error}` : ''}`);
    if (outcome.kind === 'running') notes.push('still running');
    if (outcome.kind === 'aborted') notes.push('aborted');
    return notes.length ? `${visit.name} [${notes.join(', ')}]` : visit.name;
  });
  const lead = 'path: ';
  if (steps.length === 0) return `${lead}(no state entered)`;
  const lines: string[] = [];
  let line = `${lead}${steps[0]}`;
  for (const step of steps.slice(1)) {
    if (line.length + 4 + step.length > PATH_WIDTH) {
      lines.push(line);
      line = `${' '.repeat(lead.length)}-> ${step}`;
    } else {
      line += ` -> ${step}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

function summaryLines(result: SimulationResult): string[] {
  const lines = [`transitions: ${result.transitions}`, `duration: ${formatDuration(result.durationSeconds, 4)} (virtual clock)`, `status: ${result.status}`];
  if (result.status === 'SUCCEEDED') {
    lines.push('output:', JSON.stringify(result.output ?? null, null, 2));
  } else {
    lines.push(`error: ${result.error ?? ''}`);
    if (result.cause) lines.push(`cause: ${result.cause}`);
  }
  return lines;
}

const UNITS: readonly [string, number][] = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/**
 * A compact duration: its `units` largest units (`2d 3h`, `5h 2m`, `1m 30s`; with 4, `1d 7h 13m 40s`), or seconds
 * with up to millisecond precision below a minute (`0s`, `14s`, `0.25s`).
 */
export function formatDuration(seconds: number, units = 2): string {
  const s = Math.max(0, Math.round(seconds * 1000) / 1000);
  if (s < 60) return `${Number(s.toFixed(3))}s`;
  let rest = Math.floor(s);
  const parts: string[] = [];
  let counted = 0;
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (counted === 0 && n === 0) continue;
    if (n > 0) parts.push(`${n}${unit}`);
    if (++counted === units) break;
  }
  return parts.join(' ');
}

/** A point on the virtual clock: `0:00:40`, `3:09:40`, `1d 02:09:40`, with milliseconds only when there are some. */
export function formatClock(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const days = Math.floor(ms / 86_400_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(ms / 3_600_000) % 24;
  const clock = `${days > 0 ? two(h) : h}:${two(Math.floor(ms / 60_000) % 60)}:${two(Math.floor(ms / 1000) % 60)}`;
  const fraction = ms % 1000 === 0 ? '' : `.${String(ms % 1000).padStart(3, '0').replace(/0+$/, '')}`;
  return `${days > 0 ? `${days}d ` : ''}${clock}${fraction}`;
}
