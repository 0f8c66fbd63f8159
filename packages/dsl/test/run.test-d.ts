/**
 * Type tests for nested workflows: `tsc` fails if flow.run stops checking the input against the child's input
 * schema, or loses the type of the child's result.
 */
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import { agent, text, workflow, type Ref, type WorkflowDef } from '@agentflow/dsl';

const worker = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ summary: z.string().max(2000), tags: z.array(z.string().max(20)).max(5) }) });

const child = workflow('child', { input: z.object({ topic: z.string().max(200), depth: z.number().int().optional() }), timeout: { minutes: 10 } }, (flow) => {
  const found = flow.invoke(worker, { prompt: text`Summarize ${flow.input.topic}` });
  return { summary: found.summary, tags: found.tags };
});
expectTypeOf(child).toEqualTypeOf<WorkflowDef<{ topic: string; depth?: number | undefined }, { summary: string; tags: string[] }>>();

const silent = workflow('silent', { input: z.object({}), timeout: { minutes: 1 } }, (flow) => {
  flow.succeed('done');
});

export default workflow('parent', { input: z.object({ topic: z.string().max(200), count: z.number() }) }, (flow) => {
  const done = flow.run(child, { topic: flow.input.topic });
  expectTypeOf(done).toEqualTypeOf<Ref<{ summary: string; tags: string[] }>>();
  expectTypeOf(done.summary).toEqualTypeOf<Ref<string>>();
  expectTypeOf(done.tags).toEqualTypeOf<Ref<string[]>>();
  // The child's output is used downstream like any step result.
  flow.map('tag', done.tags, { maxConcurrency: 2 }, (tag, f) => f.invoke(worker, { prompt: tag }).summary);
  flow.run(child, { topic: 'literal', depth: 2 }, { id: 'again' });
  // A child that returns nothing has an output of unknown type.
  expectTypeOf(flow.run(silent, {})).toEqualTypeOf<Ref<unknown>>();

  // @ts-expect-error the input lacks the child's required `topic`
  flow.run(child, { depth: 1 }, { id: 'no-topic' });
  // @ts-expect-error `topic` must be a string: a number reference is refused
  flow.run(child, { topic: flow.input.count }, { id: 'wrong-type' });
  // @ts-expect-error the result has no field `title`
  void done.title;
  // @ts-expect-error the child is a workflow definition, not an agent
  flow.run(worker, { topic: 'x' }, { id: 'not-a-workflow' });
  // @ts-expect-error defaultRetry (the Lambda retriers) does not apply to a child execution
  flow.run(child, { topic: 'x' }, { id: 'retry', defaultRetry: true });
});
