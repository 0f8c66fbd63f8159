/**
 * Property: the static transition bounds hold at run time. Every seed workflow runs auto-mocked with seeds 1..N
 * (random answers and approvals), and once more with every agent failing (retries exhausted, catch paths taken);
 * the simulated transitions never exceed the static maximum, and a successful run never goes below the minimum.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { walkSteps, type Step, type WorkflowDef } from '@agentflow/dsl';
import { estimateTransitions, transitionInputs } from '@agentflow/compiler';
import { failWith, simulate, type AgentMocks } from '@agentflow/testing';
import { compileForTest, ROOT_CONFIG } from '../scenarios/payload/bounds-check.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
const RUNS = Number(process.env['PROP_COST_RUNS'] ?? 6);

function failingAgents(def: WorkflowDef): AgentMocks {
  const agents: Record<string, AgentMocks[string]> = {};
  walkSteps(compileForTest(def, ROOT_CONFIG).ir!.body, (step: Step) => {
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
