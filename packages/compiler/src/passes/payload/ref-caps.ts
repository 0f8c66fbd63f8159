import type { AttemptStep, Block, Expr, Step, WorkflowNode } from '@agentflow/dsl';
import { childBlocks } from '@agentflow/dsl';
import { eachStep } from '../block-steps.js';
import { adapterBudget, answerBound } from './answer-budget.js';
import { capKey, Sizer, type RefCaps, type WholeResultBounds } from './measure.js';

/**
 * Limits enforced at run time that bound what a reference reads more tightly than its schema can (a 60,000-character
 * string is 360 KB by its schema, at 6 bytes a `\u00XX` escape). The execution input has none beyond its schema:
 * `input-over-budget` already holds its schema's bound to the 256 KiB StartExecution accepts.
 *
 * - an agent's result: the `maxOutputBytes` its adapter request carries (the adapter fails a larger answer);
 * - a model's result kept inline: the bound its answer is analysed at (a declared one is a reported assumption);
 * - a `set` variable: the largest cap of the values it is given (its first and every `assign`), when each is a
 *   reference with a cap;
 * - an attempt's value: the largest measured value of its paths (its body's and its handlers').
 */
export function refCaps(workflow: WorkflowNode, sizer: Sizer): RefCaps {
  const caps = new Map<string, number>();
  const values = new Map<string, Expr[]>();
  eachStep(workflow.body, (step: Step) => {
    if (step.kind === 'agent') caps.set(step.id, adapterBudget(step, sizer));
    if (step.kind === 'model' && !step.offload) caps.set(step.id, answerBound(step.model, false, sizer).bytes);
    if (step.kind === 'set') values.set(step.id, [step.value, ...(values.get(step.id) ?? [])]);
    if (step.kind === 'assign') values.set(step.target, [...(values.get(step.target) ?? []), step.value]);
  });
  const resolving = new Set<string>();
  const capOf = (id: string): number | undefined => {
    if (caps.has(id)) return caps.get(id);
    const given = values.get(id);
    if (!given || resolving.has(id)) return undefined;
    resolving.add(id);
    let cap: number | undefined = 0;
    for (const value of given) {
      const each = value.kind === 'ref' && !value.inS3 ? capOf(capKey(value)) : undefined;
      cap = cap === undefined || each === undefined ? undefined : Math.max(cap, each);
    }
    resolving.delete(id);
    if (cap !== undefined) caps.set(id, cap);
    return cap;
  };
  for (const id of values.keys()) capOf(id);
  // An attempt's variable holds what one of its paths returns: at most the largest of them, measured with the caps
  // known so far (inner attempts first, then in source order, so an attempt's value can be bounded by an earlier one's).
  const measuring = new Sizer(sizer.options, caps, sizer.wholeResults);
  for (const step of attemptsInnerFirst(workflow.body)) {
    const results = [step.result, ...step.handlers.map((h) => h.result)].filter((r): r is Expr => r !== undefined);
    if (results.length > 0) caps.set(step.id, Math.max(...results.map((r) => measuring.expr(r, () => '').bytes)));
  }
  return caps;
}

function attemptsInnerFirst(block: Block, out: AttemptStep[] = []): AttemptStep[] {
  for (const step of block) {
    for (const child of childBlocks(step)) attemptsInnerFirst(child.block, out);
    if (step.kind === 'attempt') out.push(step);
  }
  return out;
}

/** The raw response bound of every integration Task whose response has fields beyond its typed result (measure.ts). */
export function wholeResultBounds(workflow: WorkflowNode): WholeResultBounds {
  const bounds = new Map<string, number>();
  eachStep(workflow.body, (step: Step) => {
    if (step.kind === 'task' && step.integration.resultBytes !== undefined) bounds.set(step.id, step.integration.resultBytes);
  });
  return bounds;
}
