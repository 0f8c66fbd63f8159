/**
 * Type tests for items read from S3: `tsc` fails if the item type is lost or a wrong source is accepted.
 */
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import { agent, s3Items, text, workflow, type Ref } from '@agentflow/dsl';

const judge = agent('judge', { agentName: 'judge', alias: 'live', output: z.object({ ok: z.boolean() }) });
const Page = z.object({ url: z.string().max(2048), rank: z.number().int() });

export default workflow('s3-items-types', { input: z.object({ key: z.string().max(100), count: z.number() }) }, (flow) => {
  const pages = s3Items({ bucket: 'my-inputs', key: text`lists/${flow.input.key}`, format: 'jsonl', item: Page });
  const checked = flow.map('check', pages, { maxConcurrency: 2 }, (page, f) => {
    expectTypeOf(page.url).toEqualTypeOf<Ref<string>>();
    expectTypeOf(page.rank).toEqualTypeOf<Ref<number>>();
    return f.invoke(judge, { prompt: page.url }).ok;
  });
  expectTypeOf(checked).toEqualTypeOf<Ref<boolean[]>>();
  // @ts-expect-error the key is a string: a number reference is refused
  s3Items({ bucket: 'my-inputs', key: flow.input.count, format: 'json', item: Page });
  // @ts-expect-error only json, jsonl and csv are read
  s3Items({ bucket: 'my-inputs', key: 'a.xml', format: 'xml', item: Page });
});
