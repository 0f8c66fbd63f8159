/**
 * Conformance corpus: task and execution timeouts, heartbeats and `.waitForTaskToken` callbacks
 * (docs/simulator.md §4, §6, §11).
 */
import { describe, expect, it } from 'vitest';
import { failWith } from '../../src/index.js';
import { CALLBACK, machine, ofType, one, run, task, types } from './helpers.js';

const callback = (extra: Record<string, unknown> = {}) =>
  task({ Resource: CALLBACK, Arguments: { QueueUrl: 'q', MessageBody: { token: '{% $states.context.Task.Token %}' } }, ...extra });

describe('Task TimeoutSeconds', () => {
  // SPEC "Timeouts"; REC/timeouts/test_timeouts: TaskTimedOut{resourceType, resource, error: States.Timeout} (no
  // cause), then ExecutionFailed{error: States.Timeout} (no cause).
  it('times out a task that never answers', async () => {
    const r = await run(machine({ T: task({ TimeoutSeconds: 30 }) }), { tasks: { T: (_a, ctx) => ctx.never() } });
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.Timeout', durationSeconds: 30 });
    expect(r.cause).toBeUndefined();
    expect(one(r, 'TaskTimedOut')['taskTimedOutEventDetails']).toEqual({ resourceType: 'lambda', resource: 'invoke', error: 'States.Timeout' });
    expect(one(r, 'ExecutionFailed')['executionFailedEventDetails']).toEqual({ error: 'States.Timeout' });
    expect(one(r, 'TaskScheduled')['taskScheduledEventDetails']).toMatchObject({ timeoutInSeconds: 30 });
  });

  // SPEC "Timeouts": a mock that answers in time is not affected.
  it('lets a task that answers in time succeed', async () => {
    const r = await run(machine({ T: task({ TimeoutSeconds: 30 }) }), { tasks: { T: async (_a, ctx) => (await ctx.sleep(29), { ok: true }) } });
    expect(r).toMatchObject({ status: 'SUCCEEDED', durationSeconds: 29, output: { ok: true } });
  });

  // SPEC "Timeouts": TimeoutSeconds bounds one attempt; a retry gets the full budget again.
  it('bounds each attempt separately', async () => {
    const r = await run(machine({ T: task({ TimeoutSeconds: 10, Retry: [{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 5, MaxAttempts: 1 }] }) }), {
      tasks: { T: async (_a, ctx) => (ctx.attempt === 0 ? ctx.never() : (await ctx.sleep(9), { ok: 1 })) },
    });
    expect(r).toMatchObject({ status: 'SUCCEEDED', durationSeconds: 10 + 5 + 9 });
  });

  // REC/timeouts/test_heartbeats (`test_heartbeat_no_timeout`): timeoutInSeconds is absent when the state sets none.
  it('records no timeoutInSeconds when the state sets none', async () => {
    const r = await run(machine({ T: task() }), { tasks: { T: [{}] } });
    expect(one(r, 'TaskScheduled')['taskScheduledEventDetails']).not.toHaveProperty('timeoutInSeconds');
  });

  // SPEC "JSONata Runtime Errors": TimeoutSeconds must be a positive integer.
  it('fails on a TimeoutSeconds expression that is not a positive integer', async () => {
    const r = await run(machine({ T: task({ TimeoutSeconds: '{% 1.5 %}' }) }), { tasks: { T: [{}] } });
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toContain("'TimeoutSeconds'");
  });
});

describe('HeartbeatSeconds', () => {
  const def = (catches: string[][] = []) =>
    machine({
      T: callback({ TimeoutSeconds: 100, HeartbeatSeconds: 10, Catch: catches.map((names, i) => ({ ErrorEquals: names, Output: i, Next: 'X' })) }),
      X: { Type: 'Pass', End: true },
    });

  // SPEC "Timeouts"; DG "connect-to-resource": heartbeats from the worker keep a callback task alive.
  it('keeps a callback alive while heartbeats arrive in time', async () => {
    const r = await run(def(), {
      tasks: {
        T: async (_a, ctx) => {
          for (let i = 0; i < 3; i++) {
            await ctx.sleep(8);
            ctx.heartbeat();
          }
          await ctx.sleep(8);
          return { done: true };
        },
      },
    });
    expect(r).toMatchObject({ status: 'SUCCEEDED', durationSeconds: 32, output: { done: true } });
    expect(one(r, 'TaskScheduled')['taskScheduledEventDetails']).toMatchObject({ heartbeatInSeconds: 10, timeoutInSeconds: 100 });
  });

  // REC/timeouts/test_heartbeats (`test_heartbeat_timeout`): a missing heartbeat is reported as States.Timeout.
  it('fails with States.Timeout when a heartbeat is missing', async () => {
    const r = await run(def(), { tasks: { T: async (_a, ctx) => (await ctx.sleep(15), {}) } });
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.Timeout', durationSeconds: 10 });
    expect(r.cause).toBeUndefined();
    expect(one(r, 'TaskTimedOut')['taskTimedOutEventDetails']).toEqual({ resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', error: 'States.Timeout' });
    expect(types(r).slice(-5)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskTimedOut', 'ExecutionFailed']);
  });

  // DG "concepts-error-handling" (UNSETTLED, docs/simulator.md §4): ErrorEquals States.HeartbeatTimeout still
  // matches a heartbeat expiry; States.Timeout matches it too; States.TaskFailed does not.
  it('is matched by States.HeartbeatTimeout and States.Timeout, not by States.TaskFailed', async () => {
    const late = { tasks: { T: async (_a: unknown, ctx: { sleep(s: number): Promise<void> }) => (await ctx.sleep(15), {}) } };
    expect((await run(def([['States.TaskFailed'], ['States.HeartbeatTimeout']]), late)).output).toBe(1);
    expect((await run(def([['States.TaskFailed'], ['States.Timeout']]), late)).output).toBe(1);
    // A TimeoutSeconds expiry is not a heartbeat expiry.
    const slow = machine({ T: callback({ TimeoutSeconds: 5, Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'X' }] }), X: { Type: 'Pass', End: true } });
    expect((await run(slow, { tasks: { T: (_a, ctx) => ctx.never() } })).error).toBe('States.Timeout');
  });

  // SPEC "Timeouts": heartbeats never extend TimeoutSeconds.
  it('never extends TimeoutSeconds', async () => {
    const r = await run(def(), {
      tasks: {
        T: async (_a, ctx) => {
          for (;;) {
            await ctx.sleep(5);
            ctx.heartbeat();
          }
        },
      },
    });
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.Timeout', durationSeconds: 100 });
  });
});

describe('Execution TimeoutSeconds', () => {
  // REC/timeouts/test_timeouts (`test_global_timeout`): status TIMED_OUT, event ExecutionTimedOut; not catchable.
  it('times the execution out, whatever the states catch', async () => {
    const r = await run(
      machine({ T: task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'X' }] }), X: { Type: 'Pass', End: true } }, { TimeoutSeconds: 50 }),
      { tasks: { T: (_a, ctx) => ctx.never() } },
    );
    expect(r).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout', durationSeconds: 50 });
    expect(r.events.at(-1)).toMatchObject({ type: 'ExecutionTimedOut', executionTimedOutEventDetails: { error: 'States.Timeout' } });
    expect(ofType(r, 'TaskStateExited')).toHaveLength(0);
  });

  // REC (`test_global_timeout`): a Wait longer than the budget is cut.
  it('cuts a Wait longer than the budget', async () => {
    const r = await run(machine({ W: { Type: 'Wait', Seconds: 3600, End: true } }, { TimeoutSeconds: 60 }));
    expect(r).toMatchObject({ status: 'TIMED_OUT', durationSeconds: 60 });
  });
});

describe('.waitForTaskToken', () => {
  // DG "input-output-contextobject": $states.context.Task.Token exists in callback tasks; the mock gets the same token.
  it('passes the task token to the service and to the mock', async () => {
    const seen: unknown[] = [];
    const r = await run(machine({ T: callback() }), { tasks: { T: (args, ctx) => (seen.push([args, ctx.taskToken]), { approved: true }) } });
    expect(r.output).toEqual({ approved: true });
    const [[args, token]] = seen as [[{ MessageBody: { token: string } }, string]];
    expect(args.MessageBody.token).toBe(token);
    expect(token).toMatch(/\S/);
  });

  // DG "input-output-contextobject"; docs/simulator.md §5: a retry re-runs the task with a new token.
  it('mints a new token for every attempt', async () => {
    const tokens: string[] = [];
    const r = await run(machine({ T: callback({ Retry: [{ ErrorEquals: ['Rejected'], IntervalSeconds: 1 }] }) }), {
      tasks: { T: (_a, ctx) => { tokens.push(ctx.taskToken!); if (ctx.attempt === 0) throw failWith('Rejected', 'SendTaskFailure'); return {}; } },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  // DG "input-output-contextobject": Task.Token exists only in callback tasks: elsewhere it returns nothing.
  it('has no Task.Token outside a callback task', async () => {
    const r = await run(machine({ T: task({ Arguments: { token: '{% $states.context.Task.Token %}' } }) }), { tasks: { T: [{}] } });
    expect(r.error).toBe('States.QueryEvaluationError');
  });

  // REC/callback/test_callback: TaskSubmitted carries the integration's response; SendTaskSuccess → TaskSucceeded
  // with the sent output; SendTaskFailure → TaskFailed{error, cause}.
  it('records TaskSubmitted, then TaskSucceeded or TaskFailed', async () => {
    const ok = await run(machine({ T: callback() }), { tasks: { T: [{ answer: 1 }] } });
    expect(types(ok)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    const submitted = one(ok, 'TaskSubmitted')['taskSubmittedEventDetails'] as Record<string, unknown>;
    expect(submitted).toMatchObject({ resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', outputDetails: { truncated: false } });
    expect(Object.keys(JSON.parse(String(submitted['output'])) as object)).toEqual(['MD5OfMessageBody', 'MessageId', 'SdkHttpMetadata', 'SdkResponseMetadata']);
    expect(one(ok, 'TaskSucceeded')['taskSucceededEventDetails']).toMatchObject({ output: '{"answer":1}' });
    const failed = await run(machine({ T: callback() }), { tasks: { T: () => { throw failWith('Review.Rejected', 'no'); } } });
    expect(one(failed, 'TaskFailed')['taskFailedEventDetails']).toEqual({ resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', error: 'Review.Rejected', cause: 'no' });
  });
});
