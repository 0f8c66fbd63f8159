/**
 * Conformance corpus: definitions AWS would reject, or the simulator does not simulate, stop the run with a
 * SimulationSetupError instead of a guessed result (docs/simulator.md, introduction and §1).
 */
import { describe, expect, it } from 'vitest';
import { failWith, SimulationSetupError, simulate } from '../../src/index.js';
import type { AslDefinition } from '../../src/engine/asl.js';
import { machine, run, task } from './helpers.js';

const rejects = (def: AslDefinition, pattern: RegExp, options = {}) => expect(run(def, options)).rejects.toThrow(pattern);

describe('definition errors', () => {
  // docs/simulator.md: JSONPath states stop the run with a setup error.
  it('rejects a JSONPath definition with a clear SimulationSetupError', async () => {
    const jsonPath = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } } as AslDefinition;
    await expect(simulate(jsonPath)).rejects.toThrow(SimulationSetupError);
    await expect(simulate(jsonPath)).rejects.toThrow(/uses JSONPath; only JSONata states are simulated/);
    const mixed = { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } } } as AslDefinition;
    await expect(simulate(mixed)).rejects.toThrow(/uses JSONPath/);
  });

  // SPEC "Reserved states Variable with JSONata": $states.result only in the Output/Assign of Task/Map/Parallel,
  // never in Arguments.
  it('rejects $states.result where it is not bound', async () => {
    await rejects(machine({ T: task({ Arguments: { r: '{% $states.result %}' } }) }), /Arguments\/r references \$states\.result/);
    await rejects(machine({ P: { Type: 'Pass', Output: '{% $states.result.x %}', End: true } }), /references \$states\.result/);
    await rejects(machine({ T: task({ Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.result %}', Next: 'T' }] }) }), /references \$states\.result/);
  });

  // SPEC "Reserved states Variable with JSONata": $states.errorOutput only in a catcher's Output/Assign.
  it('rejects $states.errorOutput outside a catcher', async () => {
    await rejects(machine({ T: task({ Output: '{% $states.errorOutput %}' }) }), /references \$states\.errorOutput/);
  });

  // SPEC "JSONata Restrictions": a top-level `$`, `$$` or unqualified field name is forbidden.
  it.each(['{% $.a %}', '{% $$.Execution %}', '{% name %}', '{% $count(items) %}', '{% a + 1 %}'])('rejects %s', async (expression) => {
    await rejects(machine({ P: { Type: 'Pass', Output: { v: expression }, End: true } }), /has no context value/);
  });

  // JSONata inside predicates and function bodies keeps its own context.
  it('accepts field names inside predicates and function bodies', async () => {
    const r = await run(machine({ P: { Type: 'Pass', Output: '{% $map($states.input.xs[v > 1], function($x) { $x.v }) %}', End: true } }), { input: { xs: [{ v: 1 }, { v: 2 }, { v: 3 }] } });
    expect(r.output).toEqual([2, 3]);
  });

  // AWS validates the definition when it is created: a JSONata syntax error never runs.
  it('rejects an expression that does not parse', async () => {
    await rejects(machine({ P: { Type: 'Pass', Output: '{% 1 + %}', End: true } }), /does not parse/);
  });

  // SPEC "State Transitions": Next must name a state of the same scope.
  it('rejects a transition to a state that does not exist', async () => {
    await rejects(machine({ P: { Type: 'Pass', Next: 'Nowhere' } }), /goes to 'Nowhere'/);
  });

  // SPEC "Choice State": a JSONata Choice rule is a Condition (JSONPath's Variable/StringEquals rules are not simulated).
  it('rejects a Choice rule without Condition', async () => {
    await rejects(machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', StringEquals: 'x', Next: 'X' } as never], Default: 'X' }, X: { Type: 'Succeed' } }), /has no Condition/);
  });

  // SPEC "State Types": Fail has no Output or Assign, Succeed no Assign.
  it('rejects Assign on Fail and Succeed states', async () => {
    await rejects(machine({ F: { Type: 'Fail', Error: 'E', Assign: { x: 1 } } }), /Fail state with Output or Assign/);
    await rejects(machine({ S: { Type: 'Succeed', Assign: { x: 1 } } }), /Succeed state with Assign/);
  });

  // SPEC "Retrying after error": States.ALL must appear alone.
  it('rejects States.ALL with other names', async () => {
    await rejects(machine({ T: task({ Retry: [{ ErrorEquals: ['States.ALL', 'E'] }] }) }), /must appear alone/);
  });

  // docs/simulator.md: a Task nothing answers is a mistake in the test.
  it('rejects a Task without a mock, naming the key to add', async () => {
    await rejects(machine({ 'Do It': task() }), /No mock for task step 'do-it'/);
  });
});

describe('a setup error keeps the bill so far', () => {
  // `agentflow cost --scenario` shows a stopped scenario with the transitions billed before it stopped.
  it('counts the states entered and the retries before the state without a mock', async () => {
    const def = machine({
      A: { Type: 'Pass', Next: 'B' },
      B: task({ Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 1, IntervalSeconds: 1 }], Next: 'C', End: undefined }),
      C: task(),
    });
    let calls = 0;
    const failOnce = () => {
      calls += 1;
      if (calls === 1) throw failWith('Oops', 'first call fails');
      return {};
    };
    const error = await run(def, { tasks: { B: failOnce } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SimulationSetupError);
    expect((error as Error).message).toMatch(/'C'/);
    // A, B, B's retry, C (entered, then no mock): 4.
    expect((error as SimulationSetupError).transitions).toBe(4);
  });
});
