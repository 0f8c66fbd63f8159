import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, awsSdk, workflow, type RunChild, type WorkflowDef } from '@agentflow/dsl';
import { compiledCostFacts, compileWorkflow, estimateTransitions, transitionInputs, workflowCost, type WorkflowCost } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

const OPTIONS = { env: TEST_ENV, envName: 'test' };
const worker = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ ok: z.boolean() }) });

/** A child with one agent call: 1 transition at least, its retriers' worth at most. */
const child = workflow('child', { input: z.object({ topic: z.string().max(50) }), timeout: { minutes: 5 } }, (flow) => {
  const done = flow.invoke(worker, { id: 'work', prompt: flow.input.topic });
  return { ok: done.ok };
});

function compiled(def: WorkflowDef) {
  const result = compileWorkflow(def, OPTIONS);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result;
}

/** The workflow priced with its children, and its own transitions as the definition alone gives them. */
function price(def: WorkflowDef): { cost: WorkflowCost; own: { min: number; expected: number; max: number } } {
  const result = compiled(def);
  const cost = workflowCost(compiledCostFacts(result, OPTIONS)!, { volumes: [1000] });
  const { min, expected, max } = estimateTransitions(result.definition as never, transitionInputs(result.ir));
  return { cost, own: { min, expected, max } };
}

const line = (cost: WorkflowCost, item: string) => cost.lines.find((l) => l.item === item)!.perExecution;
const childCost = price(child).cost;

describe('agentflow cost: flow.run children', () => {
  it('prices the child on its own (1 / 1 / 1 + the retries of its agent call)', () => {
    expect(childCost.transitions.min).toBe(1);
    expect(childCost.transitions.max).toBeGreaterThan(1);
    expect(childCost.children).toEqual([]);
  });

  it('adds the child once per run of a plain step, with its Lambda and token lines', () => {
    const parent = workflow('parent', { input: z.object({ topic: z.string().max(50) }) }, (flow) => flow.run(child, { topic: flow.input.topic }, { id: 'research' }));
    const { cost, own } = price(parent);
    expect(cost.transitions).toEqual({ min: own.min + childCost.transitions.min, expected: own.expected + childCost.transitions.expected, max: own.max + childCost.transitions.max });
    // The parent calls no Lambda itself: the line is the child's.
    expect(line(cost, 'Lambda requests')).toEqual(line(childCost, 'Lambda requests'));
    expect(line(cost, 'Bedrock worker output tokens')).toEqual(line(childCost, 'Bedrock worker output tokens'));
    expect(cost.children).toEqual([{ state: 'Research', workflow: 'child', priced: true, transitions: childCost.transitions, usdPerExecution: childCost.usdPerExecution }]);
    expect(cost.usdPerExecution.max).toBeGreaterThan(childCost.usdPerExecution.max);
  });

  it('multiplies a child inside a map by the item bound (max) and half of it (expected)', () => {
    const parent = workflow('parent-map', { input: z.object({ topics: z.array(z.string().max(50)).max(6) }) }, (flow) => {
      flow.map('per-topic', flow.input.topics, { maxConcurrency: 2 }, (topic, f) => f.run(child, { topic }, { id: 'research' }));
    });
    const { cost, own } = price(parent);
    expect(cost.transitions).toEqual({ min: own.min, expected: own.expected + 3 * childCost.transitions.expected, max: own.max + 6 * childCost.transitions.max });
    const lambda = line(childCost, 'Lambda requests');
    expect(line(cost, 'Lambda requests')).toEqual({ min: 0, expected: 3 * lambda.expected, max: 6 * lambda.max });
  });

  it('multiplies a child inside a loop by maxIterations + 1 in the max', () => {
    const parent = workflow('parent-loop', { input: z.object({ topic: z.string().max(50) }) }, (flow) => {
      flow.loop('again', { maxIterations: 3 }, (round) => {
        const r = round.run(child, { topic: flow.input.topic }, { id: 'research' });
        round.exitWhen(r.ok, { id: 'good' });
      });
    });
    const { cost, own } = price(parent);
    expect(cost.transitions.max).toBe(own.max + 4 * childCost.transitions.max);
    expect(cost.transitions.expected).toBe(own.expected + childCost.transitions.expected);
    expect(cost.transitions.min).toBe(own.min + childCost.transitions.min);
  });

  it('starts a new child on every retry: attempts × (the step + the child) in the max', () => {
    const parent = workflow('parent-retry', { input: z.object({ topic: z.string().max(50) }) }, (flow) =>
      flow.run(child, { topic: flow.input.topic }, { id: 'research', retry: [{ errors: ['States.TaskFailed'], maxAttempts: 2 }] }),
    );
    const { cost, own } = price(parent);
    // own.max already counts the step 3 times (1 + 2 retries); each attempt adds one child execution.
    expect(cost.transitions.max).toBe(own.max + 3 * childCost.transitions.max);
    expect(cost.transitions.min).toBe(own.min + childCost.transitions.min);
    expect(line(cost, 'Lambda requests').max).toBe(3 * line(childCost, 'Lambda requests').max);
  });

  it('counts a grandchild in the child and the child in the parent', () => {
    const middle = workflow('middle', { input: z.object({ topic: z.string().max(50) }), timeout: { minutes: 10 } }, (flow) => {
      const r = flow.run(child, { topic: flow.input.topic }, { id: 'inner' });
      return { ok: r.ok };
    });
    const parent = workflow('top', { input: z.object({ topic: z.string().max(50) }) }, (flow) => flow.run(middle, { topic: flow.input.topic }, { id: 'outer' }));
    const middleCost = price(middle).cost;
    const { cost, own } = price(parent);
    expect(middleCost.transitions.max).toBe(price(middle).own.max + childCost.transitions.max);
    expect(cost.transitions.max).toBe(own.max + middleCost.transitions.max);
    expect(cost.notes.some((n) => n.startsWith("child 'middle' (state 'Outer'): child 'child' (state 'Inner')"))).toBe(true);
  });

  it('says a state machine started by ARN is not priced, in the children and the notes', () => {
    const parent = workflow('parent-arn', { input: z.object({ topic: z.string().max(50) }) }, (flow) => {
      flow.task('start-other', awsSdk('sfn', 'startExecution', { arguments: { StateMachineArn: 'arn:aws:states:us-west-2:123456789012:stateMachine:other', Input: '{}' } }));
    });
    const { cost, own } = price(parent);
    expect(cost.transitions).toEqual(own);
    expect(cost.children).toEqual([{ state: 'Start Other', workflow: 'other', priced: false, reason: expect.stringContaining('named by ARN') }]);
    expect(cost.notes).toContain("child 'other' (state 'Start Other') not priced: it is named by ARN, not a workflow(...) this compile knows, so its definition is not read; its transitions and service usage are not counted");
  });

  it('refuses to price a chain that comes back to the workflow that starts it, without recursing', () => {
    // The DSL refuses `p` running `c` running `p` while building; a hand-made child whose build hands back an IR
    // built earlier slips past that check, so the cost walk guards by name too.
    const lookalike = workflow('p', { input: z.object({ topic: z.string().max(50) }), timeout: { minutes: 5 } }, (flow) => ({ topic: flow.input.topic }));
    const realC = workflow('c', { input: z.object({ topic: z.string().max(50) }), timeout: { minutes: 5 } }, (flow) => {
      flow.run(lookalike, { topic: flow.input.topic }, { id: 'back' });
    });
    const cIr = realC.build();
    const handMade: RunChild = { name: 'c', build: () => cIr };
    const p = workflow('p', { input: z.object({ topic: z.string().max(50) }) }, (flow) => {
      flow.run(handMade as unknown as WorkflowDef<{ topic: string }, unknown>, { topic: flow.input.topic }, { id: 'forth', timeout: { minutes: 20 } });
    });
    const { cost } = price(p);
    const c = cost.children[0]!;
    expect(c).toMatchObject({ state: 'Forth', workflow: 'c', priced: true });
    expect(cost.notes).toContain("child 'c' (state 'Forth'): child 'p' (state 'Back') not priced: it runs the workflow that starts it ('p' → 'c' → 'p'), so its cost is unbounded; its transitions and service usage are not counted");
  });
});
