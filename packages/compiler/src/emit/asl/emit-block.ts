import type { Block, Expr, Step, StepKind } from '@agentflow/dsl';
import { refsOf } from '@agentflow/dsl';
import { blockAlwaysEnds } from '../../passes/check-structure/check-blocks.js';
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
  if (step.comment !== undefined && states[0]) states[0][1]['Comment'] = step.comment;
  return states;
}

/** Emits a block in order; each step continues to the next one, the last to `cont`. */
export function emitBlock(block: Block, cont: Cont, ctx: EmitContext, first?: Omit<ExprContext, 'use'>): NamedState[] {
  const out: NamedState[] = [];
  block.forEach((step, i) => {
    const next = block[i + 1];
    const stepCont: Cont = next ? { next: ctx.entryOf(next) } : cont;
    out.push(...emitStep(step, ctx, { cont: stepCont, exprs: ctx.exprs(i === 0 ? (first ?? {}) : {}) }));
  });
  return out;
}

const CONTAINERS = new Set<StepKind>(['parallel', 'map', 'vote']);
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
  /** Name of a Pass state that stores bound roots before a first step whose nested states read them. */
  readonly prologueName?: string;
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
function readsAssignedBy(result: Expr, last: Step): boolean {
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
  // A cached agent's paths (hit, store) join at the state after it, so it cannot end the scope itself.
  const joins = last?.kind === 'agent' && last.cache !== undefined;
  const needsExit = last !== undefined && !ends && !endsInAttempt && (NEEDS_EXIT.has(last.kind) || joins || (result !== undefined && readsAssignedBy(result, last)));
  const exitName = needsExit ? ctx.states.reserve(options.exitName, { what: `the end of ${options.owner.what}`, loc: options.owner.loc }) : undefined;
  const cont: Cont = exitName ? { next: exitName } : { end: true };
  const binding = options.binding ? { binding: options.binding } : {};
  if (endsInAttempt && result !== undefined) ctx.scopeOutputs.set(last.id, { result, ...(block.length === 1 ? binding : {}) });
  const states = emitBlock(block, cont, ctx, binding);

  if (result !== undefined && last) {
    if (exitName) {
      states.push([exitName, { Type: 'Succeed', Output: ctx.json(result, ctx.exprs()) }]);
    } else if (last.kind === 'succeed' ? !last.output : !ends && !endsInAttempt) {
      // A last `succeed` without output ends the scope with its value (check-blocks rejects earlier ones in
      // branches and iterations that return a value).
      const lastState = states.find(([name]) => name === ctx.entryOf(last))?.[1];
      const self = selfResult(last);
      const exprs = ctx.exprs({ ...(self ? { self: { stepId: last.id, result: self } } : {}), ...(block.length === 1 ? binding : {}) });
      if (lastState) lastState['Output'] = ctx.json(result, exprs);
    }
  } else if (exitName) {
    states.push([exitName, { Type: 'Succeed' }]);
  }

  let startAt = block[0] ? ctx.entryOf(block[0]) : exitName ?? '';
  if (options.binding && block[0]) {
    const keys = [...options.binding.keys()].filter((k) => ctx.isUsed(k));
    if (keys.length > 0) {
      const assign = Object.fromEntries(keys.map((k) => [variableOf(k), `{% ${options.binding!.get(k)} %}`]));
      const head = firstStepOf(block[0]);
      if (CONTAINERS.has(head.kind) || head.kind === 'attempt') {
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
  return { StartAt: startAt, States: Object.fromEntries(states) };
}
