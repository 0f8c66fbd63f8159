import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, eq, text, when, workflow } from '@agentflow/dsl';
import { compileWorkflow } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

const big = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ flag: z.enum(['a', 'b']), body: z.string().max(60_000) }) });
const small = agent('judge', { agentName: 'judge', alias: 'live', output: z.object({ ok: z.boolean() }) });
const WITH_OFFLOAD = { ...TEST_ENV, offload: { bucket: 'test-bucket', prefix: 'p' } };

const flow = workflow('offload', { input: z.object({ q: z.string().max(100) }) }, (f) => {
  const doc = f.invoke(big, { prompt: f.input.q });
  f.choice('route', [when(eq(doc.flag, 'a'), (b) => void b.invoke(small, { prompt: text`Check: ${doc.body}` }))], { otherwise: 'continue' });
  return { flag: doc.flag };
});

type Payload = { offload?: { bucket: string; key: string; inline: string[] }; inputParts?: unknown[]; inputText?: string };
const payloadOf = (def: Record<string, unknown> | undefined, state: string) =>
  ((def as { States: Record<string, { Arguments: { Payload: Payload } }> }).States[state]!.Arguments.Payload);

describe('payload analysis and offload', () => {
  it('needs a bucket when a result can exceed the budget', () => {
    const result = compileWorkflow(flow, { env: TEST_ENV, envName: 'test' });
    expect(result.definition).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toContain('offload-not-configured');
    const d = result.diagnostics.find((x) => x.code === 'offload-not-configured')!;
    expect(d.message).toContain("The result of state 'Worker' can reach 360,");
    expect(d.loc?.file).toBe(import.meta.filename);
  });

  it('offloads the producer, keeps the fields choices read inline, and dereferences the rest in prompts', () => {
    const result = compileWorkflow(flow, { env: WITH_OFFLOAD, envName: 'test' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const worker = payloadOf(result.definition, 'Worker');
    expect(worker.offload).toEqual({ bucket: 'test-bucket', key: "{% 'p/offload/' & $states.context.Execution.Name & '/worker.json' %}", inline: ['flag'] });
    // Only the pointer travels in the part, not the inline fields next to it (the S3 object holds them too).
    expect(payloadOf(result.definition, 'Judge').inputParts).toEqual(['Check: ', { expand: "{% {'$s3': $worker.`$s3`} %}", path: ['body'] }]);
    const rows = result.payload!.states;
    expect(rows.find((r) => r.state === 'Worker')).toMatchObject({ offloaded: true });
    expect(rows.every((r) => r.bytes <= result.payload!.budgetBytes)).toBe(true);
  });

  it('leaves workflows that fit untouched', () => {
    const fits = workflow('fits', { input: z.object({ q: z.string().max(100) }) }, (f) => f.invoke(small, { prompt: f.input.q }));
    const result = compileWorkflow(fits, { env: TEST_ENV, envName: 'test' });
    expect(result.diagnostics).toEqual([]);
    expect(payloadOf(result.definition, 'Judge').offload).toBeUndefined();
    expect(result.payload!.states.every((r) => !r.offloaded)).toBe(true);
  });

  it('warns about unbounded values, naming the step, the field and the assumption', () => {
    const loose = agent('loose', { agentName: 'worker', alias: 'live', output: z.object({ note: z.string() }) });
    const result = compileWorkflow(workflow('loose', { input: z.object({}) }, (f) => f.invoke(loose, { prompt: 'x' })), { env: TEST_ENV, envName: 'test' });
    const warning = result.diagnostics.find((d) => d.code === 'unbounded-value');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toBe("'loose' field note has no size bound (string without .max()); payload analysis assumes 65,536 bytes.");
  });

  it('reports a field that must stay inline but cannot fit as an error at the step', () => {
    const choosy = workflow('choosy', { input: z.object({ q: z.string().max(100) }) }, (f) => {
      const doc = f.invoke(big, { prompt: f.input.q });
      f.choice('empty', [when(eq(doc.body, ''), (b) => b.fail('no-body', { error: 'Empty' }))], { otherwise: 'continue' });
    });
    const result = compileWorkflow(choosy, { env: WITH_OFFLOAD, envName: 'test' });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['payload-over-budget']);
    expect(errors[0]!.message).toContain("field(s) 'body' must stay inline");
  });
});
