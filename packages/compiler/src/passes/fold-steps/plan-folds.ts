import type { Block, Step, StepKind, WorkflowNode } from '@agentflow/dsl';
import { childBlocks } from '@agentflow/dsl';
import type { PayloadAnalysis } from '../payload/analyze-payloads.js';

/**
 * How steps become states (docs/payload.md, "How steps become states"): a step that only gives variables a value
 * (`set`, `assign`, a loop's counter start) has no state of its own when it can ride on the `Assign` of the state
 * before it, its host. Each step kind declares what it is; a new kind does not compile until it does.
 *
 * - `host`: the step is one state that goes on with `Next` and may carry `Assign`, and a failure leaves it only
 *   through its catchers (which skip its `Assign`). Its `Assign` runs exactly when control passes to the next step.
 * - `forward`: the step is one state that the whole-folding steps right before it can ride on, every way out of it
 *   carrying their entries (a Choice: each rule's `Assign` and the top-level one, for Default). Used only where no
 *   host before them could take them.
 * - `folds`: `'whole'` when the step's only effect is its `Assign` entries, so it can ride on a host's `Assign` and
 *   have no state; `'start'` when only its start can (a loop's counter start: its body keeps its states, and the
 *   step then starts at its body's first state); `false` when it cannot fold.
 */
export const FOLD_ROLE: { readonly [K in StepKind]: { readonly host: boolean; readonly folds: false | 'whole' | 'start'; readonly forward?: true } } = {
  agent: { host: true, folds: false },
  model: { host: true, folds: false },
  task: { host: true, folds: false },
  approval: { host: true, folds: false },
  parallel: { host: true, folds: false },
  map: { host: true, folds: false },
  vote: { host: true, folds: false },
  wait: { host: true, folds: false },
  set: { host: true, folds: 'whole' },
  assign: { host: true, folds: 'whole' },
  // Only the counter's start folds; the loop's body keeps its states. A loop's round check is a Choice, no host.
  loop: { host: false, folds: 'start' },
  // A Choice is reached from every arm: no step after it folds into it. The steps right before it can: its every
  // rule and its Default carry their entries (`forward`), so whichever way it goes, they are assigned.
  choice: { host: false, folds: false, forward: true },
  'exit-loop': { host: false, folds: false },
  succeed: { host: false, folds: false },
  fail: { host: false, folds: false },
  // An attempt is many states whose paths join after it: no single state to ride on.
  attempt: { host: false, folds: false },
};

/**
 * Whether the step's state can carry folds: its role says so, and its own result reads in its `Assign` as its variable
 * holds it (self-result.ts). Not so for a model step offloaded through InvokeModel's `Output.S3Uri` or a Distributed
 * Map with a ResultWriter: their variables hold an S3 pointer built from the call, not `$states.result`. Not so for a
 * cached agent either (below).
 */
export function hostable(step: Step): boolean {
  if (step.kind === 'model' && step.offload) return false;
  if (step.kind === 'map' && step.distributed?.writer) return false;
  // A cached agent is several states whose hit and miss paths join at the next step: no single state to ride on.
  if (step.kind === 'agent' && step.cache) return false;
  return FOLD_ROLE[step.kind].host;
}

export interface FoldPlan {
  /** Folded step id → the id of the step whose state carries its `Assign`. */
  readonly hostOf: ReadonlyMap<string, string>;
  /** Host step id → the steps folded into it, in order. */
  readonly folded: ReadonlyMap<string, readonly Step[]>;
  /**
   * Scope-first steps whose `Assign` may also store the scope's bound input (with their own result and folds) within
   * the budget: a first Parallel may then store it itself instead of a Pass before it (emitScope).
   */
  readonly inputFits: ReadonlySet<string>;
}

export const NO_FOLDS: FoldPlan = { hostOf: new Map(), folded: new Map(), inputFits: new Set() };

/** Bytes a loop counter takes in an `Assign` (a small integer), with room to spare. */
const COUNTER_BYTES = 16;

/**
 * Decides which steps fold into which host. A step folds when it is not the first of its block (a scope's start,
 * a choice arm's or a loop round's first state is a jump target), nothing else jumps to it (no catcher names it),
 * the step before it is a host (or itself folded into one), and the host's `Assign` — its own result, the scope's
 * bound input when it is the scope's first state, and everything folded into it — stays within the payload budget
 * in the worst case (Step Functions: ≤ 256 KiB per `Assign`, all its variables together).
 */
export function planFolds(workflow: WorkflowNode, analysis: PayloadAnalysis, budgetBytes: number): FoldPlan {
  const catchTargets = new Set<string>();
  const blocks: { block: Block; first: boolean }[] = [];
  // The last step of an attempt's body or handler gives the attempt its value in its own state (emit-attempt.ts):
  // it keeps that state.
  const pathEnds = new Set<string>();
  const collect = (block: Block, scopeStart: boolean) => {
    blocks.push({ block, first: scopeStart });
    for (const step of block) {
      if ('catch' in step) for (const rule of step.catch) catchTargets.add(rule.next);
      for (const child of childBlocks(step)) {
        const end = child.block[child.block.length - 1];
        if (step.kind === 'attempt' && end) pathEnds.add(end.id);
        collect(child.block, child.scope !== 'same');
      }
    }
  };
  collect(workflow.body, true);

  /**
   * Whole-folding steps right before a forward host (a Choice) that no host before them took ride on it. Jumps to the
   * first of them go to the Choice, which assigns them all: so only that first one may be a jump target (a scope's or
   * arm's start, a catch target), and the Choice itself must not be one (a catcher going to it would assign them).
   */
  const forwardFolds = (block: Block, first: boolean): void => {
    block.forEach((target, j) => {
      if (!FOLD_ROLE[target.kind].forward || catchTargets.has(target.id)) return;
      let k = j;
      while (k > 0) {
        const prev = block[k - 1]!;
        if (FOLD_ROLE[prev.kind].folds !== 'whole' || hostOf.has(prev.id)) break;
        // A catch target in the chain must be its first step.
        if (k < j && catchTargets.has(block[k]!.id)) break;
        k--;
      }
      const chain = block.slice(k, j);
      if (chain.length === 0) return;
      const input = first && k === 0 ? (rows.get(block[0]!.id)?.measures.input?.bytes ?? Infinity) : 0;
      if (chain.reduce((n, f) => n + variableBytes(f), input) > budgetBytes) return;
      for (const f of chain) hostOf.set(f.id, target.id);
      folded.set(target.id, chain);
    });
  };

  const rows = new Map(analysis.rows.map((r) => [r.stepId, r]));
  const variableBytes = (step: Step): number => (step.kind === 'loop' ? COUNTER_BYTES : (rows.get(step.id)?.measures.variable?.bytes ?? Infinity));
  const inputFits = new Set<string>();
  const hostOf = new Map<string, string>();
  const folded = new Map<string, Step[]>();
  for (const { block, first } of blocks) {
    let host: Step | undefined;
    let bytes = 0;
    block.forEach((step, i) => {
      const role = FOLD_ROLE[step.kind];
      if (host && i > 0 && role.folds && !catchTargets.has(step.id) && !pathEnds.has(step.id)) {
        const total = bytes + variableBytes(step);
        if (total <= budgetBytes) {
          hostOf.set(step.id, host.id);
          folded.set(host.id, [...(folded.get(host.id) ?? []), step]);
          bytes = total;
          // The body of a step that folds only its start runs before the next step: that one starts afresh.
          if (role.folds === 'start') host = undefined;
          return;
        }
      }
      if (!hostable(step)) {
        host = undefined;
        return;
      }
      host = step;
      const row = rows.get(step.id);
      // The scope's first state also keeps its bound input (the workflow input, a map item) in its Assign.
      bytes = (row?.measures.variable?.bytes ?? 0) + (first && i === 0 ? (row?.measures.input?.bytes ?? Infinity) : 0);
    });
  }
  for (const { block, first } of blocks) forwardFolds(block, first);
  for (const { block, first } of blocks) {
    const step = block[0];
    if (!first || !step) continue;
    const row = rows.get(step.id);
    const folds = (folded.get(step.id) ?? []).reduce((n, f) => n + variableBytes(f), 0);
    if ((row?.measures.variable?.bytes ?? 0) + (row?.measures.input?.bytes ?? Infinity) + folds <= budgetBytes) inputFits.add(step.id);
  }
  return { hostOf, folded, inputFits };
}
