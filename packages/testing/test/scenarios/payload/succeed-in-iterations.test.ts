/**
 * A map iteration or parallel branch that returns nothing has the value `{}`, and may end early through `succeed`.
 * A Succeed state without `Output` passes on its own input (asl-facts.md: Succeed "JA `Output`"): unless the emitted
 * Succeed carries the scope's value, an iteration ending there hands its whole item to the Map's result, and that
 * result is the next state's input, which the payload analysis bounds by the iterations' `{}`.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, eq, text, when, workflow } from '@agentflow/dsl';
import { simulate } from '@agentflow/testing';
import { boundsExceeded, compileForTest, CONFIG } from './bounds-check.js';

const asker = agent('asker', { agentName: 'worker', alias: 'live', output: z.object({ title: z.string().max(10) }) });
const Input = z.object({ mode: z.enum(['go', 'stop']), items: z.array(z.string().max(2000)).max(10) });
const input = { mode: 'go' as const, items: Array.from({ length: 10 }, () => 'x'.repeat(2000)) };

/** Bytes of the input the state named `state` received, at its largest. */
function inputBytes(run: Awaited<ReturnType<typeof simulate>>, state: string): number {
  const entries = run.trace.filter((e) => e.state === state);
  expect(entries.length).toBeGreaterThan(0);
  return Math.max(...entries.map((e) => Buffer.byteLength(JSON.stringify(e.input))));
}

describe('succeed inside an iteration or branch that returns nothing', () => {
  it('a map iteration that succeeds in a choice arm returns {}, not its item, to the state after the map', async () => {
    const wf = workflow('succeed-in-map', { input: Input }, (flow) => {
      flow.map('each-item', flow.input.items, { maxConcurrency: 0 }, (_item, f) => {
        f.choice('route', [when(eq(flow.input.mode, 'go'), (arm) => arm.succeed('done'))], { otherwise: { fail: { error: 'Test.NoCase', cause: 'no case matched' } } });
      });
      flow.invoke(asker, { id: 'ask', prompt: text`hello` });
    });
    const compiled = compileForTest(wf);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const map = (compiled.definition!['States'] as Record<string, { ItemProcessor: { States: Record<string, unknown> } }>)['Each Item']!;
    expect(map.ItemProcessor.States['Done']).toEqual({ Type: 'Succeed', Output: {} });
    // No state ends the iteration after the choice, so the report has no row for one.
    expect(compiled.payload!.states.map((r) => r.state)).not.toContain('Each Item Done');
    const run = await simulate(wf, { config: CONFIG, input, agents: { ask: [{ title: 't' }] } });
    expect(run.status).toBe('SUCCEEDED');
    // Ten iterations of `{}`: `[{},{},…]`, not ten 2,002-byte items.
    expect(inputBytes(run, 'Ask')).toBe(2 + 10 * 2 + 9);
    expect(boundsExceeded(compiled, run)).toEqual([]);
  });

  it('a parallel branch that succeeds in a choice arm returns {}, not the Parallel input', async () => {
    const wf = workflow('succeed-in-branch', { input: Input }, (flow) => {
      flow.parallel('both', {
        left: (f) => {
          f.choice('route', [when(eq(flow.input.mode, 'go'), (arm) => arm.succeed('left-done'))], { otherwise: { fail: { error: 'Test.NoCase', cause: 'no case matched' } } });
        },
        right: (f) => {
          f.invoke(asker, { id: 'inner', prompt: text`right` });
        },
      });
      flow.invoke(asker, { id: 'ask', prompt: text`hello` });
    });
    const compiled = compileForTest(wf);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const run = await simulate(wf, { config: CONFIG, input, agents: { inner: [{ title: 't' }], ask: [{ title: 't' }] } });
    expect(run.status).toBe('SUCCEEDED');
    expect(inputBytes(run, 'Ask')).toBeLessThan(100);
    expect(boundsExceeded(compiled, run)).toEqual([]);
  });

  it("a succeed's explicit output in an iteration counts in the map's result", async () => {
    const wf = workflow('succeed-output-in-map', { input: Input }, (flow) => {
      flow.map('each-item', flow.input.items, { maxConcurrency: 0 }, (item, f) => {
        f.choice('route', [when(eq(flow.input.mode, 'go'), (arm) => arm.succeed('done', { output: { item } }))], { otherwise: { fail: { error: 'Test.NoCase', cause: 'no case matched' } } });
      });
      flow.invoke(asker, { id: 'ask', prompt: text`hello` });
    });
    const compiled = compileForTest(wf);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const run = await simulate(wf, { config: CONFIG, input, agents: { ask: [{ title: 't' }] } });
    expect(run.status).toBe('SUCCEEDED');
    expect(inputBytes(run, 'Ask')).toBeGreaterThan(20_000);
    expect(boundsExceeded(compiled, run)).toEqual([]);
  });
});

describe('tolerated failures of a Distributed Map', () => {
  const Small = z.object({ mode: z.enum(['go', 'stop']), items: z.array(z.string().max(100)).max(10) });
  const wf = workflow('tolerated-failures', { input: Small }, (flow) => {
    flow.map('each-item', flow.input.items, { maxConcurrency: 0, toleratedFailureCount: 1 }, (_item, f) => {
      f.choice('route', [when(eq(flow.input.mode, 'stop'), (arm) => arm.fail('stopped', { error: 'Test.Stopped', cause: 'stopped' }))], { otherwise: 'continue' });
    });
    flow.wait('pause', { seconds: 1 });
    flow.invoke(asker, { id: 'ask', prompt: text`hello` });
  });

  it("a failed child's record in the map's result counts in the next state's input", async () => {
    const compiled = compileForTest(wf);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // One record (an Error and Cause of up to 33,024 characters) fits the budget: the result stays in the state.
    const map = (compiled.definition!['States'] as Record<string, Record<string, unknown>>)['Each Item']!;
    expect(map['ResultWriter']).toBeUndefined();
    expect(compiled.payload!.states.find((r) => r.state === 'Pause')!.bytes).toBeGreaterThan(200_000);
    const run = await simulate(wf, { config: CONFIG, input: { mode: 'stop', items: ['x'.repeat(100)] }, agents: { ask: [{ title: 't' }] } });
    expect(run.status).toBe('SUCCEEDED');
    // The record holds the child's input (as a JSON string), the error and cause, ARNs and dates.
    expect(inputBytes(run, 'Pause')).toBeGreaterThan(300);
    expect(boundsExceeded(compiled, run)).toEqual([]);
  });
});
