import { compareCodePoints } from '../text/compare-code-points.js';
import { arrayOf, components, isCycle, isTerminal, normalSuccessors, successors, type AslScope, type AslState } from './state-graph.js';

/**
 * Billable state transitions of one execution of a Standard state machine, from its ASL definition.
 *
 * The rule (deploy-runtime-research.md c.3 and d.3, https://aws.amazon.com/step-functions/pricing/): one transition
 * per state entered, including every state of every Map iteration and Parallel branch, and "each retry will be
 * charged as an additional state transition". So a Task with retriers is entered at most 1 + Σ MaxAttempts times
 * (MaxAttempts defaults to 3; asl-facts §1), and a Map or Parallel that is retried runs its whole body again.
 * Distributed Map children are child executions billed the same way (Standard children per transition), so they are
 * counted here as items × body transitions; the simulator adds child transitions to the parent likewise.
 *
 * - max: the longest path through the graph; a cycle (a loop) counts every state in it (bound + 1) times, the bound
 *   being the product of the maxIterations of the loops compiled into it (+1: a loop's exit check runs once more than
 *   its body); Maps at their item bound; every Task at its full retry count; catch edges are paths like any other.
 * - min: the shortest path from StartAt to a state that ends the execution successfully (End or Succeed; to any end
 *   when no successful one is reachable), no retries, Maps with no items.
 * - expected: no retries, no failures (catch edges not taken), every Choice branch equally likely, loops not
 *   repeated (back edges dropped: a loop leaves at its first exit check, after the body once when the check follows it), Maps at half their item bound (rounded up). The run is
 *   assumed to succeed: at a Choice, only the branches that can still reach a successful end are averaged.
 */
export interface TransitionBounds {
  readonly min: number;
  readonly expected: number;
  readonly max: number;
}

export interface TransitionInputs {
  /** Upper bound of items per Map state (by state name), when the compiler knows one. */
  readonly mapItems: ReadonlyMap<string, number>;
  /** Loops by the state names of their bodies, with their maxIterations. */
  readonly loops: readonly { readonly states: ReadonlySet<string>; readonly maxIterations: number }[];
  /** Items assumed for a Map without a known bound. */
  readonly unboundedItems: number;
}

export interface TransitionEstimate extends TransitionBounds {
  /** Assumptions taken where the definition gives no bound, sorted. */
  readonly notes: readonly string[];
}

/** Step Functions' default MaxAttempts for a retrier without one (asl-facts §1). */
const DEFAULT_MAX_ATTEMPTS = 3;

export function estimateTransitions(definition: AslScope, inputs: TransitionInputs): TransitionEstimate {
  return countEntries(definition, inputs, () => 1);
}

/**
 * What one entry of a state weighs: a number, or separate figures for the min, expected and max walks (a `flow.run`
 * step weighs one transition plus its child execution's min / expected / max).
 */
export type EntryWeight = (name: string, state: AslState) => number | TransitionBounds;

/**
 * The same walk with another weight per state entry (per attempt): how often states of one kind run (adapter
 * invocations, SNS publishes, S3 requests). Each of min/expected/max is taken over the path that is extreme for this
 * weight, so the maxima of two weights may come from different paths (a sum of maxima is still an upper bound).
 */
export function countEntries(definition: AslScope, inputs: TransitionInputs, weight: EntryWeight): TransitionEstimate {
  const notes = new Set<string>();
  const estimate = new Estimator(inputs, notes, weight);
  const bounds = estimate.scope(definition);
  return { ...bounds, notes: [...notes].sort(compareCodePoints) };
}

class Estimator {
  constructor(
    private readonly inputs: TransitionInputs,
    private readonly notes: Set<string>,
    private readonly weight: EntryWeight,
  ) {}

  scope(scope: AslScope): TransitionBounds {
    const own = new Map<string, TransitionBounds>();
    for (const [name, state] of Object.entries(scope.States)) own.set(name, this.state(name, state));
    return { min: this.shortest(scope, own), expected: this.expected(scope, own), max: this.longest(scope, own) };
  }

  /** What entering one state costs, nested scopes included. */
  private state(name: string, state: AslState): TransitionBounds {
    const attempts = maxAttempts(state);
    const given = this.weight(name, state);
    const w: TransitionBounds = typeof given === 'number' ? { min: given, expected: given, max: given } : given;
    if (state.Type === 'Parallel') {
      const branches = arrayOf(state['Branches']).map((b) => this.scope(b as unknown as AslScope));
      const sum = (pick: (b: TransitionBounds) => number): number => branches.reduce((total, b) => total + pick(b), 0);
      return { min: w.min + sum((b) => b.min), expected: w.expected + sum((b) => b.expected), max: attempts * (w.max + sum((b) => b.max)) };
    }
    if (state.Type === 'Map') {
      const processor = (state['ItemProcessor'] ?? state['Iterator']) as AslScope | undefined;
      const body = processor ? this.scope(processor) : { min: 0, expected: 0, max: 0 };
      const items = this.itemBound(name, state);
      return { min: w.min, expected: w.expected + Math.ceil(items / 2) * body.expected, max: attempts * (w.max + items * body.max) };
    }
    return { min: w.min, expected: w.expected, max: attempts * w.max };
  }

  private itemBound(name: string, state: AslState): number {
    const reader = state['ItemReader'] as { ReaderConfig?: { MaxItems?: unknown } } | undefined;
    const readerMax = reader?.ReaderConfig?.MaxItems;
    const known = this.inputs.mapItems.get(name);
    const bounds = [typeof readerMax === 'number' ? readerMax : undefined, known].filter((n): n is number => n !== undefined);
    if (bounds.length > 0) return Math.min(...bounds);
    this.notes.add(`map '${name}' has no item bound (.max() on its array, or maxItems on s3Items): ${this.inputs.unboundedItems} items assumed`);
    return this.inputs.unboundedItems;
  }

  private longest(scope: AslScope, own: ReadonlyMap<string, TransitionBounds>): number {
    const comps = components(scope);
    const compOf = new Map<string, number>();
    comps.forEach((c, i) => c.forEach((name) => compOf.set(name, i)));
    const memo = new Map<number, number>();
    const weigh = (i: number): number => {
      const cached = memo.get(i);
      if (cached !== undefined) return cached;
      const members = comps[i]!;
      const once = members.reduce((total, name) => total + own.get(name)!.max, 0);
      const weight = isCycle(scope, members) ? (this.loopBound(members) + 1) * once : once;
      let after = 0;
      for (const name of members) {
        for (const next of successors(scope.States[name]!)) {
          const j = compOf.get(next);
          if (j !== undefined && j !== i) after = Math.max(after, weigh(j));
        }
      }
      memo.set(i, weight + after);
      return weight + after;
    };
    const start = compOf.get(scope.StartAt);
    return start === undefined ? 0 : weigh(start);
  }

  /** The product of the bounds of the loops compiled into a cycle. */
  private loopBound(members: readonly string[]): number {
    const loops = this.inputs.loops.filter((loop) => members.some((name) => loop.states.has(name)));
    if (loops.length === 0) {
      const all = this.inputs.loops.reduce((product, loop) => product * loop.maxIterations, 1);
      this.notes.add(`cycle through '${[...members].sort(compareCodePoints)[0]}' matches no loop: bounded by every loop's maxIterations (${all})`);
      return all;
    }
    return loops.reduce((product, loop) => product * loop.maxIterations, 1);
  }

  /** Dijkstra over node weights (graphs are small: a linear scan for the next state is enough). */
  private shortest(scope: AslScope, own: ReadonlyMap<string, TransitionBounds>): number {
    const dist = new Map<string, number>([[scope.StartAt, own.get(scope.StartAt)?.min ?? 0]]);
    const done = new Set<string>();
    let bestSuccess = Infinity;
    let bestAny = Infinity;
    for (;;) {
      let current: string | undefined;
      for (const [name, d] of dist) if (!done.has(name) && (current === undefined || d < dist.get(current)!)) current = name;
      if (current === undefined) break;
      done.add(current);
      const state = scope.States[current];
      if (!state) continue;
      const d = dist.get(current)!;
      if (isTerminal(state)) {
        bestAny = Math.min(bestAny, d);
        if (state.Type !== 'Fail') bestSuccess = Math.min(bestSuccess, d);
      }
      for (const next of successors(state)) {
        const cost = own.get(next)?.min;
        if (cost !== undefined && d + cost < (dist.get(next) ?? Infinity)) dist.set(next, d + cost);
      }
    }
    const best = Number.isFinite(bestSuccess) ? bestSuccess : bestAny;
    return Number.isFinite(best) ? best : 0;
  }

  private expected(scope: AslScope, own: ReadonlyMap<string, TransitionBounds>): number {
    const back = backEdges(scope);
    const forwardOf = (name: string): string[] => {
      const state = scope.States[name];
      return state ? normalSuccessors(state).filter((next) => next in scope.States && !back.has(`${name}\u0000${next}`)) : [];
    };
    const succeeds = succeedingStates(scope, forwardOf);
    const memo = new Map<string, number>();
    const value = (name: string): number => {
      const cached = memo.get(name);
      if (cached !== undefined) return cached;
      const state = scope.States[name];
      if (!state) return 0;
      const forward = forwardOf(name);
      const succeeding = forward.filter((next) => succeeds.has(next));
      const taken = succeeding.length > 0 ? succeeding : forward;
      const rest = taken.length === 0 ? 0 : taken.reduce((total, next) => total + value(next), 0) / taken.length;
      const result = own.get(name)!.expected + rest;
      memo.set(name, result);
      return result;
    };
    return value(scope.StartAt);
  }
}

/** States from which the forward flow can reach a successful end (End or Succeed), found backwards to a fixpoint. */
function succeedingStates(scope: AslScope, forwardOf: (name: string) => string[]): Set<string> {
  const out = new Set<string>();
  for (const [name, state] of Object.entries(scope.States)) if (isTerminal(state) && state.Type !== 'Fail') out.add(name);
  for (let grew = true; grew; ) {
    grew = false;
    for (const name of Object.keys(scope.States)) {
      if (!out.has(name) && forwardOf(name).some((next) => out.has(next))) {
        out.add(name);
        grew = true;
      }
    }
  }
  return out;
}

/** Edges that close a cycle in a depth-first walk from StartAt (in the order the definition lists successors). */
function backEdges(scope: AslScope): Set<string> {
  const back = new Set<string>();
  const onPath = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string): void => {
    seen.add(name);
    onPath.add(name);
    const state = scope.States[name];
    for (const next of state ? normalSuccessors(state) : []) {
      if (!(next in scope.States)) continue;
      if (onPath.has(next)) back.add(`${name}\u0000${next}`);
      else if (!seen.has(next)) visit(next);
    }
    onPath.delete(name);
  };
  visit(scope.StartAt);
  return back;
}

/** 1 + Σ MaxAttempts over the retriers: a retrier counts its own attempts, so the worst case uses all of them. */
function maxAttempts(state: AslState): number {
  return 1 + arrayOf(state['Retry']).reduce((total, r) => total + (typeof r['MaxAttempts'] === 'number' ? r['MaxAttempts'] : DEFAULT_MAX_ATTEMPTS), 0);
}
