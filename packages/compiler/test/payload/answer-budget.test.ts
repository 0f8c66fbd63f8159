import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, model, text, workflow, type AgentDef } from '@agentflow/dsl';
import { compileWorkflow } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

/** A 60,000-character draft: 360,002 bytes by its schema (6 bytes a character), more than any state can carry. */
const Draft = z.object({ title: z.string().max(300), body: z.string().max(60_000) });
const WITH_OFFLOAD = { ...TEST_ENV, offload: { bucket: 'test-bucket', prefix: 'p' } };

const compile = (wf: Parameters<typeof compileWorkflow>[0], env = TEST_ENV) => compileWorkflow(wf, { env, envName: 'test' });
const errors = (r: ReturnType<typeof compile>) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
type Payload = Record<string, unknown> & { maxOutputBytes?: number; offload?: unknown };
const payloadOf = (r: ReturnType<typeof compile>, state: string) => (r.definition as { States: Record<string, { Arguments: { Payload: Payload } }> }).States[state]!.Arguments.Payload;
const rowOf = (r: ReturnType<typeof compile>, state: string) => r.payload!.states.find((s) => s.state === state)!;

/** Drafts, keeps the draft in a variable, revises it once, and returns it. */
function drafting(writer: ReturnType<typeof agent<typeof Draft>>, reviser = writer) {
  return workflow('drafting', { input: z.object({ topic: z.string().max(500) }) }, (flow) => {
    const first = flow.invoke(writer, { id: 'write', prompt: text`Write about ${flow.input.topic}` });
    const draft = flow.set('draft', first);
    const revised = flow.invoke(reviser, { id: 'revise', prompt: text`Tighten the report titled ${draft.title}.` });
    flow.assign('keep', draft, revised);
    return { title: draft.title, body: draft.body };
  });
}

describe('agent byte budgets (maxOutputBytes)', () => {
  it('makes a 60,000-character draft compile without offload, where the schema bound alone needs S3', () => {
    const unbudgeted = compile(drafting(agent('writer', { agentName: 'worker', alias: 'live', output: Draft })));
    expect(errors(unbudgeted)).toContain('offload-not-configured');

    const budgeted = compile(drafting(agent('writer', { agentName: 'worker', alias: 'live', output: Draft, maxOutputBytes: 100_000 })));
    expect(errors(budgeted)).toEqual([]);
    expect(payloadOf(budgeted, 'Write')).toMatchObject({ maxOutputBytes: 100_000 });
    expect(payloadOf(budgeted, 'Write').offload).toBeUndefined();
    // The variable and the fields read from it are bounded by the budget too, through set and assign.
    // The set has no state of its own: its row names the state whose Assign stores it.
    expect(rowOf(budgeted, 'Write (folded draft)')).toMatchObject({ bytes: 102_048 });
    expect(Math.max(...budgeted.payload!.states.map((s) => s.bytes))).toBe(102_048);
  });

  it('loses the cap of a variable when one of its values has none', () => {
    const writer = agent('writer', { agentName: 'worker', alias: 'live', output: Draft, maxOutputBytes: 100_000 });
    const reviser = agent('reviser', { agentName: 'judge', alias: 'live', output: Draft });
    const result = compile(drafting(writer, reviser), WITH_OFFLOAD);
    // The assigned revision may be 364 KB, and the fields the workflow returns must stay inline: no offload helps.
    const over = result.diagnostics.filter((d) => d.code === 'payload-over-budget').map((d) => d.message);
    expect(over.some((m) => m.startsWith("The result of state 'Draft' can reach 364,096 bytes"))).toBe(true);
  });

  it('sends the bound the analysis used: the schema bound, a smaller declaration, or tokens at 32 bytes each', () => {
    const Small = z.object({ answer: z.string().max(100) });
    const cases: readonly (readonly [AgentDef<unknown>, number])[] = [
      [agent('a', { agentName: 'worker', alias: 'live', output: Small }), 2 + 8 + 1 + 602],
      [agent('a', { agentName: 'worker', alias: 'live', output: Small, maxOutputBytes: 300 }), 300],
      [agent('a', { agentName: 'worker', alias: 'live', output: Small, maxOutputBytes: 5_000 }), 613],
      [agent('a', { agentName: 'worker', alias: 'live', output: Small, maxOutputTokens: 10 }), 322],
      [agent('a', { agentName: 'worker', alias: 'live', output: z.string(), maxOutputTokens: 4_000 }), 128_002],
    ];
    for (const [spec, bytes] of cases) {
      const result = compile(workflow('one', { input: z.object({ q: z.string().max(10) }) }, (flow) => flow.invoke(spec, { prompt: flow.input.q })));
      expect(errors(result)).toEqual([]);
      expect(payloadOf(result, 'A').maxOutputBytes).toBe(bytes);
      // An enforced budget is a fact: no unbounded-value warning for it, even over an unbounded schema.
      expect(result.diagnostics.map((d) => d.code)).not.toContain('unbounded-value');
    }
  });

  it('bounds an offloaded answer\'s request by its pointer and inline fields, or by a smaller declared budget', () => {
    const Big = z.object({ verdict: z.enum(['ok', 'no']), findings: z.string().max(100_000) });
    const build = (spec: ReturnType<typeof agent<typeof Big>>) =>
      workflow('big', { input: z.object({ q: z.string().max(10) }) }, (flow) => {
        const audit = flow.invoke(spec, { id: 'audit', prompt: flow.input.q });
        return { verdict: audit.verdict, report: audit };
      });
    const plain = compile(build(agent('audit', { agentName: 'worker', alias: 'live', output: Big })), WITH_OFFLOAD);
    expect(payloadOf(plain, 'Audit')).toMatchObject({ offload: { inline: ['verdict'] }, maxOutputBytes: 2_290 });
    const declared = compile(build(agent('audit', { agentName: 'worker', alias: 'live', output: Big, maxOutputBytes: 300_000 })), WITH_OFFLOAD);
    expect(payloadOf(declared, 'Audit')).toMatchObject({ maxOutputBytes: 2_290 });
    const tight = compile(build(agent('audit', { agentName: 'worker', alias: 'live', output: Big, maxOutputBytes: 2_000 })), WITH_OFFLOAD);
    expect(payloadOf(tight, 'Audit')).toMatchObject({ maxOutputBytes: 2_000 });
    expect(payloadOf(tight, 'Audit').offload).toBeUndefined();
  });

  it("warns that a model's declared maxOutputBytes is not enforced, since InvokeModel cannot", () => {
    const m = model('classify', { modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', output: z.object({ text: z.string().max(50_000) }), maxOutputBytes: 10_000 });
    const result = compile(workflow('m', { input: z.object({ q: z.string().max(10) }) }, (flow) => flow.invoke(m, { body: { prompt: flow.input.q } })));
    const warning = result.diagnostics.find((d) => d.code === 'unbounded-value');
    expect(warning?.message).toContain('declared maxOutputBytes 10000, which InvokeModel does not enforce');
    expect(rowOf(result, 'Classify')).toMatchObject({ bytes: 10_000 });
  });
});
