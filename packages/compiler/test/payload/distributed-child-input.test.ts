import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, orElse, s3Items, text, workflow, type Flow } from '@agentflow/dsl';
import { compileWorkflow } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

// A Distributed Map child is an execution of its own: its input is the item plus the outer values its body reads,
// copied into each child's ItemSelector. Only what is read is copied, and that input is measured per child.

const WITH_OFFLOAD = { ...TEST_ENV, offload: { bucket: 'test-bucket', prefix: 'p' } };
const compile = (wf: Parameters<typeof compileWorkflow>[0]) => compileWorkflow(wf, { env: WITH_OFFLOAD, envName: 'test' });
const errorsOf = (result: ReturnType<typeof compile>) => result.diagnostics.filter((d) => d.severity === 'error');
type Definition = { States: Record<string, Record<string, unknown>> };
const judge = agent('judge', { agentName: 'judge', alias: 'live', output: z.object({ ok: z.boolean() }) });

describe('Distributed Map child input', () => {
  it('copies only the fields of an outer value that the body reads', () => {
    const wf = workflow('pruned', { input: z.object({ topic: z.string().max(100), notes: z.string().max(30_000), meta: z.object({ a: z.string().max(5), b: z.string().max(5) }), items: z.array(z.string().max(10)).max(3) }) }, (flow) =>
      flow.map('per-item', flow.input.items, { maxConcurrency: 1, toleratedFailureCount: 0 }, (item, f) => f.invoke(judge, { prompt: text`${item} ${flow.input.topic} ${flow.input.meta.a}` }).ok),
    );
    const result = compile(wf);
    expect(errorsOf(result)).toEqual([]);
    const selector = (result.definition as Definition).States['Per Item']!['ItemSelector'] as { outer: Record<string, string> };
    expect(selector.outer['input']).toBe("{% {'topic': $states.input.topic, 'meta': {'a': $states.input.meta.a}} %}");
    // 3 items of ≤ 62 bytes, topic ≤ 602 bytes: the child input is small although $input can reach 180 KB.
    const row = result.payload!.states.find((r) => r.state === 'Per Item')!;
    expect(row.measure).toBe('input');
  });

  it('copies a field whole when the body reads it whole, and also a part of it', () => {
    const wf = workflow('prefix', { input: z.object({ meta: z.object({ a: z.string().max(5), b: z.string().max(5) }).optional(), items: z.array(z.string().max(10)).max(3) }) }, (flow) =>
      flow.map('per-item', flow.input.items, { maxConcurrency: 1, toleratedFailureCount: 0 }, (item, f) => {
        f.set('keep', { meta: orElse(flow.input.meta, { a: '', b: '' }) });
        return f.invoke(judge, { prompt: text`${item} ${flow.input.meta.a}` }).ok;
      }),
    );
    const selector = (compile(wf).definition as Definition).States['Per Item']!['ItemSelector'] as { outer: Record<string, string> };
    expect(selector.outer['input']).toBe("{% {'meta': $states.input.meta} %}");
  });

  it('copies a value whole when the body reads it whole', () => {
    const wf = workflow('whole', { input: z.object({ topic: z.string().max(100), items: z.array(z.string().max(10)).max(3) }) }, (flow) =>
      flow.map('per-item', flow.input.items, { maxConcurrency: 1, toleratedFailureCount: 0 }, (item, f) => f.invoke(judge, { prompt: text`${item} ${flow.input} ${flow.input.topic}` }).ok),
    );
    const selector = (compile(wf).definition as Definition).States['Per Item']!['ItemSelector'] as { outer: Record<string, string> };
    expect(selector.outer['input']).toBe('{% $states.input %}');
  });

  it('measures each child input and offloads the outer answer that makes it too large', () => {
    const writer = agent('writer', { agentName: 'worker', alias: 'live', output: z.object({ body: z.string().max(25_000) }) });
    const wf = workflow('child-big', { input: z.object({ items: z.array(z.string().max(20_000)).max(2) }) }, (flow) => {
      const context = flow.invoke(writer, { id: 'context', prompt: 'write' });
      return flow.map('per-item', flow.input.items, { maxConcurrency: 1, toleratedFailureCount: 0 }, (item, f) => f.invoke(judge, { prompt: text`${item}\n${context.body}` }).ok);
    });
    const result = compile(wf);
    expect(errorsOf(result)).toEqual([]);
    // 120 KB item + 150 KB answer per child: over the budget, so the answer goes to S3 and the child gets its pointer.
    expect(result.payload!.states.find((r) => r.state === 'Context')).toMatchObject({ offloaded: true });
    const rows = result.payload!.states;
    expect(rows.every((r) => r.bytes <= result.payload!.budgetBytes || (r.measure === 'input' && r.dominant === '$input'))).toBe(true);
  });

  it('reports a child input no offload can shrink at the map', () => {
    const wf = workflow('child-over', { input: z.object({ context: z.string().max(20_000), items: z.array(z.string().max(20_000)).max(1) }) }, (flow) =>
      flow.map('per-item', flow.input.items, { maxConcurrency: 1, toleratedFailureCount: 0 }, (item, f) => f.invoke(judge, { prompt: text`${item}\n${flow.input.context}` }).ok),
    );
    const errors = errorsOf(compile(wf));
    // The agent's prompt splices both too; the map's own error is about each child's input.
    const atMap = errors.filter((d) => d.path === 'child-over/per-item');
    expect(atMap.map((d) => d.code)).toEqual(['payload-over-budget']);
    expect(atMap[0]!.message).toContain("The input of each child execution of state 'Per Item' can reach");
    expect(atMap[0]!.loc?.file).toBe(import.meta.filename);
  });
});

describe('Distributed Map child input in a loop', () => {
  const build = (inLoop: boolean) =>
    workflow(inLoop ? 'in-loop' : 'no-loop', { input: z.object({ items: z.array(z.string().max(10)).max(3) }) }, (flow) => {
      const fanOut = (f: Flow) => f.map('per-item', flow.input.items, { maxConcurrency: 1, toleratedFailureCount: 0 }, (item, g) => g.invoke(judge, { prompt: item }).ok);
      if (!inLoop) return fanOut(flow);
      flow.loop('rounds', { maxIterations: 3, onExhausted: 'continue' }, (round) => {
        fanOut(round);
      });
      return undefined;
    });

  it("passes the loop's round in with each item, and measures it in the child's input", () => {
    const looped = compile(build(true));
    expect(errorsOf(looped)).toEqual([]);
    const selector = (looped.definition as Definition).States['Per Item']!['ItemSelector'] as { outer: Record<string, string> };
    // The children name the round in their session ids: the round travels with the item, as the map indexes do.
    expect(selector.outer['rounds']).toBe('{% $rounds %}');
    const childInput = (result: ReturnType<typeof compile>) => result.payload!.states.find((r) => r.state === 'Per Item' && r.measure === 'childInput')!.bytes;
    const plain = compile(build(false));
    expect(childInput(looped) - childInput(plain)).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify({ rounds: 2 })));
  });
});

describe('s3Items', () => {
  const Row = z.object({ id: z.string().max(20) });

  it('compiles to a Distributed Map with an ItemReader, and without maxItems its results go to S3', () => {
    const wf = workflow('from-s3', { input: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }) }, (flow) =>
      flow.map('rows', s3Items({ bucket: 'my-inputs', key: 'rows.json', format: 'json', item: Row }), { maxConcurrency: 2 }, (row, f) => f.invoke(judge, { prompt: row.id }).ok),
    );
    const result = compile(wf);
    expect(errorsOf(result)).toEqual([]);
    const state = (result.definition as Definition).States['Rows']!;
    expect(state['Items']).toBeUndefined();
    expect(state['ItemReader']).toEqual({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Arguments: { Bucket: 'my-inputs', Key: 'rows.json' } });
    expect((state['ItemProcessor'] as { ProcessorConfig: unknown }).ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(state['ResultWriter']).toBeDefined();
    expect(JSON.stringify(result.iam)).toContain('arn:aws:s3:::my-inputs/rows.json');
  });

  it('with maxItems, a small result stays inline', () => {
    const wf = workflow('from-s3-capped', { input: z.object({}) }, (flow) =>
      flow.map('rows', s3Items({ bucket: 'my-inputs', key: 'rows.jsonl', format: 'jsonl', item: Row, maxItems: 50 }), { maxConcurrency: 2 }, (row, f) => f.invoke(judge, { prompt: row.id }).ok),
    );
    const state = (compile(wf).definition as Definition).States['Rows']!;
    expect(state['ItemReader']).toMatchObject({ ReaderConfig: { InputType: 'JSONL', MaxItems: 50 } });
    expect(state['ResultWriter']).toBeUndefined();
  });

  it('without an offload bucket, unbounded results are a located error', () => {
    const wf = workflow('from-s3-no-bucket', { input: z.object({}) }, (flow) =>
      flow.map('rows', s3Items({ bucket: 'my-inputs', key: 'rows.json', format: 'json', item: Row }), { maxConcurrency: 2 }, (row, f) => f.invoke(judge, { prompt: row.id }).ok),
    );
    const errors = compileWorkflow(wf, { env: TEST_ENV, envName: 'test' }).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['offload-not-configured']);
    expect(errors[0]!.message).toContain('has no size bound (its items come from S3 without maxItems)');
  });

  it('refuses CSV items that are not objects of strings, a computed bucket and an unknown format', () => {
    expect(() => s3Items({ bucket: 'my-inputs', key: 'a.csv', format: 'csv', item: z.object({ n: z.number() }) })).toThrow(/CSV items are objects of strings/);
    expect(() => s3Items({ bucket: 'My_Bucket', key: 'a.json', format: 'json', item: Row })).toThrow(/literal S3 bucket name/);
    expect(() => s3Items({ bucket: 'my-inputs', key: 'a.xml', format: 'xml' as 'json', item: Row })).toThrow(/format must be/);
    expect(() => s3Items({ bucket: 'my-inputs', key: 'a.json', format: 'json', item: Row, maxItems: 0 })).toThrow(/maxItems/);
  });
});
