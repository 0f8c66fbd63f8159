import type { AttemptStep, Block, CatchRule, Expr, RefExpr, Step, WorkflowNode } from '@agentflow/dsl';
import { childBlocks, childExprs } from '@agentflow/dsl';
import { stepExprs } from '../step-exprs.js';
import { stepsIn } from '../block-steps.js';
import { CatchPathState as State } from './catch-path-state.js';

/**
 * Why a variable may be unset where it is read: a catch jumped past the step that sets it (or that step failed),
 * or, for a step's error, the read is reached without that step failing.
 */
export type Unset =
  | { readonly kind: 'caught'; readonly by: Step; readonly rule: CatchRule }
  | { readonly kind: 'no-failure'; readonly after: Step | undefined }
  /** Made on another path of an attempt: in its body when a handler runs (the failure may come first), or in a handler. */
  | { readonly kind: 'other-path'; readonly attempt: AttemptStep; readonly made: 'body' | 'handler' };

/** A read of a variable that may be unset there. */
export interface UnsetRead {
  readonly reader: Step | undefined;
  readonly role: string;
  readonly ref: RefExpr;
  readonly why: Unset;
}

/** A catch target that is also entered from the step before it, i.e. from the normal path. */
export interface SharedTarget {
  readonly by: Step;
  readonly rule: CatchRule;
  readonly target: Step;
  readonly previous: Step;
}

export interface CatchPaths {
  readonly reads: readonly UnsetRead[];
  readonly sharedTargets: readonly SharedTarget[];
}

/**
 * Follows every path of the flow, catches included, and records reads of step results a catch may have skipped and
 * of step errors read where the step did not fail. Step results are only tracked once a catch skips them: results
 * unset for other reasons (choice arms, loop exits) are check-refs' concern. Catch targets are later steps of the
 * same block (check-catch-targets), so each block is one forward pass.
 */
export function followCatchPaths(workflow: WorkflowNode): CatchPaths {
  const reads: UnsetRead[] = [];
  const sharedTargets: SharedTarget[] = [];
  const exits = new Map<string, State[]>();
  const steps = stepsIn(workflow.body);
  // Each variable's state evolves on its own (merges, catches and steps act key by key), so only variables that some
  // expression reads unguarded need following: the others never yield a finding. Without this, every state would
  // carry every caught result and every catching step's error, and copying states would be quadratic in the flow.
  const tracked = readKeys(steps, workflow.output);
  const start = State.start(
    steps.filter((step) => ('catch' in step && step.catch.length > 0) || step.kind === 'attempt').map((step) => `error:${step.id}`).filter((key) => tracked.has(key)),
  );

  const read = (expr: Expr, state: State, reader: Step | undefined, role: string) => {
    for (const ref of unguardedRefs(expr)) {
      const root = ref.root;
      const key = root.kind === 'step-result' ? `result:${root.stepId}` : root.kind === 'step-error' ? `error:${root.stepId}` : undefined;
      const why = key === undefined ? undefined : state.get(key);
      if (why) reads.push({ reader, role, ref, why });
    }
  };

  const flowBlock = (block: Block, entry: State): State | undefined => {
    const positions = new Map<string, number>();
    block.forEach((s, i) => positions.set(s.id, i));
    // Catch targets are steps of the same block (check-catch-targets); -1 as findIndex gave for any other.
    const positionOf = (id: string) => positions.get(id) ?? -1;
    const arriving: (State | undefined)[] = new Array(block.length + 1).fill(undefined);
    const fellThrough: boolean[] = new Array(block.length + 1).fill(false);
    arriving[0] = entry.copy();
    block.forEach((step, position) => {
      const here = arriving[position];
      if (!here) return;
      const after = flowStep(step, here);
      if (after) {
        arriving[position + 1] = merge(arriving[position + 1], after);
        fellThrough[position + 1] = true;
      }
      if (!('catch' in step)) return;
      for (const rule of step.catch) {
        const target = positionOf(rule.next);
        if (target <= position) continue;
        const caught: Unset = { kind: 'caught', by: step, rule };
        const edge = here.copy();
        edge.delete(`error:${step.id}`);
        for (const skipped of [step, ...block.slice(position + 1, target).flatMap((s) => sameScopeSteps(s))]) {
          const key = `result:${skipped.id}`;
          if (tracked.has(key) && edge.get(key)?.kind !== 'caught') edge.set(key, caught);
        }
        arriving[target] = merge(arriving[target], edge);
      }
    });
    // Catch targets the normal path also runs into.
    block.forEach((step, position) => {
      if (!('catch' in step)) return;
      const targets = new Set<number>();
      for (const rule of step.catch) {
        const target = positionOf(rule.next);
        if (target <= position || !fellThrough[target] || targets.has(target)) continue;
        targets.add(target);
        sharedTargets.push({ by: step, rule, target: block[target]!, previous: block[target - 1]! });
      }
    });
    return arriving[block.length];
  };

  /** Reads `step` makes, runs its nested blocks, and returns the state after it completes normally (undefined: never). */
  const flowStep = (step: Step, here: State): State | undefined => {
    const exprs = stepExprs(step);
    for (const e of exprs) if (e.where === 'self') read(e.expr, here, step, e.role);
    // A loop's exitWhen steps (at any depth of its body) record the state they leave with.
    if (step.kind === 'loop') exits.set(step.id, []);
    const childEnds = step.kind === 'attempt' ? attemptEnds(step, here) : childBlocks(step).map((child) => flowBlock(child.block, here));
    for (const e of exprs) {
      if (e.where === 'self') continue;
      const end = childEnds[e.where.child];
      if (end) read(e.expr, end, step, e.role);
    }
    const done = (state: State | undefined) => state?.completedBy(step, step.kind === 'assign' ? [`result:${step.id}`, `result:${step.target}`] : [`result:${step.id}`]);
    switch (step.kind) {
      case 'succeed':
      case 'fail':
        return undefined;
      case 'exit-loop': {
        exits.get(step.loopId)?.push(here);
        return done(here);
      }
      case 'choice': {
        const ends = [...childEnds];
        if (step.otherwise.kind === 'continue') ends.push(here);
        return done(ends.reduce<State | undefined>((all, end) => (end ? merge(all, end) : all), undefined));
      }
      case 'attempt':
        return done(childEnds.reduce<State | undefined>((all, end) => (end ? merge(all, end) : all), undefined));
      case 'loop': {
        const end = childEnds[0];
        const leaving = [...(exits.get(step.id) ?? []), ...(step.onExhausted === 'continue' && end ? [end] : [])];
        exits.delete(step.id);
        return done(leaving.reduce<State | undefined>((all, s) => merge(all, s), undefined));
      }
      default:
        // Parallel branches and map iterations are scopes of their own: what they skip is not readable after them.
        return done(here);
    }
  };

  /**
   * An attempt's paths: the body from `here`; each handler with the body's results unset (the failure may come before
   * any of them) and its error set. Each path ends with the other paths' results unset, so a read after the join of a
   * result only one path makes is found.
   */
  const attemptEnds = (step: AttemptStep, here: State): (State | undefined)[] => {
    const made = (block: Block) => block.flatMap(sameScopeSteps);
    const mark = (state: State, steps: readonly Step[], why: Unset) => {
      const out = state.copy();
      for (const s of steps) {
        const key = `result:${s.id}`;
        if (tracked.has(key) && !out.has(key)) out.set(key, why);
      }
      return out;
    };
    const bodySteps = made(step.body);
    const handlerSteps = step.handlers.flatMap((h) => made(h.body));
    const fromBody: Unset = { kind: 'other-path', attempt: step, made: 'body' };
    const fromHandler: Unset = { kind: 'other-path', attempt: step, made: 'handler' };
    const bodyEnd = flowBlock(step.body, here);
    const handlerEntry = mark(here, bodySteps, fromBody);
    handlerEntry.delete(`error:${step.id}`);
    const handlerEnds = step.handlers.map((h) => {
      const others = step.handlers.filter((o) => o !== h).flatMap((o) => made(o.body));
      return flowBlock(h.body, mark(handlerEntry, others, fromHandler));
    });
    return [bodyEnd && mark(bodyEnd, handlerSteps, fromHandler), ...handlerEnds];
  };

  const end = flowBlock(workflow.body, start);
  if (workflow.output && end) read(workflow.output, end, undefined, 'workflow result');
  return { reads: dedupe(reads), sharedTargets };
}

/** Union of two states; a skip by a catch (or another path of an attempt) is kept over a missing failure. */
function merge(into: State | undefined, from: State): State {
  if (!into) return from.copy();
  into.mergeFrom(from);
  return into;
}

/** A step and the steps nested in it that share its variable scope (choice arms, loop bodies). */
function sameScopeSteps(step: Step): Step[] {
  return [step, ...childBlocks(step).flatMap((c) => (c.scope === 'same' ? c.block.flatMap(sameScopeSteps) : []))];
}

/** Variables (`result:<id>`, `error:<id>`) that some expression of the flow reads unguarded. */
function readKeys(steps: readonly Step[], output: Expr | undefined): Set<string> {
  const keys = new Set<string>();
  const add = (expr: Expr) => {
    for (const ref of unguardedRefs(expr)) {
      const root = ref.root;
      if (root.kind === 'step-result') keys.add(`result:${root.stepId}`);
      else if (root.kind === 'step-error') keys.add(`error:${root.stepId}`);
    }
  };
  for (const step of steps) for (const e of stepExprs(step)) add(e.expr);
  if (output) add(output);
  return keys;
}

/** References read as values: not the value of `orElse(value, fallback)` nor of `isPresent(value)`, which test for absence. */
function unguardedRefs(expr: Expr, out: RefExpr[] = []): RefExpr[] {
  if (expr.kind === 'ref') out.push(expr);
  else if (expr.kind === 'or-else') unguardedRefs(expr.fallback, out);
  else if (expr.kind !== 'is-present') for (const child of childExprs(expr)) unguardedRefs(child, out);
  return out;
}

/** One finding per reader, variable and cause. */
function dedupe(reads: UnsetRead[]): UnsetRead[] {
  const seen = new Set<string>();
  return reads.filter((r) => {
    const key = `${r.reader?.id ?? ''}|${r.ref.root.kind}:${'stepId' in r.ref.root ? r.ref.root.stepId : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
