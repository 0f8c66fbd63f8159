/**
 * Conformance corpus: workflow variables (`Assign`) and their scopes (docs/simulator.md §2).
 */
import { describe, expect, it } from 'vitest';
import { failWith, SimulationSetupError } from '../../src/index.js';
import { graph, machine, ofType, one, run, task } from './helpers.js';

describe('Assign timing', () => {
  // SPEC "Assigning State Machine Variables"; REC/assign/test_assign_reference_variables: every expression of a
  // state's Assign and Output sees the variables as they were at state entry; the next state sees the new values.
  it('evaluates Assign and Output against state-entry values; the next state sees the assignment', async () => {
    const r = await run(
      machine({
        Init: { Type: 'Pass', Assign: { x: 1 }, Next: 'Bump' },
        Bump: { Type: 'Pass', Assign: { x: '{% $x + 1 %}', y: '{% $x %}' }, Output: { seen: '{% $x %}' }, Next: 'Show' },
        Show: { Type: 'Pass', Output: { before: '{% $states.input.seen %}', x: '{% $x %}', y: '{% $y %}' }, End: true },
      }),
    );
    expect(r.output).toEqual({ before: 1, x: 2, y: 1 });
  });

  // SPEC "Using Arguments and Output": a Task's Arguments see entry values too; its Assign applies after the call.
  it("evaluates a Task's Arguments against entry values and applies its Assign for the next state", async () => {
    const seen: unknown[] = [];
    const r = await run(
      machine({
        Init: { Type: 'Pass', Assign: { n: 1 }, Next: 'T' },
        T: task({ Arguments: { n: '{% $n %}' }, Assign: { n: '{% $n + $states.result.add %}' }, Output: '{% $n %}', End: undefined, Next: 'Show' }),
        Show: { Type: 'Pass', Output: { output: '{% $states.input %}', n: '{% $n %}' }, End: true },
      }),
      { tasks: { T: (args) => (seen.push(args), { add: 10 }) } },
    );
    expect(seen).toEqual([{ n: 1 }]);
    expect(r.output).toEqual({ output: 1, n: 11 });
  });

  // API/StateExitedEventDetails; REC: assignedVariables maps name → JSON text, with assignedVariablesDetails.
  it('records the assigned variables in the exit event', async () => {
    const r = await run(machine({ P: { Type: 'Pass', Assign: { s: 'foobar', n: 4.3, o: { a: [1] } }, End: true } }));
    expect(one(r, 'PassStateExited')['stateExitedEventDetails']).toEqual({
      name: 'P',
      output: '{}',
      outputDetails: { truncated: false },
      assignedVariables: { s: '"foobar"', n: '4.3', o: '{"a":[1]}' },
      assignedVariablesDetails: { truncated: false },
    });
  });

  // API/StateExitedEventDetails: a state that assigns nothing has no assignedVariables.
  it('records no assignedVariables for a state that assigns nothing', async () => {
    const r = await run(machine({ P: { Type: 'Pass', End: true } }));
    expect(one(r, 'PassStateExited')['stateExitedEventDetails']).not.toHaveProperty('assignedVariables');
  });

  // SPEC "Assigning State Machine Variables": `$x := …` inside an expression never changes a workflow variable.
  it('keeps workflow variables when an expression binds a local of the same name', async () => {
    const r = await run(machine({ A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' }, B: { Type: 'Pass', Output: '{% ($x := 5; $x) %}', Next: 'C' }, C: { Type: 'Pass', Output: '{% $x %}', End: true } }));
    expect(r.output).toBe(1);
  });
});

describe('Assign on errors', () => {
  const failing = (catchAssign: Record<string, unknown> | undefined, catchOutput?: unknown) =>
    machine({
      Init: { Type: 'Pass', Assign: { a: 'initial' }, Next: 'T' },
      T: task({
        Assign: { a: 'from-task' },
        Output: 'task-output',
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'After', ...(catchAssign ? { Assign: catchAssign } : {}), ...(catchOutput !== undefined ? { Output: catchOutput } : {}) }],
        End: undefined,
        Next: 'After',
      }),
      After: { Type: 'Pass', Output: { input: '{% $states.input %}', a: '{% $a %}' }, End: true },
    });

  // SPEC "Error output": a catcher without Output passes the Error Output {Error, Cause}; the failed state's own
  // Assign never applies.
  it("outputs the Error Output by default and does not apply the failed state's Assign", async () => {
    const r = await run(failing(undefined), { tasks: { T: () => { throw failWith('Custom.Err', 'the cause'); } } });
    expect(r.output).toEqual({ input: { Error: 'Custom.Err', Cause: 'the cause' }, a: 'initial' });
  });

  // SPEC "JSONata Catchers": the catcher's Assign/Output run with $states.errorOutput (and the state's input).
  it("runs the catcher's Assign and Output with $states.errorOutput", async () => {
    const r = await run(failing({ a: '{% $states.errorOutput.Error %}' }, { caught: '{% $states.errorOutput.Cause %}', was: '{% $a %}', input: '{% $states.input %}' }), {
      input: { q: 1 },
      tasks: { T: () => { throw failWith('Custom.Err', 'the cause'); } },
    });
    expect(r.output).toEqual({ input: { caught: 'the cause', was: 'initial', input: { q: 1 } }, a: 'Custom.Err' });
    const exited = ofType(r, 'TaskStateExited')[0]!['stateExitedEventDetails'] as Record<string, unknown>;
    expect(exited['assignedVariables']).toEqual({ a: '"Custom.Err"' });
  });

  // SPEC "Error output": an uncaught error assigns nothing; the execution fails.
  it('assigns nothing when the error is not caught', async () => {
    const r = await run(machine({ Init: { Type: 'Pass', Assign: { a: 1 }, Next: 'T' }, T: task({ Assign: { a: 2 } }) }), { tasks: { T: () => { throw failWith('Custom.Err', ''); } } });
    expect(r.status).toBe('FAILED');
    expect(ofType(r, 'TaskStateExited')).toHaveLength(0);
  });

  // SPEC "Assigning State Machine Variables": an Assign that fails to evaluate applies none of its entries.
  it('applies none of an Assign whose evaluation fails', async () => {
    const r = await run(
      machine({
        Init: { Type: 'Pass', Assign: { a: 1 }, Next: 'T' },
        T: task({ Assign: { a: 2, b: '{% $missing %}' }, Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Next: 'After' }], End: undefined, Next: 'After' }),
        After: { Type: 'Pass', Output: '{% $a %}', End: true },
      }),
      { tasks: { T: [{}] } },
    );
    expect(r.output).toBe(1);
  });
});

describe('Scopes', () => {
  // SPEC "Variable Scope"; REC/assign/test_assign_base (`BASE_SCOPE_PARALLEL`): a branch reads the outer variables,
  // siblings never see each other's, inner variables vanish when the branch ends.
  it('Parallel branches read outer variables, are isolated from each other, and leak nothing', async () => {
    const r = await run(
      machine({
        Init: { Type: 'Pass', Assign: { outer: 'o' }, Next: 'P' },
        P: {
          Type: 'Parallel',
          Branches: [
            graph({ A1: { Type: 'Pass', Assign: { mine: 'a' }, Next: 'A2' }, A2: { Type: 'Wait', Seconds: 1, Next: 'A3' }, A3: { Type: 'Pass', Output: { outer: '{% $outer %}', mine: '{% $mine %}', sibling: '{% $exists($theirs) %}' }, End: true } }),
            graph({ B1: { Type: 'Pass', Assign: { theirs: 'b' }, Next: 'B2' }, B2: { Type: 'Pass', Output: { outer: '{% $outer %}', sibling: '{% $exists($mine) %}' }, End: true } }),
          ],
          Next: 'After',
        },
        After: { Type: 'Pass', Output: { branches: '{% $states.input %}', leaked: '{% $exists($mine) or $exists($theirs) %}' }, End: true },
      }),
    );
    expect(r.output).toEqual({ branches: [{ outer: 'o', mine: 'a', sibling: false }, { outer: 'o', sibling: false }], leaked: false });
  });

  // SPEC "Variable Scope"; REC/assign/test_assign_base (`BASE_SCOPE_MAP`): each inline iteration has its own scope.
  it('inline Map iterations read outer variables and do not share their own', async () => {
    const r = await run(
      machine({
        Init: { Type: 'Pass', Assign: { bias: 100 }, Next: 'M' },
        M: {
          Type: 'Map',
          Items: [1, 2, 3],
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Mark',
            States: {
              Mark: { Type: 'Pass', Assign: { seen: '{% $exists($seen) %}', item: '{% $states.input %}' }, Next: 'Sum' },
              Sum: { Type: 'Pass', Output: { v: '{% $item + $bias %}', seenBefore: '{% $seen %}' }, End: true },
            },
          },
          Next: 'After',
        },
        After: { Type: 'Pass', Output: { items: '{% $states.input %}', leaked: '{% $exists($item) %}' }, End: true },
      }),
    );
    expect(r.output).toEqual({ items: [{ v: 101, seenBefore: false }, { v: 102, seenBefore: false }, { v: 103, seenBefore: false }], leaked: false });
  });

  // SPEC "Variable Scope": an inner scope must not assign a name of an outer scope (a definition error).
  it('rejects a branch that assigns an outer variable', async () => {
    const def = machine({
      Init: { Type: 'Pass', Assign: { x: 1 }, Next: 'P' },
      P: { Type: 'Parallel', Branches: [graph({ B: { Type: 'Pass', Assign: { x: 2 }, End: true } })], End: true },
    });
    await expect(run(def)).rejects.toThrow(SimulationSetupError);
    await expect(run(def)).rejects.toThrow(/assigns 'x', a variable of an outer scope/);
  });

  // docs/simulator.md §2 (UNSETTLED, SPEC "MAY allow"): Distributed Map children are separate executions and see no
  // parent variables: a reference returns nothing → States.QueryEvaluationError in the child.
  it('gives Distributed Map children no parent variables', async () => {
    const def = machine({
      Init: { Type: 'Pass', Assign: { outer: 'o' }, Next: 'M' },
      M: {
        Type: 'Map',
        Items: [1],
        ItemSelector: { passed: '{% $outer %}' },
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Read', States: { Read: { Type: 'Pass', Output: { passed: '{% $states.input.passed %}', direct: '{% $outer %}' }, End: true } } },
        ToleratedFailureCount: 1,
        End: true,
      },
    });
    const r = await run(def);
    expect(r.status).toBe('SUCCEEDED');
    const [slot] = r.output as Record<string, unknown>[];
    expect(slot).toMatchObject({ Status: 'FAILED', Error: 'States.QueryEvaluationError' });
    expect(String(slot!['Cause'])).toContain("The JSONata expression '$outer' specified for the field 'Output/direct' returned nothing (undefined).");
  });

  // SPEC "Variable Scope": the ItemSelector is evaluated by the parent, so it may pass parent variables in.
  it('lets the ItemSelector pass parent variables to Distributed Map children', async () => {
    const def = machine({
      Init: { Type: 'Pass', Assign: { outer: 'o' }, Next: 'M' },
      M: {
        Type: 'Map',
        Items: [1, 2],
        ItemSelector: { outer: '{% $outer %}', item: '{% $states.context.Map.Item.Value %}' },
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Read', States: { Read: { Type: 'Pass', Output: '{% $states.input.outer & $states.input.item %}', End: true } } },
        End: true,
      },
    });
    const r = await run(def);
    expect(r.output).toEqual(['o1', 'o2']);
  });
});

describe('Variable limits', () => {
  const big = 'x'.repeat(200_000);

  // DG "workflow-variables": ≤ 256 KiB per variable → States.DataLimitExceeded (name UNSETTLED), uncatchable.
  it('fails on a variable over 256 KiB', async () => {
    const r = await run(machine({ P: { Type: 'Pass', Assign: { v: `{% $pad("", 300000, "x") %}` }, End: true } }));
    expect(r.error).toBe('States.DataLimitExceeded');
  });

  // DG "workflow-variables": ≤ 256 KiB per Assign, even when every variable fits.
  it('fails on an Assign over 256 KiB in all', async () => {
    const r = await run(machine({ P: { Type: 'Pass', Assign: { a: big, b: big }, End: true } }));
    expect(r.error).toBe('States.DataLimitExceeded');
  });

  // DG "workflow-variables": ≤ 10 MiB of variables per execution.
  it('fails when the execution holds more than 10 MiB of variables', async () => {
    const defs: Record<string, unknown> = {};
    for (let i = 0; i < 60; i++) defs[`S${i}`] = { Type: 'Pass', Assign: { [`v${i}`]: big }, ...(i < 59 ? { Next: `S${i + 1}` } : { End: true }) };
    const r = await run(machine(defs as never));
    expect(r.error).toBe('States.DataLimitExceeded');
    expect(r.cause).toMatch(/variables of the execution/);
  });

  // DG "workflow-variables": reassigning a variable replaces its bytes instead of adding to them.
  it('counts a reassigned variable once', async () => {
    const defs: Record<string, unknown> = {};
    for (let i = 0; i < 60; i++) defs[`S${i}`] = { Type: 'Pass', Assign: { same: big }, ...(i < 59 ? { Next: `S${i + 1}` } : { End: true }) };
    const r = await run(machine(defs as never));
    expect(r.status).toBe('SUCCEEDED');
  });
});
