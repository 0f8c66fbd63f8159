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

ruleTable(historyLoopRule, {
  valid: [
    { name: 'counter with a small limit', definition: counted(100) },
    { name: 'JSONPath counter with MathAdd', definition: machine({
      Get: task(undefined, { End: undefined, Next: 'Count' }),
      Count: pass({ End: undefined, Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Check' }),
      Check: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 50, Next: 'Done' }], Default: 'Get' },
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
    { name: 'cycle with only an error exit', definition: machine({ T: task(undefined, { End: undefined, Next: 'W', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }] }), W: { Type: 'Wait', Seconds: 1, Next: 'T' }, Failed: { Type: 'Fail' } }), code: 'UNBOUNDED_LOOP', pointer: '/States/T', severity: 'warning' },
  ],
});
