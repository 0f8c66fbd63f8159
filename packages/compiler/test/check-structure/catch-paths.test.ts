import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, eq, orElse, text, when, workflow, type Flow, type WorkflowFlow } from '@agentflow/dsl';
import { compileWorkflow } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

const answer = z.object({ answer: z.string().max(200) });
const worker = agent('worker', { agentName: 'worker', alias: 'live', output: answer });
const judge = agent('judge', { agentName: 'judge', alias: 'live', output: z.object({ score: z.number().max(1) }) });
const input = z.object({ q: z.string().max(100), kind: z.enum(['a', 'b']) });

/** `code step` for every diagnostic of these checks the workflow gets. */
function findings(body: (flow: WorkflowFlow<z.infer<typeof input>>) => unknown): string[] {
  const result = compileWorkflow(workflow('catch-paths', { input }, body as never), { env: TEST_ENV, envName: 'test' });
  const codes = new Set(['ref-skipped-by-catch', 'error-read-after-success', 'fallback-runs-after-success', 'approval-outcome-unread']);
  return result.diagnostics.filter((d) => codes.has(d.code)).map((d) => `${d.code} ${d.path?.split('/').pop()}`);
}

describe('reads after a catch that skips steps', () => {
  it('refuses a read, after the target, of a skipped result and of the failed step', () => {
    expect(
      findings((flow) => {
        const a = flow.invoke(worker, { id: 'a', prompt: flow.input.q, catch: [{ goto: 't' }] });
        const s = flow.invoke(judge, { id: 's', prompt: text`${a.answer}` });
        flow.set('t', { ok: true });
        flow.set('later', { score: s.score, answer: a.answer });
      }),
    ).toEqual(['ref-skipped-by-catch later', 'ref-skipped-by-catch later']);
  });

  it('accepts a skipped result read through orElse, and reads of results made before the catching step', () => {
    expect(
      findings((flow) => {
        const before = flow.invoke(worker, { id: 'before', prompt: flow.input.q });
        const a = flow.invoke(worker, { id: 'a', prompt: flow.input.q, catch: [{ goto: 't' }] });
        const s = flow.invoke(judge, { id: 's', prompt: text`${a.answer}` });
        flow.set('t', { score: orElse(s.score, 0), before: before.answer });
      }),
    ).toEqual([]);
  });

  it('follows each path: a step reached only through a later catch sees what ran before that catch', () => {
    expect(
      findings((flow) => {
        const a = flow.invoke(worker, { id: 'a', prompt: flow.input.q, catch: [{ goto: 't' }] });
        const s = flow.invoke(judge, { id: 's', prompt: text`${a.answer}` });
        flow.invoke(worker, { id: 'b', prompt: text`${s.score}`, catch: [{ goto: 'u' }] });
        flow.set('t', { skipped: true });
        flow.succeed('done');
        flow.set('u', { score: s.score });
      }),
    ).toEqual([]);
  });

  it('carries a skip out of a choice arm and out of a loop', () => {
    expect(
      findings((flow) => {
        let s: unknown;
        flow.choice('route', [when(eq(flow.input.kind, 'a'), (f: Flow) => {
          f.invoke(worker, { id: 'a', prompt: flow.input.q, catch: [{ goto: 't' }] });
          s = f.invoke(judge, { id: 's', prompt: 'score' });
          f.set('t', { x: 1 });
        })], { otherwise: { fail: { error: 'Other' } } });
        flow.set('after-choice', { score: (s as { score: unknown }).score as never });
        let l: unknown;
        flow.loop('rounds', { maxIterations: 3 }, (loop) => {
          loop.invoke(worker, { id: 'c', prompt: flow.input.q, catch: [{ goto: 'exit' }] });
          l = loop.invoke(judge, { id: 'l', prompt: 'score' });
          loop.exitWhen(eq(flow.input.kind, 'a'), { id: 'exit' });
        });
        flow.set('after-loop', { score: (l as { score: unknown }).score as never });
      }),
    ).toEqual(['ref-skipped-by-catch after-choice', 'ref-skipped-by-catch after-loop']);
  });
});

describe('fallbacks the normal path runs into', () => {
  it('refuses an error read where the step did not fail, and accepts it after a succeed', () => {
    const fallback = (end: boolean) =>
      findings((flow) => {
        const a = flow.invoke(worker, { id: 'a', prompt: flow.input.q, catch: [{ goto: 'fb' }] });
        if (end) flow.succeed('done', { output: a });
        flow.invoke(judge, { id: 'fb', prompt: text`failed: ${flow.errorOf(a).Error}` });
      });
    expect(fallback(false)).toEqual(['error-read-after-success fb']);
    expect(fallback(true)).toEqual([]);
  });

  it('warns when a fallback replaces the result or reads the error with a default, not when both paths join', () => {
    const replaces = findings((flow) => {
      flow.invoke(worker, { id: 'a', prompt: flow.input.q, catch: [{ goto: 'fb' }] });
      return flow.invoke(worker, { id: 'fb', prompt: flow.input.q });
    });
    const guarded = findings((flow) => {
      const a = flow.invoke(worker, { id: 'a', prompt: flow.input.q, catch: [{ goto: 'fb' }] });
      flow.invoke(judge, { id: 'fb', prompt: text`failed: ${orElse(flow.errorOf(a).Error, 'no')}` });
    });
    const joins = findings((flow) => {
      const a = flow.invoke(worker, { id: 'a', prompt: flow.input.q, catch: [{ goto: 'save' }] });
      flow.invoke(judge, { id: 'score', prompt: text`${a.answer}` });
      flow.invoke(judge, { id: 'save', prompt: flow.input.q });
    });
    expect(replaces).toEqual(['fallback-runs-after-success fb']);
    expect(guarded).toEqual(['fallback-runs-after-success fb']);
    expect(joins).toEqual([]);
  });

  it('follows a long flat run of catching steps whose fallbacks each read the error (once quadratic, and out of memory at scale)', () => {
    // Every error read stays followed through the whole run: states share a base instead of each copying thousands
    // of keys, and the findings are those of one pair, for each pair.
    const pairs = 1500;
    const found = findings((flow) => {
      for (let i = 0; i < pairs; i++) {
        const a = flow.invoke(worker, { id: `a${i}`, prompt: flow.input.q, catch: [{ goto: `fb${i}` }] });
        flow.invoke(judge, { id: `fb${i}`, prompt: text`failed: ${flow.errorOf(a).Error}` });
      }
    });
    expect(found).toEqual(Array.from({ length: pairs }, (_, i) => `error-read-after-success fb${i}`));
  });
});

describe('approval outcomes', () => {
  it('warns when nothing reads the decision; reading approved or the whole outcome counts', () => {
    const approve = (read: 'none' | 'comments' | 'approved' | 'whole') =>
      findings((flow) => {
        const v = flow.approval('ok', { notify: 'reviewers', message: flow.input.q, timeout: { hours: 1 } });
        if (read === 'comments') flow.set('note', { c: orElse(v.comments, '') });
        if (read === 'approved') flow.choice('on-ok', [when(v.approved, (f: Flow) => f.succeed('yes'))], { otherwise: { fail: { error: 'Rejected' } } });
        if (read === 'whole') return { verdict: v };
        return undefined;
      });
    expect(approve('none')).toEqual(['approval-outcome-unread ok']);
    expect(approve('comments')).toEqual(['approval-outcome-unread ok']);
    expect(approve('approved')).toEqual([]);
    expect(approve('whole')).toEqual([]);
  });
});
