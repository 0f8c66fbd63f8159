import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, workflow } from '@agentflow/dsl';
import { compileWorkflow, estimateTransitions, transitionInputs, type TransitionInputs } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

const NO_BOUNDS: TransitionInputs = { mapItems: new Map(), loops: [], unboundedItems: 100 };
const task = (next?: string, extra: Record<string, unknown> = {}) => ({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', ...(next ? { Next: next } : { End: true }), ...extra });

describe('static state transitions', () => {
  it('counts one transition per state of a sequence', () => {
    const asl = { StartAt: 'A', States: { A: task('B'), B: task('C'), C: task() } };
    expect(estimateTransitions(asl, NO_BOUNDS)).toEqual({ min: 3, expected: 3, max: 3, notes: [] });
  });

  it('takes the shortest branch for min, the longest for max and their mean for expected', () => {
    const asl = {
      StartAt: 'Pick',
      States: {
        Pick: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'Long1' }], Default: 'Done' },
        Long1: task('Long2'),
        Long2: task('Done'),
        Done: { Type: 'Succeed' },
      },
    };
    // Pick → Done = 2; Pick → Long1 → Long2 → Done = 4; mean of the two = 3.
    expect(estimateTransitions(asl, NO_BOUNDS)).toEqual({ min: 2, expected: 3, max: 4, notes: [] });
  });

  it('counts every retry attempt in the max (MaxAttempts defaults to 3) and none in min/expected', () => {
    const asl = { StartAt: 'A', States: { A: task(undefined, { Retry: [{ ErrorEquals: ['X'], MaxAttempts: 2 }, { ErrorEquals: ['States.ALL'] }] }) } };
    expect(estimateTransitions(asl, NO_BOUNDS)).toMatchObject({ min: 1, expected: 1, max: 1 + 2 + 3 });
  });

  it('follows catch edges for max but not for expected', () => {
    const asl = {
      StartAt: 'A',
      States: {
        A: task('Done', { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover1' }] }),
        Recover1: task('Recover2'),
        Recover2: task('Done'),
        Done: { Type: 'Succeed' },
      },
    };
    expect(estimateTransitions(asl, NO_BOUNDS)).toMatchObject({ min: 2, expected: 2, max: 4 });
  });

  it('adds every Parallel branch to the Parallel state itself', () => {
    const branch = (n: number) => ({ StartAt: 'B0', States: Object.fromEntries(Array.from({ length: n }, (_, i) => [`B${i}`, task(i + 1 < n ? `B${i + 1}` : undefined)])) });
    const asl = { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [branch(2), branch(3)], End: true } } };
    expect(estimateTransitions(asl, NO_BOUNDS)).toMatchObject({ min: 6, expected: 6, max: 6 });
  });

  it('multiplies a Map body by its item bound (max), half of it (expected) and none (min)', () => {
    const asl = { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'X', States: { X: task('Y'), Y: task() } }, End: true } } };
    expect(estimateTransitions(asl, { ...NO_BOUNDS, mapItems: new Map([['M', 5]]) })).toEqual({ min: 1, expected: 1 + 3 * 2, max: 1 + 5 * 2, notes: [] });
    const unbounded = estimateTransitions(asl, NO_BOUNDS);
    expect(unbounded.max).toBe(1 + 100 * 2);
    expect(unbounded.notes).toEqual(["map 'M' has no item bound (.max() on its array, or maxItems on s3Items): 100 items assumed"]);
  });

  it('reruns a retried Map whole in the max', () => {
    const asl = { StartAt: 'M', States: { M: { Type: 'Map', Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 1 }], ItemProcessor: { StartAt: 'X', States: { X: task() } }, End: true } } };
    expect(estimateTransitions(asl, { ...NO_BOUNDS, mapItems: new Map([['M', 4]]) }).max).toBe(2 * (1 + 4));
  });

  it('bounds a loop by its maxIterations (+1 for the exit check); expected leaves at the first exit', () => {
    const asl = {
      StartAt: 'Check',
      States: {
        Check: { Type: 'Choice', Choices: [{ Condition: '{% $n >= 3 %}', Next: 'Done' }], Default: 'Body' },
        Body: task('Check'),
        Done: { Type: 'Succeed' },
      },
    };
    const bounds = estimateTransitions(asl, { ...NO_BOUNDS, loops: [{ states: new Set(['Body']), maxIterations: 3 }] });
    // The back edge Body → Check is dropped in expected, so Body cannot reach a successful end and Check exits.
    expect(bounds).toEqual({ min: 2, expected: 2, max: 4 * 2 + 1, notes: [] });
  });

  it('reads loop and map bounds from the IR of a compiled workflow', () => {
    const worker = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ ok: z.boolean() }) });
    const def = workflow('bounded', { input: z.object({ items: z.array(z.string().max(10)).max(7) }) }, (flow) => {
      flow.map('fan-out', flow.input.items, { maxConcurrency: 2 }, (item, f) => f.invoke(worker, { id: 'work', prompt: item }));
      flow.loop('again', { maxIterations: 4 }, (round) => {
        const r = round.invoke(worker, { id: 'try', prompt: 'x' });
        round.exitWhen(r.ok, { id: 'ok' });
      });
    });
    const compiled = compileWorkflow(def, { env: TEST_ENV, envName: 'test' });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const inputs = transitionInputs(compiled.ir);
    expect([...inputs.mapItems]).toEqual([['Fan Out', 7]]);
    expect(inputs.loops.map((l) => l.maxIterations)).toEqual([4]);
    expect(inputs.loops[0]!.states.has('Try')).toBe(true);
  });
});
