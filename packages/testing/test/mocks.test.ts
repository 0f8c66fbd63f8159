import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, text, workflow } from '@agentflow/dsl';
import { maximalAnswer, reply, simulate, SimulationSetupError } from '@agentflow/testing';

const Draft = z.object({ title: z.string().max(20), body: z.string().max(200), tags: z.array(z.enum(['a', 'bbb'])).max(3), note: z.string().max(5).optional() });
const writer = agent('write-draft', { agentName: 'worker', alias: 'live', output: Draft });
const wf = workflow('mock-checks', { input: z.object({ topic: z.string().max(50) }) }, (flow) => {
  const first = flow.invoke(writer, { prompt: text`On ${flow.input.topic}` });
  const second = flow.invoke(writer, { id: 'rewrite', prompt: text`Again: ${first.title}` });
  return { first: first.title, second: second.title };
});
const config = 'fixtures/agentflow.config.yaml';

describe('reply', () => {
  it('answers in order, the last repeating, with the request and context', async () => {
    const prompts: string[] = [];
    const mock = reply(writer, { title: 'one', body: '', tags: [] }, (req) => {
      prompts.push(req.prompt);
      return { title: 'two', body: '', tags: [] };
    });
    const run = await simulate(wf, { config, input: { topic: 'tides' }, agents: { 'write-draft': mock, rewrite: mock } });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ first: 'one', second: 'two' });
    expect(prompts).toEqual(['Again: one']);
  });

  it('rejects an answer that does not match the zod schema as a mistake in the test, naming the path', async () => {
    const bad = reply(writer, () => ({ title: 'x'.repeat(21), body: '', tags: [] }));
    const run = simulate(wf, { config, input: { topic: 't' }, agents: { 'write-draft': bad, rewrite: bad } });
    await expect(run).rejects.toThrow(SimulationSetupError);
    await expect(run).rejects.toThrow(/agent 'write-draft' at state 'Write Draft'.*title/);
  });

  it('an untyped answer outside outputSchema is what the adapter rejects at run time: Agentflow.InvalidAgentOutput', async () => {
    const run = await simulate(wf, { config, input: { topic: 't' }, agents: { 'write-draft': [{ title: 1 }], rewrite: [{}] } });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Agentflow.InvalidAgentOutput');
    expect(run.cause).toMatch(/title/);
  });

  it('a missing mock names the step and the key to add', async () => {
    const run = simulate(wf, { config, input: { topic: 't' }, agents: { 'write-draft': [{ title: 'a', body: '', tags: [] }] } });
    await expect(run).rejects.toThrow(/No mock for agent step 'rewrite' \(state 'Rewrite'.*agents: \{ 'rewrite'/s);
  });
});

describe('maximalAnswer', () => {
  it('fills every field to its maximum and stays schema-valid', () => {
    const answer = maximalAnswer(writer, { text: 'cjk' });
    expect(Draft.parse(answer)).toEqual(answer);
    expect(answer.title).toHaveLength(20);
    expect(answer.body).toMatch(/^[漢字測試]{200}$/);
    expect(answer.tags).toEqual(['bbb', 'bbb', 'bbb']);
    expect(answer.note).toHaveLength(5);
  });

  it('uses the costliest JSON escapes by default', () => {
    const body = maximalAnswer(writer).body;
    expect(body).toContain('\u0001');
    expect(Buffer.byteLength(JSON.stringify(body))).toBe(6 * 200 + 2);
  });

  it('keeps string formats valid', () => {
    const url = maximalAnswer(z.object({ url: z.string().url().max(64) })).url;
    expect(url).toHaveLength(64);
    expect(() => new URL(url)).not.toThrow();
  });
});
