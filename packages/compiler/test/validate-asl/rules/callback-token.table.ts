import { callbackTokenRule } from '../../../src/validate-asl/rules/callback-token-rule.js';
import { jsonataMachine, machine, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const resource = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const retry = [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 2 }];

ruleTable(callbackTokenRule, {
  valid: [
    { name: 'JSONPath token', definition: machine({ T: task(resource, { Parameters: { FunctionName: 'f', Payload: { 'token.$': '$$.Task.Token' } }, Retry: retry }) }) },
    { name: 'JSONata token', definition: jsonataMachine({ T: task(resource, { Arguments: { FunctionName: 'f', Payload: { token: '{% $states.context.Task.Token %}' } }, Retry: retry }) }) },
    { name: 'templated payload', definition: machine({ T: task(resource, { Parameters: { FunctionName: 'f', Payload: '${payload}' }, Retry: retry }) }) },
  ],
  invalid: [
    { name: 'token missing', definition: machine({ T: task(resource, { Parameters: { FunctionName: 'f', 'Payload.$': '$' }, Retry: retry }) }), code: 'TASK_TOKEN_NOT_PASSED', pointer: '/States/T/Resource', severity: 'warning' },
    { name: 'no request at all', definition: machine({ T: task('arn:aws:states:::sns:publish.waitForTaskToken') }), code: 'TASK_TOKEN_NOT_PASSED', pointer: '/States/T/Resource', severity: 'warning' },
  ],
});
