/**
 * Type tests for cached agent invocations: `tsc` fails if caching changes the result type or accepts a wrong option.
 */
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import { agent, model, orElse, text, workflow, type Ref } from '@agentflow/dsl';

const search = agent('search', { agentName: 'worker', alias: 'live', output: z.object({ urls: z.array(z.string().max(2048)).max(10) }) });
const writer = model('write', { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', output: z.object({ text: z.string().max(1000) }) });

export default workflow('agent-cache-types', { input: z.object({ topic: z.string().max(100), count: z.number(), note: z.string().max(10).optional() }) }, (flow) => {
  const cached = flow.invoke(search, { prompt: flow.input.topic, cache: { table: 'agent-cache', key: text`en/${flow.input.topic}`, ttl: { hours: 24 } } });
  // A cached invocation has the same type as an uncached one: a hit and a miss yield the same value.
  expectTypeOf(cached).toEqualTypeOf<Ref<{ urls: string[] }>>();
  expectTypeOf(cached.urls).toEqualTypeOf<Ref<string[]>>();
  // The key defaults to the prompt; a reference to a string is a key too, as are the attribute names.
  flow.invoke(search, { id: 'by-prompt', prompt: flow.input.topic, cache: { table: 'agent-cache', ttl: 3600 } });
  flow.invoke(search, { id: 'by-ref', prompt: flow.input.topic, cache: { table: 'agent-cache', key: flow.input.topic, ttl: { days: 1 }, keyAttribute: 'pk', ttlAttribute: 'ttl' } });
  flow.invoke(search, { id: 'by-or-else', prompt: flow.input.topic, cache: { table: 'agent-cache', key: orElse(flow.input.note, 'none'), ttl: 60 } });
  // @ts-expect-error the key is text: a number reference is refused
  flow.invoke(search, { id: 'numeric-key', prompt: flow.input.topic, cache: { table: 'agent-cache', key: flow.input.count, ttl: 60 } });
  // @ts-expect-error a key that may be absent is refused (wrap it in orElse)
  flow.invoke(search, { id: 'optional-key', prompt: flow.input.topic, cache: { table: 'agent-cache', key: flow.input.note, ttl: 60 } });
  // @ts-expect-error ttl is required: how long an answer may be used
  flow.invoke(search, { id: 'no-ttl', prompt: flow.input.topic, cache: { table: 'agent-cache' } });
  // @ts-expect-error table is required
  flow.invoke(search, { id: 'no-table', prompt: flow.input.topic, cache: { ttl: 60 } });
  // @ts-expect-error ttl is a duration, not text
  flow.invoke(search, { id: 'text-ttl', prompt: flow.input.topic, cache: { table: 'agent-cache', ttl: '1h' } });
  // @ts-expect-error model invocations take no cache
  flow.invoke(writer, { body: { prompt: flow.input.topic }, cache: { table: 'agent-cache', ttl: 60 } });
  return cached.urls;
});
