import type { MapStep, Step, WorkflowNode } from '@agentflow/dsl';
import { eachStep } from '../block-steps.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { StepIndex } from '../step-index.js';

/**
 * Error names a Distributed Map state itself can fail with. Its children are separate executions: when they fail
 * (with any error, over the tolerated threshold — 0 unless set), the Map fails with
 * States.ExceedToleratedFailureThreshold, never with the child's own error (docs/payload.md). States.ALL and
 * States.TaskFailed match any name but States.Timeout.
 */
const REACHES_DISTRIBUTED_MAP = new Set([
  'States.ALL',
  'States.TaskFailed',
  'States.ExceedToleratedFailureThreshold',
  'States.ItemReaderFailed',
  'States.ResultWriterFailed',
  'States.QueryEvaluationError',
  'States.Permissions',
]);

/**
 * A `catch` or `retry` on a map that runs as a Distributed Map (failure tolerance, items read from S3, or results
 * written to S3) and names errors the map can no longer fail with. A rule none of whose names can reach the map
 * never fires — the program would not run as written — so it is an error; a dead name next to live ones is a warning.
 * Runs on the IR after the payload plan, which decides which maps become distributed.
 */
export function checkDistributedMapErrors(workflow: WorkflowNode, index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  eachStep(workflow.body, (step: Step) => {
    if (step.kind !== 'map' || step.distributed === undefined) return;
    const path = index.byId.get(step.id)?.path ?? `${workflow.name}/${step.id}`;
    const why = reasonOf(step);
    const rules = [
      ...step.catch.map((rule, i) => ({ kind: 'catch', what: `catch[${i}] (to '${rule.next}')`, errors: rule.errors, loc: rule.loc ?? step.loc })),
      ...step.retry.map((rule, i) => ({ kind: 'retry', what: `retry[${i}]`, errors: rule.errors, loc: step.loc })),
    ];
    for (const rule of rules) {
      const dead = rule.errors.filter((name) => !REACHES_DISTRIBUTED_MAP.has(name));
      if (dead.length === 0) continue;
      const never = dead.length === rule.errors.length;
      const names = dead.map((n) => `'${n}'`).join(', ');
      const verb = rule.kind === 'catch' ? 'Catch' : 'Retry';
      diagnostics.push({
        code: 'distributed-map-error-unreachable',
        severity: never ? 'error' : 'warning',
        message:
          `Map '${step.id}' runs as a Distributed Map (${why}), so ${never ? `its ${rule.what} never applies: ${names} cannot reach it` : `${names} in its ${rule.what} cannot reach it`}. ` +
          `When iterations fail, the map fails with States.ExceedToleratedFailureThreshold, not with their errors.`,
        path,
        ...(rule.loc ? { loc: rule.loc } : {}),
        hint: never
          ? `${verb} ${names} on the step inside the map body that raises it, or name 'States.ExceedToleratedFailureThreshold' here to handle any failed iteration.`
          : `Remove ${names} here; to handle it, ${rule.kind} it on the step inside the map body that raises it.`,
      });
    }
  });
  return diagnostics;
}

/** Why the compiler runs this map distributed, in the author's terms. */
function reasonOf(step: MapStep): string {
  if (step.toleratedFailureCount !== undefined || step.toleratedFailurePercentage !== undefined) return 'it tolerates failed iterations';
  if (step.itemsFrom !== undefined || step.distributed?.reader) return 'it reads its items from S3';
  return 'its results can exceed the payload budget, so they are written to S3';
}
