import type { Step, WorkflowNode } from '@agentflow/dsl';
import { eachStep } from '../block-steps.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { isPointerSchema } from './pointer.js';

/**
 * A map whose items the offload plan turned into an S3 pointer cannot iterate them: `Items` would be the pointer
 * object, not an array (States.QueryEvaluationError at run time). This happens when the items are the results of a
 * map that the plan gave a ResultWriter (its value is `{"$s3": "s3://…/manifest.json"}`): Step Functions cannot read
 * a ResultWriter's output back in item order (the result files are written per status, SUCCEEDED_n / FAILED_n, in
 * no documented order), so the program is refused at the map, with ways to keep the results inline or avoid the
 * second pass.
 */
export function checkMapItems(workflow: WorkflowNode): Diagnostic[] {
  const out: Diagnostic[] = [];
  const writers = new Set<string>();
  eachStep(workflow.body, (step: Step) => {
    if (step.kind === 'map' && step.distributed?.writer) writers.add(step.id);
  });
  eachStep(workflow.body, (step: Step) => {
    if (step.kind !== 'map' || !step.items || step.distributed?.reader) return;
    const items = step.items;
    if (!isPointerSchema(items.schema) && items.inS3 === undefined) return;
    const source = items.root.kind === 'step-result' ? items.root.stepId : undefined;
    const what = source && writers.has(source) ? `the results of map '${source}', which can exceed the payload budget and go to S3` : 'a value the compiler moved to S3';
    out.push({
      code: 'map-over-offloaded-results',
      severity: 'error',
      message: `map '${step.id}' iterates ${what}: a Map cannot read a Distributed Map's S3 results back in order, so its items would be an S3 pointer, not an array.`,
      path: `${workflow.name}/${step.id}`,
      ...(step.loc ? { loc: step.loc } : {}),
      hint:
        source && writers.has(source)
          ? `Do the per-item work of '${step.id}' inside the body of '${source}' (it already runs once per item), or bound what each iteration of '${source}' returns (.max() on its schemas, or return a smaller value) so its results fit inline.`
          : 'Map over a smaller value that stays inline, or over items stored in S3 with s3Items(...).',
    });
  });
  return out;
}
