import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, eq, text, when, workflow } from '@agentflow/dsl';
import { compileWorkflow } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

// The value a scope returns (the workflow's result, a Parallel branch's, a Map iteration's) is the `Output` of the
// state that ends it; the payload analysis measures it there, as that state's `output`.

const WITH_OFFLOAD = { ...TEST_ENV, offload: { bucket: 'test-bucket', prefix: 'p' } };
const compile = (wf: Parameters<typeof compileWorkflow>[0]) => compileWorkflow(wf, { env: WITH_OFFLOAD, envName: 'test' });
const errorsOf = (result: ReturnType<typeof compile>) => result.diagnostics.filter((d) => d.severity === 'error');
const medium = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ body: z.string().max(15_000) }) });
const small = agent('judge', { agentName: 'judge', alias: 'live', output: z.object({ ok: z.boolean(), note: z.string().max(100) }) });

describe('scope results', () => {
  it('measures the workflow result as the output of its last state, and reports it at the workflow', () => {
    // 240,002 bytes of input at most: under the 256 KiB an execution input may have (input-over-budget).
    const wf = workflow('triple', { input: z.object({ text: z.string().max(40_000) }) }, (flow) => {
      flow.wait('pause', { seconds: 1 });
      return text`${flow.input.text}${flow.input.text}${flow.input.text}`;
    });
    const result = compile(wf);
    const errors = errorsOf(result);
    expect(errors.map((d) => d.code)).toEqual(['payload-over-budget']);
    // 3 × (6 × 40,000) bytes of escaped text, and the quotes.
    expect(errors[0]!.message).toBe(
      "The output of state 'Pause', the value workflow 'triple' returns, can reach 720,002 bytes, 305% of the 235,929-byte payload budget (largest part: $input.text, 240,000 bytes).",
    );
    expect(errors[0]!.path).toBe('triple');
    expect(errors[0]!.loc?.file).toBe(import.meta.filename);
    expect(result.payload!.states.find((r) => r.state === 'Pause')).toMatchObject({ measure: 'output', bytes: 720_002 });
  });

  it('offloads a producer whose copies make the result too large', () => {
    const wf = workflow('copies', { input: z.object({ q: z.string().max(100) }) }, (flow) => {
      const doc = flow.invoke(medium, { id: 'draft', prompt: flow.input.q });
      flow.wait('pause', { seconds: 1 });
      return { a: doc, b: doc, c: doc };
    });
    const result = compile(wf);
    expect(errorsOf(result)).toEqual([]);
    const rows = result.payload!.states;
    expect(rows.find((r) => r.state === 'Draft')).toMatchObject({ offloaded: true });
    expect(rows.find((r) => r.state === 'Pause')).toMatchObject({ measure: 'output', dominant: '$draft' });
    expect(rows.every((r) => r.bytes <= result.payload!.budgetBytes)).toBe(true);
  });

  it('adds a row for the Succeed state that ends a scope whose last step branches', () => {
    const wf = workflow('branchy', { input: z.object({ q: z.string().max(100) }) }, (flow) => {
      const both = flow.parallel('both', {
        left: (b) => {
          const check = b.invoke(small, { id: 'check', prompt: flow.input.q });
          b.choice('route', [when(eq(check.ok, true), (c) => void c.wait('hold', { seconds: 1 }))], { otherwise: 'continue' });
          return { note: check.note };
        },
      });
      return both.left;
    });
    const result = compile(wf);
    expect(errorsOf(result)).toEqual([]);
    const definition = JSON.stringify(result.definition);
    expect(definition).toContain('"Both Left Done"');
    expect(result.payload!.states.find((r) => r.state === 'Both Left Done')).toMatchObject({ step: 'branchy/both/Both Left Done', measure: 'output', bytes: 2 + 7 + 602, dominant: '$check.note' });
  });

  it('reports an iteration result that cannot fit at the map step, and counts every iteration in the map result', () => {
    const over = workflow('over', { input: z.object({ items: z.array(z.string().max(20_000)).max(2) }) }, (flow) => {
      flow.map('triple', flow.input.items, { maxConcurrency: 1 }, (item, f) => {
        f.wait('pause', { seconds: 1 });
        return text`${item}${item}${item}`;
      });
    });
    const overResult = compile(over);
    const errors = errorsOf(overResult);
    expect(errors.map((d) => [d.code, d.path])).toEqual([['payload-over-budget', 'over/triple']]);
    expect(errors[0]!.message).toContain("The output of state 'Pause', the value an iteration of map 'triple' returns, can reach 360,002 bytes");
    expect(errors[0]!.loc?.file).toBe(import.meta.filename);

    // A template's schema is an unbounded string (65,536 bytes assumed, 2 × that fits): the map result counts each
    // iteration's measured output instead (2 × 120,002 bytes), so it goes to S3 through a ResultWriter.
    const wide = workflow('wide', { input: z.object({ items: z.array(z.string().max(20_000)).max(2) }) }, (flow) => {
      flow.map('copy', flow.input.items, { maxConcurrency: 1 }, (item, f) => {
        f.wait('pause', { seconds: 1 });
        return text`${item}`;
      });
    });
    const wideResult = compile(wide);
    expect(errorsOf(wideResult)).toEqual([]);
    const map = (wideResult.definition as { States: Record<string, Record<string, unknown>> }).States['Copy']!;
    expect(map['ResultWriter']).toBeDefined();
  });
});
