/**
 * Conformance corpus: the eight state types and the order in which a state evaluates its fields
 * (docs/simulator.md §1). Each case cites the rule's source.
 */
import { describe, expect, it } from 'vitest';
import { failWith } from '../../src/index.js';
import { machine, one, run, task, types } from './helpers.js';

describe('Pass', () => {
  // SPEC "State Types": Output defaults to the state input.
  it('passes its input through without Output', async () => {
    const r = await run(machine({ P: { Type: 'Pass', End: true } }), { input: { a: 1 } });
    expect(r.output).toEqual({ a: 1 });
  });

  // SPEC "Using Arguments and Output": Output replaces the state's output; nested {% %} strings are evaluated.
  it('evaluates {% %} strings nested anywhere in Output', async () => {
    const r = await run(machine({ P: { Type: 'Pass', Output: { sum: '{% $states.input.a + 1 %}', list: ['{% $states.input.a %}', 'plain'], deep: { s: '{% "x" & $string($states.input.a) %}' } }, End: true } }), { input: { a: 1 } });
    expect(r.output).toEqual({ sum: 2, list: [1, 'plain'], deep: { s: 'x1' } });
  });
});

describe('Task', () => {
  // SPEC "Using Arguments and Output": Arguments default to the state input; Output defaults to the result.
  it('sends its input when it has no Arguments and outputs the result when it has no Output', async () => {
    const seen: unknown[] = [];
    const r = await run(machine({ T: task() }), { input: { q: 1 }, tasks: { T: (args) => (seen.push(args), { answer: 42 }) } });
    expect(seen).toEqual([{ q: 1 }]);
    expect(r.output).toEqual({ answer: 42 });
  });

  // SPEC "Using Arguments and Output": Output and Assign read $states.result; Arguments read input and context.
  it('evaluates Arguments before the call and Output/Assign from $states.result', async () => {
    const seen: unknown[] = [];
    const r = await run(
      machine({
        T: task({ Arguments: { q: '{% $states.input.q %}', state: '{% $states.context.State.Name %}' }, Output: { a: '{% $states.result.answer %}', i: '{% $states.input.q %}' }, Assign: { kept: '{% $states.result.answer %}' }, End: undefined, Next: 'Show' }),
        Show: { Type: 'Pass', Output: '{% $kept %}', End: true },
      }),
      { input: { q: 7 }, tasks: { T: (args) => (seen.push(args), { answer: 42 }) } },
    );
    expect(seen).toEqual([{ q: 7, state: 'T' }]);
    expect(r.output).toBe(42);
  });

  // SPEC "Task State" / DG "concepts-error-handling": a mock failure is a named error.
  it('fails with the error a mock raises', async () => {
    const r = await run(machine({ T: task() }), { tasks: { T: () => { throw failWith('Custom.Broken', 'it broke'); } } });
    expect(r).toMatchObject({ status: 'FAILED', error: 'Custom.Broken', cause: 'it broke' });
  });
});

describe('Wait', () => {
  // SPEC "Wait State": Seconds on the (virtual) clock; Output defaults to the input.
  it('waits Seconds of virtual time', async () => {
    const r = await run(machine({ W: { Type: 'Wait', Seconds: 3600, End: true } }), { input: { a: 1 } });
    expect(r.durationSeconds).toBe(3600);
    expect(r.output).toEqual({ a: 1 });
  });

  // SPEC "Wait State": Seconds may be a JSONata expression; Timestamp waits until an absolute time.
  it('waits for an expression or until a Timestamp', async () => {
    const r = await run(
      machine({ A: { Type: 'Wait', Seconds: '{% $states.input.s %}', Next: 'B' }, B: { Type: 'Wait', Timestamp: '2026-01-01T01:00:00Z', End: true } }),
      { input: { s: 60 }, startTime: '2026-01-01T00:00:00.000Z' },
    );
    expect(r.durationSeconds).toBe(3600);
  });

  // SPEC "JSONata Runtime Errors": a negative Seconds is States.QueryEvaluationError.
  it('fails on a negative Seconds', async () => {
    const r = await run(machine({ W: { Type: 'Wait', Seconds: '{% -1 %}', End: true } }));
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toContain("'Seconds'");
  });
});

describe('Succeed', () => {
  // SPEC "Succeed State": ends the execution (or branch) successfully; Output as on Pass.
  it('ends the run with its Output', async () => {
    const r = await run(machine({ S: { Type: 'Succeed', Output: { done: true } } }));
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ done: true });
    expect(types(r)).toEqual(['ExecutionStarted', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
  });
});

describe('Fail', () => {
  // SPEC "Fail State": Error and Cause (JSONata allowed); FailStateEntered then ExecutionFailed{error, cause}.
  it('fails the execution with Error and Cause', async () => {
    const r = await run(machine({ F: { Type: 'Fail', Error: 'Custom.Stop', Cause: '{% "because " & $states.input.why %}' } }), { input: { why: 'x' } });
    expect(r).toMatchObject({ status: 'FAILED', error: 'Custom.Stop', cause: 'because x' });
    expect(types(r)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
    expect(one(r, 'ExecutionFailed')['executionFailedEventDetails']).toEqual({ error: 'Custom.Stop', cause: 'because x' });
  });

  // REC/assign/test_assign_reference_variables: no Cause → the ExecutionFailed event has no cause key.
  it('reports no cause when it has none', async () => {
    const r = await run(machine({ F: { Type: 'Fail', Error: 'Custom.Stop' } }));
    expect(r.cause).toBeUndefined();
    expect(one(r, 'ExecutionFailed')['executionFailedEventDetails']).toEqual({ error: 'Custom.Stop' });
  });

  // SPEC "JSONata Runtime Errors": an Error expression that is not a string is States.QueryEvaluationError.
  it('fails with States.QueryEvaluationError when Error is not a string', async () => {
    const r = await run(machine({ F: { Type: 'Fail', Error: '{% 42 %}' } }));
    expect(r.error).toBe('States.QueryEvaluationError');
  });
});

describe('Choice', () => {
  const choice = (input: unknown) =>
    run(
      machine({
        C: {
          Type: 'Choice',
          Choices: [
            { Condition: '{% $states.input.n > 10 %}', Next: 'Big', Output: { rule: 'big' }, Assign: { via: 'rule' } },
            { Condition: '{% $states.input.n > 5 %}', Next: 'Big' },
          ],
          Default: 'Small',
          Output: { rule: 'default' },
          Assign: { via: 'default' },
        },
        Big: { Type: 'Pass', Output: { out: '{% $states.input %}', via: '{% $exists($via) ? $via : "none" %}' }, End: true },
        Small: { Type: 'Pass', Output: { out: '{% $states.input %}', via: '{% $via %}' }, End: true },
      }),
      { input },
    );

  // SPEC "Choice State"; REC/assign/test_assign_base (`test_assign_in_choice`): a matched rule runs its own Assign/Output only.
  it("runs only the matched rule's Assign and Output", async () => {
    const r = await choice({ n: 20 });
    expect(r.output).toEqual({ out: { rule: 'big' }, via: 'rule' });
    expect(r.coverage.choiceRules).toEqual({ 'C#0': 1 });
  });

  // SPEC "Choice State": a rule without Output passes the input through; the top-level Assign does not run.
  it('passes the input through a rule without Output, without the top-level Assign', async () => {
    const r = await choice({ n: 7 });
    expect(r.output).toEqual({ out: { n: 7 }, via: 'none' });
  });

  // SPEC "Choice State": the top-level Assign/Output run when Default is taken.
  it('runs the top-level Assign and Output on Default', async () => {
    const r = await choice({ n: 1 });
    expect(r.output).toEqual({ out: { rule: 'default' }, via: 'default' });
    expect(r.coverage.choiceRules).toEqual({ 'C#default': 1 });
  });

  // SPEC "Choice State": no rule matched and no Default → States.NoChoiceMatched.
  it('fails with States.NoChoiceMatched when nothing matches and there is no Default', async () => {
    const r = await run(machine({ C: { Type: 'Choice', Choices: [{ Condition: '{% false %}', Next: 'X' }] }, X: { Type: 'Succeed' } }));
    expect(r.error).toBe('States.NoChoiceMatched');
  });

  // SPEC "JSONata Runtime Errors"; FL#2737: a Condition that is not a boolean is States.QueryEvaluationError.
  it('fails with States.QueryEvaluationError on a non-boolean Condition', async () => {
    const r = await run(machine({ C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n %}', Next: 'X' }], Default: 'X' }, X: { Type: 'Succeed' } }), { input: { n: 1 } });
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(one(r, 'EvaluationFailed')['evaluationFailedEventDetails']).toMatchObject({ location: 'Choices[0]/Condition', state: 'C' });
  });

  // SPEC "Choice State": the first rule that matches wins; later conditions are never evaluated.
  it('stops at the first matching rule', async () => {
    const r = await run(
      machine({
        C: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'X' }, { Condition: '{% $missing %}', Next: 'X' }] },
        X: { Type: 'Succeed' },
      }),
    );
    expect(r.status).toBe('SUCCEEDED');
  });
});

describe('Parallel and Map as states', () => {
  // SPEC "Parallel State": Arguments is every branch's input; result = branch outputs in Branches order.
  it('Parallel gives every branch the Arguments and outputs their results in order', async () => {
    const r = await run(
      machine({
        P: {
          Type: 'Parallel',
          Arguments: { n: '{% $states.input.n %}' },
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% $states.input.n * 2 %}', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Pass', Output: '{% $states.input.n * 3 %}', End: true } } },
          ],
          Output: { all: '{% $states.result %}' },
          End: true,
        },
      }),
      { input: { n: 5 } },
    );
    expect(r.output).toEqual({ all: [10, 15] });
  });

  // SPEC "Map State": Items → ItemSelector → ItemProcessor → array in item order → Output.
  it('Map runs the processor per item and outputs the results in item order', async () => {
    const r = await run(
      machine({
        M: {
          Type: 'Map',
          Items: '{% $states.input.xs %}',
          ItemSelector: { v: '{% $states.context.Map.Item.Value %}', i: '{% $states.context.Map.Item.Index %}' },
          ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Double', States: { Double: { Type: 'Pass', Output: '{% $states.input.v * 2 + $states.input.i %}', End: true } } },
          Output: { doubled: '{% $states.result %}' },
          End: true,
        },
      }),
      { input: { xs: [1, 2, 3] } },
    );
    expect(r.output).toEqual({ doubled: [2, 5, 8] });
  });
});
