// A loop's `exitWhen` is checked at most maxIterations times; a failed last check exhausts the loop at once, so the
// steps after it run only in rounds that another round follows. Checked on the compiled ASL, in the simulator.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileWorkflow, loadConfig, selectEnvironment } from '@agentflow/compiler';
import { agent, eq, text, workflow, type LoopExhaustedInput } from '@agentflow/dsl';
import { simulate, type SimulationResult } from '@agentflow/testing';

const CONFIG = 'fixtures/agentflow.config.yaml';
const environment = (() => {
  const loaded = loadConfig(CONFIG);
  if (!loaded.ok) throw new Error(`cannot load ${CONFIG}`);
  const selected = selectEnvironment(loaded.config, undefined);
  if (!selected.ok) throw new Error(selected.message);
  return { env: selected.env, envName: selected.name };
})();
const worker = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ text: z.string().max(200) }) });

/** Each round: a check agent answers a verdict, exitWhen it is 'done', then a fix step reads the round number. */
function reviewLoop(maxIterations: number, onExhausted?: LoopExhaustedInput) {
  return workflow('last-check', { input: z.object({ doc: z.string().max(50) }) }, (flow) => {
    const doc = flow.set('doc', flow.input.doc);
    const rounds = flow.loop('review', { maxIterations, ...(onExhausted ? { onExhausted } : {}) }, (round) => {
      const verdict = round.invoke(worker, { id: 'check', prompt: text`Check round ${round.iteration}: ${doc}` });
      round.exitWhen(eq(verdict.text, 'done'), { id: 'passed' });
      const fixed = round.invoke(worker, { id: 'fix', prompt: text`Fix round ${round.iteration}: ${doc}` });
      round.assign('keep-fix', doc, fixed.text);
    });
    return { doc, rounds };
  });
}

/** Runs the workflow with the check answering the given verdicts in order (the last repeating). */
async function run(wf: ReturnType<typeof reviewLoop>, verdicts: string[]) {
  const checks: string[] = [];
  const fixes: string[] = [];
  const result: SimulationResult = await simulate(wf, {
    config: CONFIG,
    input: { doc: 'v0' },
    agents: {
      check: [(req, ctx) => (checks.push(req.prompt), { text: verdicts[Math.min(ctx.call, verdicts.length - 1)]! })],
      fix: [(req, ctx) => (fixes.push(req.prompt), { text: `v${ctx.call + 1}` })],
    },
  });
  return { result, checks, fixes, states: result.trace.map((t) => t.state) };
}

describe('loop: the last exitWhen check ends the last round', () => {
  it('compiles without a Next Round state: the exitWhen Choice tests the condition, then the counter', () => {
    const compiled = compileWorkflow(reviewLoop(3), environment);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const states = (compiled.definition as { States: Record<string, Record<string, unknown>> }).States;
    expect(Object.keys(states)).not.toContain('Review Next Round');
    expect(states['Passed']).toEqual({
      Type: 'Choice',
      Choices: [
        { Condition: '{% $check.text = \'done\' %}', Next: 'Done' },
        { Condition: '{% $review >= 2 %}', Next: 'Review Exhausted' },
      ],
      Default: 'Fix',
      Assign: { review: '{% $review + 1 %}' },
    });
    expect(states['Keep Fix']!['Next']).toBe('Check');
  });

  it('exits on the first round without running the tail', async () => {
    const { result, checks, fixes } = await run(reviewLoop(3), ['done']);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ doc: 'v0', rounds: 0 });
    expect(checks).toEqual(['Check round 0: v0']);
    expect(fixes).toEqual([]);
  });

  it('exits on the last allowed round: every earlier round ran its tail, with the round number it started with', async () => {
    const { result, checks, fixes } = await run(reviewLoop(3), ['no', 'no', 'done']);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ doc: 'v2', rounds: 2 });
    expect(checks).toEqual(['Check round 0: v0', 'Check round 1: v1', 'Check round 2: v2']);
    expect(fixes).toEqual(['Fix round 0: v0', 'Fix round 1: v1']);
  });

  it('fails with Agentflow.LoopExhausted right after the last failed check (default onExhausted)', async () => {
    const { result, checks, fixes, states } = await run(reviewLoop(3), ['no']);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Agentflow.LoopExhausted');
    expect(result.cause).toBe("Loop 'review' ran 3 rounds without its exit condition holding.");
    expect(checks).toHaveLength(3);
    expect(fixes).toEqual(['Fix round 0: v0', 'Fix round 1: v1']);
    expect(states.slice(-3)).toEqual(['Check', 'Passed', 'Review Exhausted']);
  });

  it("onExhausted: { fail: { error, cause } } fails with that error and cause", async () => {
    const { result, fixes, states } = await run(reviewLoop(2, { fail: { error: 'Review.Rejected', cause: 'Two checks failed.' } }), ['no']);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Review.Rejected');
    expect(result.cause).toBe('Two checks failed.');
    expect(fixes).toEqual(['Fix round 0: v0']);
    expect(states.at(-1)).toBe('Review Exhausted');
  });

  it("onExhausted: 'continue' goes on with what the last round's check saw", async () => {
    const { result, checks, fixes } = await run(reviewLoop(2, 'continue'), ['no']);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ doc: 'v1', rounds: 1 });
    expect(checks).toEqual(['Check round 0: v0', 'Check round 1: v1']);
    expect(fixes).toEqual(['Fix round 0: v0']);
  });

  it('maxIterations: 1 checks once and never runs the tail', async () => {
    const { result, checks, fixes } = await run(reviewLoop(1, 'continue'), ['no']);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ doc: 'v0', rounds: 0 });
    expect(checks).toHaveLength(1);
    expect(fixes).toEqual([]);
  });

  it("a loop without exitWhen runs every round whole, then goes on (onExhausted: 'continue')", async () => {
    const wf = workflow('repeat', { input: z.object({ doc: z.string().max(50) }) }, (flow) => {
      flow.loop('polish', { maxIterations: 3, onExhausted: 'continue' }, (round) => {
        round.invoke(worker, { id: 'edit', prompt: text`Edit round ${round.iteration}` });
      });
    });
    const prompts: string[] = [];
    const result = await simulate(wf, { config: CONFIG, input: { doc: 'v0' }, agents: { edit: [(req) => (prompts.push(req.prompt), { text: 'x' })] } });
    expect(result.status).toBe('SUCCEEDED');
    expect(prompts).toEqual(['Edit round 0', 'Edit round 1', 'Edit round 2']);
    expect(result.coverage.choiceRules).toEqual({ 'Polish Next Round#0': 2, 'Polish Next Round#default': 1 });
  });
});
