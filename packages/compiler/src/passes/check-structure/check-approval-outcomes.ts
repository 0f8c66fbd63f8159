import type { RefExpr, WorkflowNode } from '@agentflow/dsl';
import { refsOf } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { StepIndex } from '../step-index.js';
import { stepExprs } from '../step-exprs.js';

/**
 * A rejection is a successful callback (`approved: false`): unless something reads the decision, the flow goes on
 * exactly as after an approval. Reading the whole outcome (e.g. returning it) counts as reading the decision.
 */
export function checkApprovalOutcomes(workflow: WorkflowNode, index: StepIndex): Diagnostic[] {
  // Without an approval there is no decision to read: the workflow's references need no listing.
  if (!index.all.some((info) => info.step.kind === 'approval')) return [];
  const reads: RefExpr[] = [];
  for (const info of index.all) for (const { expr } of stepExprs(info.step)) refsOf(expr, reads);
  if (workflow.output) refsOf(workflow.output, reads);
  const decided = new Set<string>();
  for (const ref of reads) {
    if (ref.root.kind === 'step-result' && (ref.path.length === 0 || ref.path[0] === 'approved')) decided.add(ref.root.stepId);
  }
  const diagnostics: Diagnostic[] = [];
  for (const info of index.all) {
    const step = info.step;
    if (step.kind !== 'approval' || decided.has(step.id)) continue;
    diagnostics.push({
      code: 'approval-outcome-unread',
      severity: 'warning',
      message: `Nothing reads the decision of approval '${step.id}': a rejection continues exactly like an approval.`,
      path: info.path,
      ...(step.loc ? { loc: step.loc } : {}),
      hint:
        `Route on \`approved\`, e.g. \`const verdict = flow.approval('${step.id}', …); flow.choice('on-${step.id}', [when(verdict.approved, (f) => { … })], { otherwise: { fail: { error: 'Rejected' } } })\`, ` +
        'or in a revise loop `loop.exitWhen(verdict.approved)`.',
    });
  }
  return diagnostics;
}
