/**
 * Property: the static transition bounds hold at run time. Every seed workflow runs auto-mocked with seeds 1..N
 * (random answers and approvals), and once more with every agent failing (retries exhausted, catch paths taken);
 * the simulated transitions never exceed the static maximum, and a successful run never goes below the minimum.
 * A parent that runs a child (flow.run) is held to its figures with the child's included: the simulator bills the
 * child's transitions to the parent's run likewise.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { text, walkSteps, workflow, type Step, type WorkflowDef } from '@agentflow/dsl';
import { compiledCostFacts, estimateTransitions, transitionInputs, workflowCost } from '@agentflow/compiler';
import { failWith, simulate, type AgentMocks } from '@agentflow/testing';
import { CONFIG, compileForTest, environmentOf, ROOT_CONFIG } from '../scenarios/payload/bounds-check.js';
import runParent, { judge } from '../../../../fixtures/run-parent/workflow.js';
import runChild from '../../../../fixtures/run-child/workflow.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
const RUNS = Number(process.env['PROP_COST_RUNS'] ?? 6);

function failingAgents(def: WorkflowDef, config = ROOT_CONFIG): AgentMocks {
  const agents: Record<string, AgentMocks[string]> = {};
  walkSteps(compileForTest(def, config).ir!.body, (step: Step) => {
    if (step.kind === 'agent') agents[step.id] = () => { throw failWith('Agentflow.AgentThrottled', 'throttled in a test'); };
  });
  return agents;
}

describe('static transition bounds vs simulated runs', () => {
  const dir = fileURLToPath(new URL('../../../../workflows/', import.meta.url));
  const seeds = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();

  it.each(seeds)('seed workflow %s', async (file) => {
    const def = (await import(`${dir}${file}`)).default as WorkflowDef;
    const compiled = compileForTest(def, ROOT_CONFIG);
    expect(compiled.definition).toBeDefined();
    const bounds = estimateTransitions(compiled.definition as never, transitionInputs(compiled.ir));
    expect(bounds.min).toBeLessThanOrEqual(bounds.expected);
    expect(bounds.expected).toBeLessThanOrEqual(bounds.max);
    const runs = [];
    for (let seed = 1; seed <= RUNS; seed += 1) {
      runs.push(await simulate(def, { config: ROOT_CONFIG, seed, autoMock: { answers: 'random', approvals: 'random', seed } }));
    }
    runs.push(await simulate(def, { config: ROOT_CONFIG, agents: failingAgents(def), autoMock: { answers: 'minimal', approvals: 'reject', seed: 1 } }));
    for (const run of runs) {
      expect(run.transitions, `${file}: ${run.status}`).toBeLessThanOrEqual(bounds.max);
      if (run.status === 'SUCCEEDED') expect(run.transitions, file).toBeGreaterThanOrEqual(bounds.min);
    }
  }, 120_000);
});

/** run-child three times over a bounded map, each run retried twice on a failed child, then a judge. */
const fanOutParent = workflow('run-fan-out', { input: z.object({ topics: z.array(z.string().max(200)).max(3) }) }, (flow) => {
  const found = flow.map('research-all', flow.input.topics, { maxConcurrency: 3 }, (topic, f) =>
    f.run(runChild, { topic, audience: 'expert' }, { id: 'research-one', retry: [{ errors: ['States.TaskFailed'], maxAttempts: 2 }] }),
  );
  const review = flow.invoke(judge, { id: 'judge-all', prompt: text`Score these summaries: ${found}` });
  return { score: review.score };
});

describe('static transition bounds vs simulated runs of a parent and its child', () => {
  // The last field: whether a run goes past the parent's own max, i.e. the figures without the child would fail.
  const cases: [string, WorkflowDef, unknown, boolean][] = [
    ['run-parent', runParent, { topic: 'tides' }, false],
    ['run-fan-out', fanOutParent, { topics: ['tides', 'moons', 'waves'] }, true],
  ];

  it.each(cases)('%s', async (_, def, input, beyondOwn) => {
    const compiled = compileForTest(def, CONFIG);
    const cost = workflowCost(compiledCostFacts(compiled, environmentOf(CONFIG))!, { volumes: [1] });
    const own = estimateTransitions(compiled.definition as never, transitionInputs(compiled.ir));
    // The child is in the figures: more than the parent's own states.
    expect(cost.children.map((c) => c.priced)).toEqual([true]);
    expect(cost.transitions.max).toBeGreaterThan(own.max);
    const runs = [];
    for (let seed = 1; seed <= RUNS; seed += 1) {
      const autoMock = { answers: 'random', approvals: 'random', seed } as const;
      runs.push(await simulate(def, { config: CONFIG, input, seed, autoMock, workflows: { 'run-child': { workflow: runChild, autoMock } } }));
    }
    // Every child agent fails: each child exhausts its retries, the parent retries the child, then fails or catches.
    const failing = { workflow: runChild, agents: failingAgents(runChild, CONFIG), autoMock: { answers: 'minimal', seed: 1 } } as const;
    runs.push(await simulate(def, { config: CONFIG, input, agents: failingAgents(def, CONFIG), autoMock: { answers: 'minimal', seed: 1 }, workflows: { 'run-child': failing } }));
    for (const run of runs) {
      expect(run.transitions, run.status).toBeLessThanOrEqual(cost.transitions.max);
      if (run.status === 'SUCCEEDED') expect(run.transitions).toBeGreaterThanOrEqual(cost.transitions.min);
    }
    // The failing run (three children, each failing after its retries, each retried twice) goes past what the parent
    // alone can take; run-parent's single child stays under the parent's own retry-inflated max.
    if (beyondOwn) expect(runs.at(-1)!.transitions).toBeGreaterThan(own.max);
    // Either way the simulator billed the children: more transitions than the parent's own state entries.
    const last = runs.at(-1)!;
    expect(last.transitions).toBeGreaterThan(Object.values(last.coverage.states).reduce((a, b) => a + b, 0));
  }, 120_000);
});
