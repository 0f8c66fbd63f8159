import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, eq, isDslError, text, when, workflow, type BodyResult, type WorkflowFlow, type WorkflowNode } from '@agentflow/dsl';

const worker = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ answer: z.string().max(10), n: z.number() }) });

const Input = z.object({ q: z.string().max(10), xs: z.array(z.string()).max(3) });
type Flow = WorkflowFlow<z.infer<typeof Input>>;

function build(body: (flow: Flow) => BodyResult): WorkflowNode {
  return workflow('t', { input: Input }, body).build();
}

function dslError(fn: () => unknown): { code: string; line: number | undefined } {
  try {
    fn();
  } catch (error) {
    if (isDslError(error)) return { code: error.code, line: error.loc?.line };
    throw error;
  }
  throw new Error('expected a DslError');
}

describe('builders', () => {
  it('records steps in order as frozen IR with their source locations', () => {
    const ir = build((flow) => {
      flow.invoke(worker, { prompt: flow.input.q });
      flow.wait('pause', { seconds: 5 });
    });
    expect(ir.body.map((s) => s.kind)).toEqual(['agent', 'wait']);
    expect(Object.isFrozen(ir.body)).toBe(true);
    expect(Object.isFrozen(ir.body[0])).toBe(true);
    expect(ir.body[0]!.loc?.file).toBe(import.meta.filename);
    expect(ir.body[0]!.loc?.line).toBeGreaterThan(0);
  });

  it('turns text templates into parts, merging adjacent literals', () => {
    const ir = build((flow) => {
      flow.set('msg', text`a ${'b'} ${flow.input.q}!`);
    });
    const step = ir.body[0]!;
    expect(step.kind === 'set' && step.value).toMatchObject({ kind: 'template', parts: ['a b ', { kind: 'ref', path: ['q'] }, '!'] });
  });

  it('marks references to fields the schema lacks instead of failing at access', () => {
    const ir = build((flow) => {
      const r = flow.invoke(worker, { prompt: 'x' }) as unknown as Record<string, unknown>;
      flow.set('bad', r['answr'] as never);
    });
    const step = ir.body[1]!;
    expect(step.kind === 'set' && step.value).toMatchObject({ kind: 'ref', unknownField: { field: 'answr', known: ['answer', 'n'] } });
  });

  it('types conditions over references and literals', () => {
    const ir = build((flow) => {
      const r = flow.invoke(worker, { prompt: 'x' });
      flow.choice('c', [when(eq(r.answer, 'y'), (b) => b.succeed('yes'))], { otherwise: 'continue' });
    });
    const choice = ir.body[1]!;
    expect(choice.kind === 'choice' && choice.cases[0]!.when).toMatchObject({ kind: 'compare', op: 'eq', left: { kind: 'ref', path: ['answer'] }, right: { kind: 'literal', value: 'y' } });
  });

  it.each([
    ['invalid-step-id', (f: Flow) => f.set('Bad', 1)],
    ['invalid-map', (f: Flow) => f.map('m', f.input.xs, { maxConcurrency: -1 }, (x) => x)],
    ['invalid-duration', (f: Flow) => f.wait('w', { seconds: 1.5 })],
    ['invalid-value', (f: Flow) => f.set('d', new Date() as never)],
    ['invalid-retry', (f: Flow) => f.invoke(worker, { prompt: 'x', retry: [{ errors: [] }] })],
    ['invalid-loop', (f: Flow) => f.loop('l', { maxIterations: 0 }, () => undefined)],
    ['invalid-loop', (f: Flow) => f.loop('l', { maxIterations: 2, onExhausted: { fail: { error: '', cause: 'c' } } }, () => undefined)],
    ['invalid-loop', (f: Flow) => f.loop('l', { maxIterations: 2, onExhausted: 'stop' as never }, () => undefined)],
    ['invalid-vote', (f: Flow) => f.vote('v', { voters: [], proposal: 'p', rule: 'majority' })],
  ])('rejects misuse with %s at the call site', (code, body) => {
    const error = dslError(() => build((flow) => void body(flow)));
    expect(error.code).toBe(code);
    expect(error.line).toBeGreaterThan(0);
  });

  it("records onExhausted: the default 'fail', 'continue', or a custom error and cause", () => {
    const onExhausted = (options: Parameters<Flow['loop']>[1]) => {
      const ir = build((flow) => void flow.loop('l', options, (round) => round.exitWhen(eq(flow.input.q, 'x'))));
      const loop = ir.body[0]!;
      return loop.kind === 'loop' ? loop.onExhausted : undefined;
    };
    // @ts-expect-error a custom exhaustion needs a cause too, like the Fail state it becomes
    const noCause: Parameters<Flow['loop']>[1] = { maxIterations: 2, onExhausted: { fail: { error: 'Review.Rejected' } } };
    expect(noCause.maxIterations).toBe(2);
    expect(onExhausted({ maxIterations: 2 })).toBe('fail');
    expect(onExhausted({ maxIterations: 2, onExhausted: 'continue' })).toBe('continue');
    expect(onExhausted({ maxIterations: 2, onExhausted: { fail: { error: 'Review.Rejected', cause: 'No approval.' } } })).toEqual({
      fail: { error: 'Review.Rejected', cause: 'No approval.' },
    });
  });

  it('rejects malformed agent declarations', () => {
    expect(dslError(() => agent('a', { agentId: 'short', aliasId: 'TSTALIASID' })).code).toBe('invalid-agent-id');
    expect(dslError(() => agent('a', { agentId: 'ABCDEFGHIJ', agentName: 'x', aliasId: 'TSTALIASID' })).code).toBe('invalid-agent');
    expect(dslError(() => agent('a', { agentName: 'x', alias: 'live', maxOutputBytes: 1, maxOutputTokens: 1 })).code).toBe('invalid-output-bound');
    expect(dslError(() => workflow('bad name', { input: z.object({}) }, () => undefined)).code).toBe('invalid-workflow-name');
  });

  // Workflow names become output file names: the step id rule keeps every path separator and dot out of them.
  it.each(['../x', 'a/b', '/abs', '', '..', 'a\0b', 'Draft_Report', 'x'.repeat(81)])('rejects the workflow name %j', (name) => {
    const error = dslError(() => workflow(name, { input: z.object({}) }, () => undefined));
    expect(error.code).toBe('invalid-workflow-name');
    // Located at the workflow(...) call above.
    expect(error.line).toBeGreaterThan(80);
  });

  it('accepts a kebab-case workflow name of up to 80 characters', () => {
    expect(workflow('a'.repeat(80), { input: z.object({}) }, () => undefined).name).toHaveLength(80);
  });
});
