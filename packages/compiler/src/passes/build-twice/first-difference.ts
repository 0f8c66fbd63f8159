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
  const seen = new Set<unknown>();
  let step: Step | undefined;
  // Where the current step starts in the path: fields are reported relative to their step.
  let depth = 0;
  // One path, pushed and popped on the way: copying it per value would make deep workflows quadratic.
  const path: string[] = [];
  const walkAt = (key: string, x: unknown, y: unknown): IrDifference | undefined => {
    path.push(key);
    try {
      return walk(x, y);
    } finally {
      path.pop();
    }
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
    // Recursive schemas (z.lazy, getters) form cycles; a pair already on the way down is compared there.
    if (seen.has(x)) return undefined;
    seen.add(x);
    const outer = step;
    const outerDepth = depth;
    if (isStep(x)) {
      step = x;
      depth = path.length;
    }
    try {
      const zx = zodDef(x);
      if (zx !== undefined) return walkAt('schema', zx, zodDef(y));
      // x's keys, then y's that x lacks (the order a Set of both would give, without building one per value).
      const xKeys = Object.keys(x);
      for (const key of xKeys) {
        // Source locations are the same call sites in both builds, and the step ids tell which step this is.
        if (key === 'loc' && !Array.isArray(x)) continue;
        const found = walkAt(key, (x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]);
        if (found) return found;
      }
      for (const key of Object.keys(y)) {
        if (isOwnEnumerable(x, key) || (key === 'loc' && !Array.isArray(x))) continue;
        const found = walkAt(key, (x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]);
        if (found) return found;
      }
      return undefined;
    } finally {
      seen.delete(x);
      step = outer;
      depth = outerDepth;
    }
  };
  return walk(a, b);
}

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
