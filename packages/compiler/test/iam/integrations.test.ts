import { describe, expect, it } from 'vitest';
import { ADAPTER, envWith, gen, KEY, SM, single, statement, statements, summary, task } from './helpers/fixtures.js';

const L = 'arn:aws:states:::lambda:invoke';

describe('lambda:invoke', () => {
  it('grants the function ARN and ARN:* for a name, and explains the :*', () => {
    const out = gen(task(L, { FunctionName: 'render-pdf', Payload: {} }));
    expect(out.errors).toEqual([]);
    expect(summary(out)).toEqual({
      InvokeLambdaFunctions: {
        Action: ['lambda:InvokeFunction'],
        Resource: ['arn:aws:lambda:us-east-1:111122223333:function:render-pdf', 'arn:aws:lambda:us-east-1:111122223333:function:render-pdf:*'],
      },
    });
    expect(out.policies.notes).toEqual([expect.objectContaining({ role: 'stateMachine', sid: 'InvokeLambdaFunctions', resources: ['arn:aws:lambda:us-east-1:111122223333:function:render-pdf:*'] })]);
  });

  it('grants exactly a qualified ARN, and reads partial ARNs and other accounts', () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: L, Arguments: { FunctionName: 'arn:aws:lambda:eu-west-1:444455556666:function:other:live' }, Next: 'B' },
        B: { Type: 'Task', Resource: L, Arguments: { FunctionName: '111122223333:function:partial' }, Next: 'C' },
        C: { Type: 'Task', Resource: L, Arguments: { FunctionName: 'named:v2' }, End: true },
      },
    };
    expect(summary(gen(definition)).InvokeLambdaFunctions!.Resource).toEqual([
      'arn:aws:lambda:eu-west-1:444455556666:function:other:live',
      'arn:aws:lambda:us-east-1:111122223333:function:named:v2',
      'arn:aws:lambda:us-east-1:111122223333:function:partial',
      'arn:aws:lambda:us-east-1:111122223333:function:partial:*',
    ]);
  });

  it('accepts the legacy Lambda ARN as Resource', () => {
    const out = gen(single({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111122223333:function:legacy' }));
    expect(statement(out, 'InvokeLambdaFunctions').Resource).toContain('arn:aws:lambda:us-east-1:111122223333:function:legacy');
  });

  it('tells the agent adapter apart and gives the adapter role the agents of its payloads', () => {
    const out = gen(task(L, { FunctionName: ADAPTER, Payload: { agentId: 'SRCH7Q2K1A', agentAliasId: 'LIVE4S0R1A', inputText: '{% $states.input.q %}' } }), {
      agents: [{ agentId: 'WRTR5K1Z3C', aliasId: 'TSTALIASID' }],
    });
    expect(out.errors).toEqual([]);
    expect(Object.keys(summary(out))).toEqual(['InvokeAgentAdapter']);
    expect(summary(out, 'agentAdapter')).toEqual({
      InvokeBedrockAgentAliases: {
        Action: ['bedrock:InvokeAgent'],
        Resource: ['arn:aws:bedrock:us-east-1:111122223333:agent-alias/SRCH7Q2K1A/LIVE4S0R1A', 'arn:aws:bedrock:us-east-1:111122223333:agent-alias/WRTR5K1Z3C/TSTALIASID'],
      },
      WriteAdapterLogs: { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/agentflow-agent-adapter-demo:*'] },
    });
    expect(out.policies.roles.agentAdapter!.assumeRolePolicy.Statement[0]!.Principal).toEqual({ Service: 'lambda.amazonaws.com' });
  });

  it('reports a dynamic agent id at its pointer', () => {
    const out = gen(task(L, { FunctionName: ADAPTER, Payload: { agentId: '{% $states.input.agent %}', agentAliasId: 'LIVE4S0R1A' } }));
    expect(out.errors).toEqual([expect.objectContaining({ code: 'iam-dynamic-resource', pointer: '/States/Step/Arguments/Payload/agentId' })]);
  });

  it('has no agent adapter role when no agent is invoked', () => {
    expect(gen(task(L, { FunctionName: 'other' })).policies.roles.agentAdapter).toBeUndefined();
  });

  it('a callback invocation adds the responder role', () => {
    const out = gen(task(`${L}.waitForTaskToken`, { FunctionName: 'ask-human', Payload: { token: '{% $states.context.Task.Token %}' } }), { stateMachineArn: SM });
    expect(summary(out, 'approvalResponder')).toEqual({
      SendTaskResponsesScopedToStateMachine: { Action: ['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess'], Resource: [SM] },
    });
  });
});

describe('sns:publish', () => {
  it('grants the topic; an approval is told apart from a plain publish', () => {
    const topic = 'arn:aws:sns:us-east-1:111122223333:alerts';
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Arguments: { TopicArn: topic, Message: 'x' }, Next: 'B' },
        B: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish.waitForTaskToken', Arguments: { TopicArn: `${topic}-review`, Message: '{% $states.context.Task.Token %}' }, End: true },
      },
    };
    expect(summary(gen(definition))).toEqual({
      PublishApprovalRequests: { Action: ['sns:Publish'], Resource: [`${topic}-review`] },
      PublishToSnsTopics: { Action: ['sns:Publish'], Resource: [topic] },
    });
  });

  it('SMS needs "*", which only an allowWildcards action entry accepts', () => {
    const definition = task('arn:aws:states:::sns:publish', { PhoneNumber: '+15555550100', Message: 'x' });
    expect(gen(definition).errors).toEqual([
      expect.objectContaining({ code: 'iam-unscopable-resource', pointer: '/States/Step/Arguments/PhoneNumber', hint: expect.stringContaining("adding 'sns:Publish' to allowWildcards") }),
    ]);
    const allowed = gen(definition, { allowWildcards: ['sns:Publish'] });
    expect(allowed.errors).toEqual([]);
    expect(statement(allowed, 'ConfiguredUnscopedAction').Resource).toEqual(['*']);
    expect(allowed.policies.notes[0]!.reason).toContain("allowWildcards lists 'sns:Publish'");
  });
});

describe('sqs:sendMessage', () => {
  it('converts the queue URL to the queue ARN', () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Arguments: { QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/444455556666/work.fifo', MessageBody: 'x' }, Next: 'B' },
        B: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Arguments: { QueueUrl: 'https://us-west-2.queue.amazonaws.com/111122223333/legacy', MessageBody: 'x' }, End: true },
      },
    };
    expect(statement(gen(definition), 'SendSqsMessages').Resource).toEqual(['arn:aws:sqs:eu-west-1:444455556666:work.fifo', 'arn:aws:sqs:us-west-2:111122223333:legacy']);
  });

  it('rejects something that is not a queue URL', () => {
    const out = gen(task('arn:aws:states:::sqs:sendMessage', { QueueUrl: 'work', MessageBody: 'x' }));
    expect(out.errors).toEqual([expect.objectContaining({ code: 'iam-invalid-resource', pointer: '/States/Step/Arguments/QueueUrl' })]);
  });
});

describe('dynamodb item APIs', () => {
  it('grants each action on table/NAME, merging per resource then per action set', () => {
    const t = (api: string, table: string, next?: string) => ({ Type: 'Task', Resource: `arn:aws:states:::dynamodb:${api}`, Arguments: { TableName: table, Key: {} }, ...(next ? { Next: next } : { End: true }) });
    const definition = {
      StartAt: 'A',
      States: { A: t('getItem', 'orders', 'B'), B: t('putItem', 'orders', 'C'), C: t('updateItem', 'audit', 'D'), D: t('deleteItem', 'arn:aws:dynamodb:us-east-1:111122223333:table/carts') },
    };
    expect(summary(gen(definition))).toEqual({
      AccessDynamoDbItemsDeleteItem: { Action: ['dynamodb:DeleteItem'], Resource: ['arn:aws:dynamodb:us-east-1:111122223333:table/carts'] },
      AccessDynamoDbItemsGetItemPutItem: { Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: ['arn:aws:dynamodb:us-east-1:111122223333:table/orders'] },
      AccessDynamoDbItemsUpdateItem: { Action: ['dynamodb:UpdateItem'], Resource: ['arn:aws:dynamodb:us-east-1:111122223333:table/audit'] },
    });
  });

  it('one action set over two tables is one statement', () => {
    const t = (table: string, next?: string) => ({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Arguments: { TableName: table, Item: {} }, ...(next ? { Next: next } : { End: true }) });
    const out = gen({ StartAt: 'A', States: { A: t('b-table', 'B'), B: t('a-table') } });
    expect(summary(out)).toEqual({
      AccessDynamoDbItems: { Action: ['dynamodb:PutItem'], Resource: ['arn:aws:dynamodb:us-east-1:111122223333:table/a-table', 'arn:aws:dynamodb:us-east-1:111122223333:table/b-table'] },
    });
  });
});

describe('events:putEvents', () => {
  it('grants each entry bus, the default bus when an entry names none', () => {
    const out = gen(
      task('arn:aws:states:::events:putEvents', {
        Entries: [{ Detail: {}, DetailType: 'a', Source: 's' }, { EventBusName: 'orders', Detail: {}, DetailType: 'b', Source: 's' }, { EventBusName: 'arn:aws:events:us-west-2:444455556666:event-bus/central', Detail: {}, DetailType: 'c', Source: 's' }],
      }),
    );
    expect(statement(out, 'PutEventsOnEventBuses').Resource).toEqual([
      'arn:aws:events:us-east-1:111122223333:event-bus/default',
      'arn:aws:events:us-east-1:111122223333:event-bus/orders',
      'arn:aws:events:us-west-2:444455556666:event-bus/central',
    ]);
  });
});

describe('bedrock:invokeModel', () => {
  const invoke = (args: unknown) => task('arn:aws:states:::bedrock:invokeModel', args);

  it('a foundation model ARN has an empty account', () => {
    const out = gen(invoke({ ModelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', Body: {} }));
    expect(summary(out)).toEqual({ InvokeBedrockModels: { Action: ['bedrock:InvokeModel'], Resource: ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0'] } });
  });

  it('an inference profile needs the profile plus its model in any Region, with the reason noted', () => {
    const out = gen(invoke({ ModelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0', Body: {} }));
    expect(out.errors).toEqual([]);
    expect(summary(out)).toEqual({
      InvokeBedrockInferenceProfiles: { Action: ['bedrock:InvokeModel'], Resource: ['arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0'] },
      InvokeModelsBehindInferenceProfiles: { Action: ['bedrock:InvokeModel'], Resource: ['arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0'] },
    });
    expect(out.policies.notes.map((n) => n.sid)).toEqual(['InvokeModelsBehindInferenceProfiles']);
  });

  it('an inference profile ARN keeps its own partition and Region', () => {
    const out = gen(invoke({ ModelId: 'arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.amazon.nova-pro-v1:0', Body: {} }));
    expect(statement(out, 'InvokeModelsBehindInferenceProfiles').Resource).toEqual(['arn:aws:bedrock:*::foundation-model/amazon.nova-pro-v1:0']);
  });

  it("an application inference profile's models are unknown: an error until allowWildcards names them", () => {
    const definition = invoke({ ModelId: 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc123', Body: {} });
    expect(gen(definition).errors).toEqual([expect.objectContaining({ code: 'iam-underivable-resource', pointer: '/States/Step/Arguments/ModelId' })]);
    const allowed = gen(definition, { allowWildcards: ['arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-haiku-*'] });
    expect(allowed.errors).toEqual([]);
    expect(summary(allowed).ConfiguredWildcard).toEqual({ Action: ['bedrock:InvokeModel'], Resource: ['arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-haiku-*'] });
  });

  it('S3 input/output and guardrails add their own statements', () => {
    const out = gen(invoke({ ModelId: 'amazon.nova-lite-v1:0', Input: { S3Uri: 's3://prompts-bucket/in/prompt.json' }, Output: { S3Uri: 's3://prompts-bucket/out/answer.json' }, GuardrailIdentifier: 'gr1abc', GuardrailVersion: '1' }));
    expect(summary(out)).toMatchObject({
      ApplyBedrockGuardrails: { Action: ['bedrock:ApplyGuardrail'], Resource: ['arn:aws:bedrock:us-east-1:111122223333:guardrail/gr1abc'] },
      ReadBedrockModelInputFromS3: { Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::prompts-bucket/in/prompt.json'] },
      WriteBedrockModelOutputToS3: { Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::prompts-bucket/out/answer.json'] },
    });
  });

  it('a dynamic S3 URI under the offload prefix is covered by it', () => {
    const definition = invoke({ ModelId: 'amazon.nova-lite-v1:0', Output: { S3Uri: "{% 's3://offload-bucket/agentflow/' & $states.context.Execution.Name & '/answer.json' %}" } });
    expect(gen(definition).errors).toEqual([expect.objectContaining({ code: 'iam-dynamic-resource', hint: expect.stringContaining("'arn:aws:s3:::offload-bucket/agentflow/*'") })]);
    const out = gen(definition, { offload: { bucket: 'offload-bucket', prefix: 'agentflow' } });
    expect(out.errors).toEqual([]);
    expect(statement(out, 'ReadWriteOffloadedPayloads')).toMatchObject({ Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::offload-bucket/agentflow/*'] });
  });
});

describe('states:startExecution', () => {
  const child = 'arn:aws:states:us-east-1:111122223333:stateMachine:child';
  it('request-response needs StartExecution only', () => {
    expect(summary(gen(task('arn:aws:states:::states:startExecution', { StateMachineArn: child, Input: {} })))).toEqual({ StartChildStateMachines: { Action: ['states:StartExecution'], Resource: [child] } });
  });

  it.each(['sync', 'sync:2'])('.%s also describes/stops child executions and uses the managed events rule', (suffix) => {
    const out = gen(task(`arn:aws:states:::states:startExecution.${suffix}`, { StateMachineArn: child, Input: {} }));
    expect(summary(out)).toEqual({
      ManageSyncChildExecutions: { Action: ['states:DescribeExecution', 'states:StopExecution'], Resource: ['arn:aws:states:us-east-1:111122223333:execution:child:*'] },
      ManagedRuleForSyncChildExecutions: {
        Action: ['events:DescribeRule', 'events:PutRule', 'events:PutTargets'],
        Resource: ['arn:aws:events:us-east-1:111122223333:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule'],
      },
      StartChildStateMachines: { Action: ['states:StartExecution'], Resource: [child] },
    });
  });

  it('a dynamic child is an error for each need, until patterns of both resource types are allowed', () => {
    const definition = task('arn:aws:states:::states:startExecution.sync:2', { StateMachineArn: '{% $states.input.target %}', Input: {} });
    expect(gen(definition).errors.map((e) => e.code)).toEqual(['iam-dynamic-resource', 'iam-dynamic-resource']);
    const out = gen(definition, { allowWildcards: ['arn:aws:states:us-east-1:111122223333:stateMachine:jobs-*', 'arn:aws:states:us-east-1:111122223333:execution:jobs-*:*'] });
    expect(out.errors).toEqual([]);
    expect(statements(out).filter((s) => s.Sid.startsWith('ConfiguredWildcard'))).toEqual([
      { Sid: 'ConfiguredWildcardDescribeExecutionStopExecution', Effect: 'Allow', Action: ['states:DescribeExecution', 'states:StopExecution'], Resource: ['arn:aws:states:us-east-1:111122223333:execution:jobs-*:*'] },
      { Sid: 'ConfiguredWildcardStartExecution', Effect: 'Allow', Action: ['states:StartExecution'], Resource: ['arn:aws:states:us-east-1:111122223333:stateMachine:jobs-*'] },
    ]);
  });
});

describe('Distributed Map', () => {
  const map = (extra: Record<string, unknown>) =>
    single({
      Type: 'Map',
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Work', States: { Work: { Type: 'Task', Resource: L, Arguments: { FunctionName: 'worker' }, End: true } } },
      Label: 'Batch',
      ...extra,
    });

  it('starts, describes and stops child executions of its own state machine, and recurses into the processor', () => {
    const out = gen(map({}), { stateMachineArn: `${SM}:prod` });
    expect(out.policies.stateMachineArn).toBe(SM);
    expect(summary(out)).toEqual({
      DistributedMapManagesChildExecutions: { Action: ['states:DescribeExecution', 'states:StopExecution'], Resource: ['arn:aws:states:us-east-1:111122223333:execution:demo/*'] },
      DistributedMapStartsChildExecutions: { Action: ['states:StartExecution'], Resource: [SM] },
      InvokeLambdaFunctions: { Action: ['lambda:InvokeFunction'], Resource: ['arn:aws:lambda:us-east-1:111122223333:function:worker', 'arn:aws:lambda:us-east-1:111122223333:function:worker:*'] },
    });
  });

  it('reads items with GetObject or ListBucket and writes results with the multipart actions', () => {
    const out = gen(
      map({
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Arguments: { Bucket: 'inputs', Key: 'batches/today.json' } },
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket: 'outputs', Prefix: 'runs/' } },
      }),
    );
    expect(summary(out)).toMatchObject({
      DistributedMapReadsItemsFromS3: { Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::inputs/batches/today.json'] },
      DistributedMapWritesResultsToS3: { Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'], Resource: ['arn:aws:s3:::outputs/runs/*'] },
    });
    const listing = gen(map({ ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'inputs', Prefix: 'batches/' } } }));
    expect(statement(listing, 'DistributedMapListsItemsInS3')).toMatchObject({ Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::inputs'] });
  });

  it('a result writer into an SSE-KMS offload bucket also needs kms:Encrypt; one into another bucket gets no key', () => {
    const offload = { bucket: 'offload-bucket', prefix: 'agentflow/demo' };
    const env = envWith({ kms: { offload: KEY } });
    const into = (Bucket: string) => map({ ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket, Prefix: 'agentflow/demo/run' } } });
    expect(statement(gen(into('offload-bucket'), { env, offload }), 'UseKmsKeyForOffloadedPayloads')).toMatchObject({ Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: [KEY] });
    expect(Object.keys(summary(gen(into('outputs'), { env, offload })))).not.toContain('UseKmsKeyForOffloadedPayloads');
  });

  it('an inline Map needs nothing of its own', () => {
    const out = gen(single({ Type: 'Map', Items: '{% $states.input %}', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } }));
    expect(statements(out)).toEqual([]);
  });
});

describe('aws-sdk', () => {
  const sdk = (call: string, args: unknown) => task(`arn:aws:states:::aws-sdk:${call}`, args);

  it('maps service:action to the IAM action on the resource its parameters name', () => {
    const out = gen({
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:getObject', Arguments: { Bucket: 'reports', Key: 'latest.json' }, Next: 'B' },
        B: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:headObject', Arguments: { Bucket: 'reports', Key: 'latest.json' }, Next: 'C' },
        C: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:listObjectsV2', Arguments: { Bucket: 'reports' }, Next: 'D' },
        D: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamodb:query', Arguments: { TableName: 'orders', IndexName: 'by-day' }, End: true },
      },
    });
    expect(out.errors).toEqual([]);
    expect(summary(out)).toEqual({
      CallAwsSdkDynamodb: { Action: ['dynamodb:Query'], Resource: ['arn:aws:dynamodb:us-east-1:111122223333:table/orders', 'arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/by-day'] },
      CallAwsSdkS3GetObject: { Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::reports/latest.json'] },
      CallAwsSdkS3ListBucket: { Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::reports'] },
    });
  });

  it('knows the IAM prefixes and resources of sfn, secretsmanager, sesv2 and lambda', () => {
    expect(summary(gen(sdk('sfn:describeExecution', { ExecutionArn: 'arn:aws:states:us-east-1:111122223333:execution:child:run-1' })))).toEqual({
      CallAwsSdkSfn: { Action: ['states:DescribeExecution'], Resource: ['arn:aws:states:us-east-1:111122223333:execution:child:run-1'] },
    });
    const secret = gen(sdk('secretsmanager:getSecretValue', { SecretId: 'prod/api-key' }));
    expect(summary(secret).CallAwsSdkSecretsmanager!.Resource).toEqual(['arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/api-key-??????']);
    expect(secret.policies.notes[0]!.reason).toContain('six random characters');
    expect(summary(gen(sdk('sesv2:sendEmail', { FromEmailAddress: 'Reports <reports@example.com>', Destination: {}, Content: {} })))).toEqual({
      CallAwsSdkSesv2: { Action: ['ses:SendEmail'], Resource: ['arn:aws:ses:us-east-1:111122223333:identity/example.com', 'arn:aws:ses:us-east-1:111122223333:identity/reports@example.com'] },
    });
    expect(summary(gen(sdk('lambda:invoke', { FunctionName: 'f:live' })))).toEqual({ CallAwsSdkLambda: { Action: ['lambda:InvokeFunction'], Resource: ['arn:aws:lambda:us-east-1:111122223333:function:f:live'] } });
    expect(summary(gen(sdk('ssm:getParameter', { Name: '/app/flag' })))).toEqual({ CallAwsSdkSsm: { Action: ['ssm:GetParameter'], Resource: ['arn:aws:ssm:us-east-1:111122223333:parameter/app/flag'] } });
    expect(gen(sdk('ssm:getDocument', { Name: 'runbook' })).errors.map((e) => e.code)).toEqual(['iam-underivable-resource']);
  });

  it('a call whose resource cannot be derived is an error naming the fix', () => {
    const definition = sdk('ec2:describeInstances', {});
    const [error] = gen(definition).errors;
    expect(error).toMatchObject({ code: 'iam-underivable-resource', pointer: '/States/Step/Resource' });
    expect(error!.hint).toContain("'ec2:DescribeInstances'");
    const allowed = gen(definition, { allowWildcards: ['ec2:DescribeInstances'] });
    expect(allowed.errors).toEqual([]);
    expect(summary(allowed)).toEqual({ ConfiguredUnscopedAction: { Action: ['ec2:DescribeInstances'], Resource: ['*'] } });
    expect(allowed.policies.notes).toEqual([expect.objectContaining({ sid: 'ConfiguredUnscopedAction', resources: ['*'] })]);
  });

  it('an ARN pattern of the right service covers an underivable call', () => {
    const out = gen(sdk('ecs:runTask', { Cluster: 'c', TaskDefinition: 'td' }), { allowWildcards: ['arn:aws:ecs:us-east-1:111122223333:task-definition/td:*'] });
    expect(out.errors).toEqual([]);
    expect(statement(out, 'ConfiguredWildcard').Resource).toEqual(['arn:aws:ecs:us-east-1:111122223333:task-definition/td:*']);
  });
});

describe('AgentCore invokeHarness', () => {
  it('grants both AgentCore actions on the harness', () => {
    const harness = 'arn:aws:bedrock-agentcore:us-east-1:111122223333:harness/research_h-abcdefghij';
    expect(summary(gen(task('arn:aws:states:::bedrockagentcore:invokeHarness', { HarnessArn: harness, RuntimeSessionId: 'x' })))).toEqual({
      InvokeAgentCoreHarnesses: { Action: ['bedrock-agentcore:InvokeAgentRuntime', 'bedrock-agentcore:InvokeHarness'], Resource: [harness] },
    });
  });
});

describe('dynamic resources', () => {
  const dynamicTopic = task('arn:aws:states:::sns:publish', { TopicArn: "{% 'arn:aws:sns:us-east-1:111122223333:alerts-' & $states.input.team %}", Message: 'x' });

  it('are errors with the JSON pointer and a scoped suggestion from the literal prefix', () => {
    const [error, ...rest] = gen(dynamicTopic).errors;
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ code: 'iam-dynamic-resource', severity: 'error', pointer: '/States/Step/Arguments/TopicArn' });
    expect(error!.hint).toContain("'arn:aws:sns:us-east-1:111122223333:alerts-*'");
  });

  it('are granted on an allowWildcards pattern of the same service, noted, and the Sid says so', () => {
    const out = gen(dynamicTopic, { allowWildcards: ['arn:aws:sns:us-east-1:111122223333:alerts-*'] });
    expect(out.errors).toEqual([]);
    expect(summary(out)).toEqual({ ConfiguredWildcard: { Action: ['sns:Publish'], Resource: ['arn:aws:sns:us-east-1:111122223333:alerts-*'] } });
    expect(out.policies.notes).toEqual([
      expect.objectContaining({ sid: 'ConfiguredWildcard', resources: ['arn:aws:sns:us-east-1:111122223333:alerts-*'], reason: expect.stringContaining('/States/Step/Arguments/TopicArn') }),
    ]);
  });

  it('a pattern that cannot match the literal prefix does not apply, and is reported unused', () => {
    const out = gen(dynamicTopic, { allowWildcards: ['arn:aws:sns:us-east-1:111122223333:billing-*'] });
    expect(out.errors.map((e) => e.code)).toEqual(['iam-dynamic-resource']);
    expect(out.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code)).toEqual(['iam-unused-wildcard']);
  });

  it('a JSONPath `.$` field is dynamic too', () => {
    const out = gen(single({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: { 'TableName.$': '$.table', Key: {} } }));
    expect(out.errors).toEqual([expect.objectContaining({ code: 'iam-dynamic-resource', pointer: '/States/Step/Parameters/TableName.$' })]);
  });

  it('a conditional after the literal voids the prefix', () => {
    const out = gen(task('arn:aws:states:::sns:publish', { TopicArn: "{% 'arn:aws:sns:us-east-1:111122223333:a-' & $x ? 'arn:aws:sns:us-east-1:111122223333:other' : 'b' %}", Message: 'x' }));
    expect(out.errors[0]!.hint).toContain("'arn:aws:sns:us-east-1:111122223333:PREFIX-*'");
  });

  it('a bare "*" is never accepted', () => {
    expect(gen(dynamicTopic, { allowWildcards: ['*'] }).errors.map((e) => e.code)).toEqual(['iam-invalid-wildcard', 'iam-dynamic-resource']);
  });

  it('a literal that is itself a wildcard is refused', () => {
    const out = gen(task('arn:aws:states:::sns:publish', { TopicArn: 'arn:aws:sns:us-east-1:111122223333:*', Message: 'x' }));
    expect(out.errors).toEqual([expect.objectContaining({ code: 'iam-wildcard-resource', pointer: '/States/Step/Arguments/TopicArn' })]);
  });

  it('a missing resource field is an error too', () => {
    expect(gen(task('arn:aws:states:::sns:publish', { Message: 'x' })).errors).toEqual([expect.objectContaining({ code: 'iam-missing-resource', pointer: '/States/Step/Arguments/TopicArn' })]);
  });
});

describe('logging, tracing, KMS, offload', () => {
  const empty = single({ Type: 'Pass' });

  it('nothing is granted for logging, tracing or keys unless the environment switches it on', () => {
    expect(statements(gen(empty))).toEqual([]);
    expect(statements(gen(empty, { env: envWith({ logging: { level: 'OFF', logGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/states/demo:*' }, tracing: false }) }))).toEqual([]);
  });

  it('log delivery and X-Ray are "*" with a Sid that says so and a note', () => {
    const env = envWith({ logging: { level: 'ERROR', logGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/states/demo:*' }, tracing: true });
    const out = gen(empty, { env });
    expect(summary(out)).toEqual({
      LogDeliveryRequiresWildcard: {
        Action: [
          'logs:CreateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:DescribeLogGroups',
          'logs:DescribeResourcePolicies',
          'logs:GetLogDelivery',
          'logs:ListLogDeliveries',
          'logs:PutLogEvents',
          'logs:PutResourcePolicy',
          'logs:UpdateLogDelivery',
        ],
        Resource: ['*'],
      },
      XRayRequiresWildcard: { Action: ['xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: ['*'] },
    });
    expect(out.policies.notes.map((n) => [n.sid, n.resources])).toEqual([
      ['LogDeliveryRequiresWildcard', ['*']],
      ['XRayRequiresWildcard', ['*']],
    ]);
  });

  it("the state machine's own key gives the execution role Decrypt/GenerateDataKey; an alias ARN is rejected", () => {
    expect(summary(gen(empty, { env: envWith({ kms: { stateMachine: KEY } }) }))).toEqual({ UseKmsKeyForWorkflowData: { Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: [KEY] } });
    const aliased = { ...envWith({}), kms: { stateMachine: 'arn:aws:kms:us-east-1:111122223333:alias/mine', topics: {} } };
    expect(gen(empty, { env: aliased }).errors.map((e) => e.code)).toEqual(['iam-invalid-arn']);
  });

  it('offload gives the adapter read/write on the prefix, and the offload key only with it', () => {
    const agent = task(L, { FunctionName: ADAPTER, Payload: { agentId: 'SRCH7Q2K1A', agentAliasId: 'LIVE4S0R1A' } });
    const out = gen(agent, { offload: { bucket: 'offload-bucket', prefix: '/agentflow/demo/' }, env: envWith({ kms: { offload: KEY } }) });
    expect(summary(out, 'agentAdapter')).toMatchObject({
      ReadWriteOffloadedPayloads: { Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::offload-bucket/agentflow/demo/*'] },
      UseKmsKeyForOffloadedPayloads: { Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: [KEY] },
    });
    // A key for offloaded data is not used when nothing is offloaded.
    expect(Object.keys(summary(gen(agent, { env: envWith({ kms: { offload: KEY } }) }), 'agentAdapter'))).toEqual(['InvokeBedrockAgentAliases', 'WriteAdapterLogs']);
    expect(summary(out)).toEqual({ InvokeAgentAdapter: expect.anything() });
  });

  it("an execution role that reads offloaded objects itself gets Decrypt on the offload key, not GenerateDataKey", () => {
    const reader = single({
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Arguments: { Bucket: 'offload-bucket', Key: 'agentflow/demo/items.json' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    });
    const out = gen(reader, { offload: { bucket: 'offload-bucket', prefix: 'agentflow/demo' }, env: envWith({ kms: { offload: KEY } }) });
    expect(statement(out, 'UseKmsKeyForOffloadedPayloads')).toMatchObject({ Action: ['kms:Decrypt'], Resource: [KEY] });
  });

  it('publishing to an encrypted topic needs its key; other topics and their keys are left out', () => {
    const otherKey = 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000';
    const env = envWith({ topics: { alerts: 'alerts', quiet: 'quiet' }, kms: { topics: { alerts: KEY, quiet: otherKey } } });
    const publish = (topic: string, resource = 'arn:aws:states:::sns:publish') => task(resource, { TopicArn: `arn:aws:sns:us-east-1:111122223333:${topic}`, Message: 'x' });
    expect(statement(gen(publish('alerts'), { env }), 'UseKmsKeysOfEncryptedTopics')).toMatchObject({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: [KEY] });
    expect(Object.keys(summary(gen(publish('plain'), { env })))).toEqual(['PublishToSnsTopics']);
    // Approval requests publish too.
    expect(statement(gen(publish('quiet', 'arn:aws:states:::sns:publish.waitForTaskToken'), { env }), 'UseKmsKeysOfEncryptedTopics').Resource).toEqual([otherKey]);
  });
});

describe('the approval responder', () => {
  const approval = task('arn:aws:states:::sns:publish.waitForTaskToken', { TopicArn: 'arn:aws:sns:us-east-1:111122223333:reviewers', Message: 'x' });

  it('answers the tasks of this state machine only, and writes no logs unless its function is configured', () => {
    expect(summary(gen(approval), 'approvalResponder')).toEqual({
      SendTaskResponsesScopedToStateMachine: { Action: ['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess'], Resource: [SM] },
    });
  });

  it("with approvalResponderFunction, writes its own log group's streams; the function is this workflow's own", () => {
    const out = gen(approval, { env: envWith({ approvalResponderFunction: 'approvals-{workflow}-responder' }) });
    expect(summary(out, 'approvalResponder')['WriteApprovalResponderLogs']).toEqual({
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/approvals-demo-responder:*'],
    });
    expect(out.policies.roles.approvalResponder?.functionArn).toBe('arn:aws:lambda:us-east-1:111122223333:function:approvals-demo-responder');
  });

  it('reads (never writes) offloaded values its requests point to, under its workflow prefix, with Decrypt on the offload key', () => {
    const showing = task('arn:aws:states:::sns:publish.waitForTaskToken', { TopicArn: 'arn:aws:sns:us-east-1:111122223333:reviewers', Message: "{% $string({'body': $draft.`$s3`}) %}" });
    const context = { offload: { bucket: 'offload-bucket', prefix: 'agentflow/demo' }, env: envWith({ kms: { offload: KEY } }) };
    expect(summary(gen(showing, context), 'approvalResponder')).toMatchObject({
      ReadOffloadedPayloadsToShowReviewers: { Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::offload-bucket/agentflow/demo/*'] },
      UseKmsKeyForOffloadedPayloads: { Action: ['kms:Decrypt'], Resource: [KEY] },
    });
    // A request without a pointer shows nothing from S3, so the responder gets neither.
    expect(Object.keys(summary(gen(approval, context), 'approvalResponder'))).toEqual(['SendTaskResponsesScopedToStateMachine']);
  });
});

describe('the definition walk and the artifact', () => {
  it('recurses into Parallel branches and Map item processors', () => {
    const inner = (fn: string) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource: L, Arguments: { FunctionName: fn }, End: true } } });
    const out = gen(
      single({
        Type: 'Parallel',
        Branches: [inner('left'), { StartAt: 'M', States: { M: { Type: 'Map', Items: '{% [1] %}', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...inner('deep') }, End: true } } }],
      }),
    );
    expect((statement(out, 'InvokeLambdaFunctions').Resource ?? []).filter((r) => !r.endsWith(':*'))).toEqual([
      'arn:aws:lambda:us-east-1:111122223333:function:deep',
      'arn:aws:lambda:us-east-1:111122223333:function:left',
    ]);
  });

  it('points errors into nested states', () => {
    const out = gen(single({ Type: 'Parallel', Branches: [{ StartAt: 'X', States: { 'X/Y': { Type: 'Task', Resource: 'arn:aws:states:::http:invoke', Arguments: {}, End: true } } }] }));
    expect(out.errors).toEqual([expect.objectContaining({ code: 'iam-unsupported-integration', pointer: '/States/Step/Branches/0/States/X~1Y/Resource' })]);
  });

  it('a Task with Credentials only assumes that role', () => {
    const role = 'arn:aws:iam::444455556666:role/cross-account';
    const out = gen(task('arn:aws:states:::dynamodb:getItem', { TableName: 'remote', Key: {} }, { Credentials: { RoleArn: role } }));
    expect(summary(out)).toEqual({ AssumeTaskCredentialsRoles: { Action: ['sts:AssumeRole'], Resource: [role] } });
    expect(out.diagnostics.map((d) => d.code)).toEqual(['iam-task-credentials']);
  });

  it('trusts states.amazonaws.com for this state machine (and its versions and aliases) of this account only', () => {
    expect(gen(single({ Type: 'Pass' })).policies.roles.stateMachine.assumeRolePolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TrustStepFunctionsForThisStateMachineOnly',
          Effect: 'Allow',
          Principal: { Service: 'states.amazonaws.com' },
          Action: ['sts:AssumeRole'],
          Condition: { ArnLike: { 'aws:SourceArn': [SM, `${SM}:*`] }, StringEquals: { 'aws:SourceAccount': '111122223333' } },
        },
      ],
    });
    const other = gen(single({ Type: 'Pass' }), { stateMachineArn: 'arn:aws:states:us-east-1:111122223333:stateMachine:renamed:live' });
    expect(other.policies.roles.stateMachine.assumeRolePolicy.Statement[0]!.Condition!['ArnLike']).toEqual({
      'aws:SourceArn': ['arn:aws:states:us-east-1:111122223333:stateMachine:renamed', 'arn:aws:states:us-east-1:111122223333:stateMachine:renamed:*'],
    });
  });

  it('a name holding "${" is an error: templatefile() and Fn::Sub would substitute it', () => {
    const out = gen(task(L, { FunctionName: 'arn:aws:lambda:us-east-1:111122223333:function:x' }), { allowWildcards: ['arn:aws:sns:us-east-1:111122223333:${x}'] });
    expect(out.errors).toEqual([]);
    const bad = gen(task('arn:aws:states:::sns:publish', { TopicArn: 'arn:aws:sns:us-east-1:111122223333:a${b}', Message: 'x' }));
    expect(bad.errors.map((e) => e.code)).toEqual(['iam-template-syntax']);
  });

  it('is deterministic: state order does not change a byte', () => {
    const states: Record<string, unknown> = {
      A: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Arguments: { TableName: 'z', Item: {} }, Next: 'B' },
      B: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Arguments: { TopicArn: 'arn:aws:sns:us-east-1:111122223333:t', Message: 'x' }, Next: 'C' },
      C: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Arguments: { TableName: 'a', Key: {} }, Next: 'D' },
      D: { Type: 'Task', Resource: L, Arguments: { FunctionName: ADAPTER, Payload: { agentId: 'B000000000', agentAliasId: 'A000000000' } }, Next: 'E' },
      E: { Type: 'Task', Resource: L, Arguments: { FunctionName: ADAPTER, Payload: { agentId: 'A000000000', agentAliasId: 'A000000000' } }, End: true },
    };
    const env = envWith({ logging: { level: 'ALL', logGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/states/demo:*' } });
    const forward = gen({ StartAt: 'A', States: states }, { env });
    const reversed = gen({ StartAt: 'A', States: Object.fromEntries(Object.entries(states).reverse()) }, { env });
    expect(JSON.stringify(reversed.policies)).toBe(JSON.stringify(forward.policies));
  });
});
