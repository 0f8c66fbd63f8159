import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isDslError, isStringExpr, orElse, schemaOfExpr, workflow, type Expr, type WorkflowFlow, type WorkflowNode } from '@agentflow/dsl';

const Input = z.object({ note: z.string().max(10).optional(), tags: z.array(z.string().max(5)).max(3).optional(), n: z.number().optional() });

function valueOfSet(build: (flow: WorkflowFlow<z.infer<typeof Input>>) => void): Expr {
  const ir: WorkflowNode = workflow('t', { input: Input }, (flow) => {
    build(flow);
  }).build();
  const step = ir.body[0]!;
  if (step.kind !== 'set') throw new Error('expected a set step');
  return step.value;
}

describe('orElse', () => {
  it('records the value and the fallback', () => {
    const value = valueOfSet((flow) => flow.set('kept', orElse(flow.input.note, 'none')));
    expect(value).toMatchObject({ kind: 'or-else', value: { kind: 'ref', path: ['note'] }, fallback: { kind: 'literal', value: 'none' } });
    expect(isStringExpr(value)).toBe(true);
  });

  it('types the result as the present value or the fallback', () => {
    const text = schemaOfExpr(valueOfSet((flow) => flow.set('kept', orElse(flow.input.note, 'none'))));
    expect(text.safeParse(undefined).success).toBe(false);
    expect(text.safeParse('none').success).toBe(true);
    // An empty list keeps the array's own schema, so the result still types its elements (e.g. for a map).
    const list = schemaOfExpr(valueOfSet((flow) => flow.set('kept', orElse(flow.input.tags, []))));
    expect(list.safeParse(['a']).success).toBe(true);
    expect(list.safeParse([1]).success).toBe(false);
    const number = schemaOfExpr(valueOfSet((flow) => flow.set('kept', orElse(flow.input.n, 0))));
    expect(number.safeParse(undefined).success).toBe(false);
  });

  it('keeps the fields of an orElse value readable (a union of value and fallback)', () => {
    const Nested = z.object({ meta: z.object({ level: z.enum(['low', 'high']), ok: z.boolean() }).optional() });
    const ir = workflow('t', { input: Nested }, (flow) => {
      const kept = flow.set('kept', { meta: orElse(flow.input.meta, { level: 'low', ok: true }) });
      flow.set('level', kept.meta.level);
    }).build();
    const level = ir.body[1]!;
    if (level.kind !== 'set' || level.value.kind !== 'ref') throw new Error('expected a set of a reference');
    expect(level.value.unknownField).toBeUndefined();
    expect(level.value.schema.safeParse('high').success).toBe(true);
    expect(level.value.schema.safeParse('medium').success).toBe(false);
  });

  it('refuses an undefined fallback with a located error', () => {
    let error: unknown;
    try {
      orElse(z.string() as never, undefined as never);
    } catch (e) {
      error = e;
    }
    expect(isDslError(error) && error.code).toBe('invalid-or-else');
    expect(isDslError(error) && error.loc?.file).toBe(import.meta.filename);
  });
});
