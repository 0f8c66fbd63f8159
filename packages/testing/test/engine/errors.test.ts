/**
 * Conformance corpus: expression errors, error names and matching, Retry, Catch, payload and history limits
 * (docs/simulator.md §3, §4, §5, §9).
 */
import { describe, expect, it } from 'vitest';
import { failWith } from '../../src/index.js';
import { graph, machine, ofType, one, run, task, types } from './helpers.js';

const QEE = 'States.QueryEvaluationError';

describe('States.QueryEvaluationError', () => {
  // REC/assign/test_assign_reference_variables (`test_undefined_reference`, BASE_UNDEFINED_OUTPUT): AWS's cause,
  // EvaluationFailed{error, cause, location, state} (pointing back past the entered event), then ExecutionFailed.
  it('fails a state whose Output returns nothing, with AWS wording and an EvaluationFailed event', async () => {
    const r = await run(machine({ State0: { Type: 'Pass', Output: '{% $doesNotExist %}', End: true } }));
    const cause = "An error occurred while executing the state 'State0' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined).";
    expect(r).toMatchObject({ status: 'FAILED', error: QEE, cause });
    expect(r.events.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 0, 'EvaluationFailed'],
      [4, 3, 'ExecutionFailed'],
    ]);
    expect(one(r, 'EvaluationFailed')['evaluationFailedEventDetails']).toEqual({ error: QEE, cause, location: 'Output', state: 'State0' });
    expect(one(r, 'ExecutionFailed')['executionFailedEventDetails']).toEqual({ error: QEE, cause });
  });

  // REC (BASE_UNDEFINED_OUTPUT_MULTIPLE_STATES): the cause names the entered event of the failing state.
  it('names the entered event of a later state', async () => {
    const r = await run(machine({ State0: { Type: 'Pass', Next: 'State1' }, State1: { Type: 'Pass', Next: 'State2' }, State2: { Type: 'Pass', Output: { result: '{% $doesNotExist %}' }, End: true } }));
    expect(r.cause).toBe("An error occurred while executing the state 'State2' (entered at the event id #6). The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).");
    expect(r.events.slice(-3).map((e) => [e.id, e.previousEventId, e.type])).toEqual([[6, 5, 'PassStateEntered'], [7, 5, 'EvaluationFailed'], [8, 7, 'ExecutionFailed']]);
  });

  // REC (BASE_UNDEFINED_OUTPUT_FIELD, _ASSIGN, _ARGUMENTS_FIELD); FL#2665: the location names the nested field.
  it.each([
    ['Output/result', { Type: 'Pass', Output: { result: '{% $doesNotExist %}' }, End: true }],
    ['Output/a/b[1]', { Type: 'Pass', Output: { a: { b: [1, '{% $doesNotExist %}'] } }, End: true }],
    ['Assign/result', { Type: 'Pass', Assign: { result: '{% $doesNotExist %}' }, End: true }],
    ['Arguments/FunctionName', { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: '{% $doesNotExist %}' }, End: true }],
    ['Seconds', { Type: 'Wait', Seconds: '{% $doesNotExist %}', End: true }],
    ['Error', { Type: 'Fail', Error: '{% $doesNotExist %}' }],
    ['Cause', { Type: 'Fail', Error: 'E', Cause: '{% $doesNotExist %}' }],
    ['Items', { Type: 'Map', Items: '{% $doesNotExist %}', ItemProcessor: graph({ X: { Type: 'Succeed' } }), End: true }],
    ['MaxConcurrency', { Type: 'Map', Items: [1], MaxConcurrency: '{% $doesNotExist %}', ItemProcessor: graph({ X: { Type: 'Succeed' } }), End: true }],
    ['Choices[0]/Output/v', { Type: 'Choice', Choices: [{ Condition: '{% true %}', Output: { v: '{% $doesNotExist %}' }, Next: 'X' }] }],
  ])('names the field %s', async (location, state) => {
    const r = await run(machine({ S: state as never, X: { Type: 'Succeed' } }), { tasks: { S: [{}] } });
    expect(r.error).toBe(QEE);
    expect(r.cause).toBe(`An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field '${location}' returned nothing (undefined).`);
    expect(one(r, 'EvaluationFailed')['evaluationFailedEventDetails']).toMatchObject({ location, state: 'S' });
  });

  // FL PR#2689: a catcher's own fields are named under the catcher.
  it("names a catcher's field Catch[n]/Output/…", async () => {
    const r = await run(
      machine({ T: task({ Catch: [{ ErrorEquals: ['Nope'], Next: 'X' }, { ErrorEquals: ['States.ALL'], Output: { v: '{% $doesNotExist %}' }, Next: 'X' }] }), X: { Type: 'Succeed' } }),
      { tasks: { T: () => { throw failWith('Custom.Err', ''); } } },
    );
    expect(one(r, 'EvaluationFailed')['evaluationFailedEventDetails']).toMatchObject({ location: 'Catch[1]/Output/v' });
  });

  // JSONata semantics: inside one expression JSONata drops undefined keys itself (no error).
  it('lets JSONata drop an undefined key inside one expression', async () => {
    const r = await run(machine({ P: { Type: 'Pass', Output: "{% {'k': $missing, 'j': 1} %}", End: true } }));
    expect(r.output).toEqual({ j: 1 });
  });

  // SPEC "JSONata Runtime Errors": a JSONata runtime error (here a type error) is States.QueryEvaluationError.
  it('turns a JSONata runtime error into States.QueryEvaluationError', async () => {
    const r = await run(machine({ P: { Type: 'Pass', Output: '{% "a" + 1 %}', End: true } }));
    expect(r.error).toBe(QEE);
    expect(r.cause).toMatch(/T2001/);
  });

  // SPEC "JSONata Runtime Errors": it is an ordinary error: Retry and Catch on a Task apply.
  it('is retried and caught like any error on a Task', async () => {
    const r = await run(
      machine({
        T: task({ Arguments: { v: '{% $states.input.missing %}' }, Retry: [{ ErrorEquals: [QEE], MaxAttempts: 2, IntervalSeconds: 1 }], Catch: [{ ErrorEquals: [QEE], Next: 'X' }] }),
        X: { Type: 'Pass', End: true },
      }),
      { tasks: { T: [{}] } },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({ Error: QEE });
    // One EvaluationFailed per attempt.
    expect(ofType(r, 'EvaluationFailed')).toHaveLength(3);
    expect(r.transitions).toBe(2 + 2);
  });

  // SPEC "JSONata Runtime Errors": in a Pass/Choice/Wait/Succeed/Fail it fails the enclosing branch (no Catch there).
  it('fails the enclosing Parallel branch, where the Parallel can catch it', async () => {
    const r = await run(
      machine({
        P: { Type: 'Parallel', Branches: [graph({ B: { Type: 'Pass', Output: '{% $nope %}', End: true } })], Catch: [{ ErrorEquals: [QEE], Next: 'X' }] },
        X: { Type: 'Pass', End: true },
      }),
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({ Error: QEE });
    expect(ofType(r, 'EvaluationFailed')).toHaveLength(1);
  });
});

describe('Error matching', () => {
  const catching = (...errorEquals: string[][]) =>
    machine({
      T: task({ TimeoutSeconds: 5, Catch: errorEquals.map((names, i) => ({ ErrorEquals: names, Output: i, Next: 'X' })) }),
      X: { Type: 'Pass', End: true },
    });

  // SPEC "Fallback states": catchers are scanned in order and the first match wins.
  it('takes the first matching catcher', async () => {
    const r = await run(catching(['Other'], ['Custom.Err'], ['States.ALL']), { tasks: { T: () => { throw failWith('Custom.Err', ''); } } });
    expect(r.output).toBe(1);
    expect(r.coverage.catchers).toEqual({ 'T#1': 1 });
  });

  // DG "concepts-error-handling": States.TaskFailed matches any error except States.Timeout.
  it('matches a custom error with States.TaskFailed but not a timeout', async () => {
    const custom = await run(catching(['States.TaskFailed'], ['States.Timeout']), { tasks: { T: () => { throw failWith('Custom.Err', ''); } } });
    expect(custom.output).toBe(0);
    const timeout = await run(catching(['States.TaskFailed'], ['States.Timeout']), { tasks: { T: (_a, ctx) => ctx.never() } });
    expect(timeout.output).toBe(1);
  });

  // DG "concepts-error-handling": States.ALL does not catch States.Runtime; the execution fails.
  it('does not catch States.Runtime with States.ALL', async () => {
    const r = await run(catching(['States.ALL']), { tasks: { T: () => { throw failWith('States.Runtime', 'internal'); } } });
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  // DG "concepts-error-handling" (docs/simulator.md §4 keeps it uncatchable everywhere): States.ALL does not catch
  // States.DataLimitExceeded, even for an over-limit task result.
  it('does not catch States.DataLimitExceeded with States.ALL or its own name', async () => {
    const r = await run(
      machine({ T: task({ Retry: [{ ErrorEquals: ['States.ALL'] }], Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], Next: 'X' }, { ErrorEquals: ['States.ALL'], Next: 'X' }] }), X: { Type: 'Pass', End: true } }),
      { tasks: { T: () => ({ big: 'x'.repeat(300_000) }) } },
    );
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(r.transitions).toBe(1);
  });

  // SPEC App. A: a custom error name must not start with "States.".
  it('rejects an unknown States.* name in ErrorEquals', async () => {
    await expect(run(catching(['States.Made.Up']))).rejects.toThrow(/no predefined error/);
  });
});

describe('Retry', () => {
  const failingTimes = (errors: string[]) => (_args: unknown, ctx: { call: number }) => {
    const error = errors[ctx.call];
    if (error !== undefined) throw failWith(error, `attempt ${ctx.call}`);
    return { ok: ctx.call };
  };

  // SPEC "Retrying after error": defaults IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0 → delays 1, 2, 4.
  it('uses the defaults: 3 retries after 1, 2 and 4 seconds', async () => {
    const r = await run(machine({ T: task({ Retry: [{ ErrorEquals: ['States.ALL'] }] }) }), { tasks: { T: failingTimes(['E', 'E', 'E', 'E']) } });
    expect(r).toMatchObject({ status: 'FAILED', error: 'E', cause: 'attempt 3' });
    expect(r.durationSeconds).toBe(1 + 2 + 4);
    expect(ofType(r, 'TaskScheduled')).toHaveLength(4);
    expect(ofType(r, 'TaskStateEntered')).toHaveLength(1);
  });

  // SPEC "Retrying after error": delay before retry n = IntervalSeconds × BackoffRate^(n-1), capped by MaxDelaySeconds.
  it('backs off on the virtual clock, capped by MaxDelaySeconds', async () => {
    const r = await run(machine({ T: task({ Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 2, BackoffRate: 3, MaxDelaySeconds: 10, MaxAttempts: 4 }] }) }), { tasks: { T: failingTimes(['E', 'E', 'E', 'E', 'E']) } });
    expect(r.durationSeconds).toBe(2 + 6 + 10 + 10);
    const scheduled = ofType(r, 'TaskScheduled').map((e) => Date.parse(e.timestamp) / 1000 - Date.parse('2026-01-01T00:00:00Z') / 1000);
    expect(scheduled).toEqual([0, 2, 8, 18, 28]);
  });

  // SPEC "Retrying after error": MaxAttempts 0 never retries; the error goes to Catch.
  it('never retries with MaxAttempts 0', async () => {
    const r = await run(machine({ T: task({ Retry: [{ ErrorEquals: ['E'], MaxAttempts: 0 }], Catch: [{ ErrorEquals: ['E'], Next: 'X' }] }), X: { Type: 'Pass', End: true } }), { tasks: { T: failingTimes(['E', 'E']) } });
    expect(r.status).toBe('SUCCEEDED');
    expect(ofType(r, 'TaskScheduled')).toHaveLength(1);
  });

  // SPEC "Retrying after error" / "Complex retry scenarios": the first matching retrier decides and keeps its own
  // count; once it is spent the error goes to Catch, never to a later retrier.
  it('counts attempts per retrier and never falls through to a later retrier', async () => {
    const def = machine({
      T: task({
        Retry: [
          { ErrorEquals: ['A'], MaxAttempts: 2, IntervalSeconds: 1, BackoffRate: 1 },
          { ErrorEquals: ['B'], MaxAttempts: 1, IntervalSeconds: 10 },
          { ErrorEquals: ['States.ALL'], MaxAttempts: 5, IntervalSeconds: 100 },
        ],
      }),
    });
    const ok = await run(def, { tasks: { T: failingTimes(['A', 'B', 'A']) } });
    expect(ok.status).toBe('SUCCEEDED');
    expect(ok.durationSeconds).toBe(1 + 10 + 1);
    expect(ok.coverage.retriers).toEqual({ 'T#0': 2, 'T#1': 1 });
    // A third A: retrier 0 is spent, States.ALL is not consulted.
    const spent = await run(def, { tasks: { T: failingTimes(['A', 'A', 'A', 'A']) } });
    expect(spent).toMatchObject({ status: 'FAILED', error: 'A' });
    expect(spent.durationSeconds).toBe(2);
  });

  // CDK JitterType; docs/simulator.md §5: FULL jitter draws in [0, capped delay] from the seeded generator.
  it('draws FULL jitter deterministically per seed and differently across seeds', async () => {
    const def = machine({ T: task({ Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 100, BackoffRate: 1, MaxAttempts: 3, JitterStrategy: 'FULL' }] }) });
    const once = async (seed: number) => (await run(def, { seed, tasks: { T: failingTimes(['E', 'E', 'E']) } })).durationSeconds;
    const a = await once(1);
    expect(await once(1)).toBe(a);
    const b = await once(2);
    expect(b).not.toBe(a);
    for (const d of [a, b]) {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(300);
    }
  });

  // DG "input-output-contextobject": $states.context.State.RetryCount counts the retries; the mock sees ctx.attempt.
  it('exposes the retry count', async () => {
    const counts: unknown[] = [];
    const r = await run(machine({ T: task({ Arguments: { n: '{% $states.context.State.RetryCount %}' }, Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 1 }] }) }), {
      tasks: { T: (args, ctx) => { counts.push([args, ctx.attempt]); if (ctx.call < 2) throw failWith('E', ''); return {}; } },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(counts).toEqual([[{ n: 0 }, 0], [{ n: 1 }, 1], [{ n: 2 }, 2]]);
  });

  // PRICE: every retry is billed as a state transition.
  it('bills each retry as a transition', async () => {
    const r = await run(machine({ T: task({ Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 1 }], Next: 'X', End: undefined }), X: { Type: 'Pass', End: true } }), { tasks: { T: failingTimes(['E', 'E']) } });
    expect(r.transitions).toBe(2 + 2);
    expect(r.trace.find((t) => t.state === 'T')!.retries).toBe(2);
  });
});

describe('Payload limits', () => {
  const big = (n = 300_000) => 'x'.repeat(n);

  // DG "service-quotas"; REC (`test_start_large_input`): an over-limit state input fails the execution right after
  // …StateEntered, with no exit event.
  it('fails on a state input over 256 KiB right after it is entered', async () => {
    const r = await run(machine({ A: { Type: 'Pass', Output: { v: '{% $pad("", 300000, "x") %}' }, Next: 'B' }, B: { Type: 'Pass', End: true } }));
    expect(r.error).toBe('States.DataLimitExceeded');
    expect(types(r)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
  });

  // DG "service-quotas": the execution input is limited too.
  it('fails on an execution input over 256 KiB', async () => {
    const r = await run(machine({ A: { Type: 'Pass', End: true } }), { input: { v: big() } });
    expect(r.error).toBe('States.DataLimitExceeded');
  });

  // DG "service-quotas": Arguments over the limit fail before the task is scheduled.
  it('fails on Arguments over 256 KiB before scheduling the task', async () => {
    const r = await run(machine({ T: task({ Arguments: { v: '{% $pad("", 300000, "x") %}' } }) }), { tasks: { T: [{}] } });
    expect(r.error).toBe('States.DataLimitExceeded');
    expect(ofType(r, 'TaskScheduled')).toHaveLength(0);
  });

  // REC/error_handling/test_states_errors: an over-limit task result is TaskFailed with AWS's cause.
  it('fails an over-limit task result with TaskFailed{States.DataLimitExceeded}', async () => {
    const r = await run(machine({ T: task() }), { tasks: { T: () => ({ v: big() }) } });
    expect(one(r, 'TaskFailed')['taskFailedEventDetails']).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'States.DataLimitExceeded',
      cause: "The state/task 'arn:aws:states:::lambda:invoke' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
  });

  // DG "service-quotas": an over-limit Output fails the execution.
  it('fails on an Output over 256 KiB', async () => {
    const r = await run(machine({ T: task({ Output: { v: '{% $pad("", 300000, "x") %}' }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'X' }] }), X: { Type: 'Pass', End: true } }), { tasks: { T: [{}] } });
    expect(r.error).toBe('States.DataLimitExceeded');
  });

  // DG "service-quotas": the limit is on UTF-8 bytes of the JSON text, not on characters.
  it('measures UTF-8 bytes', async () => {
    const fits = await run(machine({ A: { Type: 'Pass', End: true } }), { input: { v: 'é'.repeat(130_000) } });
    expect(fits.status).toBe('SUCCEEDED');
    const over = await run(machine({ A: { Type: 'Pass', End: true } }), { input: { v: 'é'.repeat(132_000) } });
    expect(over.error).toBe('States.DataLimitExceeded');
  });
});

describe('History limit', () => {
  const loop = machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } });

  // FL#2734; DG "service-quotas": event 25,000 is ExecutionFailed{States.Runtime}.
  it('makes event 25,000 the ExecutionFailed of a runaway loop', async () => {
    const r = await run(loop);
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: 'The execution reached the maximum number of history events (25000).' });
    expect(r.events).toHaveLength(25_000);
    const last = r.events[24_999]!;
    expect(last).toMatchObject({ id: 25_000, previousEventId: 24_999, type: 'ExecutionFailed', executionFailedEventDetails: { error: 'States.Runtime', cause: 'The execution reached the maximum number of history events (25000).' } });
  });

  // DG "concepts-error-handling": States.Runtime is not caught by States.ALL, not even around a Parallel.
  it('is not caught by a States.ALL catcher', async () => {
    const r = await run(
      machine({
        P: { Type: 'Parallel', Branches: [loop], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'X' }], Retry: [{ ErrorEquals: ['States.ALL'] }] },
        X: { Type: 'Pass', End: true },
      }),
    );
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(r.events.at(-1)).toMatchObject({ id: 25_000, type: 'ExecutionFailed' });
  });
});
