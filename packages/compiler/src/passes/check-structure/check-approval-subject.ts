import type { WorkflowNode } from '@agentflow/dsl';
import { refsOf } from '@agentflow/dsl';
import { eachStep } from '../block-steps.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { containsPointer } from '../payload/pointer.js';
import type { StepIndex } from '../step-index.js';

/**
 * An approval's message may splice offloaded values: it travels as `messageParts`, which the responder expands from
 * S3. Its subject is one line of at most 100 characters with no such expansion, so an offloaded value would reach
 * the reviewers as its `s3://…` location. Checked after the offload plan, which decides what is offloaded.
 */
export function checkApprovalSubject(workflow: WorkflowNode, index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  eachStep(workflow.body, (step) => {
    if (step.kind !== 'approval' || !step.subject) return;
    const offloaded = refsOf(step.subject).filter((r) => r.inS3 !== undefined || (r.schema !== undefined && containsPointer(r.schema)));
    if (offloaded.length === 0) return;
    diagnostics.push({
      code: 'approval-subject-offloaded',
      severity: 'error',
      path: index.byId.get(step.id)?.path ?? step.id,
      ...(step.loc ? { loc: step.loc } : {}),
      message: `The subject of approval '${step.id}' includes a value kept in S3; a subject is not expanded, so the reviewers would read its s3:// location instead of the text.`,
      hint: 'Put that value in the message (which is expanded), or keep the field inline: list it in the producing step\'s offload inline fields.',
    });
  });
  return diagnostics;
}
