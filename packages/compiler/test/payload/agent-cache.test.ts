import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, text, workflow, type AgentCacheOptions } from '@agentflow/dsl';
import { compileWorkflow } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

const ENV = { ...TEST_ENV, tables: { 'agent-cache': 'cache-table' } };
const WITH_OFFLOAD = { ...ENV, offload: { bucket: 'test-bucket', prefix: 'p' } };
const compile = (wf: Parameters<typeof compileWorkflow>[0], env = ENV) => compileWorkflow(wf, { env, envName: 'test' });
const errors = (r: ReturnType<typeof compile>) => r.diagnostics.filter((d) => d.severity === 'error');
type States = Record<string, { Arguments?: { Payload?: { offload?: unknown } } }>;
const statesOf = (r: ReturnType<typeof compile>) => (r.definition as { States: States }).States;

/** An agent whose answer can take `bytes`, cached or not, read by another agent's prompt (which may read it from S3). */
function single(bytes: number, cache?: AgentCacheOptions) {
  const notes = agent('notes', { agentName: 'worker', alias: 'live', output: z.object({ notes: z.string().max(100_000) }), maxOutputBytes: bytes });
  const brief = agent('brief', { agentName: 'judge', alias: 'live', maxOutputBytes: 1_000 });
  return workflow('single', { input: z.object({ topic: z.string().max(100) }) }, (flow) => {
    const found = flow.invoke(notes, { prompt: text`Notes on ${flow.input.topic}`, ...(cache ? { cache } : {}) });
    return flow.invoke(brief, { prompt: text`Brief from ${found.notes}` });
  });
}
const CACHE: AgentCacheOptions = { table: 'agent-cache', ttl: { hours: 1 } };

describe('payload analysis of cached answers', () => {
  it('keeps a 100,000-byte answer inline when cached: twice it (the cache states carry it escaped) fits the budget', () => {
    const r = compile(single(100_000, CACHE));
    expect(errors(r)).toEqual([]);
    expect(statesOf(r)['Notes']!.Arguments!.Payload!.offload).toBeUndefined();
    const row = r.payload!.states.find((s) => s.state === 'Notes')!;
    expect(row).toMatchObject({ measure: 'cache', bytes: 2 * (100_000 + 11) + 8192 });
  });

  it('offloads a 150,000-byte answer only because it is cached: a state holds it, but not twice over', () => {
    const plain = compile(single(150_000), WITH_OFFLOAD);
    expect(errors(plain)).toEqual([]);
    expect(statesOf(plain)['Notes']!.Arguments!.Payload!.offload).toBeUndefined();
    const cached = compile(single(150_000, CACHE), WITH_OFFLOAD);
    expect(errors(cached)).toEqual([]);
    expect(statesOf(cached)['Notes']!.Arguments!.Payload!.offload).toBeDefined();
    expect(cached.diagnostics.map((d) => d.code)).toContain('cache-stores-pointer');
  });

  it('says so where no offload bucket is configured', () => {
    const r = compile(single(150_000, CACHE));
    const [d] = errors(r);
    expect(d?.code).toBe('offload-not-configured');
    expect(d?.message).toContain('The cached answer (as PutItem stores it and GetItem returns it) of state');
    expect(d?.loc?.line).toBeGreaterThan(0);
  });

  it('grants GetItem and PutItem on exactly the cache table', () => {
    const r = compile(single(1_000, CACHE));
    const statements = (r.iam!.roles['stateMachine']!.policy as unknown as { Statement: { Action: string[]; Resource: string[] }[] }).Statement;
    const dynamo = statements.filter((s) => s.Action.some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toEqual([expect.objectContaining({ Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: ['arn:aws:dynamodb:us-west-2:123456789012:table/cache-table'] })]);
  });

  it('refuses at compile time a cached answer that must stay inline and cannot fit twice over', () => {
    const notes = agent('notes', { agentName: 'worker', alias: 'live', output: z.object({ notes: z.string().max(100_000) }), maxOutputBytes: 150_000 });
    const wf = workflow('inline-notes', { input: z.object({ topic: z.string().max(100) }) }, (flow) => flow.invoke(notes, { prompt: flow.input.topic, cache: CACHE }).notes);
    const [d] = errors(compile(wf, WITH_OFFLOAD));
    expect(d?.code).toBe('payload-over-budget');
    expect(d?.message).toContain("The cached answer (as PutItem stores it and GetItem returns it) of state 'Notes' can reach 308,214 bytes");
  });

  it('keys by the agent, alias, output schema and key text, hashed', () => {
    const keyOf = (r: ReturnType<typeof compile>) => (r.definition as { States: Record<string, { Arguments: { Key: { key: { S: string } } } }> }).States['Notes Cache Get']!.Arguments.Key.key.S;
    const key = keyOf(compile(single(1_000, { ...CACHE, key: 'k/x' })));
    expect(key).toMatch(/^\{% \$hash\('WORKER0001\/LIVEALIAS1\/[0-9a-f]{16}\/' & 'k\/x', 'SHA-256'\) %\}$/);
    // A byte budget does not change which answers are valid: same key. Another output schema does.
    expect(keyOf(compile(single(2_000, { ...CACHE, key: 'k/x' })))).toBe(key);
    const other = agent('notes', { agentName: 'worker', alias: 'live', output: z.object({ notes: z.string().max(99_999) }), maxOutputBytes: 1_000 });
    const changed = workflow('single', { input: z.object({ topic: z.string().max(100) }) }, (flow) => flow.invoke(other, { prompt: flow.input.topic, cache: { ...CACHE, key: 'k/x' } }));
    expect(keyOf(compile(changed))).not.toBe(key);
    const prefix = "{% $hash('WORKER0001/LIVEALIAS1/";
    expect(keyOf(compile(changed)).startsWith(prefix) && key.startsWith(prefix)).toBe(true);
  });
});
