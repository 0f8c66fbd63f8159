import type { Block, ChoiceStep, RefExpr, Step, WorkflowNode } from '@agentflow/dsl';
import { childBlocks, refsOf } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { isWithin, type Scope, type StepIndex, type StepInfo } from '../step-index.js';
import { stepExprs } from '../step-exprs.js';

/**
 * References must name real fields and be visible where they are read: a branch or iteration can read outer
 * results, but nothing outside can read what lives inside it (ASL variable scoping). Choice arms and loop bodies
 * share their enclosing ASL scope, but a result made in a choice arm exists only when that arm ran, and one made
 * after a loop's exitWhen only when the loop did not exit before it: outside the arm (or the loop) it may be unset.
 */
export function checkRefs(workflow: WorkflowNode, index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const scopeOfChild = childScopes(index);
  const blocks = blockTree(workflow, index);
  for (const info of index.all) {
    for (const { expr, where, role } of stepExprs(info.step)) {
      const scope = where === 'self' ? info.scope : (scopeOfChild.get(`${info.step.id}#${where.child}`) ?? info.scope);
      const inside = where === 'self' ? info.ancestors : [...info.ancestors, info.step];
      const at: At = { path: info.path, ...(info.step.loc ? { loc: info.step.loc } : {}) };
      const reader = blocks.enclosing(where === 'self' ? info.block : childBlocks(info.step)[where.child]!.block);
      for (const ref of refsOf(expr)) checkRef(ref, { scope, inside, blocks: reader }, at, role, index, blocks, diagnostics);
    }
    if (info.step.kind === 'assign') checkAssign(info, index, diagnostics);
  }
  if (workflow.output) {
    const at: At = { path: workflow.name, ...(workflow.loc ? { loc: workflow.loc } : {}) };
    for (const ref of refsOf(workflow.output)) checkRef(ref, { scope: index.root, inside: [], blocks: blocks.enclosing(workflow.body) }, at, 'workflow result', index, blocks, diagnostics);
  }
  return diagnostics;
}

/** Where a reference is read: its ASL scope, the steps around it, and the blocks around it. */
interface Reader {
  readonly scope: Scope;
  readonly inside: readonly Step[];
  readonly blocks: ReadonlySet<Block>;
}

/** Which step (and which of its child blocks) each nested block belongs to. */
interface BlockTree {
  readonly owner: ReadonlyMap<Block, { readonly info: StepInfo; readonly child: number }>;
  /** `block` and every block enclosing it. */
  readonly enclosing: (block: Block) => ReadonlySet<Block>;
}

function blockTree(workflow: WorkflowNode, index: StepIndex): BlockTree {
  const owner = new Map<Block, { info: StepInfo; child: number }>();
  for (const info of index.all) childBlocks(info.step).forEach((c, child) => owner.set(c.block, { info, child }));
  // Every step of a block reads from the same blocks: one set per block, not one per expression.
  const sets = new Map<Block, ReadonlySet<Block>>();
  const enclosing = (block: Block) => {
    let out = sets.get(block);
    if (!out) {
      const blocks = new Set<Block>([workflow.body]);
      for (let b: Block | undefined = block; b; b = owner.get(b)?.info.block) blocks.add(b);
      sets.set(block, (out = blocks));
    }
    return out;
  };
  return { owner, enclosing };
}

/**
 * Why `target`'s result may be unset where `reader` reads it, though the scope is right: the innermost choice arm
 * or loop body (after an exitWhen) holding it that the reader is not in.
 */
function unsetAt(target: StepInfo, reader: Reader, blocks: BlockTree): { kind: 'arm' | 'after-exit'; owner: Step } | undefined {
  let block = target.block;
  let position = target.position;
  for (let up = blocks.owner.get(block); up; up = blocks.owner.get(block)) {
    const owner = up.info.step;
    if (!reader.blocks.has(block)) {
      if (owner.kind === 'choice' && !otherPathsEnd(owner, up.child)) return { kind: 'arm', owner };
      if (owner.kind === 'loop' && block.slice(0, position).some((s) => exits(s, owner.id))) return { kind: 'after-exit', owner };
    }
    block = up.info.block;
    position = up.info.position;
  }
  return undefined;
}

/** True when `step` is, or holds in a choice arm, an exitWhen of loop `loopId`. */
function exits(step: Step, loopId: string): boolean {
  if (step.kind === 'exit-loop') return step.loopId === loopId;
  return step.kind === 'choice' && childBlocks(step).some((c) => c.block.some((s) => exits(s, loopId)));
}

/** True when every path through `choice` other than its arm `arm` (cases, then `otherwise` steps) ends the flow. */
function otherPathsEnd(choice: ChoiceStep, arm: number): boolean {
  const casesEnd = choice.cases.every((c, i) => i === arm || blockEnds(c.body));
  const otherwise = choice.otherwise;
  return casesEnd && (arm === choice.cases.length || otherwise.kind === 'fail' || (otherwise.kind === 'steps' && blockEnds(otherwise.body)));
}

/** True when running `block` to its end always ends the flow (its last step is fail or succeed, or a choice of such). */
function blockEnds(block: Block): boolean {
  const last = block[block.length - 1];
  if (!last) return false;
  if (last.kind === 'fail' || last.kind === 'succeed') return true;
  return last.kind === 'choice' && otherPathsEnd(last, -1) && last.cases.length > 0;
}

function childScopes(index: StepIndex): Map<string, Scope> {
  const scopes = new Map<string, Scope>();
  for (const info of index.all) {
    const owner = info.scope.owner;
    if (owner === undefined) continue;
    const child = info.scope.key.slice(info.scope.key.lastIndexOf('#') + 1);
    const key = `${owner}#${child}`;
    if (!scopes.has(key)) scopes.set(key, info.scope);
  }
  return scopes;
}

export function describeRoot(ref: RefExpr): string {
  switch (ref.root.kind) {
    case 'workflow-input':
      return 'the workflow input';
    case 'step-result':
      return `the result of '${ref.root.stepId}'`;
    case 'step-error':
      return `the error of '${ref.root.stepId}'`;
    case 'map-item':
      return `an item of map '${ref.root.mapId}'`;
    case 'loop-iteration':
      return `the iteration of loop '${ref.root.loopId}'`;
    default:
      return 'this value';
  }
}

type At = Pick<Diagnostic, 'path' | 'loc'>;

function checkRef(ref: RefExpr, reader: Reader, at: At, role: string, index: StepIndex, blocks: BlockTree, out: Diagnostic[]): void {
  const { scope, inside } = reader;
  if (ref.unknownField) {
    const { field, known } = ref.unknownField;
    out.push({
      code: 'unknown-field',
      severity: 'error',
      message: `${role}: '${field}' is not a field of ${describeRoot(ref)} (${ref.path.slice(0, ref.path.indexOf(field)).join('.') || 'top level'}).`,
      ...at,
      hint: known.length ? `Known fields: ${known.join(', ')}.` : 'That value has no fields; check its schema.',
    });
    return;
  }
  const root = ref.root;
  if (root.kind === 'step-error') {
    const target = index.byId.get(root.stepId)?.step;
    // An attempt keeps the error for its handlers (catch-paths checks that only they read it).
    if (target && target.kind !== 'attempt' && (!('catch' in target) || target.catch.length === 0)) {
      out.push({
        code: 'error-without-catch',
        severity: 'error',
        message: `${role} reads the error of '${root.stepId}', which has no catch: its error is never kept.`,
        ...at,
        hint: `Add catch: [{ goto: '<step id>' }] to '${root.stepId}' and read the error in the step it leads to.`,
      });
      return;
    }
  }
  // After its loop, a loop's iteration (the value flow.loop returns) is the last round's: its counter variable is set
  // before the first round and only ever advanced to a round that runs.
  const afterLoop = root.kind === 'loop-iteration' && !inside.some((s) => s.id === root.loopId);
  if (root.kind === 'step-result' || root.kind === 'step-error' || afterLoop) {
    const target = index.byId.get(root.kind === 'loop-iteration' ? root.loopId : root.stepId);
    if (target && !isWithin(scope, target.scope)) {
      out.push({
        code: 'ref-out-of-scope',
        severity: 'error',
        message: `${role} reads ${describeRoot(ref)}, which exists only inside ${target.scope.owner ? `'${target.scope.owner}'` : 'another scope'}.`,
        ...at,
        hint: 'Return the value from the branch or iteration body and read it from the parallel or map result.',
      });
      return;
    }
    const unset = target ? unsetAt(target, reader, blocks) : undefined;
    if (unset?.kind === 'arm') {
      out.push({
        code: 'ref-out-of-scope',
        severity: 'error',
        message: `${role} reads ${describeRoot(ref)}, which is made inside an arm of choice '${unset.owner.id}': it is unset when the choice takes another path.`,
        ...at,
        hint: `Set a variable before the choice (flow.set) and assign it in each arm (flow.assign), then read that variable; or read the value inside the arm.`,
      });
    } else if (unset?.kind === 'after-exit') {
      out.push({
        code: 'ref-out-of-scope',
        severity: 'error',
        message: `${role} reads ${describeRoot(ref)}, which is made after the exitWhen of loop '${unset.owner.id}': it is unset when the loop exits there.`,
        ...at,
        hint: `Read it inside the loop, or set a variable before the loop (flow.set), assign it in the loop (flow.assign) and read that variable.`,
      });
    }
  } else if (root.kind === 'map-item' || root.kind === 'map-index') {
    const owner = root.mapId;
    if (!inside.some((s) => s.id === owner)) {
      out.push({
        code: 'ref-out-of-scope',
        severity: 'error',
        message: `${role} reads an item of map '${owner}' outside that map.`,
        ...at,
        hint: 'Use it only inside the body it belongs to.',
      });
    }
  }
}

function checkAssign(info: StepInfo, index: StepIndex, out: Diagnostic[]): void {
  const step = info.step;
  if (step.kind !== 'assign') return;
  const target = index.byId.get(step.target);
  const at = { path: info.path, ...(step.loc ? { loc: step.loc } : {}) };
  if (!target || target.step.kind !== 'set') {
    out.push({ code: 'assign-target-not-set', severity: 'error', message: `assign '${step.id}' targets '${step.target}', which is not made by flow.set(...).`, ...at });
  } else if (target.scope !== info.scope) {
    out.push({
      code: 'assign-outer-variable',
      severity: 'error',
      message: `assign '${step.id}' changes '${step.target}' from inside a parallel branch or map iteration; Step Functions forbids assigning outer variables there.`,
      ...at,
      hint: 'Return the new value from the branch or iteration and assign it after the parallel or map.',
    });
  }
}
