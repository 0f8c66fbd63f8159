/**
 * Conformance corpus: the shape of the history and the transitions count (docs/simulator.md §10, §13).
 */
import { describe, expect, it } from 'vitest';
import { failWith } from '../../src/index.js';
import { machine, one, run, task, types } from './helpers.js';

describe('history events', () => {
  // API/HistoryEvent; REC: ids from 1, previousEventId 0 for ExecutionStarted and the first state's entered event,
  // details in GetExecutionHistory's shape with JSON as text.
  it('records a Task run in GetExecutionHistory shape', async () => {
    const r = await run(machine({ T: task({ Arguments: { q: '{% $states.input.q %}' }, TimeoutSeconds: 60 }) }), { input: { q: 1 }, tasks: { T: [{ a: 2 }] } });
    expect(types(r)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(r.events.map((e) => [e.id, e.previousEventId])).toEqual([[1, 0], [2, 0], [3, 2], [4, 3], [5, 4], [6, 5], [7, 6]]);
    expect(r.events[0]).toEqual({
      id: 1,
      previousEventId: 0,
      timestamp: '2026-01-01T00:00:00.000Z',
      type: 'ExecutionStarted',
      executionStartedEventDetails: { input: '{"q":1}', inputDetails: { truncated: false }, roleArn: 'arn:aws:iam::123456789012:role/simulated-execution' },
    });
    expect(one(r, 'TaskStateEntered')['stateEnteredEventDetails']).toEqual({ name: 'T', input: '{"q":1}', inputDetails: { truncated: false } });
    expect(one(r, 'TaskScheduled')['taskScheduledEventDetails']).toEqual({ resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: '{"q":1}', timeoutInSeconds: 60 });
    expect(one(r, 'TaskStarted')['taskStartedEventDetails']).toEqual({ resourceType: 'lambda', resource: 'invoke' });
    expect(one(r, 'TaskSucceeded')['taskSucceededEventDetails']).toEqual({ resourceType: 'lambda', resource: 'invoke', output: '{"a":2}', outputDetails: { truncated: false } });
    expect(one(r, 'TaskStateExited')['stateExitedEventDetails']).toEqual({ name: 'T', output: '{"a":2}', outputDetails: { truncated: false } });
    expect(one(r, 'ExecutionSucceeded')['executionSucceededEventDetails']).toEqual({ output: '{"a":2}', outputDetails: { truncated: false } });
  });

  // REC/error_handling/test_task_service_lambda: caught error → TaskFailed, TaskStateExited (catcher output), next
  // state; uncaught → TaskFailed, ExecutionFailed (no exit event).
  it('orders a caught and an uncaught failure as AWS does', async () => {
    const failing = { tasks: { T: () => { throw failWith('E', 'c'); } } };
    const caught = await run(machine({ T: task({ Catch: [{ ErrorEquals: ['E'], Next: 'X' }] }), X: { Type: 'Pass', End: true } }), failing);
    expect(types(caught)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'TaskStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(one(caught, 'TaskStateExited')['stateExitedEventDetails']).toMatchObject({ output: '{"Error":"E","Cause":"c"}' });
    const uncaught = await run(machine({ T: task() }), failing);
    expect(types(uncaught)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'ExecutionFailed']);
    expect(one(uncaught, 'TaskFailed')['taskFailedEventDetails']).toEqual({ resourceType: 'lambda', resource: 'invoke', error: 'E', cause: 'c' });
  });

  // REC: event ids increase by one and every previousEventId points to an earlier event.
  it('keeps ids increasing and previousEventId pointing backwards', async () => {
    const r = await run(machine({ A: { Type: 'Pass', Next: 'W' }, W: { Type: 'Wait', Seconds: 5, Next: 'C' }, C: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'S' }] }, S: { Type: 'Succeed' } }));
    r.events.forEach((e, i) => {
      expect(e.id).toBe(i + 1);
      expect(e.previousEventId).toBeLessThan(e.id);
    });
    expect(types(r)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'WaitStateEntered', 'WaitStateExited', 'ChoiceStateEntered', 'ChoiceStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
    // Timestamps follow the virtual clock.
    expect(one(r, 'WaitStateExited').timestamp).toBe('2026-01-01T00:00:05.000Z');
  });

  // DG "input-output-resultwriter", API/TaskScheduledEventDetails: resourceType/resource split of the ARN.
  it('splits the resource ARN as the history shows it', async () => {
    const r = await run(machine({ T: task({ Resource: 'arn:aws:states:::sns:publish.waitForTaskToken', Arguments: { Message: '{% $states.context.Task.Token %}' } }) }), { tasks: { T: [{}] } });
    expect(one(r, 'TaskScheduled')['taskScheduledEventDetails']).toMatchObject({ resourceType: 'sns', resource: 'publish.waitForTaskToken' });
  });
});

describe('transitions', () => {
  // PRICE: one transition per state entered, plus one per retry.
  it('counts every state entered and every retry', async () => {
    const r = await run(
      machine({
        A: { Type: 'Pass', Next: 'T' },
        T: task({ Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 1 }], End: undefined, Next: 'C' }),
        C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n < 3 %}', Next: 'T' }], Default: 'Done' },
        Done: { Type: 'Succeed' },
      }),
      { tasks: { T: (_a, ctx) => { if (ctx.call === 1) throw failWith('E', ''); return { n: ctx.call }; } } },
    );
    // A, then T+C three times (n = 0, 2, 3), one retry, Done.
    expect(r.status).toBe('SUCCEEDED');
    expect(r.transitions).toBe(1 + 3 * 2 + 1 + 1);
    expect(r.cost.transitions).toBe(r.transitions);
  });
});
