import type { Block, Step, WorkflowNode } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { StepIndex } from '../step-index.js';

const TERMINAL = new Set<Step['kind']>(['succeed', 'fail']);

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
    if (step.kind === 'parallel') for (const b of step.branches) if (b.body.length === 0) empty(`parallel '${step.id}' branch '${b.name}'`);
  }
  checkReachability(workflow.body, index, diagnostics);
  return diagnostics;
}

function checkReachability(block: Block, index: StepIndex, diagnostics: Diagnostic[]): void {
  const catchTargets = new Set(block.flatMap((s) => ('catch' in s ? s.catch.map((c) => c.next) : [])));
  let reachable = true;
  for (const step of block) {
    if (!reachable && !catchTargets.has(step.id)) {
      const info = index.byId.get(step.id);
      diagnostics.push({
        code: 'unreachable-step',
        severity: 'error',
        message: `Step '${step.id}' can never run: it follows a step that ends the flow, and no catch leads to it.`,
        ...(info ? { path: info.path } : {}),
        ...(step.loc ? { loc: step.loc } : {}),
        hint: 'Remove it, move it before the succeed/fail step, or make it a catch target.',
      });
    }
    if (catchTargets.has(step.id)) reachable = true;
    if (TERMINAL.has(step.kind)) reachable = false;
    for (const child of childBlocksOf(step)) checkReachability(child, index, diagnostics);
  }
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
    default:
      return [];
  }
}
