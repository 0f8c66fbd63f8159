import { lambdaRetryRule } from '../../../src/validate-asl/rules/lambda-retry-rule.js';
import { LAMBDA_RETRY, machine, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const invoke = 'arn:aws:states:::lambda:invoke';
const fn = 'arn:aws:lambda:us-east-1:123456789012:function:work';
const params = { Parameters: { FunctionName: 'work', 'Payload.$': '$' } };

ruleTable(lambdaRetryRule, {
  valid: [
    { name: 'AWS recommended retrier', definition: machine({ T: task(invoke, { ...params, Retry: LAMBDA_RETRY }) }) },
    { name: 'States.TaskFailed covers them', definition: machine({ T: task(fn, { Retry: [{ ErrorEquals: ['States.TaskFailed'] }] }) }) },
    { name: 'States.ALL covers them', definition: machine({ T: task(fn, { Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }] }) }) },
    { name: 'not a Lambda task', definition: machine({ T: task() }) },
    {
      name: 'an approval request to the responder (a retry would notify the reviewers again)',
      definition: machine({ T: task(`${invoke}.waitForTaskToken`, { Parameters: { FunctionName: 'responder', Payload: { kind: 'agentflow.approval-request', 'taskToken.$': '$$.Task.Token' } }, TimeoutSeconds: 60 }) }),
    },
  ],
  invalid: [
    { name: 'no Retry', definition: machine({ T: task(invoke, params) }), code: 'LAMBDA_WITHOUT_RETRY', pointer: '/States/T', severity: 'warning' },
    { name: 'function ARN retrying only one', definition: machine({ T: task(fn, { Retry: [{ ErrorEquals: ['Lambda.ServiceException'] }] }) }), code: 'LAMBDA_WITHOUT_RETRY', pointer: '/States/T', severity: 'warning' },
    { name: 'MaxAttempts 0 is no retry', definition: machine({ T: task(fn, { Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 0 }] }) }), code: 'LAMBDA_WITHOUT_RETRY', pointer: '/States/T', severity: 'warning' },
    { name: 'a callback to another function', definition: machine({ T: task(`${invoke}.waitForTaskToken`, { Parameters: { FunctionName: 'work', Payload: { 'token.$': '$$.Task.Token' } }, TimeoutSeconds: 60 }) }), code: 'LAMBDA_WITHOUT_RETRY', pointer: '/States/T', severity: 'warning' },
    { name: 'templated partition', definition: machine({ T: task('arn:${AWS::Partition}:states:::lambda:invoke', params) }), code: 'LAMBDA_WITHOUT_RETRY', pointer: '/States/T', severity: 'warning' },
  ],
});
