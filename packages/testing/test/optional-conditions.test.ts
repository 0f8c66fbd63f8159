/**
 * A condition on an optional value that is absent must be false, never "nothing": a Choice Condition that is not a
 * boolean fails the execution with States.QueryEvaluationError (docs/simulator.md §4). Each case runs the compiled
 * ASL with the field absent (the otherwise arm runs) and present (the case runs).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { gt, lt, matches, not, when, workflow, type Computed, type Condition, type WorkflowFlow } from '@agentflow/dsl';
import { simulate } from '@agentflow/testing';

const Input = z.object({ n: z.number().optional(), flag: z.boolean().optional(), s: z.string().max(20).optional() });
type In = z.infer<typeof Input>;

function choose(name: string, test: (flow: WorkflowFlow<In>) => Condition | Computed<boolean | undefined>) {
  return workflow(name, { input: Input }, (flow) => {
    flow.choice('route', [when(test(flow), (b) => b.wait('matched', { seconds: 1 }))], { otherwise: (b) => b.wait('other', { seconds: 2 }) });
  });
}

const cases: [string, (flow: WorkflowFlow<In>) => Condition | Computed<boolean | undefined>, In][] = [
  ['lt', (flow) => lt(flow.input.n, 5), { n: 1 }],
  ['gt', (flow) => gt(flow.input.n, 5), { n: 9 }],
  ['not', (flow) => not(flow.input.flag), { flag: false }],
  ['truthy', (flow) => flow.input.flag, { flag: true }],
  ['matches', (flow) => matches(flow.input.s, 'a*'), { s: 'abc' }],
];

describe('conditions on absent optional values', () => {
  for (const [name, test, present] of cases) {
    it(`${name}: absent is false, present decides`, async () => {
      const wf = choose(`optional-${name}`, test);
      const absent = await simulate(wf, { config: 'fixtures/agentflow.config.yaml', input: {} });
      expect(absent.error).toBeUndefined();
      expect(absent.status).toBe('SUCCEEDED');
      expect(absent.trace.map((t) => t.state)).toContain(name === 'not' ? 'Matched' : 'Other');
      const given = await simulate(wf, { config: 'fixtures/agentflow.config.yaml', input: present });
      expect(given.trace.map((t) => t.state)).toContain('Matched');
    });
  }
});
