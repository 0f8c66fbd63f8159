/**
 * Values spliced into text as JSON are escaped twice: `$string(x)` writes x as JSON text (a control character is
 * `\u0001`, a quote `\"`), and that text is escaped again as a JSON string in the state's arguments (`\\u0001`,
 * `\\\"`). The compiler's bound counts the second escape, so a maximal answer full of control characters and quotes
 * stays under it, or the value is offloaded before it can overflow.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, text, workflow } from '@agentflow/dsl';
import { largestPayload, maximalAnswer, simulate } from '@agentflow/testing';
import { boundsExceeded, compileForTest, CONFIG } from './bounds-check.js';

const LIMIT = 262_144;
const judge = agent('judge', { agentName: 'judge', alias: 'live', output: z.object({ ok: z.boolean() }) });

describe('text that splices escaped JSON', () => {
  // 38,000 control characters are 228,002 bytes as a JSON string, which fits the budget as the agent's answer; the
  // approval request adds its fixed fields (token, ARNs: up to 8,192 bytes) around the message, over the budget
  // (90% of 256 KiB) unless the answer is offloaded.
  const drafter = agent('drafter', { agentName: 'worker', alias: 'live', output: z.object({ body: z.string().max(38_000) }) });
  const approvalFlow = workflow('approval-escapes', { input: z.object({ topic: z.string().max(100) }) }, (flow) => {
    const draft = flow.invoke(drafter, { id: 'draft', prompt: flow.input.topic });
    flow.approval('sign-off', { notify: 'reviewers', message: text`Please review:\n${draft.body}`, timeout: { days: 1 } });
  });

  it('an approval message with a maximal escaped answer is offloaded instead of overflowing the approval request', async () => {
    const compiled = compileForTest(approvalFlow);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(compiled.payload!.states.find((r) => r.state === 'Draft')).toMatchObject({ offloaded: true });
    const body = maximalAnswer(drafter, { text: 'escapes' }).body;
    expect(body).toHaveLength(38_000);
    const run = await simulate(approvalFlow, { config: CONFIG, input: { topic: 't' }, agents: { draft: [{ body }] }, approvals: { 'sign-off': [{ approved: true }] } });
    expect({ status: run.status, error: run.error }).toEqual({ status: 'SUCCEEDED', error: undefined });
    expect(largestPayload(run)).toBeLessThanOrEqual(LIMIT);
    expect(boundsExceeded(compiled, run)).toEqual([]);
  });

  it('a smaller escaped answer stays inline, and the approval request stays under its computed bound', async () => {
    const small = agent('small', { agentName: 'worker', alias: 'live', output: z.object({ body: z.string().max(12_000) }) });
    const wf = workflow('approval-escapes-inline', { input: z.object({ topic: z.string().max(100) }) }, (flow) => {
      const draft = flow.invoke(small, { id: 'draft', prompt: flow.input.topic });
      flow.approval('sign-off', { notify: 'reviewers', subject: text`Review ${flow.input.topic}`, message: text`Please review:\n${draft.body}`, timeout: { days: 1 } });
    });
    const compiled = compileForTest(wf);
    expect(compiled.payload!.states.find((r) => r.state === 'Draft')).toMatchObject({ offloaded: false });
    const run = await simulate(wf, {
      config: CONFIG,
      input: { topic: '"'.repeat(100) },
      agents: { draft: [maximalAnswer(small, { text: 'escapes' })] },
      approvals: { 'sign-off': [{ approved: true }] },
    });
    expect(run.status).toBe('SUCCEEDED');
    // 12,000 × 6 bytes of escaped control characters reach the approval request (a JSON value of its Payload,
    // escaped once).
    expect(largestPayload(run)).toBeGreaterThan(72_000);
    expect(boundsExceeded(compiled, run)).toEqual([]);
  });

  it('a prompt that splices a whole answer object ($string) stays under its computed bound', async () => {
    const Review = z.object({ verdict: z.enum(['a"b', '\\', 'ok']), notes: z.string().max(15_000), quotes: z.array(z.string().max(100)).max(20) });
    const reviewer = agent('reviewer', { agentName: 'helper', alias: 'live', output: Review });
    const wf = workflow('prompt-escapes', { input: z.object({ topic: z.string().max(100) }) }, (flow) => {
      const review = flow.invoke(reviewer, { id: 'review', prompt: flow.input.topic });
      flow.invoke(judge, { id: 'judge', prompt: text`Judge this review: ${review}` });
    });
    const compiled = compileForTest(wf);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Control characters are 6 bytes in the answer and 7 in the prompt; quotes 2 and 4.
    const floor = { escapes: 100_000, quotes: 60_000 };
    for (const style of ['escapes', 'quotes'] as const) {
      const run = await simulate(wf, { config: CONFIG, input: { topic: 't' }, agents: { review: [maximalAnswer(reviewer, { text: style })], judge: [{ ok: true }] } });
      expect(run.status).toBe('SUCCEEDED');
      expect(largestPayload(run)).toBeGreaterThan(floor[style]);
      expect(boundsExceeded(compiled, run)).toEqual([]);
    }
  });
});
