import type { Step, WorkflowNode } from '@agentflow/dsl';
import { childBlocks, refsOf, resultSchemaOf } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { StepIndex } from '../step-index.js';
import { stepExprs } from '../step-exprs.js';
import { firstDifference } from '../build-twice/first-difference.js';
import { followCatchPaths, type SharedTarget, type UnsetRead } from './catch-paths.js';

/**
 * What catches do to the data a flow reads. A catch jumps past the steps between the failing step and its target, so
 * a later read of their results (or of the failed step's own result) evaluates an unset variable
 * (States.QueryEvaluationError); an error is set only by its catch, so reading it where the step did not fail does
 * too. A fallback that the normal path also runs into runs after every success as well.
 */
export function checkCatchPaths(workflow: WorkflowNode, index: StepIndex): Diagnostic[] {
  const { reads, sharedTargets } = followCatchPaths(workflow);
  const diagnostics: Diagnostic[] = [];
  const errorReaders = new Set<string>();
  for (const r of reads) {
    const at = locate(r.reader, workflow, index);
    const root = r.ref.root;
    if (root.kind === 'step-result' && r.why.kind === 'caught') {
      const { by, rule } = r.why;
      const skipped = root.stepId;
      const cause = skipped === by.id ? `'${by.id}' has no result when it fails` : `'${skipped}' does not run when '${by.id}' fails`;
      diagnostics.push({
        code: 'ref-skipped-by-catch',
        severity: 'error',
        message: `${readerName(r)} reads the result of '${skipped}', but ${cause}: its catch goes to '${rule.next}', and this read is at or after '${rule.next}'.`,
        ...at,
        related: [{ message: skipped === by.id ? `the catch of '${by.id}'` : `the catch of '${by.id}' that skips '${skipped}'`, ...(rule.loc ?? by.loc ? { loc: rule.loc ?? by.loc } : {}) }],
        hint:
          `Give the read a default for the path through the catch, e.g. orElse(${sample(r)}, <default>) (import { orElse } from '@agentflow/dsl'), ` +
          `or let the catch lead to a fallback placed after a flow.succeed(...) that ends the normal path, so the two paths do not meet.`,
      });
    } else if (root.kind === 'step-result' && r.why.kind === 'other-path') {
      const { attempt, made } = r.why;
      const why =
        made === 'body'
          ? `'${root.stepId}' is a step of the body of attempt '${attempt.id}', which may have failed before it ran`
          : `'${root.stepId}' is a step of a handler of attempt '${attempt.id}', which runs only when the body fails`;
      diagnostics.push({
        code: 'ref-other-attempt-path',
        severity: 'error',
        message: `${readerName(r)} reads the result of '${root.stepId}', but ${why}: on the other path that variable is unset.`,
        ...at,
        related: [{ message: `attempt '${attempt.id}'`, ...(attempt.loc ? { loc: attempt.loc } : {}) }],
        hint:
          `Return the value from each path of the attempt and read the attempt's result (the value flow.attempt returns), ` +
          `compute it before the attempt, or give the read a default: orElse(${sample(r)}, <default>).`,
      });
    } else if (root.kind === 'step-error' && r.why.kind === 'no-failure') {
      if (r.reader) errorReaders.add(r.reader.id);
      const from = r.why.after ? ` (the flow continues into it from '${r.why.after.id}')` : '';
      diagnostics.push({
        code: 'error-read-after-success',
        severity: 'error',
        message: `${readerName(r)} reads the error of '${root.stepId}', but it is also reached when '${root.stepId}' did not fail${from}, and then there is no error to read.`,
        ...at,
        hint:
          `End the normal path right before the fallback (e.g. \`flow.succeed('done', { output: … })\`) so that only the catch of '${root.stepId}' leads there, ` +
          `or read the error with a default: orElse(${sample(r)}, 'none').`,
      });
    }
  }
  for (const shared of sharedTargets) {
    if (!isFallbackFor(shared, errorReaders)) continue;
    const { by, rule, target, previous } = shared;
    // The fix goes right before the fallback: point there, and at the catch as the other end.
    const loc = target.loc;
    const catchLoc = rule.loc ?? by.loc;
    diagnostics.push({
      code: 'fallback-runs-after-success',
      severity: 'warning',
      message: `Fallback '${target.id}' (the catch target of '${by.id}') also runs after '${by.id}' succeeds: the step before it, '${previous.id}', continues into it.`,
      path: index.byId.get(target.id)?.path ?? workflow.name,
      ...(loc ? { loc } : {}),
      related: [{ message: `the catch of '${by.id}' that leads here`, ...(catchLoc ? { loc: catchLoc } : {}) }],
      hint: `End the normal path before the fallback, e.g. \`flow.succeed('answered', { output: answer })\` right after '${previous.id}', so that only the catch leads to '${target.id}'; or move the fallback into a choice on the failure.`,
    });
  }
  return diagnostics;
}

/**
 * A catch target is a fallback (not a join where both paths meet on purpose) when it stands in for the failed step:
 * it reads that step's error, or computes a result of the same shape as the step would have.
 */
function isFallbackFor({ by, target }: SharedTarget, errorReaders: ReadonlySet<string>): boolean {
  const steps = [target, ...nested(target)];
  // Reading the error unguarded is already an error there.
  if (steps.some((s) => errorReaders.has(s.id))) return false;
  const readsError = steps.some((s) => stepExprs(s).some((e) => refsOf(e.expr).some((r) => r.root.kind === 'step-error' && r.root.stepId === by.id)));
  if (readsError) return true;
  const [mine, theirs] = [resultSchemaOf(by), resultSchemaOf(target)];
  return mine !== undefined && theirs !== undefined && firstDifference(mine, theirs) === undefined;
}

function nested(step: Step): Step[] {
  return childBlocks(step).flatMap((c) => c.block.flatMap((s) => [s, ...nested(s)]));
}

/** How the reference reads in the workflow source, as far as the IR knows it. */
function sample(r: UnsetRead): string {
  const root = r.ref.root;
  const base = root.kind === 'step-error' ? `flow.errorOf(<result of '${root.stepId}'>)` : `<result of '${'stepId' in root ? root.stepId : ''}'>`;
  return [base, ...r.ref.path].join('.');
}

function readerName(r: UnsetRead): string {
  return r.reader ? `Step '${r.reader.id}' (${r.role})` : 'The workflow result';
}

function locate(reader: Step | undefined, workflow: WorkflowNode, index: StepIndex): Pick<Diagnostic, 'path' | 'loc'> {
  const loc = reader ? reader.loc : workflow.loc;
  const path = reader ? (index.byId.get(reader.id)?.path ?? workflow.name) : workflow.name;
  return { path, ...(loc ? { loc } : {}) };
}
