import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, eq, workflow, type WorkflowDef } from '@agentflow/dsl';
import { compileWorkflow } from '../src/index.js';
import { TEST_ENV } from './test-env.js';

const worker = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ answer: z.string().max(100) }) });
const Input = z.object({ q: z.string().max(100) });

type Catcher = { ErrorEquals: string[]; Next: string; Assign?: Record<string, unknown> };
type State = Record<string, unknown> & { Catch?: Catcher[]; Assign?: Record<string, unknown> };

function compile(def: WorkflowDef) {
  const result = compileWorkflow(def, { env: TEST_ENV, envName: 'test' });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  return { errors, asl: result.definition as { StartAt: string; States: Record<string, State> } | undefined };
}

const catchers = (state: State | undefined) => (state?.Catch ?? []).map((c) => [c.ErrorEquals.join('|'), c.Next]);

describe('flow.attempt emission', () => {
  it('puts a step’s own catch first, then inner clauses, then outer ones', () => {
    const { errors, asl } = compile(
      workflow('order', { input: Input }, (flow) => {
        const out = flow.attempt(
          'outer',
          (f) =>
            f.attempt(
              'inner',
              (g) => {
                const a = g.invoke(worker, { id: 'first', prompt: flow.input.q, catch: [{ errors: ['Custom.Error'], goto: 'rescue' }] });
                g.succeed('early', { output: a });
                g.invoke(worker, { id: 'rescue', prompt: 'rescue' });
                return 'unreached';
              },
              { catch: [{ errors: ['States.Timeout'], handler: () => 'inner' }] },
            ),
          { catch: [{ errors: ['States.Timeout'], handler: () => 'shadowed' }, { errors: ['States.ALL'], handler: () => 'outer' }] },
        );
        return out;
      }),
    );
    expect(errors).toEqual([]);
    // The outer Timeout clause can never match after the inner one: it is left out. The outer value is the inner one,
    // so the inner handler's catcher sets both and goes straight to the end, like the outer one.
    expect(catchers(asl!.States['First'])).toEqual([
      ['Custom.Error', 'Rescue'],
      ['States.Timeout', 'Done'],
      ['States.ALL', 'Done'],
    ]);
    expect(asl!.States['First']!.Catch![1]!.Assign).toEqual({ outer: 'inner' });
    expect(asl!.States['Outer Done']).toBeUndefined();
  });

  it('adds no catcher after a step’s own States.ALL catch: nothing could reach it', () => {
    const { errors, asl } = compile(
      workflow('shadowed', { input: Input }, (flow) => {
        const out = flow.attempt(
          'guarded',
          (f) => {
            f.invoke(worker, { id: 'risky', prompt: flow.input.q, catch: [{ goto: 'fallback' }] });
            return f.invoke(worker, { id: 'fallback', prompt: 'again' }).answer;
          },
          { catch: [{ handler: () => 'caught' }] },
        );
        return out;
      }),
    );
    expect(errors).toEqual([]);
    expect(catchers(asl!.States['Risky'])).toEqual([['States.ALL', 'Fallback']]);
    expect(catchers(asl!.States['Fallback'])).toEqual([['States.ALL', 'Done']]);
  });

  it('keeps the caught error in a variable only when something reads it; a value-only handler is its catcher', () => {
    const { asl } = compile(
      workflow('error-var', { input: Input }, (flow) =>
        flow.attempt('quiet', (f) => f.invoke(worker, { id: 'work', prompt: flow.input.q }).answer, { catch: [{ handler: () => 'none' }] }),
      ),
    );
    expect(asl!.States['Work']!.Catch).toEqual([{ ErrorEquals: ['States.ALL'], Assign: { quiet: 'none' }, Next: 'Done' }]);
  });

  it('turns a fail step the handler takes into a jump, and leaves one it does not take a Fail state', () => {
    const { errors, asl } = compile(
      workflow('throws', { input: Input }, (flow) => {
        const out = flow.attempt(
          'throwing',
          (f) => {
            f.invoke(worker, { id: 'work', prompt: flow.input.q });
            f.fail('stop', { error: 'Custom.Stop', cause: flow.input.q });
          },
          { catch: [{ errors: ['Custom.Stop'], handler: (error) => error.error }] },
        );
        const kept = flow.attempt(
          'kept',
          (f) => {
            f.invoke(worker, { id: 'again', prompt: out });
            f.fail('other', { error: 'Other.Error' });
          },
          { catch: [{ errors: ['States.Timeout'], handler: () => 'late' }] },
        );
        return kept;
      }),
    );
    expect(errors).toEqual([]);
    expect(asl!.States['Stop']).toEqual({ Type: 'Pass', Assign: { throwing: "{% ({'error': 'Custom.Stop', 'cause': $input.q}).error %}" }, Next: 'Again' });
    expect(asl!.States['Other']).toEqual({ Type: 'Fail', Error: 'Other.Error' });
  });

  it('refuses an exitWhen inside an attempt body with a located error', () => {
    const { errors } = compile(
      workflow('exit', { input: Input }, (flow) => {
        flow.loop('rounds', { maxIterations: 2 }, (loop) => {
          loop.attempt('try', (f) => {
            const a = f.invoke(worker, { prompt: flow.input.q });
            loop.exitWhen(eq(a.answer, 'done'));
          }, { catch: [{ handler: () => undefined }] });
        });
      }),
    );
    expect(errors.map((d) => [d.code, d.message])).toEqual([['builder-of-outer-block', expect.stringContaining("written inside attempt 'try'")]]);
    expect(errors[0]!.loc?.line).toBeGreaterThan(0);
  });
});
