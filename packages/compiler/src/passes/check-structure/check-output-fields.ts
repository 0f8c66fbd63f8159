import type { z } from 'zod';
import type { AgentSpec, ModelSpec } from '@agentflow/dsl';
import { defOf, unwrap } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { POINTER_FIELD } from '../payload/pointer.js';
import type { StepIndex } from '../step-index.js';

/**
 * An agent's or model's answer that is offloaded to S3 is kept as `{ ...inline fields, "$s3": "s3://…" }`
 * (docs/payload.md), so a top-level answer field named `$s3` would be overwritten by the pointer. The name is
 * reserved whether or not this environment offloads the answer: that depends on the payload budget, the offload
 * bucket and every schema bound, and a workflow should not stop working when one of those changes.
 */
export function checkOutputFields(index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<AgentSpec | ModelSpec>();
  for (const info of index.all) {
    const { step } = info;
    if (step.kind !== 'agent' && step.kind !== 'model') continue;
    const spec = step.kind === 'agent' ? step.agent : step.model;
    if (seen.has(spec)) continue;
    seen.add(spec);
    if (!topLevelFields(spec.output).includes(POINTER_FIELD)) continue;
    const what = step.kind === 'agent' ? `Agent '${spec.name}'` : `Model '${spec.name}'`;
    const loc = spec.loc ?? step.loc;
    diagnostics.push({
      code: 'reserved-output-field',
      severity: 'error',
      message: `${what} has an output field named '${POINTER_FIELD}', the key agentflow uses for the S3 location of an answer it offloads: the location would replace the field.`,
      path: info.path,
      ...(loc ? { loc } : {}),
      hint: `Rename the field in the output schema (e.g. '${POINTER_FIELD.slice(1)}').`,
      ...(spec.loc && step.loc ? { related: [{ message: `'${spec.name}' is invoked here`, loc: step.loc }] } : {}),
    });
  }
  return diagnostics;
}

function topLevelFields(schema: z.ZodType): string[] {
  const def = defOf(unwrap(schema).inner);
  return def.type === 'object' ? Object.keys(def['shape'] as Record<string, z.ZodType>) : [];
}
