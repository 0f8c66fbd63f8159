import type { z } from 'zod';
import type { MapDistribution, Offload, RefExpr, Step, WorkflowNode } from '@agentflow/dsl';
import { defOf, fieldSchema, rewriteBlock, rewriteExpr, schemaOfExpr, unwrap, type Rewriter } from '@agentflow/dsl';
import { containsPointer, isPointerSchema, POINTER_URI, storedSchemaOf } from './pointer.js';

/**
 * IR → IR: marks producers whose results go to S3, and re-types every reference to what it holds at run time —
 * a pointer with inline fields, or (`inS3`) a location inside an offloaded value.
 */
export function insertOffload(workflow: WorkflowNode, offloads: ReadonlyMap<string, Offload>, maps: ReadonlyMap<string, MapDistribution> = new Map()): WorkflowNode {
  if (offloads.size === 0 && maps.size === 0) return workflow;
  const roots = new Map<string, z.ZodType>();
  const rw: Rewriter = {
    ref: (ref) => retarget(ref, roots),
    step: (step) => {
      const offload = offloads.get(step.id);
      let next: Step = step;
      if (offload && (step.kind === 'agent' || step.kind === 'model')) next = { ...step, offload };
      const distribution = maps.get(step.id);
      if (distribution && step.kind === 'map') next = { ...step, distributed: { ...step.distributed, ...distribution, writer: distribution.writer || (step.distributed?.writer ?? false) } };
      if (next.kind === 'set' && containsPointer(schemaOfExpr(next.value))) next = { ...next, schema: schemaOfExpr(next.value) };
      const schema = storedSchemaOf(next);
      if (schema) roots.set(step.id, schema);
      return next;
    },
  };
  const body = rewriteBlock(workflow.body, rw);
  return Object.freeze({ ...workflow, body, output: workflow.output === undefined ? undefined : rewriteExpr(workflow.output, rw) });
}

function retarget(ref: RefExpr, roots: ReadonlyMap<string, z.ZodType>): RefExpr {
  if (ref.root.kind !== 'step-result' || ref.unknownField) return ref;
  let schema = roots.get(ref.root.stepId);
  if (!schema) return ref;
  for (let i = 0; i < ref.path.length; i++) {
    const key = ref.path[i]!;
    if (isPointerSchema(schema) && !hasField(schema, key)) return { ...ref, schema: POINTER_URI, inS3: { path: ref.path.slice(i) } };
    const next = fieldSchema(schema, key);
    if (!next) return ref;
    schema = next;
  }
  return { ...ref, schema };
}

function hasField(schema: z.ZodType, key: string): boolean {
  return key in (defOf(unwrap(schema).inner)['shape'] as object);
}
