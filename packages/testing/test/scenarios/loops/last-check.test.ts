// A loop's `exitWhen` is checked at most maxIterations times; a failed last check exhausts the loop at once, so the
// steps after it run only in rounds that another round follows. Checked on the compiled ASL, in the simulator.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileWorkflow } from '@agentflow/compiler';
import { fixtureEnvironment } from '../../fixture-environment.js';
import { agent, eq, text, when, workflow, type Case, type LoopExhaustedInput } from '@agentflow/dsl';
import { simulate, type SimulationResult } from '@agentflow/testing';

const CONFIG = 'fixtures/agentflow.config.yaml';
const environment = fixtureEnvironment(CONFIG);
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
    // The round's last step (keep-fix) rides on Fix's Assign, so Fix goes straight back to the next round's check.
    expect(Object.keys(states)).not.toContain('Keep Fix');
    expect(states['Fix']!['Next']).toBe('Check');
    expect(states['Fix']!['Assign']).toEqual({ doc: '{% $states.result.Payload.text %}' });
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

  describe('exitWhen in a choice arm', () => {
    const armExit = workflow('arm-exit', { input: z.object({ doc: z.string().max(50) }) }, (flow) => {
      const rounds = flow.loop('review', { maxIterations: 3, onExhausted: 'continue' }, (round) => {
        const verdict = round.invoke(worker, { id: 'check', prompt: text`Check round ${round.iteration}` });
        round.choice('route', [when(eq(verdict.text, 'stop'), () => round.exitWhen(eq(round.iteration, 1), { id: 'stop-in-round-two' }))], { otherwise: 'continue' });
        round.invoke(worker, { id: 'fix', prompt: text`Fix round ${round.iteration}` });
      });
      return { rounds };
    });

    async function runArm(verdicts: string[]) {
      const fixes: string[] = [];
      const result = await simulate(armExit, {
        config: CONFIG,
        input: { doc: 'v0' },
        agents: { check: [(_req, ctx) => ({ text: verdicts[Math.min(ctx.call, verdicts.length - 1)]! })], fix: [(req) => (fixes.push(req.prompt), { text: 'x' })] },
      });
      return { result, fixes };
    }

    it('leaves the loop only when the arm runs and its condition holds', async () => {
      const { result, fixes } = await runArm(['stop', 'stop']);
      expect(result.status).toBe('SUCCEEDED');
      expect(result.output).toEqual({ rounds: 1 });
      // Round 0 took the arm but its condition (round 1) did not hold; round 1 left before its fix.
      expect(fixes).toEqual(['Fix round 0']);
      expect(result.coverage.choiceRules).toMatchObject({ 'Stop In Round Two#0': 1, 'Stop In Round Two#default': 1 });
    });

    it('without a top-level exitWhen runs whole rounds, then goes on', async () => {
      const { result, fixes } = await runArm(['go']);
      expect(result.status).toBe('SUCCEEDED');
      expect(result.output).toEqual({ rounds: 2 });
      expect(fixes).toEqual(['Fix round 0', 'Fix round 1', 'Fix round 2']);
    });

    it('is refused where a when(...) case built in the loop body is used by a choice outside it', () => {
      const leaked = workflow('arm-leak', { input: z.object({ doc: z.string().max(50) }) }, (flow) => {
        let outside: Case | undefined;
        flow.loop('review', { maxIterations: 2, onExhausted: 'continue' }, (round) => {
          const verdict = round.invoke(worker, { id: 'check', prompt: 'Check' });
          outside = when(eq(verdict.text, 'stop'), () => round.exitWhen(eq(verdict.text, 'stop'), { id: 'leaked-exit' }));
          round.exitWhen(eq(verdict.text, 'done'));
        });
        flow.choice('after', [outside!], { otherwise: 'continue' });
      });
      const errors = compileWorkflow(leaked, environment).diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => d.code)).toContain('exit-outside-loop');
    });
  });
});
