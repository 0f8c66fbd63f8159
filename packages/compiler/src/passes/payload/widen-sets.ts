import { z } from 'zod';
import type { RefExpr, Step, WorkflowNode } from '@agentflow/dsl';
import { defOf, rewriteBlock, rewriteExpr, schemaOfExpr, unwrap, type Rewriter } from '@agentflow/dsl';
import { eachStep } from '../block-steps.js';
import { isPointerSchema, storedSchemaOf } from './pointer.js';

/**
 * IR → IR: a `set` variable's schema must bound every value it ever holds, not only its first one — `assign` accepts
 * any value of the same TypeScript type, and a first value of `'Not dispatched.'` says nothing about the 24 KB answer
 * assigned later. Each set's schema becomes the widening of its first value (or declared schema) with every value
 * assigned to it, and references to the set (and to maps and branches that return it) are re-typed from it, so the
 * payload analysis sizes what the variable can really hold.
 */
export function widenSets(workflow: WorkflowNode): WorkflowNode {
  const assigned = new Map<string, z.ZodType[]>();
  eachStep(workflow.body, (step) => {
    if (step.kind === 'assign') assigned.set(step.target, [...(assigned.get(step.target) ?? []), schemaOfExpr(step.value)]);
  });
  if (assigned.size === 0) return workflow;
  const roots = new Map<string, z.ZodType>();
  const rw: Rewriter = {
    ref: (ref) => retype(ref, roots),
    step: (step: Step) => {
      let next = step;
      if (step.kind === 'set' && assigned.has(step.id)) {
        const basis = step.declared ? step.schema : schemaOfExpr(step.value);
        next = { ...step, schema: assigned.get(step.id)!.reduce(widen, basis) };
      }
      const schema = storedSchemaOf(next);
      if (schema && (next.kind === 'set' || next.kind === 'map' || next.kind === 'parallel')) roots.set(next.id, schema);
      return next;
    },
  };
  const body = rewriteBlock(workflow.body, rw);
  return Object.freeze({ ...workflow, body, output: workflow.output === undefined ? undefined : rewriteExpr(workflow.output, rw) });
}

function retype(ref: RefExpr, roots: ReadonlyMap<string, z.ZodType>): RefExpr {
  if (ref.root.kind !== 'step-result' || ref.unknownField || ref.inS3) return ref;
  let schema = roots.get(ref.root.stepId);
  if (!schema) return ref;
  for (const key of ref.path) {
    const next = fieldOf(schema, key);
    if (!next) return ref;
    schema = next;
  }
  return { ...ref, schema };
}

function fieldOf(schema: z.ZodType, key: string): z.ZodType | undefined {
  const { inner, optional } = unwrap(schema);
  const def = defOf(inner);
  if (def.type !== 'object') return undefined;
  const field = (def['shape'] as Record<string, z.ZodType>)[key];
  return field && optional ? field.optional() : field;
}

/** The smallest schema this module can state that accepts both: objects field by field, anything else as a union. */
export function widen(a: z.ZodType, b: z.ZodType): z.ZodType {
  if (a === b) return a;
  const da = defOf(a);
  const db = defOf(b);
  // Pointers must stay recognisable as pointers (consumers expand them), so they are never merged into a record.
  if (da.type === 'object' && db.type === 'object' && !isPointerSchema(a) && !isPointerSchema(b)) {
    const sa = da['shape'] as Record<string, z.ZodType>;
    const sb = db['shape'] as Record<string, z.ZodType>;
    const shape: Record<string, z.ZodType> = {};
    for (const key of new Set([...Object.keys(sa), ...Object.keys(sb)])) {
      const fa = sa[key];
      const fb = sb[key];
      shape[key] = fa && fb ? widen(fa, fb) : (fa ?? fb)!.optional();
    }
    return z.object(shape);
  }
  return z.union([a, b]);
}
