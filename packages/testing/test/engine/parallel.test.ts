/**
 * Conformance corpus: the Parallel state (docs/simulator.md §8).
 */
import { describe, expect, it } from 'vitest';
import { failWith } from '../../src/index.js';
import { graph, machine, ofType, run, task, types } from './helpers.js';

const twoBranches = (extra: Record<string, unknown> = {}) =>
  machine({
    P: {
      Type: 'Parallel',
      Branches: [graph({ Slow: task({ Resource: 'arn:aws:states:::lambda:invoke' }) }), graph({ Fast: task() })],
      End: true,
      ...extra,
    } as never,
    X: { Type: 'Pass', End: true },
  });

describe('Parallel', () => {
  // SPEC "Parallel State"; REC/assign/test_assign_base (`BASE_SCOPE_PARALLEL`): result = branch outputs in Branches
  // order; ParallelStateEntered, ParallelStateStarted, branch events, ParallelStateSucceeded, ParallelStateExited.
  it('outputs the branch results in branch order, whatever finishes first', async () => {
    const r = await run(twoBranches(), {
      tasks: { Slow: async (_a, ctx) => (await ctx.sleep(10), 'slow'), Fast: async (_a, ctx) => (await ctx.sleep(1), 'fast') },
    });
    expect(r.output).toEqual(['slow', 'fast']);
    expect(r.durationSeconds).toBe(10);
    const container = types(r).filter((t) => t.startsWith('Parallel'));
    expect(container).toEqual(['ParallelStateEntered', 'ParallelStateStarted', 'ParallelStateSucceeded', 'ParallelStateExited']);
    // The Parallel and each state in its branches are billed (PRICE; docs/simulator.md §13).
    expect(r.transitions).toBe(3);
  });

  // SPEC "Parallel State" (docs/simulator.md §8, UNSETTLED error name): the first failing branch fails the state
  // with its own error, the others are stopped (TaskStateAborted), then ParallelStateFailed.
  it('fails with the first failing branch and aborts the others', async () => {
    const r = await run(twoBranches(), {
      tasks: { Slow: async (_a, ctx) => (await ctx.sleep(10), 'slow'), Fast: async (_a, ctx) => { await ctx.sleep(1); throw failWith('Branch.Broken', 'fast'); } },
    });
    expect(r).toMatchObject({ status: 'FAILED', error: 'Branch.Broken', cause: 'fast', durationSeconds: 1 });
    expect(types(r).slice(-4)).toEqual(['TaskFailed', 'TaskStateAborted', 'ParallelStateFailed', 'ExecutionFailed']);
    expect(ofType(r, 'TaskSucceeded')).toHaveLength(0);
  });

  // SPEC "Parallel State": the failure is catchable on the Parallel; States.BranchFailed is never raised.
  it('lets the Parallel catch the branch error unchanged', async () => {
    const r = await run(twoBranches({ Catch: [{ ErrorEquals: ['States.BranchFailed'], Next: 'X', Output: 'wrong' }, { ErrorEquals: ['Branch.Broken'], Next: 'X' }], End: undefined, Next: 'X' }), {
      tasks: { Slow: ['slow'], Fast: () => { throw failWith('Branch.Broken', 'fast'); } },
    });
    expect(r.output).toEqual({ Error: 'Branch.Broken', Cause: 'fast' });
  });

  // SPEC "Parallel State": a Wait in a sibling branch is aborted too (WaitStateAborted), nested containers inside out.
  it('aborts the states the other branches are in, innermost first', async () => {
    const r = await run(
      machine({
        P: {
          Type: 'Parallel',
          Branches: [
            graph({ W: { Type: 'Wait', Seconds: 100, End: true } }),
            graph({ Inner: { Type: 'Parallel', Branches: [graph({ W2: { Type: 'Wait', Seconds: 100, End: true } })], End: true } }),
            graph({ Boom: { Type: 'Fail', Error: 'Boom' } }),
          ],
          End: true,
        },
      }),
    );
    expect(r.error).toBe('Boom');
    expect(types(r).slice(-6)).toEqual(['FailStateEntered', 'WaitStateAborted', 'WaitStateAborted', 'ParallelStateAborted', 'ParallelStateFailed', 'ExecutionFailed']);
  });

  // SPEC "Retrying after error": a Parallel can be retried as a whole.
  it('retries the whole Parallel', async () => {
    const r = await run(twoBranches({ Retry: [{ ErrorEquals: ['Branch.Broken'], IntervalSeconds: 2 }] }), {
      tasks: { Slow: ['slow'], Fast: (_a, ctx) => { if (ctx.call === 0) throw failWith('Branch.Broken', ''); return 'fast'; } },
    });
    expect(r.output).toEqual(['slow', 'fast']);
    expect(ofType(r, 'ParallelStateStarted')).toHaveLength(2);
    expect(r.durationSeconds).toBe(2);
  });
});
