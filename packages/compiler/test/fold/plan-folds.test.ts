// Which steps ride on a neighbour's Assign (plan-folds.ts): the per-Assign limit, the first step of an iteration,
// and the rendering of folded values against the host's own result.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, model, text, workflow } from '@agentflow/dsl';
import { compileWorkflow, loadConfig, selectEnvironment } from '../../src/index.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const environment = (() => {
  const loaded = loadConfig(join(ROOT, 'fixtures', 'agentflow.config.yaml'));
  if (!loaded.ok) throw new Error('cannot load the fixture config');
  const selected = selectEnvironment(loaded.config, undefined);
  if (!selected.ok) throw new Error(selected.message);
  return { env: selected.env, envName: selected.name };
})();

type States = Record<string, { Type: string; Assign?: Record<string, unknown>; Next?: string; ItemProcessor?: { StartAt: string; States: States } }>;

function compile(wf: ReturnType<typeof workflow>) {
  const result = compileWorkflow(wf, environment);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { states: (result.definition as { States: States }).States, report: result.payload! };
}

describe('folding steps into the Assign of the state before them', () => {
  it('folds a copy of a small answer, reading the result from $states.result and dropping the unread variable', () => {
    const small = agent('small', { agentName: 'worker', alias: 'live', output: z.object({ text: z.string().max(1000) }) });
    const { states } = compile(
      workflow('fold-small', { input: z.object({ q: z.string().max(100) }) }, (flow) => {
        const answer = flow.invoke(small, { id: 'ask', prompt: flow.input.q });
        const kept = flow.set('kept', answer.text);
        return { kept };
      }),
    );
    expect(states['Kept']).toBeUndefined();
    expect(states['Ask']!.Assign).toEqual({ kept: '{% $states.result.Payload.text %}' });
    // The returned value reads what the folded set assigns: a final Succeed carries it, after the Assign took effect.
    expect(states['Ask']!.Next).toBe('Done');
  });

  it('does not fold when the host Assign could exceed the budget in the worst case (256 KiB per Assign)', () => {
    // 20,000 characters escape to about 120 KB: the answer and its copy together exceed the 235,929-byte budget
    // (the answer's variable is counted even where nothing reads it: the bound is a worst case).
    const large = agent('large', { agentName: 'worker', alias: 'live', output: z.object({ text: z.string().max(20_000) }) });
    const { states, report } = compile(
      workflow('fold-large', { input: z.object({ q: z.string().max(100) }) }, (flow) => {
        const answer = flow.invoke(large, { id: 'ask', prompt: flow.input.q });
        const kept = flow.set('kept', answer.text);
        return { kept };
      }),
    );
    expect(states['Kept']).toMatchObject({ Type: 'Pass', Assign: { kept: '{% $ask.text %}' } });
    expect(report.states.map((s) => s.state)).toContain('Kept');
  });

  it('keeps a set that starts a map iteration: nothing runs before it in the iteration', () => {
    const small = agent('small', { agentName: 'worker', alias: 'live', output: z.object({ text: z.string().max(100) }) });
    const { states } = compile(
      workflow('fold-map', { input: z.object({ items: z.array(z.string().max(50)).max(5) }) }, (flow) =>
        flow.map('per-item', flow.input.items, { maxConcurrency: 2 }, (item, f) => {
          const label = f.set('label', text`item ${item}`);
          const answer = f.invoke(small, { id: 'ask', prompt: label });
          return answer.text;
        }),
      ),
    );
    const body = states['Per Item']!.ItemProcessor!;
    expect(body.StartAt).toBe('Label');
    expect(body.States['Label']!.Type).toBe('Pass');
  });

  it('does not fold into a model call offloaded through Output.S3Uri: its variable is a pointer, not $states.result', () => {
    const longform = model('draft-chapter', {
      modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
      output: z.object({ content: z.array(z.object({ type: z.literal('text'), text: z.string() })).max(1) }),
      maxOutputTokens: 16_000,
    });
    const { states } = compile(
      workflow('fold-model', { input: z.object({ outline: z.string().max(4000) }) }, (flow) => {
        const chapter = flow.invoke(longform, { body: { messages: [{ role: 'user', content: flow.input.outline }] } });
        const kept = flow.set('kept', chapter);
        return { kept };
      }),
    );
    expect((states['Draft Chapter'] as { Arguments?: { Output?: unknown } }).Arguments?.Output).toBeDefined();
    expect(states['Kept']).toMatchObject({ Type: 'Pass', Assign: { kept: '{% $draftChapter %}' } });
  });

  it('names the host in the payload report rows of folded steps', () => {
    const small = agent('small', { agentName: 'worker', alias: 'live', output: z.object({ text: z.string().max(1000) }) });
    const { report } = compile(
      workflow('fold-report', { input: z.object({ q: z.string().max(100) }) }, (flow) => {
        const answer = flow.invoke(small, { id: 'ask', prompt: flow.input.q });
        flow.set('kept', answer.text);
        return { answer };
      }),
    );
    expect(report.states.map((s) => s.state)).toEqual(['Ask', 'Ask (folded kept)']);
  });
});
