import type { Step } from '@agentflow/dsl';
import type { Unset } from './catch-paths.js';

/** `{ kind: 'no-failure', after }` with the `after` of the state that holds it: every such entry moves on at once. */
const NO_FAILURE = Symbol('no-failure since the state began');
/** A variable removed from the state although its base holds it. */
const REMOVED = Symbol('removed');
type Stored = Unset | typeof NO_FAILURE;

/** Past this many changes over its base, a state is flattened into a new base (see `completedBy`). */
const MAX_DELTA = 64;

/**
 * The variables (`result:<id>`, `error:<id>`) that may be unset at one point of the flow, with why: a map from key to
 * `Unset`, as the catch-path walk sees it. Each step of the walk derives new states from old ones (a copy with a few
 * changes, or a union at a join), and a long flow carries thousands of keys: copying whole maps made the walk
 * quadratic. A state is therefore an immutable `base` shared with the states derived from it, plus its own small
 * `delta`; a union of two states over the same base only visits the deltas. A step that completes moves every missing
 * failure on to itself (`after`), which is one field here rather than a rewrite of every entry.
 */
export class CatchPathState {
  private constructor(
    private readonly base: ReadonlyMap<string, Stored>,
    private delta: Map<string, Stored | typeof REMOVED>,
    private readonly after: Step | undefined,
    /** False while `delta` may be shared with another state: it is copied before its first change (copy-on-write). */
    private owned = true,
  ) {}

  /** The state at the start of the flow: each of `errors` is unset as its step has not failed. */
  static start(errors: readonly string[]): CatchPathState {
    return new CatchPathState(new Map(errors.map((key) => [key, NO_FAILURE])), new Map(), undefined);
  }

  get(key: string): Unset | undefined {
    const stored = this.delta.has(key) ? this.delta.get(key) : this.base.get(key);
    if (stored === undefined || stored === REMOVED) return undefined;
    return stored === NO_FAILURE ? { kind: 'no-failure', after: this.after } : stored;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Most copies are only read, or changed in a key or two: the delta is shared until one side changes it. */
  copy(): CatchPathState {
    this.owned = false;
    return new CatchPathState(this.base, this.delta, this.after, false);
  }

  /** The delta, made this state's own before a change. */
  private own(): Map<string, Stored | typeof REMOVED> {
    if (!this.owned) {
      this.delta = new Map(this.delta);
      this.owned = true;
    }
    return this.delta;
  }

  set(key: string, why: Unset): void {
    this.own().set(key, why.kind === 'no-failure' && why.after === this.after ? NO_FAILURE : why);
  }

  delete(key: string): void {
    if (this.base.has(key)) {
      if (this.delta.get(key) !== REMOVED) this.own().set(key, REMOVED);
    } else if (this.delta.has(key)) this.own().delete(key);
  }

  /**
   * Adds `from`'s variables to this (fresh, unshared) state: a skip by a catch (or another path of an attempt) is kept
   * over a missing failure; otherwise what this state already has stays.
   */
  mergeFrom(from: CatchPathState): void {
    // Keys neither delta touches hold the same stored value in both: keeping this state's is what the union does.
    const keys = from.base === this.base ? new Set([...this.delta.keys(), ...from.delta.keys()]) : new Set([...from.base.keys(), ...from.delta.keys()]);
    for (const key of keys) {
      const why = from.get(key);
      if (!why) continue;
      const had = this.get(key);
      if (!had || (had.kind === 'no-failure' && why.kind !== 'no-failure')) this.set(key, why);
    }
  }

  /** The state after `step` completes normally: `removed` are set again, and a missing failure is now after `step`. */
  completedBy(step: Step, removed: readonly string[]): CatchPathState {
    let out: CatchPathState;
    if (this.hasExplicitNoFailure()) {
      const delta = new Map<string, Stored | typeof REMOVED>();
      for (const [key, stored] of this.delta) delta.set(key, isExplicitNoFailure(stored) ? NO_FAILURE : stored);
      out = new CatchPathState(this.base, delta, step);
    } else {
      // Nothing in the delta names a step: the new state shares it (copy-on-write) instead of rebuilding it per step.
      this.owned = false;
      out = new CatchPathState(this.base, this.delta, step, false);
    }
    for (const key of removed) out.delete(key);
    return out.delta.size > MAX_DELTA ? out.flattened() : out;
  }

  private hasExplicitNoFailure(): boolean {
    for (const stored of this.delta.values()) if (isExplicitNoFailure(stored)) return true;
    return false;
  }

  /** The same state over a base of its own (only once every no-failure entry is NO_FAILURE: see `completedBy`). */
  private flattened(): CatchPathState {
    const base = new Map(this.base);
    for (const [key, stored] of this.delta) {
      if (stored === REMOVED) base.delete(key);
      else base.set(key, stored);
    }
    return new CatchPathState(base, new Map(), this.after);
  }
}

/** A no-failure entry with its own `after` (from a merge), which moves on to the completing step like NO_FAILURE. */
function isExplicitNoFailure(stored: Stored | typeof REMOVED): boolean {
  return stored !== REMOVED && stored !== NO_FAILURE && stored.kind === 'no-failure';
}
