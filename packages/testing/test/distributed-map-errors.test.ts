/**
 * What a catch on a Distributed Map sees (docs/payload.md, "Errors of distributed maps"): a failed iteration is a
 * failed child execution, and the map fails with States.ExceedToleratedFailureThreshold, not with the child's error.
 * The compiler rejects a catch or retry naming only errors that cannot reach such a map
 * (fixtures/_error_/distributed-map-catch-child-error, …/offloaded-map-catch-child-error); these are the two forms
 * it points to, run in the simulator.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileWorkflow, loadConfig, selectEnvironment } from '@agentflow/compiler';
import { agent, text, workflow } from '@agentflow/dsl';
import { failWith, simulate, type AgentRequest } from '@agentflow/testing';

const config = 'fixtures/agentflow.config.yaml';
const reviewer = agent('reviewer', { agentName: 'helper', alias: 'live', output: z.object({ verdict: z.enum(['keep', 'drop']) }) });
const apology = agent('apology', { agentName: 'worker', alias: 'live', maxOutputBytes: 2000 });
const Input = z.object({ docs: z.array(z.string().max(200)).max(50) });

/** Reviews keep every document but 'bad', whose review fails with the adapter's error. */
const review = (req: AgentRequest) => {
  if (req.prompt.endsWith('bad')) throw failWith('Agentflow.AgentFailed', 'the agent gave up');
  return { verdict: 'keep' };
};

function diagnosticsOf(wf: Parameters<typeof compileWorkflow>[0]) {
  const loaded = loadConfig(config);
  if (!loaded.ok) throw new Error('config');
  const selected = selectEnvironment(loaded.config, undefined);
  if (!selected.ok) throw new Error(selected.message);
  return compileWorkflow(wf, { env: selected.env, envName: selected.name }).diagnostics.map((d) => `${d.severity} ${d.code}`);
}

describe('errors of distributed maps', () => {
  const onTheMap = workflow('catch-threshold-on-map', { input: Input }, (flow) => {
    flow.map('review', flow.input.docs, { maxConcurrency: 2, toleratedFailureCount: 0, catch: [{ errors: ['States.ExceedToleratedFailureThreshold'], goto: 'apologize' }] }, (doc, f) =>
      f.invoke(reviewer, { prompt: text`Review: ${doc}` }).verdict,
    );
    flow.succeed('done');
    flow.invoke(apology, { id: 'apologize', prompt: 'Write an apology for the failed review.' });
  });

  it('a catch for States.ExceedToleratedFailureThreshold on the map handles a failed iteration', async () => {
    expect(diagnosticsOf(onTheMap).filter((d) => d.includes('distributed-map'))).toEqual([]);
    const failed = await simulate(onTheMap, { config, input: { docs: ['good', 'bad'] }, agents: { reviewer: review, apologize: ['Sorry.'] } });
    expect(failed.status).toBe('SUCCEEDED');
    expect(failed.coverage.states['Apologize']).toBe(1);
    const fine = await simulate(onTheMap, { config, input: { docs: ['good'] }, agents: { reviewer: review, apologize: ['Sorry.'] } });
    expect(fine.coverage.states['Apologize']).toBeUndefined();
  });

  it("a catch inside the body sees the iteration's own error, and the map goes on", async () => {
    const inBody = workflow('catch-in-distributed-body', { input: Input }, (flow) => {
      flow.map('review', flow.input.docs, { maxConcurrency: 2, toleratedFailureCount: 0 }, (doc, f) => {
        f.invoke(reviewer, { id: 'check', prompt: text`Review: ${doc}`, catch: [{ errors: ['Agentflow.AgentFailed'], goto: 'apologize' }] });
        f.succeed('reviewed');
        f.invoke(apology, { id: 'apologize', prompt: text`Apologize for failing to review ${doc}` });
      });
    });
    expect(diagnosticsOf(inBody).filter((d) => d.includes('distributed-map'))).toEqual([]);
    const prompts: string[] = [];
    const run = await simulate(inBody, { config, input: { docs: ['good', 'bad', 'fine'] }, agents: { check: review, apologize: [(req) => (prompts.push(req.prompt), 'Sorry.')] } });
    expect(run.status).toBe('SUCCEEDED');
    expect(prompts).toEqual(['Apologize for failing to review bad']);
    expect(run.coverage.states['Reviewed']).toBe(2);
  });

  it('without a catch, the run fails with States.ExceedToleratedFailureThreshold, not the iteration error', async () => {
    const bare = workflow('distributed-map-uncaught', { input: Input }, (flow) => {
      flow.map('review', flow.input.docs, { maxConcurrency: 2, toleratedFailurePercentage: 0 }, (doc, f) => f.invoke(reviewer, { prompt: text`Review: ${doc}` }).verdict);
    });
    const run = await simulate(bare, { config, input: { docs: ['good', 'bad'] }, agents: { reviewer: review } });
    expect(run.error).toBe('States.ExceedToleratedFailureThreshold');
  });
});
