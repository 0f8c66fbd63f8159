import { describe, expect, it } from 'vitest';
import { generateIam } from '../../src/iam/index.js';
import { ADAPTER, envWith, KEY } from './helpers/fixtures.js';
import { validateArtifact, validateIdentityPolicy, validateTrustPolicy } from './helpers/policy-schema.js';

const allow = { Sid: 'Ok1', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/k'] };
const doc = (statement: object) => ({ Version: '2012-10-17', Statement: [statement] });

describe('the IAM policy grammar schema', () => {
  it('accepts well-formed identity and trust policies', () => {
    expect(validateIdentityPolicy(doc(allow))).toEqual([]);
    expect(validateIdentityPolicy({ Version: '2012-10-17', Statement: { Effect: 'Deny', NotAction: 'iam:*', NotResource: '*' } })).toEqual([]);
    expect(validateIdentityPolicy(doc({ ...allow, Condition: { StringLike: { 's3:prefix': ['a/*'] }, Bool: { 'aws:SecureTransport': 'true' } } }))).toEqual([]);
    expect(validateTrustPolicy(doc({ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }))).toEqual([]);
  });

  it.each([
    ['a Sid with a dash', doc({ ...allow, Sid: 'Not-Ok' })],
    ['no Effect', doc({ Action: ['s3:GetObject'], Resource: ['*'] })],
    ['Action and NotAction together', doc({ ...allow, NotAction: ['s3:PutObject'] })],
    ['neither Resource nor NotResource', doc({ Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject'] })],
    ['a Principal in an identity policy', doc({ ...allow, Principal: '*' })],
    ['an unknown field', doc({ ...allow, Resources: ['*'] })],
    ['an action without a service', doc({ ...allow, Action: ['GetObject'] })],
    ['a resource that is not an ARN', doc({ ...allow, Resource: ['my-bucket'] })],
    ['the 2008 version', { Version: '2008-10-17', Statement: [allow] }],
    ['no statements', { Version: '2012-10-17', Statement: [] }],
    ['a malformed condition operator', doc({ ...allow, Condition: { 'String Equals': { 'aws:SourceAccount': '1' } } })],
  ])('rejects %s', (_, policy) => {
    expect(validateIdentityPolicy(policy)).not.toEqual([]);
  });

  it('rejects a trust policy with a Resource', () => {
    expect(validateTrustPolicy(doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }))).not.toEqual([]);
  });
});

describe('generated artifacts match the schema', () => {
  it('a kitchen-sink definition, with every optional role and note', () => {
    const definition = {
      StartAt: 'Agent',
      States: {
        Agent: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: ADAPTER, Payload: { agentId: 'SRCH7Q2K1A', agentAliasId: 'LIVE4S0R1A' } }, Next: 'Approve' },
        Approve: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish.waitForTaskToken', Arguments: { TopicArn: 'arn:aws:sns:us-east-1:111122223333:reviewers', Message: 'x' }, Next: 'Fan' },
        Fan: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Arguments: { Bucket: 'inputs', Key: 'items.json' } },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'M', States: { M: { Type: 'Task', Resource: 'arn:aws:states:::bedrock:invokeModel', Arguments: { ModelId: 'us.amazon.nova-pro-v1:0', Body: {} }, End: true } } },
          ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket: 'outputs', Prefix: 'runs' } },
          Next: 'Child',
        },
        Child: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', Arguments: { StateMachineArn: 'arn:aws:states:us-east-1:111122223333:stateMachine:child' }, Next: 'Secret' },
        Secret: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:secretsmanager:getSecretValue', Arguments: { SecretId: 'api-key' }, End: true },
      },
    };
    const { policies, diagnostics } = generateIam(definition, {
      workflowName: 'demo',
      env: envWith({
        logging: { level: 'ALL', includeExecutionData: true, logGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/states/demo:*' },
        tracing: true,
        approvalResponderFunction: 'agentflow-approvals',
        kms: { stateMachine: KEY, offload: KEY },
      }),
      offload: { bucket: 'offload-bucket', prefix: 'agentflow' },
    });
    expect(diagnostics).toEqual([]);
    expect(Object.keys(policies.roles)).toEqual(['stateMachine', 'agentAdapter', 'approvalResponder']);
    expect(validateArtifact(JSON.parse(JSON.stringify(policies)))).toEqual([]);
  });
});

// Every workflow's artifact, in every environment, is validated against the schema by cross-check.test.ts
// (through invariantProblems), and every hand-written artifact of integrations.test.ts by helpers/fixtures.ts.
