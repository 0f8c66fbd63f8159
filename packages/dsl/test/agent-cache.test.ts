import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, isDslError, model, text, workflow, type AgentStep } from '@agentflow/dsl';

const search = agent('search', { agentName: 'worker', alias: 'live', output: z.object({ url: z.string().max(100) }) });
const writer = model('write', { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', output: z.object({ text: z.string().max(10) }) });
const Input = z.object({ q: z.string().max(10), n: z.number() });

function step(cache: unknown): AgentStep {
  const ir = workflow('t', { input: Input }, (flow) => {
    flow.invoke(search, { prompt: flow.input.q, cache: cache as never });
  }).build();
  return ir.body[0] as AgentStep;
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isDslError(error)) return `${error.code}@${error.loc?.line ?? '?'}`;
    throw error;
  }
  throw new Error('expected a DslError');
}

describe('cache on agent invocations', () => {
  it('records the cache with its defaults: key from the prompt, key attribute `key`, TTL attribute `expiresAt`', () => {
    const cache = step({ table: 'agent-cache', ttl: { hours: 2 } }).cache!;
    expect(cache).toMatchObject({ table: 'agent-cache', key: undefined, ttlSeconds: 7200, keyAttribute: 'key', ttlAttribute: 'expiresAt' });
    expect(cache.loc?.line).toBeGreaterThan(0);
    expect(Object.isFrozen(cache)).toBe(true);
  });

  it('takes a text key and attribute names', () => {
    const ir = workflow('t', { input: Input }, (flow) => {
      flow.invoke(search, { prompt: flow.input.q, cache: { table: 'c', key: text`${flow.input.q}/${flow.input.n}`, ttl: 60, keyAttribute: 'pk', ttlAttribute: 'ttl' } });
    }).build();
    const cache = (ir.body[0] as AgentStep).cache!;
    expect(cache.key?.kind).toBe('template');
    expect(cache).toMatchObject({ ttlSeconds: 60, keyAttribute: 'pk', ttlAttribute: 'ttl' });
  });

  it('rejects a cache without a table or ttl, a non-positive ttl, and clashing attribute names, at the invoke', () => {
    const line = (fn: () => unknown) => code(fn);
    expect(line(() => step({ ttl: 60 }))).toMatch(/^invalid-cache@\d+$/);
    expect(line(() => step({ table: 'c' }))).toMatch(/^invalid-cache@/);
    expect(line(() => step({ table: 'c', ttl: 0 }))).toMatch(/^invalid-cache@/);
    expect(line(() => step({ table: 'c', ttl: 1.5 }))).toMatch(/^invalid-cache@/);
    expect(line(() => step({ table: 'c', ttl: 60, keyAttribute: 'answer' }))).toMatch(/^invalid-cache@/);
    expect(line(() => step({ table: 'c', ttl: 60, keyAttribute: 'a', ttlAttribute: 'a' }))).toMatch(/^invalid-cache@/);
    expect(line(() => step({ table: 'c', ttl: 60, ttlAttribute: '' }))).toMatch(/^invalid-cache@/);
    expect(line(() => step({ table: 'c', ttl: 60, ttlAttribute: 'x'.repeat(256) }))).toMatch(/^invalid-cache@/);
  });

  it('refuses a cache on a model invocation', () => {
    expect(code(() => workflow('t', { input: Input }, (flow) => {
      flow.invoke(writer, { body: { q: flow.input.q }, cache: { table: 'c', ttl: 60 } } as never);
    }).build())).toMatch(/^invalid-cache@/);
  });
});
