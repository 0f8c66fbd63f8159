import { taskResourceRule } from '../../../src/validate-asl/rules/task-resource-rule.js';
import { machine, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const valid = [
  'arn:aws:states:::lambda:invoke',
  'arn:aws:states:::lambda:invoke.waitForTaskToken',
  'arn:aws:states:::states:startExecution.sync:2',
  'arn:aws:states:::ecs:runTask.waitForTaskToken',
  'arn:aws:states:::glue:startJobRun.sync',
  'arn:aws:states:::aws-sdk:dynamodb:query',
  'arn:aws:states:::aws-sdk:sfn:startExecution.waitForTaskToken',
  'arn:aws-us-gov:states:::sqs:sendMessage',
  'arn:aws:lambda:us-east-1:123456789012:function:my-fn',
  'arn:aws:lambda:cn-north-1:123456789012:function:my-fn:$LATEST',
  'arn:aws:states:eu-west-1:123456789012:activity:approve',
  '${LambdaArn}',
  'arn:${AWS::Partition}:states:::lambda:invoke',
  'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${Name}',
];

const invalid: [string, string][] = [
  ['SDK .sync', 'arn:aws:states:::aws-sdk:s3:copyObject.sync'],
  ['callback on DynamoDB', 'arn:aws:states:::dynamodb:getItem.waitForTaskToken'],
  ['.sync on Lambda', 'arn:aws:states:::lambda:invoke.sync'],
  ['unknown optimized service', 'arn:aws:states:::ses:sendEmail'],
  ['unknown optimized API', 'arn:aws:states:::sns:publishBatch'],
  ['Bedrock agents', 'arn:aws:states:::bedrock-agent:invokeAgent'],
  ['hyphenated AgentCore', 'arn:aws:states:::bedrock-agentcore:invokeHarness'],
  ['unknown suffix', 'arn:aws:states:::lambda:invoke.async'],
  ['PascalCase SDK action', 'arn:aws:states:::aws-sdk:s3:PutObject'],
  ['S3 optimized API in a Task', 'arn:aws:states:::s3:putObject'],
  ['not an ARN', 'my-function'],
  ['Lambda ARN without region', 'arn:aws:lambda:::function:my-fn'],
  ['activity without account', 'arn:aws:states:us-east-1::activity:x'],
  ['templated partition, wrong pattern', 'arn:${AWS::Partition}:states:::aws-sdk:s3:getObject.sync'],
];

ruleTable(taskResourceRule, {
  valid: valid.map((resource) => ({ name: resource, definition: machine({ T: task(resource) }) })),
  invalid: invalid.map(([name, resource]) => ({ name, definition: machine({ T: task(resource) }), code: 'INVALID_RESOURCE', pointer: '/States/T/Resource' })),
});
