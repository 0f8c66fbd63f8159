import { historyLoopRule } from '../../../src/validate-asl/rules/history-loop-rule.js';
import { jsonataMachine, machine, pass, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const poll = (extra: Record<string, unknown> = {}, check: Record<string, unknown>[] = []) =>
  machine(
    {
      Wait: { Type: 'Wait', Seconds: 10, Next: 'Get' },
      Get: task(undefined, { End: undefined, Next: 'Check' }),
      Check: { Type: 'Choice', Choices: [{ Variable: '$.done', BooleanEquals: true, Next: 'Done' }, ...check], Default: 'Wait' },
      Done: { Type: 'Succeed' },
    },
    extra,
  );

const counted = (limit: number) =>
  jsonataMachine({
    Init: pass({ Assign: { n: 0 }, End: undefined, Next: 'Get' }),
    Get: task(undefined, { End: undefined, Assign: { n: '{% $n + 1 %}' }, Next: 'Check' }),
    Check: { Type: 'Choice', Choices: [{ Condition: `{% $n >= ${limit} %}`, Next: 'Done' }], Default: 'Get' },
    Done: { Type: 'Succeed' },
  });

/** A Task loop whose Choice both steps and tests a counter in one rule, as agentflow compiles `flow.loop`. */
const steppedInChoice = (condition: string, extra: Record<string, unknown> = {}) =>
  jsonataMachine({
    Init: pass({ Assign: { round: 0 }, End: undefined, Next: 'Work' }),
    Work: task(undefined, { End: undefined, Assign: { grade: '{% $states.result.grade %}' }, Next: 'Good' }),
    Good: { Type: 'Choice', Choices: [{ Condition: '{% $grade >= 8 %}', Next: 'Done' }], Default: 'Again' },
    Again: { Type: 'Choice', Choices: [{ Condition: condition, Assign: { round: '{% $round + 1 %}' }, Next: 'Work', ...extra }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  });

ruleTable(historyLoopRule, {
  valid: [
    { name: 'counter with a small limit', definition: counted(100) },
    { name: 'JSONPath counter with MathAdd', definition: machine({
      Get: task(undefined, { End: undefined, Next: 'Count' }),
      Count: pass({ End: undefined, Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Check' }),
      Check: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 50, Next: 'Done' }], Default: 'Get' },
      Done: { Type: 'Succeed' },
    }) },
    { name: 'counter stepped in a Choice rule Assign and tested by it', definition: steppedInChoice('{% $round < 3 %}') },
    { name: 'counter tested inside a compound condition', definition: steppedInChoice('{% $grade < 8 and $round < 3 %}') },
    { name: 'counter compared with a limit read at run time', definition: steppedInChoice('{% $round < $states.input.maxRounds %}') },
    { name: 'counter bounded by $count < 3, stepped in a Pass', definition: jsonataMachine({
      Init: pass({ Assign: { count: 0 }, End: undefined, Next: 'Get' }),
      Get: task(undefined, { End: undefined, Next: 'Count' }),
      Count: pass({ Assign: { count: '{% 1 + $count %}' }, End: undefined, Next: 'Check' }),
      Check: { Type: 'Choice', Choices: [{ Condition: '{% $count < 3 %}', Next: 'Get' }], Default: 'Done' },
      Done: { Type: 'Succeed' },
    }) },
    { name: 'JSONPath variable stepped with MathAdd in Assign', definition: machine({
      Get: task(undefined, { End: undefined, Assign: { 'tries.$': 'States.MathAdd($tries, 1)' }, Next: 'Check' }),
      Check: { Type: 'Choice', Choices: [{ Variable: '$tries', NumericLessThan: 10, Next: 'Get' }], Default: 'Done' },
      Done: { Type: 'Succeed' },
    }) },
    { name: 'JSONata input field stepped in Output', definition: jsonataMachine({
      Get: task(undefined, { End: undefined, Output: { n: '{% $states.input.n + 1 %}' }, Next: 'Check' }),
      Check: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n >= 20 %}', Next: 'Done' }], Default: 'Get' },
      Done: { Type: 'Succeed' },
    }) },
    { name: 'machine timeout ends the polling first', definition: poll({ TimeoutSeconds: 3600 }) },
    { name: 'loop of Pass and Choice only', definition: machine({ A: pass({ End: undefined, Next: 'C' }), C: { Type: 'Choice', Choices: [{ Variable: '$.more', BooleanEquals: true, Next: 'A' }], Default: 'Done' }, Done: { Type: 'Succeed' } }) },
    { name: 'revise loop waiting on a human callback', definition: machine({
      Ask: task('arn:aws:states:::sqs:sendMessage.waitForTaskToken', { End: undefined, Parameters: { QueueUrl: 'q', MessageBody: { 't.$': '$$.Task.Token' } }, Next: 'Ok' }),
      Ok: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Done' }], Default: 'Ask' },
      Done: { Type: 'Succeed' },
    }) },
  ],
  invalid: [
    { name: 'polling with no limit', definition: poll(), code: 'UNBOUNDED_LOOP', pointer: '/States/Check', severity: 'warning' },
    { name: 'counter limit too high', definition: counted(10_000), code: 'UNBOUNDED_LOOP', pointer: '/States/Check', severity: 'warning' },
    { name: 'counter limit too high, stepped in a Choice rule', definition: steppedInChoice('{% $round < 5000 %}'), code: 'UNBOUNDED_LOOP', pointer: '/States/Good', severity: 'warning' },
    { name: 'counter stepped but never tested', definition: steppedInChoice('{% $grade < 8 %}'), code: 'UNBOUNDED_LOOP', pointer: '/States/Good', severity: 'warning' },
    { name: 'counter tested only by a Choice that cannot leave the cycle', definition: jsonataMachine({
      Work: task(undefined, { End: undefined, Assign: { n: '{% $n + 1 %}' }, Next: 'Which' }),
      Which: { Type: 'Choice', Choices: [{ Condition: '{% $n < 3 %}', Next: 'Work' }], Default: 'Pause' },
      Pause: { Type: 'Wait', Seconds: 1, Next: 'Ready' },
      Ready: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.ready %}', Next: 'Done' }], Default: 'Work' },
      Done: { Type: 'Succeed' },
    }), code: 'UNBOUNDED_LOOP', pointer: '/States/Which', severity: 'warning' },
    { name: 'a different variable is tested than the one stepped', definition: jsonataMachine({
      Get: task(undefined, { End: undefined, Assign: { n: '{% $m + 1 %}' }, Next: 'Check' }),
      Check: { Type: 'Choice', Choices: [{ Condition: '{% $n >= 3 %}', Next: 'Done' }], Default: 'Get' },
      Done: { Type: 'Succeed' },
    }), code: 'UNBOUNDED_LOOP', pointer: '/States/Check', severity: 'warning' },
    { name: 'cycle with only an error exit', definition: machine({ T: task(undefined, { End: undefined, Next: 'W', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }] }), W: { Type: 'Wait', Seconds: 1, Next: 'T' }, Failed: { Type: 'Fail' } }), code: 'UNBOUNDED_LOOP', pointer: '/States/T', severity: 'warning' },
  ],
});
