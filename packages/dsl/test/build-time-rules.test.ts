/**
 * The body runs once at build time; mistakes that JavaScript would silently accept there (coercing a reference,
 * calling another block's builder, an async body, non-JSON values, zod 3 schemas) are located DslErrors.
 */
import { inspect } from 'node:util';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { z as z3 } from 'zod/v3';
import { agent, eq, isDslError, orElse, text, userFrame, when, workflow, type Flow, type WorkflowFlow, type WorkflowNode } from '@agentflow/dsl';

const worker = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ answer: z.string().max(10), n: z.number() }) });
const Input = z.object({ q: z.string().max(10), xs: z.array(z.string().max(10)).max(3), n: z.number() });

function build(body: (flow: WorkflowFlow<z.infer<typeof Input>>) => unknown): WorkflowNode {
  return workflow('t', { input: Input }, body as never).build();
}

function dslError(fn: () => unknown): { code: string; message: string; hint: string | undefined; file: string | undefined; line: number | undefined } {
  try {
    fn();
  } catch (error) {
    if (isDslError(error)) return { code: error.code, message: error.message, hint: error.hint, file: error.loc?.file, line: error.loc?.line };
    throw error;
  }
  throw new Error('expected a DslError');
}

describe('references refuse string and number coercion', () => {
  const coercions: [string, (flow: WorkflowFlow<z.infer<typeof Input>>) => unknown, RegExp][] = [
    ['a plain template literal', (flow) => `Answer ${flow.input.q}`, /text`/],
    ['String(ref)', (flow) => String(flow.input.q), /text`/],
    ['ref.toString()', (flow) => flow.input.q.toString(), /text`/],
    ["'a' + ref", (flow) => 'a' + (flow.input.q as unknown as string), /gt/],
    ['ref > 3', (flow) => (flow.input.n as unknown as number) > 3, /gt/],
    ['ref + 1', (flow) => (flow.input.n as unknown as number) + 1, /gt/],
    ['a step result field', (flow) => `${flow.invoke(worker, { prompt: 'x' }).answer}`, /text`/],
    ['a condition', (flow) => `${eq(flow.input.q, 'a')}`, /text`/],
    ['a text template', (flow) => `${text`a ${flow.input.q}`}`, /text`/],
    ['a condition in arithmetic', (flow) => +(eq(flow.input.q, 'a') as unknown as number), /gt/],
    ['an orElse value', (flow) => `${orElse(flow.input.q, 'none')}`, /text`/],
  ];
  it.each(coercions)('%s throws ref-coerced at the author line, with what to write instead', (_name, body, hint) => {
    const error = dslError(() => build((flow) => void body(flow)));
    expect(error.code).toBe('ref-coerced');
    expect(error.file).toBe(import.meta.filename);
    expect(error.message).toContain('text`…`');
    expect(error.hint).toMatch(hint);
  });

  it('names the reference in the message', () => {
    expect(dslError(() => build((flow) => void `${flow.input.q}`)).message).toContain('flow.input.q');
    const step = dslError(() => build((flow) => void `${flow.invoke(worker, { prompt: 'x' }).answer}`));
    expect(step.message).toContain("field answer of the result of step 'worker'");
  });

  it('still prints through inspectors, JSON and test matchers', () => {
    build((flow) => {
      const ref = flow.input.q;
      expect(inspect(ref)).toContain('workflow-input');
      expect(inspect(eq(ref, 'a'))).toContain('compare');
      expect(JSON.stringify({ ref })).toBe('{"ref":{}}');
      expect({ ref }).toEqual({ ref });
      expect(Object.prototype.toString.call(ref)).toBe('[object Object]');
    });
  });
});

describe('builders belong to the block being built', () => {
  it('refuses the workflow flow called inside a when(...) arm', () => {
    const error = dslError(() =>
      build((flow) => {
        flow.choice('c', [when(eq(flow.input.q, 'a'), () => void flow.invoke(worker, { prompt: 'x' }))], { otherwise: 'continue' });
      }),
    );
    expect(error).toMatchObject({ code: 'builder-of-outer-block', file: import.meta.filename });
    expect(error.message).toContain("a when(...) arm but added to workflow 't'");
  });

  const outerCalls: [string, (flow: WorkflowFlow<z.infer<typeof Input>>) => unknown, string][] = [
    ['a map body', (flow) => flow.map('m', flow.input.xs, { maxConcurrency: 1 }, () => flow.wait('w', { seconds: 1 })), "map 'm'"],
    ['a parallel branch', (flow) => flow.parallel('p', { a: () => flow.set('s', 1) }), "parallel 'p' branch 'a'"],
    ['a loop body', (flow) => flow.loop('l', { maxIterations: 2 }, (loop) => { loop.wait('w', { seconds: 1 }); flow.succeed('done'); }), "loop 'l'"],
    ['an otherwise body', (flow) => flow.choice('c', [when(eq(flow.input.q, 'a'), (b) => b.succeed('yes'))], { otherwise: () => flow.fail('no', { error: 'No' }) }), "the otherwise of choice 'c'"],
    ['a nested map body, with the map body flow', (flow) => flow.map('m', flow.input.xs, { maxConcurrency: 1 }, (_x, f) => f.parallel('p', { a: () => f.wait('w', { seconds: 1 }) })), "parallel 'p' branch 'a'"],
  ];
  it.each(outerCalls)('refuses an enclosing block builder called in %s', (_name, body, inner) => {
    const error = dslError(() => build((flow) => void body(flow)));
    expect(error).toMatchObject({ code: 'builder-of-outer-block', file: import.meta.filename });
    expect(error.message).toContain(inner);
  });

  it('accepts exitWhen of the loop in a choice arm (also nested), adding it to that arm', () => {
    const ir = build((flow) => {
      flow.loop('l', { maxIterations: 2 }, (loop) => {
        loop.wait('w', { seconds: 1 });
        loop.choice('c', [when(eq(flow.input.q, 'a'), (arm) => arm.choice('d', [when(eq(flow.input.q, 'a'), () => loop.exitWhen(eq(flow.input.q, 'a')))], { otherwise: 'continue' }))], {
          otherwise: 'continue',
        });
      });
    });
    const loop = ir.body[0]!;
    const outer = loop.kind === 'loop' ? loop.body[1] : undefined;
    const inner = outer?.kind === 'choice' ? outer.cases[0]!.body[0] : undefined;
    expect(inner?.kind === 'choice' ? inner.cases[0]!.body.map((s) => [s.kind, s.id]) : undefined).toEqual([['exit-loop', 'l-exit']]);
  });

  it('refuses exitWhen of the loop from a map body inside it, with a hint for the loop body', () => {
    const error = dslError(() =>
      build((flow) => {
        flow.loop('l', { maxIterations: 2 }, (loop) => {
          loop.map('m', flow.input.xs, { maxConcurrency: 1 }, () => loop.exitWhen(eq(flow.input.q, 'a')));
        });
      }),
    );
    expect(error.code).toBe('builder-of-outer-block');
    expect(error.hint).toContain('exitWhen(condition) in the loop body or in a choice arm of it');
  });

  it('refuses a block builder called after its body returned', () => {
    let kept: Flow | undefined;
    const error = dslError(() =>
      build((flow) => {
        flow.parallel('p', { a: (b) => void (kept = b) });
        kept!.wait('late', { seconds: 1 });
      }),
    );
    expect(error).toMatchObject({ code: 'builder-after-body-returned', file: import.meta.filename });
    let top: Flow | undefined;
    build((flow) => void (top = flow));
    expect(dslError(() => top!.wait('after-build', { seconds: 1 })).code).toBe('builder-after-body-returned');
  });

  it('accepts reading outer references and errorOf on an outer flow inside nested bodies', () => {
    const ir = build((flow) => {
      const first = flow.invoke(worker, { prompt: flow.input.q, catch: [{ goto: 'inner' }] });
      flow.map('m', flow.input.xs, { maxConcurrency: 1 }, (x, f) => f.set('inner', text`${x} ${first.answer} ${flow.errorOf(first).Error}`));
    });
    expect(ir.body.map((s) => s.kind)).toEqual(['agent', 'map']);
  });

  it('builds the same workflow twice', () => {
    const def = workflow('twice', { input: Input }, (flow) => void flow.map('m', flow.input.xs, { maxConcurrency: 1 }, (x, f) => f.set('v', x)));
    expect(def.build()).toEqual(def.build());
  });
});

describe('bodies are synchronous and values are JSON', () => {
  it('refuses an async workflow body at the workflow call', () => {
    const error = dslError(() =>
      build(async (flow) => {
        flow.wait('before', { seconds: 1 });
        await Promise.resolve();
        flow.wait('after', { seconds: 1 });
      }),
    );
    expect(error).toMatchObject({ code: 'async-body', file: import.meta.filename });
    expect(error.hint).toMatch(/Remove async\/await/);
  });

  it('refuses an async loop body at the loop call (tsc accepts it: loop bodies may return anything)', () => {
    const error = dslError(() =>
      build((flow) => {
        flow.loop('l', { maxIterations: 2 }, async (loop) => {
          loop.wait('w', { seconds: 1 });
          await Promise.resolve();
          loop.exitWhen(eq(flow.input.q, 'a'));
        });
      }),
    );
    expect(error).toMatchObject({ code: 'async-body', file: import.meta.filename });
    expect(error.message).toContain("loop 'l'");
  });

  it('refuses a Date with a hint naming flow.execution.startTime, in a step value and in the workflow result', () => {
    const inStep = dslError(() => build((flow) => void flow.set('stamp', { at: new Date() } as never)));
    expect(inStep).toMatchObject({ code: 'invalid-value', file: import.meta.filename });
    expect(inStep.hint).toContain('flow.execution.startTime');
    const inResult = dslError(() => build(() => ({ at: new Date() }) as never));
    expect(inResult).toMatchObject({ code: 'invalid-value', file: import.meta.filename });
  });
});

describe('zod 3 schemas', () => {
  it('are refused where they are passed, saying agentflow needs zod 4', () => {
    const asAgentOutput = dslError(() => agent('old', { agentName: 'old', alias: 'live', output: z3.object({ a: z3.string() }) as never }));
    expect(asAgentOutput).toMatchObject({ code: 'zod-3-schema', file: import.meta.filename });
    expect(asAgentOutput.message).toContain('agentflow needs zod 4 schemas');
    const asInput = dslError(() => workflow('old', { input: z3.object({ a: z3.string() }) as never }, () => undefined));
    expect(asInput).toMatchObject({ code: 'zod-3-schema', file: import.meta.filename });
    const asSetSchema = dslError(() => build((flow) => void flow.set('v', flow.input.q, { schema: z3.string() as never })));
    expect(asSetSchema).toMatchObject({ code: 'zod-3-schema', file: import.meta.filename });
  });
});

describe('author locations', () => {
  it("skip frames in agentflow's own packages (compiler, CLI), not only the DSL", () => {
    const packages = join(import.meta.dirname, '..', '..');
    const user = join(packages, '..', 'workflows', 'mine.ts');
    const stack = [
      'Error: x',
      `    at toExpr (${join(packages, 'dsl', 'src', 'refs', 'value.ts')}:70:11)`,
      `    at Object.build (${join(packages, 'dsl', 'src', 'builders', 'workflow.ts')}:95:60)`,
      `    at buildIr (${join(packages, 'compiler', 'src', 'passes', 'build-ir.ts')}:8:22)`,
      `    at runCompile (${join(packages, 'cli', 'src', 'commands', 'compile.ts')}:47:20)`,
      `    at body (${user}:12:5)`,
    ].join('\n');
    expect(userFrame(stack)).toEqual({ file: user, line: 12, column: 5 });
  });
});
