import type { Block, Expr, Step, StepKind } from '@agentflow/dsl';
import { refsOf } from '@agentflow/dsl';
import { blockAlwaysEnds, scopeSucceeds } from '../../passes/check-structure/check-blocks.js';
import { stateNameOf } from '../../passes/name-states/state-names.js';
import { variableOf } from './root-keys.js';
import { applyCont, type AslState, type Cont, type EmitContext, type NamedState } from './emit-context.js';
import type { ExprContext } from './jsonata.js';
import { emitAgent, emitApproval, emitModel, emitTask } from './emit-tasks.js';
import { emitChoice, emitExitLoop, emitLoop } from './emit-control.js';
import { emitMap, emitParallel, emitVote } from './emit-containers.js';
import { emitAssign, emitFail, emitSet, emitSucceed, emitWait } from './emit-simple.js';
import { selfResult } from './self-result.js';
import { attemptEndsScope, emitAttempt } from './emit-attempt.js';
import { emitCachedAgent } from './emit-cache.js';
import { foldedAssign, foldInto, foldIntoChoice } from './emit-fold.js';
import { FOLD_ROLE } from '../../passes/fold-steps/plan-folds.js';

/** What an emitter gets for one step: where to go next, and how references resolve on its own state. */
export interface StepEmit {
  readonly cont: Cont;
  readonly exprs: ExprContext;
}

/** One emitter per step kind; a new kind does not compile until it has one. Returns the step's states, main first. */
export const STEP_EMITTERS: { readonly [K in StepKind]: (step: Extract<Step, { kind: K }>, ctx: EmitContext, at: StepEmit) => NamedState[] } = {
  agent: (step, ctx, at) => (step.cache ? emitCachedAgent(step, ctx, at) : [[stateNameOf(step.id), applyCont(emitAgent(step, ctx, at.exprs), at.cont)]]),
  model: (step, ctx, at) => [[stateNameOf(step.id), applyCont(emitModel(step, ctx, at.exprs), at.cont)]],
  task: (step, ctx, at) => [[stateNameOf(step.id), applyCont(emitTask(step, ctx, at.exprs), at.cont)]],
  approval: (step, ctx, at) => [[stateNameOf(step.id), applyCont(emitApproval(step, ctx, at.exprs), at.cont)]],
  parallel: emitParallel,
  map: emitMap,
  vote: emitVote,
  choice: emitChoice,
  loop: emitLoop,
  'exit-loop': emitExitLoop,
  wait: emitWait,
  set: emitSet,
  assign: emitAssign,
  succeed: emitSucceed,
  fail: emitFail,
  attempt: emitAttempt,
};

function emitStep(step: Step, ctx: EmitContext, at: StepEmit): NamedState[] {
  const emitter = STEP_EMITTERS[step.kind] as (s: Step, c: EmitContext, a: StepEmit) => NamedState[];
  const states = emitter(step, ctx, at);
  // A folded step's comment goes with its Assign to the host (emit-fold.ts), not onto its body's first state.
  if (step.comment !== undefined && states[0] && !ctx.folds.hostOf.has(step.id)) states[0][1]['Comment'] = step.comment;
  return states;
}

/** A step folded whole into its host's `Assign`: it has no state at all. */
export function foldedWhole(step: Step, ctx: EmitContext): boolean {
  return FOLD_ROLE[step.kind].folds === 'whole' && ctx.folds.hostOf.has(step.id);
}

/**
 * Emits a block in order; each step continues to the next one that has a state, the last to `cont`. Steps folded
 * into a host (plan-folds.ts) add their `Assign` entries to the host's state instead of having one of their own.
 */
export function emitBlock(block: Block, cont: Cont, ctx: EmitContext, first?: Omit<ExprContext, 'use'>): NamedState[] {
  const out: NamedState[] = [];
  // A block's first steps may ride on the Choice after them: that Choice is then the first state.
  const firstIndex = block.findIndex((s) => !foldedWhole(s, ctx));
  // The next step with a state after each position, found in one backward sweep (a scan per step is quadratic).
  const nextWithState: (Step | undefined)[] = new Array(block.length);
  for (let i = block.length - 1, next: Step | undefined; i >= 0; i--) {
    nextWithState[i] = next;
    if (!foldedWhole(block[i]!, ctx)) next = block[i];
  }
  block.forEach((step, i) => {
    if (foldedWhole(step, ctx)) return;
    const next = nextWithState[i];
    const stepCont: Cont = next ? { next: ctx.entryOf(next) } : cont;
    const bound = i === firstIndex ? (first ?? {}) : {};
    const hosted = ctx.folds.folded.get(step.id);
    // Folded into the state after them (a Choice), the steps' values are what its conditions read too.
    const ahead = hosted && FOLD_ROLE[step.kind].forward ? foldedAssign(hosted, ctx, bound, undefined, new Map()) : undefined;
    const emit = () => emitStep(step, ctx, { cont: stepCont, exprs: ctx.exprs(ahead ? { ...bound, inlined: ahead.inlined } : bound) });
    let states: NamedState[];
    if (i === firstIndex && first?.binding) {
      const { value, reads } = ctx.readsDuring(emit);
      ctx.firstStepReads.set(step.id, reads);
      states = value;
    } else {
      states = emit();
    }
    if (ahead && states[0]) foldIntoChoice(states[0][1], ahead);
    else if (hosted && states[0]) foldInto(states[0][1], step, hosted, ctx, bound);
    out.push(...states);
  });
  return out;
}

const CONTAINERS = new Set<StepKind>(['parallel', 'map', 'vote']);
/** Containers whose nested scopes start from the container's own state input (no Arguments, no ItemSelector). */
const BRANCHES_FROM_INPUT = new Set<StepKind>(['parallel', 'vote']);
const NEEDS_EXIT = new Set<StepKind>(['choice', 'loop', 'attempt']);
/** State types that end their scope and have no `Assign` field. */
const ENDS_SCOPE = new Set(['Succeed', 'Fail']);

export interface ScopeOptions {
  /**
   * Name of the Succeed state that ends the scope when its last step branches (choice, loop), or when the scope's
   * value reads the variable its last step (a set or assign) gives a value.
   */
  readonly exitName: string;
  /** Roots bound to the scope's input, with the variables to keep them in (workflow input, map item). */
  readonly binding?: ReadonlyMap<string, string>;
  /**
   * Roots the scope's first state reads from its own input without storing them: a Parallel branch starts from the
   * Parallel's input, so when the Parallel is its scope's first state, its branches' first states read that scope's
   * bound roots as it does.
   */
  readonly inherited?: ReadonlyMap<string, string>;
  /** Name of a Pass state that stores bound roots before a first step whose nested states read them. */
  readonly prologueName?: string;
  /**
   * A Parallel branch or Map iteration: every Succeed state without `Output` that ends it early carries the scope's
   * value. A Succeed without `Output` passes on its own input (asl-facts.md, Succeed: JSONata `Output`), which would
   * put the item or the Parallel's input in the container's result, and so in the next state's input, where the
   * payload analysis counts the scope's value (`{}` for a body that returns nothing).
   */
  readonly succeedReturnsValue?: boolean;
  readonly owner: { readonly what: string; readonly loc: Step['loc'] };
}

/** The step whose state runs first: an inlined attempt's is its body's first (a retried one is a Parallel). */
function firstStepOf(step: Step): Step {
  return step.kind === 'attempt' && step.retry.length === 0 && step.body[0] ? firstStepOf(step.body[0]) : step;
}

/**
 * Whether `result` reads the variable that `last` (a set or an assign) gives a value. A state's `Output` sees the
 * variables as they were when the state was entered (its own `Assign` takes effect for the next state), so such a
 * result cannot be the Output of the set's own Pass state.
 */
export function readsAssignedBy(result: Expr, last: Step): boolean {
  const target = last.kind === 'set' ? last.id : last.kind === 'assign' ? last.target : undefined;
  return target !== undefined && refsOf(result).some((r) => r.root.kind === 'step-result' && r.root.stepId === target);
}

/**
 * Emits a closed `{StartAt, States}` graph: the workflow, a Parallel branch or a Map iteration.
 * The scope's value leaves through `Output` on its last state, or on a final Succeed when the last step branches
 * or when the value reads what the last step assigns. A scope whose every path ends (succeed/fail) gets no final
 * state, which nothing could reach; its value, if any, is only produced by a last `succeed` without output.
 */
export function emitScope(block: Block, result: Expr | undefined, ctx: EmitContext, options: ScopeOptions): { StartAt: string; States: Record<string, AslState> } {
  const last = block[block.length - 1];
  const ends = blockAlwaysEnds(block);
  // A last attempt whose every path ends in a single state ends the scope on each of them, with the scope's value.
  const endsInAttempt = last?.kind === 'attempt' && !ends && attemptEndsScope(last);
  // A cached agent's paths (hit, store) join at the state after it, so it cannot end the scope itself. A last step
  // folded into its host has no state to carry the Output, and the host's Output would see the variables it assigns
  // before they change: the value leaves through a final Succeed.
  const joins = last?.kind === 'agent' && last.cache !== undefined;
  const needsExit =
    last !== undefined &&
    !ends &&
    !endsInAttempt &&
    (NEEDS_EXIT.has(last.kind) || joins || (result !== undefined && (readsAssignedBy(result, last) || foldedWhole(last, ctx))));
  const exitName = needsExit ? ctx.states.reserve(options.exitName, { what: `the end of ${options.owner.what}`, loc: options.owner.loc }) : undefined;
  const cont: Cont = exitName ? { next: exitName } : { end: true };
  const bound = options.binding ?? options.inherited;
  const binding = bound ? { binding: bound } : {};
  if (endsInAttempt && result !== undefined) ctx.scopeOutputs.set(last.id, { result, ...(block.length === 1 ? binding : {}) });
  const states = emitBlock(block, cont, ctx, binding);

  if (result !== undefined && last) {
    if (exitName) {
      states.push([exitName, { Type: 'Succeed', Output: ctx.json(result, ctx.exprs()) }]);
    } else if (last.kind === 'succeed' ? !last.output : !ends && !endsInAttempt) {
      // A last `succeed` without output ends the scope with its value (check-blocks rejects earlier ones in
      // branches and iterations that return a value).
      const lastEntry = ctx.entryOf(last);
      const lastState = findLast(states, lastEntry);
      const self = selfResult(last);
      const exprs = ctx.exprs({ ...(self ? { self: { stepId: last.id, result: self } } : {}), ...(block.length === 1 ? binding : {}) });
      if (lastState) lastState['Output'] = ctx.json(result, exprs);
    }
  } else if (exitName) {
    states.push([exitName, { Type: 'Succeed' }]);
  }
  if (options.succeedReturnsValue && result !== undefined) {
    const byName = new Map(states);
    for (const succeed of scopeSucceeds(block).filter((s) => !s.output)) {
      const state = byName.get(ctx.entryOf(succeed));
      if (state && state['Output'] === undefined) state['Output'] = ctx.json(result, ctx.exprs());
    }
  }

  let startAt = block[0] ? ctx.entryOf(block[0]) : exitName ?? '';
  if (options.binding && block[0]) {
    const keys = [...options.binding.keys()].filter((k) => ctx.isUsed(k));
    if (keys.length > 0) {
      const assign = Object.fromEntries(keys.map((k) => [variableOf(k), `{% ${options.binding!.get(k)} %}`]));
      // A Parallel's branches start from its input, which is the scope's: their first states read the bound roots
      // from `$states.input` (emitParallel, emitVote). Only when a later nested state reads a bound root's variable
      // must it be stored before the container starts; otherwise the container's own Assign stores it for the states
      // after it. A Map's iterations start from their item, so a first Map whose body reads them keeps the prologue.
      // A retried attempt (a Parallel of its own) and a container first inside an inline attempt keep it too.
      const head = firstStepOf(block[0]);
      const nestedReads = ctx.firstStepReads.get(block[0].id);
      // The container's Assign then holds the bound input beside its own result: only when both fit (plan-folds.ts).
      const prologue =
        head.kind === 'attempt' ||
        (CONTAINERS.has(head.kind) &&
          (head !== block[0] || !BRANCHES_FROM_INPUT.has(head.kind) || !ctx.folds.inputFits.has(head.id) || keys.some((k) => nestedReads?.has(k) ?? true)));
      if (prologue) {
        const name = ctx.states.reserve(options.prologueName ?? `${startAt} Input`, { what: `the start of ${options.owner.what}`, loc: options.owner.loc });
        states.unshift([name, { Type: 'Pass', Assign: assign, Next: startAt }]);
        startAt = name;
      } else if (!ENDS_SCOPE.has(states[0]![1]['Type'] as string)) {
        // A first Succeed/Fail ends the scope, so no later state reads the variables (it reads its bound input
        // itself) — and those states take no Assign. Otherwise: a failing state skips its own Assign, so each
        // catcher stores the bound input too; a Choice evaluates only the matching rule's Assign (its top-level Assign only when Default is taken), so every rule stores it too.
        const first = states[0]![1];
        const alternatives = [...((first['Catch'] as AslState[] | undefined) ?? []), ...((first['Choices'] as AslState[] | undefined) ?? [])];
        for (const target of [first, ...alternatives]) {
          target['Assign'] = { ...assign, ...((target['Assign'] as object | undefined) ?? {}) };
        }
      }
    }
  }
  // Filled by assignment (state names are title-cased step ids, never `__proto__`): Object.fromEntries took several
  // times as long for a scope of thousands of states.
  const named: Record<string, AslState> = {};
  for (const [name, state] of states) named[name] = state;
  return { StartAt: startAt, States: named };
}

/**
 * The state named `name`. A scope's last step's state is at or near the end of its states: searching from the end
 * finds it at once (there is one state per name).
 */
function findLast(states: readonly NamedState[], name: string): AslState | undefined {
  for (let i = states.length - 1; i >= 0; i--) if (states[i]![0] === name) return states[i]![1];
  return undefined;
}
