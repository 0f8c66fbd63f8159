import type { Block, Expr, LoopStep, Step, SucceedStep, WorkflowNode } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { StepIndex } from '../step-index.js';

/**
 * Whether control can never leave the step to the next one: succeed and fail, a choice whose every path (each case
 * and the otherwise) ends the flow, and a loop that can neither exit (no reachable `exitWhen`) nor finish its rounds
 * with `onExhausted: 'continue'`. The emitter relies on this: it chains nothing after such a step, since a state
 * nothing leads to is invalid ASL (UNREACHABLE_STATE).
 */
export function stepAlwaysEnds(step: Step): boolean {
  switch (step.kind) {
    case 'succeed':
    case 'fail':
      return true;
    case 'choice': {
      const otherwise = step.otherwise;
      return step.cases.every((c) => blockAlwaysEnds(c.body)) && (otherwise.kind === 'fail' || (otherwise.kind === 'steps' && blockAlwaysEnds(otherwise.body)));
    }
    case 'loop':
      return !loopCanFinish(step);
    case 'attempt':
      return blockAlwaysEnds(step.body) && step.handlers.every((h) => blockAlwaysEnds(h.body));
    default:
      return false;
  }
}

/** Whether every path through the block ends the flow, so nothing after the block runs (catch targets count as entries). */
export function blockAlwaysEnds(block: Block): boolean {
  return fallsThrough(block, () => undefined) === false;
}

/**
 * The succeed steps that end this scope: in its block, its choice arms, loop bodies and inline attempts
 * (a retried attempt's body is a Parallel branch of its own, where check-attempts rejects succeed).
 */
export function scopeSucceeds(block: Block): SucceedStep[] {
  const out: SucceedStep[] = [];
  const visit = (steps: Block) => {
    for (const step of steps) {
      if (step.kind === 'succeed') out.push(step);
      if (step.kind === 'choice') {
        for (const c of step.cases) visit(c.body);
        if (step.otherwise.kind === 'steps') visit(step.otherwise.body);
      }
      if (step.kind === 'loop') visit(step.body);
      if (step.kind === 'attempt' && step.retry.length === 0) for (const b of [step.body, ...step.handlers.map((h) => h.body)]) visit(b);
    }
  };
  visit(block);
  return out;
}

/** Whether a loop's body can reach the end of a round (and so the loop's round check runs). */
export function loopBodyFinishesRound(step: LoopStep): boolean {
  return !blockAlwaysEnds(step.body);
}

/** Whether control can leave the loop to the step after it: through a reachable `exitWhen`, or by running out of rounds. */
function loopCanFinish(step: LoopStep): boolean {
  if (step.onExhausted === 'continue' && loopBodyFinishesRound(step)) return true;
  return exitsLoop(step.body, step.id);
}

/** Whether a reachable `exitWhen` of loop `loopId` is in the block or in the choices and loops nested in it. */
function exitsLoop(block: Block, loopId: string): boolean {
  let found = false;
  fallsThrough(block, (step) => {
    if (step.kind === 'exit-loop' && step.loopId === loopId) found = true;
    if (step.kind === 'choice') {
      for (const c of step.cases) if (exitsLoop(c.body, loopId)) found = true;
      if (step.otherwise.kind === 'steps' && exitsLoop(step.otherwise.body, loopId)) found = true;
    }
    if (step.kind === 'loop' && exitsLoop(step.body, loopId)) found = true;
  });
  return found;
}

/** Walks the block's reachable steps in order (calling `visit`); returns whether control can run past its end. */
function fallsThrough(block: Block, visit: (step: Step) => void): boolean {
  const catchTargets = new Set(block.flatMap((s) => ('catch' in s ? s.catch.map((c) => c.next) : [])));
  let reachable = true;
  for (const step of block) {
    if (catchTargets.has(step.id)) reachable = true;
    if (!reachable) continue;
    visit(step);
    if (stepAlwaysEnds(step)) reachable = false;
  }
  return reachable;
}

/** Blocks that ASL needs non-empty, steps nothing can reach, and `exitWhen` outside a loop body. */
export function checkBlocks(workflow: WorkflowNode, index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (workflow.body.length === 0) {
    diagnostics.push({
      code: 'empty-workflow',
      severity: 'error',
      message: `Workflow '${workflow.name}' has no steps.`,
      ...(workflow.loc ? { loc: workflow.loc } : {}),
      hint: 'Add at least one step to the body.',
    });
  }
  for (const info of index.all) {
    const { step } = info;
    const empty = (what: string) =>
      diagnostics.push({ code: 'empty-block', severity: 'error', message: `${what} has no steps.`, path: info.path, ...(step.loc ? { loc: step.loc } : {}), hint: 'Add a step, or remove the construct.' });
    if (step.kind === 'map' && step.body.length === 0) empty(`map '${step.id}' body`);
    if (step.kind === 'loop' && step.body.length === 0) empty(`loop '${step.id}' body`);
    if (step.kind === 'attempt' && step.body.length === 0) empty(`attempt '${step.id}' body`);
    if (step.kind === 'parallel') for (const b of step.branches) if (b.body.length === 0) empty(`parallel '${step.id}' branch '${b.name}'`);
    if (step.kind === 'parallel') {
      for (const b of step.branches) {
        if (returnsValue(b.result)) checkSucceedSkipsResult(b.body, `Branch '${b.name}' of parallel '${step.id}'`, `'${step.id}.${b.name}'`, index, diagnostics);
      }
    }
    if (step.kind === 'map' && returnsValue(step.result)) {
      checkSucceedSkipsResult(step.body, `Each iteration of map '${step.id}'`, `the items of '${step.id}'`, index, diagnostics);
    }
  }
  checkReachability(workflow.body, index, diagnostics);
  checkExitsInLoop(workflow.body, undefined, index, diagnostics);
  return diagnostics;
}

/**
 * An `exitWhen` belongs in its loop's body or in a choice arm of it. A `when(...)` case built in a loop body but
 * handed to a choice elsewhere would carry it out of the loop, where it has no loop to leave.
 */
function checkExitsInLoop(block: Block, loopId: string | undefined, index: StepIndex, diagnostics: Diagnostic[]): void {
  for (const step of block) {
    if (step.kind === 'exit-loop' && step.loopId !== loopId) {
      const info = index.byId.get(step.id);
      diagnostics.push({
        code: 'exit-outside-loop',
        severity: 'error',
        message: `exitWhen '${step.id}' of loop '${step.loopId}' is not in that loop's body or a choice arm of it.`,
        ...(info ? { path: info.path } : {}),
        ...(step.loc ? { loc: step.loc } : {}),
        hint: 'Build the when(...) case inside the loop body and pass it to a choice of that body.',
      });
    }
    const inner = step.kind === 'loop' ? step.id : step.kind === 'choice' ? loopId : undefined;
    for (const child of childBlocksOf(step)) checkExitsInLoop(child, inner, index, diagnostics);
  }
}

function checkReachability(block: Block, index: StepIndex, diagnostics: Diagnostic[]): void {
  const catchTargets = new Set(block.flatMap((s) => ('catch' in s ? s.catch.map((c) => c.next) : [])));
  let ender: Step | undefined;
  for (const step of block) {
    if (ender && !catchTargets.has(step.id)) {
      const info = index.byId.get(step.id);
      const direct = ender.kind === 'succeed' || ender.kind === 'fail';
      diagnostics.push({
        code: 'unreachable-step',
        severity: 'error',
        message: direct
          ? `Step '${step.id}' can never run: it follows a step that ends the flow, and no catch leads to it.`
          : `Step '${step.id}' can never run: it follows ${ender.kind} '${ender.id}', every path of which ends the flow (succeed/fail), and no catch leads to it.`,
        ...(info ? { path: info.path } : {}),
        ...(step.loc ? { loc: step.loc } : {}),
        hint: direct
          ? 'Remove it, move it before the succeed/fail step, or make it a catch target.'
          : `Remove it, move it into a path of ${ender.kind} '${ender.id}', let one path of it go on (e.g. otherwise: 'continue'), or make it a catch target.`,
      });
    }
    if (catchTargets.has(step.id)) ender = undefined;
    if (!ender && stepAlwaysEnds(step)) ender = step;
    for (const child of childBlocksOf(step)) checkReachability(child, index, diagnostics);
  }
}

/**
 * Whether a branch or iteration body returns a value: a body that returns nothing has the result `{}` (no field a
 * reader could read), so a succeed that replaces it loses nothing.
 */
function returnsValue(result: Expr | undefined): boolean {
  return result !== undefined && !(result.kind === 'record' && result.fields.length === 0);
}

/**
 * A parallel branch or map iteration that returns a value, and can also end through `succeed`: the branch's (or
 * iteration's) value is then the succeed's output — or, without one, whatever the Succeed state received — not the
 * returned value its readers are typed by. Only a `succeed` without output as the very last step is allowed: it
 * ends the scope with the returned value. (The workflow itself may: its value is the execution's output, which no
 * step reads, and `succeed(id, { output })` is the way to end it early with another one.)
 */
function checkSucceedSkipsResult(body: Block, owner: string, readers: string, index: StepIndex, diagnostics: Diagnostic[]): void {
  const visit = (block: Block, top: boolean) => {
    block.forEach((step, i) => {
      if (step.kind === 'succeed' && !(top && i === block.length - 1 && step.output === undefined)) {
        const info = index.byId.get(step.id);
        diagnostics.push({
          code: 'succeed-skips-result',
          severity: 'error',
          message:
            `${owner} returns a value, but succeed '${step.id}' ends it without that value: its value would be ` +
            `${step.output ? "the succeed's output" : 'whatever its Succeed state received'}, while ${readers} is typed by the returned value.`,
          ...(info ? { path: info.path } : {}),
          ...(step.loc ? { loc: step.loc } : {}),
          hint:
            'A parallel branch or map iteration that returns a value ends by reaching the end of its body, which returns that value; ' +
            'succeed is allowed there only as the last step, without output. Instead of succeeding early, put the remaining steps ' +
            "in the path that goes on (e.g. a choice arm, or after otherwise: 'continue'), make the returned value cover both outcomes, " +
            'or fail. (The workflow body itself may succeed early: the succeed output then becomes the execution output.)',
        });
      }
      if (step.kind === 'choice') {
        for (const c of step.cases) visit(c.body, false);
        if (step.otherwise.kind === 'steps') visit(step.otherwise.body, false);
      }
      if (step.kind === 'loop') visit(step.body, false);
      if (step.kind === 'attempt') for (const b of [step.body, ...step.handlers.map((h) => h.body)]) visit(b, false);
    });
  };
  visit(body, true);
}

function childBlocksOf(step: Step): Block[] {
  switch (step.kind) {
    case 'parallel':
      return step.branches.map((b) => b.body);
    case 'map':
    case 'loop':
      return [step.body];
    case 'choice':
      return [...step.cases.map((c) => c.body), ...(step.otherwise.kind === 'steps' ? [step.otherwise.body] : [])];
    case 'attempt':
      return [step.body, ...step.handlers.map((h) => h.body)];
    default:
      return [];
  }
}
