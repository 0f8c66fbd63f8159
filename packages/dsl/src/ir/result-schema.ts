import { z } from 'zod';
import type { Expr } from './expr.js';
import type { Step } from './nodes.js';
import { schemaOfExpr } from '../refs/value.js';
import { arraySchema, recordSchema, roundSchema, UNKNOWN_SCHEMA } from '../refs/shared-schemas.js';

const resultOf = (expr: Expr | undefined): z.ZodType => (expr ? schemaOfExpr(expr) : UNKNOWN_SCHEMA);

/** Most items an array schema admits, when it says. */
export function maxItemsOf(schema: z.ZodType): number | undefined {
  const def = (schema as unknown as { _zod: { def: { checks?: { _zod: { def: { check: string; maximum?: number } } }[]; innerType?: z.ZodType } } })._zod.def;
  for (const check of def.checks ?? []) if (check._zod.def.check === 'max_length') return check._zod.def.maximum;
  return def.innerType ? maxItemsOf(def.innerType) : undefined;
}

/** The schema of the value a step keeps in its variable (what references to its result are typed by). */
export function resultSchemaOf(step: Step): z.ZodType | undefined {
  switch (step.kind) {
    case 'agent':
      return step.agent.output;
    case 'model':
      return step.model.output;
    case 'task':
      return step.integration.output;
    case 'approval':
      return step.outcome;
    case 'vote':
      return step.tally;
    case 'set':
      return step.schema;
    case 'parallel':
      return recordSchema(step.branches.map((b) => [b.name, resultOf(b.result)] as const));
    case 'map': {
      const max = step.items ? maxItemsOf(step.items.schema) : step.itemsFrom?.maxItems;
      return arraySchema(resultOf(step.result), max);
    }
    case 'attempt': {
      const results = [step.result, ...step.handlers.map((h) => h.result)].filter((r): r is Expr => r !== undefined).map(resultOf);
      if (results.length === 0) return undefined;
      return results.length === 1 ? results[0] : z.union(results as [z.ZodType, z.ZodType, ...z.ZodType[]]);
    }
    case 'loop':
      return roundSchema(step.maxIterations);
    default:
      return undefined;
  }
}
