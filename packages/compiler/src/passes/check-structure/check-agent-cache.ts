import type { WorkflowNode } from '@agentflow/dsl';
import { refsOf } from '@agentflow/dsl';
import { eachStep } from '../block-steps.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { containsPointer } from '../payload/pointer.js';
import type { StepIndex } from '../step-index.js';

/**
 * A cache keyed by its prompt (no `cache.key`) whose prompt splices an offloaded value would be keyed by that value's
 * S3 location, which is new in every execution: the cache would never hit. Checked after the offload plan, which
 * decides what is offloaded.
 */
export function checkAgentCache(workflow: WorkflowNode, index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  eachStep(workflow.body, (step) => {
    if (step.kind !== 'agent' || !step.cache) return;
    const at = step.cache.loc ?? step.loc;
    if (step.offload) {
      diagnostics.push({
        code: 'cache-stores-pointer',
        severity: 'info',
        path: index.byId.get(step.id)?.path ?? step.id,
        ...(at ? { loc: at } : {}),
        message: `Step '${step.id}' is offloaded, so its cache stores the answer's S3 location; a hit reads the object an earlier execution wrote, which must still exist for up to ${step.cache.ttlSeconds} s (the TTL).`,
        hint: 'Keep the offload bucket\'s objects (lifecycle expiration) at least as long as the cache TTL; a missing object fails the step that reads it with Agentflow.OffloadMissing.',
      });
    }
    if (step.cache.key !== undefined) return;
    const offloaded = refsOf(step.prompt).filter((r) => r.inS3 !== undefined || (r.schema !== undefined && containsPointer(r.schema)));
    if (offloaded.length === 0) return;
    const loc = step.cache.loc ?? step.loc;
    diagnostics.push({
      code: 'cache-key-reads-offloaded',
      severity: 'error',
      path: index.byId.get(step.id)?.path ?? step.id,
      ...(loc ? { loc } : {}),
      message: `The cache of step '${step.id}' is keyed by its prompt, which includes a value kept in S3; its key would be that value's S3 location, new in every execution, so the cache would never hit.`,
      hint: "Give cache.key: the inputs that identify the answer, e.g. key: text`${flow.input.topic}`.",
    });
  });
  return diagnostics;
}
