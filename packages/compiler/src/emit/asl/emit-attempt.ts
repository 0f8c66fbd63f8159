import type { AttemptStep, Block, Expr, Step } from '@agentflow/dsl';
import { childExprs } from '@agentflow/dsl';
import { stateNameOf } from '../../passes/name-states/state-names.js';
import { stepAlwaysEnds, blockAlwaysEnds } from '../../passes/check-structure/check-blocks.js';
import { applyCont, type AslState, type Cont, type EmitContext, type NamedState } from './emit-context.js';
import { emitBlock, emitScope, readsAssignedBy, type StepEmit } from './emit-block.js';
import { retrier } from './task-fields.js';
import { jsonata, type ExprContext } from './jsonata.js';
import { addCatchers, CATCHABLE, handlerEdge, throwToHandler, type Edge } from './attempt-catchers.js';
import { selfResult } from './self-result.js';
import { hostable } from '../../passes/fold-steps/plan-folds.js';

/**
 * Whether a path's last step can give the attempt its value in its own state's `Assign` (or, ending the scope, its
 * `Output`): the same states that can host folded steps (plan-folds.ts), one state reading its own result as its
 * variable holds it — not a cached agent (several states), an offloaded model call or a ResultWriter map (their
 * variables are S3 pointers, not `$states.result`). A set or assign cannot end a scope with an `Output` that reads
 * what it assigns.
 */
function oneState(step: Step, withOutput = false): boolean {
  return hostable(step) && !(withOutput && (step.kind === 'set' || step.kind === 'assign'));
}

/**
 * Whether an attempt that is the last step of its scope can end the scope on each path's last state (`End`, with the
 * scope's value as its `Output`) instead of joining in a final Succeed: every path has steps (an empty handler's
 * catcher needs a state to go to), and each either ends the flow itself or ends in a single state.
 */
export function attemptEndsScope(step: AttemptStep): boolean {
  if (step.retry.length > 0) return false;
  // Values naming resources are resolved as JSON, not as JSONata text (see jsonValue): those keep the join.
  const results = [step.result, ...step.handlers.map((h) => h.result)];
  if (results.some((r) => r !== undefined && hasResource(r))) return false;
  return [step.body, ...step.handlers.map((h) => h.body)].every((block) => {
    const last = block[block.length - 1];
    return last !== undefined && (blockAlwaysEnds(block) || oneState(last, true));
  });
}

/**
 * Try/catch with a join, inlined: the body's states run in the enclosing scope, every state of it that can fail
 * (Task, Parallel, Map) gets a catcher per clause that leads to the clause's handler, and the body's and the
 * handlers' last states continue to the step after the attempt. The attempt's value travels in its variable,
 * assigned by the last state of the path taken (or, for a handler without steps, by the catcher itself). On the
 * happy path this costs no transition; a body ending in a branching step adds one Pass to carry its value.
 *
 * A Fail state of the body (a `fail` step, a loop's exhaustion, a choice without match) cannot be caught in ASL; one
 * whose error a clause lists becomes a Pass that records the error and goes to the handler, as a throw would.
 */
export function emitAttempt(step: AttemptStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  if (step.retry.length > 0) return emitRetriedAttempt(step, ctx, at);
  const name = stateNameOf(step.id);
  const body = emitPath(step, step.body, step.result, at, `${name} Done`, ctx, at.exprs);
  const handlers = step.handlers.map((h, i) => emitPath(step, h.body, h.result, at, `${name} Catch ${i + 1} Done`, ctx, ctx.exprs()));
  const toHandler = handlerEdge(step, handlers.map((h) => h.entry), ctx, at);
  body.states.forEach(([, state], position) => {
    // On the scope's first state, the catchers also store the input it binds (a failed state skips its own Assign).
    const edge: Edge = (i, target, caught) => toHandler(i, target, caught, position === 0);
    if (CATCHABLE.has(state['Type'] as string)) addCatchers(state, step.handlers, edge);
    else if (state['Type'] === 'Fail') throwToHandler(state, step.handlers, edge);
  });
  return [...body.states, ...handlers.flatMap((h) => h.states)];
}

/**
 * An attempt whose whole body is retried: the body is the one branch of a Parallel state, whose `Retry` reruns it from
 * its first step and whose `Catch` leads to the handlers (a Fail state of the body fails the branch, so it is caught
 * there as well). The branch returns the body's value; the Parallel keeps it in the attempt's variable.
 */
function emitRetriedAttempt(step: AttemptStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const name = stateNameOf(step.id);
  const branch = emitScope(step.body, step.result, ctx, { exitName: `${name} Body Done`, owner: { what: `the body of attempt '${step.id}'`, loc: step.loc } });
  const state: AslState = { Type: 'Parallel', Branches: [branch], Retry: step.retry.map(retrier) };
  if (step.result !== undefined) ctx.produce(`result:${step.id}`, state, '{% $states.result[0] %}');
  const handlers = step.handlers.map((h, i) => emitPath(step, h.body, h.result, at, `${name} Catch ${i + 1} Done`, ctx, ctx.exprs()));
  const toHandler = handlerEdge(step, handlers.map((h) => h.entry), ctx, at);
  addCatchers(state, step.handlers, (i, target, caught) => toHandler(i, target, caught, false));
  return [[name, applyCont(state, at.cont)], ...handlers.flatMap((h) => h.states)];
}

interface EmittedPath {
  readonly states: NamedState[];
  /** The path's first state; undefined for a handler without steps (its catchers go straight on). */
  readonly entry: string | undefined;
}

/**
 * Emits one path (the body or a handler) continuing after the attempt, and assigns the attempt's value at its end:
 * in the last state's own `Assign` when that state is the step's only one, else in a Pass after a branching step.
 */
function emitPath(step: AttemptStep, block: Block, result: Expr | undefined, at: StepEmit, doneName: string, ctx: EmitContext, first: ExprContext): EmittedPath {
  const last = block[block.length - 1];
  if (!last) return { states: [], entry: undefined };
  const key = `result:${step.id}`;
  const needsValue = result !== undefined && !blockAlwaysEnds(block);
  if (needsValue && last.kind === 'attempt' && last.retry.length === 0 && isWholeResultOf(result!, last.id)) {
    // The path's value is an inner attempt's: every state that sets the inner one sets this one too.
    const inner = `result:${last.id}`;
    ctx.alsoProduce.set(inner, [...(ctx.alsoProduce.get(inner) ?? []), key]);
    const states = emitBlock(block, at.cont, ctx, firstBinding(first));
    return { states, entry: ctx.entryOf(block[0]!) };
  }
  const onLast = needsValue && oneState(last) && !readsAssignedBy(result!, last);
  if (!needsValue || onLast) {
    const states = emitBlock(block, at.cont, ctx, firstBinding(first));
    if (onLast && !stepAlwaysEnds(last)) {
      const state = states.find(([n]) => n === ctx.entryOf(last))?.[1];
      const self = selfResult(last);
      // A one-step body that starts the scope reads the bound input from where it comes from, as its own Assign stores it.
      const exprs = ctx.exprs({ ...(self ? { self: { stepId: last.id, result: self } } : {}), ...(block.length === 1 ? firstBinding(first) : {}) });
      const scope = ctx.scopeOutputs.get(step.id);
      if (state && scope) {
        // The path ends the scope: its Output is the scope's value, reading the attempt's value as this path computes it
        // (the variable would only be set for the next state).
        const whole = isWholeResultOf(scope.result, step.id);
        const binding = new Map([...(scope.binding ?? []), [key, `(${jsonata(result!, exprs)})`]]);
        state['Output'] = whole ? ctx.json(result!, exprs) : ctx.json(scope.result, ctx.exprs({ ...(self ? { self: { stepId: last.id, result: self } } : {}), binding }));
      } else if (state) ctx.produce(key, state, () => ctx.json(result!, exprs) as string);
    }
    return { states, entry: ctx.entryOf(block[0]!) };
  }
  const done = ctx.states.reserve(doneName, { what: `the end of attempt '${step.id}'`, loc: step.loc });
  const states = emitBlock(block, { next: done }, ctx, firstBinding(first));
  const pass: AslState = { Type: 'Pass' };
  const exprs = ctx.exprs();
  ctx.produce(key, pass, () => ctx.json(result!, exprs) as string);
  states.push([done, applyCont(pass, at.cont as Cont)]);
  return { states, entry: ctx.entryOf(block[0]!) };
}

/** The body's first state keeps the binding the attempt's own first state was given (the scope's bound input). */
function firstBinding(first: ExprContext): Omit<ExprContext, 'use'> {
  return first.binding ? { binding: first.binding } : {};
}

/** Whether `expr` is the whole value of step `id`, as is. */
function isWholeResultOf(expr: Expr, id: string): boolean {
  return expr.kind === 'ref' && expr.path.length === 0 && !expr.inS3 && expr.root.kind === 'step-result' && expr.root.stepId === id;
}


function hasResource(e: Expr): boolean {
  return e.kind === 'resource' || childExprs(e).some(hasResource);
}
