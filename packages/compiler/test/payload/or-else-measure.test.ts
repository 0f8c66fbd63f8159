import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Expr, RefExpr } from '@agentflow/dsl';
import { Sizer } from '../../src/passes/payload/measure.js';

const ref = (schema: z.ZodType, path: string[]): RefExpr => ({ kind: 'ref', root: { kind: 'workflow-input' }, path, schema });
const label = (e: RefExpr) => `$input.${e.path.join('.')}`;
const sizer = new Sizer({});

describe('orElse in the payload bounds', () => {
  const note = ref(z.string().max(10).optional(), ['note']);
  const body = ref(z.string().max(5_000), ['body']);

  it('counts whichever of value and fallback can be larger', () => {
    const small: Expr = { kind: 'or-else', value: note, fallback: { kind: 'literal', value: 'none' } };
    const large: Expr = { kind: 'or-else', value: note, fallback: body };
    expect(sizer.expr(small, label).bytes).toBe(sizer.expr(note, label).bytes);
    const m = sizer.expr(large, label);
    expect(m.bytes).toBe(sizer.expr(body, label).bytes);
    expect(m.dominant).toBe('$input.body');
  });

  it('counts the fallback when spliced into text', () => {
    const template: Expr = { kind: 'template', parts: ['a', { kind: 'or-else', value: note, fallback: body }] };
    expect(sizer.expr(template, label).bytes).toBe(sizer.expr({ kind: 'template', parts: ['a', body] }, label).bytes);
  });
});
