import { describe, expect, it } from 'vitest';
import { coverageReport, failWith, renderCoverage, simulate } from '@agentflow/testing';

const definition = {
  QueryLanguage: 'JSONata',
  StartAt: 'Route',
  States: {
    Route: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n > 0 %}', Next: 'Work' }], Default: 'Done' },
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: 'f', Payload: {} },
      Retry: [{ ErrorEquals: ['Busy'], MaxAttempts: 1 }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Done' }],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

describe('coverageReport', () => {
  it('lists what a set of runs reached and what none did', async () => {
    const positive = await simulate(definition, { input: { n: 1 }, tasks: { Work: [{ Payload: 1 }] } });
    const report = coverageReport([positive]);
    expect(report.states).toMatchObject({ total: 3, covered: 3, uncovered: [] });
    expect(report.choiceRules.uncovered).toEqual(['Route#default']);
    expect(report.catchers.uncovered).toEqual(['Work#0']);
    expect(report.retriers.uncovered).toEqual(['Work#0']);

    const failing = await simulate(definition, { input: { n: 1 }, tasks: { Work: () => { throw failWith('Busy'); } } });
    const zero = await simulate(definition, { input: { n: 0 } });
    const all = coverageReport([positive, failing, zero]);
    expect(all.choiceRules.items).toEqual([{ key: 'Route#0', hits: 2 }, { key: 'Route#default', hits: 1 }]);
    expect(all.catchers.items).toEqual([{ key: 'Work#0', hits: 1 }]);
    expect(all.retriers.items).toEqual([{ key: 'Work#0', hits: 1 }]);
    expect(renderCoverage(all)).toBe('states        3/3\nchoice rules  2/2\ncatchers      1/1\nretriers      1/1\n');
  });
});
