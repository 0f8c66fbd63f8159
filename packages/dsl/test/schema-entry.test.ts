import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, isDslError, lambda, model, s3Items, workflow, type DslError } from '@agentflow/dsl';
import { firstNonJson } from '../src/refs/json-schema-check.js';

function thrown(fn: () => unknown): DslError {
  try {
    fn();
  } catch (error) {
    if (isDslError(error)) return error;
    throw error;
  }
  throw new Error('expected a DslError');
}

const Recursive: z.ZodType = z.lazy(() => z.object({ name: z.string(), children: z.array(Recursive) }));

describe('firstNonJson: the one walk over a schema', () => {
  it.each([
    ['date', z.object({ when: z.date() }), 'output.when', 'z.date()'],
    ['map', z.object({ m: z.map(z.string(), z.number()) }), 'output.m', 'z.map()'],
    ['set in an array', z.object({ tags: z.array(z.set(z.string())) }), 'output.tags[]', 'z.set()'],
    ['never as a field', z.object({ gone: z.never() }), 'output.gone', 'z.never()'],
    ['never as the whole schema', z.never(), 'output', 'z.never()'],
    ['bigint', z.object({ n: z.bigint() }), 'output.n', 'z.bigint()'],
    ['int64', z.object({ n: z.int64() }), 'output.n', 'z.bigint()'],
    ['bigint literal', z.object({ n: z.literal(1n) }), 'output.n', 'z.literal(1n)'],
    ['symbol', z.object({ s: z.symbol() }), 'output.s', 'z.symbol()'],
    ['undefined', z.object({ u: z.undefined() }), 'output.u', 'z.undefined()'],
    ['void', z.object({ v: z.void() }), 'output.v', 'z.undefined()'],
    ['function', z.object({ f: z.function() as unknown as z.ZodType }), 'output.f', 'z.function()'],
    ['promise', z.object({ p: z.promise(z.string()) }), 'output.p', 'z.promise()'],
    ['custom', z.object({ c: z.custom<string>() }), 'output.c', 'z.custom()/z.instanceof()'],
    ['instanceof', z.object({ c: z.instanceof(Date) }), 'output.c', 'z.custom()/z.instanceof()'],
    ['transform', z.object({ t: z.string().transform((s) => s.length) }), 'output.t', 'a .transform()'],
    ['codec to a date', z.object({ c: z.codec(z.iso.datetime(), z.date(), { decode: (s) => new Date(s), encode: (d) => d.toISOString() }) }), 'output.c', 'z.date()'],
    ['nan', z.object({ n: z.nan() }), 'output.n', 'z.nan()'],
    ['file', z.object({ f: z.file() }), 'output.f', 'z.file()'],
    ['record value', z.record(z.string(), z.date()), 'output[*]', 'z.date()'],
    ['catchall', z.object({}).catchall(z.date()), 'output[*]', 'z.date()'],
    ['tuple item', z.tuple([z.string(), z.date()]), 'output[1]', 'z.date()'],
    ['union option', z.object({ at: z.union([z.string(), z.date()]) }), 'output.at', 'z.date()'],
    ['optional and nullable wrappers', z.object({ at: z.date().optional().nullable() }), 'output.at', 'z.date()'],
    ['a key that is not an identifier', z.object({ 'due date': z.date() }), 'output["due date"]', 'z.date()'],
    ['inside a recursive schema', z.lazy(() => z.object({ at: z.date() })), 'output.at', 'z.date()'],
  ])('%s', (_name, schema, path, what) => {
    expect(firstNonJson(schema as z.ZodType, 'output')).toMatchObject({ code: 'schema-not-json', path, what });
  });

  it('names a nested value that is not a zod schema', () => {
    const schema = z.object({ when: { type: 'string' } as never });
    expect(firstNonJson(schema, 'input')).toMatchObject({ code: 'not-a-zod-schema', path: 'input.when' });
  });

  it('reports the first part in source order', () => {
    expect(firstNonJson(z.object({ a: z.string(), b: z.map(z.string(), z.string()), c: z.date() }), 'output')?.path).toBe('output.b');
  });

  it.each([
    ['objects, arrays, records, tuples, unions, enums', z.object({ a: z.array(z.record(z.string(), z.tuple([z.enum(['x']), z.union([z.number(), z.null()])]))) })],
    ['a strict object (its other keys are z.never())', z.strictObject({ a: z.string() })],
    ['an empty list literal (z.array(z.never()).max(0))', z.array(z.never()).max(0)],
    ['a key that must be absent', z.object({ gone: z.never().optional() })],
    ['a pipe into a refined string, and preprocess (the parsed side is JSON)', z.object({ e: z.string().pipe(z.email()), p: z.preprocess((v) => v, z.number()) })],
    ['a recursive schema', Recursive],
    ['defaults, catch, readonly, template literals, any', z.object({ d: z.string().default('x'), c: z.number().catch(0), r: z.array(z.string()).readonly(), t: z.templateLiteral(['id-', z.number()]), x: z.any() })],
  ])('accepts %s', (_name, schema) => {
    expect(firstNonJson(schema as z.ZodType, 'output')).toBeUndefined();
  });

  it('walks a deep schema without recursion', () => {
    let deep: z.ZodType = z.date();
    for (let i = 0; i < 20_000; i++) deep = z.object({ d: deep });
    expect(firstNonJson(deep, 'output')?.path).toBe(`output${'.d'.repeat(20_000)}`);
  });
});

describe('every builder that takes a schema checks it where it is written', () => {
  it('agent and model outputs, workflow input, task output, set schema and s3Items item', () => {
    const cases: [() => unknown, string, string][] = [
      [() => agent('a', { agentName: 'a', alias: 'live', output: { type: 'object' } as never }), 'not-a-zod-schema', "Agent 'a' output is a plain object"],
      [() => agent('a', { agentName: 'a', alias: 'live', output: z.object({ when: z.date() }) }), 'schema-not-json', "Agent 'a': output.when is z.date()"],
      [() => model('m', { modelId: 'x', output: z.object({ n: z.bigint() }) }), 'schema-not-json', "Model 'm': output.n is z.bigint()"],
      [() => workflow('w', { input: z.object({ m: z.map(z.string(), z.string()) }) }, () => undefined), 'schema-not-json', "Workflow 'w': input.m is z.map()"],
      [() => workflow('w', { input: 'text' as never }, () => undefined), 'not-a-zod-schema', "Workflow 'w' input is a string (\"text\")"],
      [() => lambda.invoke({ function: 'f', payload: {}, output: z.object({ at: z.date() }) }), 'schema-not-json', 'lambda:invoke: output.at is z.date()'],
      [() => s3Items({ bucket: 'my-bucket', key: 'k.json', format: 'json', item: z.object({ s: z.set(z.string()) }) }), 'schema-not-json', 's3Items: item.s is z.set()'],
      [
        () => workflow('w', { input: z.object({}) }, (flow) => void flow.set('x', 1, { schema: z.never() })).build(),
        'schema-not-json',
        "set 'x': schema is z.never(), which no value matches",
      ],
    ];
    for (const [fn, code, message] of cases) {
      const error = thrown(fn);
      expect(error.code).toBe(code);
      expect(error.message).toContain(message);
      expect(error.hint).toBeTruthy();
      // Located in this file, at the author's call, never inside agentflow.
      expect(error.loc?.file).toMatch(/schema-entry\.test\.ts$/);
    }
  });

  it('names the dates, maps and sets replacement in the hint', () => {
    const hint = (schema: z.ZodType) => thrown(() => agent('a', { agentName: 'a', alias: 'live', output: schema })).hint;
    expect(hint(z.object({ d: z.date() }))).toContain('z.iso.datetime()');
    expect(hint(z.object({ m: z.map(z.string(), z.string()) }))).toContain('z.record(');
    expect(hint(z.object({ s: z.set(z.string()) }))).toContain('z.array(');
  });
});
