import type { Step } from '@agentflow/dsl';

/** Where two builds of one workflow first disagree: the innermost step holding the difference, and the two values. */
export interface IrDifference {
  /** The step whose data differs (absent when the difference is on the workflow itself). */
  readonly step: Step | undefined;
  /** Field path inside the step (or workflow), e.g. `prompt.parts.0`. */
  readonly field: string;
  readonly first: string;
  readonly second: string;
}

const STEP_KINDS = new Set(['agent', 'model', 'task', 'approval', 'parallel', 'map', 'choice', 'loop', 'exit-loop', 'vote', 'wait', 'set', 'assign', 'succeed', 'fail']);

/**
 * Compares two IRs of the same workflow (or any two IR values, e.g. result schemas) in tree order. zod schemas are
 * compared by their plain-data `def` (a body may build a schema afresh each time), functions by their source, so only
 * values that really change between builds count.
 */
export function firstDifference(a: unknown, b: unknown): IrDifference | undefined {
  // The objects on the way down from the root: recursive schemas (z.lazy, getters) form cycles, and a pair already on
  // the way down is compared there.
  const onPath = new PathSet();
  let step: Step | undefined;
  // Where the current step starts in the path: fields are reported relative to their step.
  let depth = 0;
  // One path, pushed and popped on the way: copying it per value would make deep workflows quadratic.
  const path: (string | number)[] = [];
  const walkAt = (key: string | number, x: unknown, y: unknown): IrDifference | undefined => {
    path.push(key);
    const found = walk(x, y);
    // No try/finally: a throw ends the whole comparison, and the path dies with it.
    path.pop();
    return found;
  };
  // Built only once a difference is found: both builds' values are compared pair by pair, and a closure or array
  // per pair was a visible share of the comparison (and of garbage collection) for large workflows.
  const differ = (x: unknown, y: unknown): IrDifference => {
    // A step present in only one build is itself the difference.
    const own = asStep(x) ?? asStep(y);
    return { step: own ?? step, field: own ? '' : path.slice(depth).join('.'), ...describePair(x, y) };
  };
  const walk = (x: unknown, y: unknown): IrDifference | undefined => {
    if (Object.is(x, y)) return undefined;
    if (typeof x === 'function' && typeof y === 'function') return String(x) === String(y) ? undefined : differ(x, y);
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return differ(x, y);
    if (Array.isArray(x) !== Array.isArray(y) || Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return differ(x, y);
    if (x instanceof RegExp) return String(x) === String(y) ? undefined : differ(x, y);
    if (x instanceof Date) return x.getTime() === (y as Date).getTime() ? undefined : differ(x, y);
    if (onPath.has(x)) return undefined;
    onPath.push(x);
    const outer = step;
    const outerDepth = depth;
    if (isStep(x)) {
      step = x;
      depth = path.length;
    }
    const found = walkFields(x, y);
    onPath.pop();
    step = outer;
    depth = outerDepth;
    return found;
  };
  const walkFields = (x: object, y: object): IrDifference | undefined => {
    const zx = zodDef(x);
    if (zx !== undefined) return walkAt('schema', zx, zodDef(y));
    // An IR array holds only its items: they are compared by index, x's then the ones only y has (the order of their
    // keys), without listing each array's keys as strings.
    if (Array.isArray(x)) {
      const ys = y as unknown[];
      for (let i = 0, n = Math.max(x.length, ys.length); i < n; i++) {
        const found = walkAt(i, x[i], ys[i]);
        if (found) return found;
      }
      return undefined;
    }
    // Source locations are the same call sites in both builds, and the step ids tell which step this is.
    // x's keys, then y's that x lacks (the order a Set of both would give, without building one per value).
    const xKeys = Object.keys(x);
    for (const key of xKeys) {
      if (key === 'loc') continue;
      const found = walkAt(key, (x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]);
      if (found) return found;
    }
    const yKeys = Object.keys(y);
    // Two builds of one body give their keys in the same order: then y has no key x lacks, and none is looked up.
    if (sameKeys(xKeys, yKeys)) return undefined;
    for (const key of yKeys) {
      if (isOwnEnumerable(x, key) || key === 'loc') continue;
      const found = walkAt(key, (x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(a, b);
}

/** True when both lists hold the same keys in the same order, `loc` left out. */
function sameKeys(xKeys: readonly string[], yKeys: readonly string[]): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < xKeys.length && xKeys[i] === 'loc') i++;
    while (j < yKeys.length && yKeys[j] === 'loc') j++;
    if (i === xKeys.length || j === yKeys.length) return i === xKeys.length && j === yKeys.length;
    if (xKeys[i] !== yKeys[j]) return false;
    i++;
    j++;
  }
}

/**
 * The objects on the current path, as a stack. IR paths are a few dozen objects deep, where scanning an array beats
 * hashing every object of both builds into a Set; past SCANNED entries (workflows nested thousands of levels) the
 * deeper ones also go into a Set, so a deep path stays linear.
 */
class PathSet {
  private readonly stack: object[] = [];
  private readonly deep = new Set<object>();

  has(value: object): boolean {
    const { stack } = this;
    const scanned = Math.min(stack.length, SCANNED);
    for (let i = 0; i < scanned; i++) if (stack[i] === value) return true;
    return stack.length > SCANNED && this.deep.has(value);
  }

  push(value: object): void {
    if (this.stack.length >= SCANNED) this.deep.add(value);
    this.stack.push(value);
  }

  pop(): void {
    const value = this.stack.pop();
    if (this.stack.length >= SCANNED) this.deep.delete(value!);
  }
}

const SCANNED = 64;

function isOwnEnumerable(value: object, key: string): boolean {
  return Object.prototype.propertyIsEnumerable.call(value, key);
}

function isStep(value: object): value is Step {
  const v = value as { kind?: unknown; id?: unknown };
  return typeof v.kind === 'string' && STEP_KINDS.has(v.kind) && typeof v.id === 'string';
}

function asStep(value: unknown): Step | undefined {
  return typeof value === 'object' && value !== null && isStep(value) ? value : undefined;
}

/** A zod schema's (or check's) plain-data definition; undefined for anything else. */
function zodDef(value: object): unknown {
  const internals = (value as { _zod?: { def?: unknown } })._zod;
  return internals && typeof internals === 'object' ? internals.def : undefined;
}

/** Two differing strings are shown around their first differing character; other values as short JSON. */
function describePair(x: unknown, y: unknown): { first: string; second: string } {
  if (typeof x === 'string' && typeof y === 'string') {
    let at = 0;
    while (at < x.length && x[at] === y[at]) at++;
    const start = Math.max(0, at - 20);
    const cut = (s: string) => `${start > 0 ? '...' : ''}${s.slice(start, at + 40)}${s.length > at + 40 ? '...' : ''}`;
    return { first: JSON.stringify(cut(x)), second: JSON.stringify(cut(y)) };
  }
  return { first: describe(x), second: describe(y) };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const step = asStep(value);
  if (step) return `step '${step.id}' (${step.kind})`;
  if (typeof value === 'function') return 'a function';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
