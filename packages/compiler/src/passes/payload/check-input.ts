import type { WorkflowNode } from '@agentflow/dsl';
import { defOf, unwrap } from '@agentflow/dsl';
import type { z } from 'zod';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Sizer } from './measure.js';
import type { PayloadOptions } from './payload-options.js';

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * StartExecution rejects an input over the payload limit, so a workflow whose input schema admits larger values
 * cannot be started with some of the inputs its type promises: an error at the workflow, naming the largest field.
 * The analysis itself caps the entry at the limit (no larger input ever reaches the first state).
 */
export function checkInput(workflow: WorkflowNode, sizer: Sizer, options: PayloadOptions): Diagnostic[] {
  const bound = sizer.schema(workflow.input);
  if (bound.bytes <= options.limitBytes) return [];
  const largest = largestField(workflow.input, sizer);
  const part = largest ? ` (largest part: $input.${largest.name}, ${fmt(largest.bytes)} bytes)` : '';
  const assumed = bound.assumptions.length > 0 ? ', counting the assumed sizes of its unbounded parts' : '';
  return [
    {
      code: 'input-over-budget',
      severity: 'error',
      message: `The input of workflow '${workflow.name}' can reach ${fmt(bound.bytes)} bytes${assumed}${part}, over the ${fmt(options.limitBytes)} bytes Step Functions accepts for an execution input: starting it with such an input would fail.`,
      path: workflow.name,
      ...(workflow.loc ? { loc: workflow.loc } : {}),
      hint:
        'Bound the input schema with smaller .max() values, or pass large data in S3: e.g. give the location of a JSON, JSONL or CSV object and map over it with flow.map(id, s3Items({ bucket, key, format, item }), …) (docs/payload.md).',
    },
  ];
}

function largestField(schema: z.ZodType, sizer: Sizer): { name: string; bytes: number } | undefined {
  const def = defOf(unwrap(schema).inner);
  if (def.type !== 'object') return undefined;
  let top: { name: string; bytes: number } | undefined;
  for (const [name, field] of Object.entries(def['shape'] as Record<string, z.ZodType>)) {
    const bytes = sizer.schema(field).bytes;
    if (!top || bytes > top.bytes) top = { name, bytes };
  }
  return top;
}
