import type { z } from 'zod';
import type { WorkflowNode } from '@agentflow/dsl';
import { defOf } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';

/** Schema features that change a value when parsed; Step Functions never parses the execution input with zod. */
const PARSE_TIME = new Set(['default', 'prefault', 'catch', 'transform', 'pipe']);

function* children(schema: z.ZodType): Generator<[string, z.ZodType]> {
  const def = defOf(schema);
  if (def.type === 'object') for (const [k, v] of Object.entries(def['shape'] as Record<string, z.ZodType>)) yield [`.${k}`, v];
  if (def.type === 'array') yield ['[]', def['element'] as z.ZodType];
  if (def.type === 'union') for (const [i, v] of (def['options'] as z.ZodType[]).entries()) yield [`|${i}`, v];
  if (def.type === 'record') yield ['{}', def['valueType'] as z.ZodType];
  for (const key of ['innerType', 'in']) if (def[key]) yield ['', def[key] as z.ZodType];
}

/**
 * `flow.input` is typed from the parsed schema, but executions start with the raw JSON: a default would be typed as
 * present while the run sees it missing.
 */
export function checkInputSchema(workflow: WorkflowNode): Diagnostic[] {
  const found: string[] = [];
  const seen = new Set<z.ZodType>();
  const visit = (schema: z.ZodType, path: string) => {
    if (seen.has(schema)) return;
    seen.add(schema);
    const type = defOf(schema).type;
    if (PARSE_TIME.has(type)) found.push(`${path || '(input)'} uses .${type === 'pipe' ? 'pipe/transform' : type}()`);
    for (const [step, child] of children(schema)) visit(child, path + step);
  };
  visit(workflow.input, '');
  return found.map((what) => ({
    code: 'input-parse-not-applied',
    severity: 'warning' as const,
    message: `The input schema ${what}, but Step Functions passes the execution input as it is: the value is typed as parsed but arrives raw.`,
    path: workflow.name,
    ...(workflow.loc ? { loc: workflow.loc } : {}),
    hint: 'Make the field optional and give the fallback where it is read (orElse(flow.input.field, fallback)), or have the caller send it.',
  }));
}
