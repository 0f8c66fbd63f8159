import { describe, expect, it } from 'vitest';
import { envWith, gen, KEY, SM, summary } from './helpers/fixtures.js';
import { allowsActionSomewhere, isAllowed } from './helpers/iam-evaluator.js';

/** An approval step as agentflow compiles it for workflow 'demo': the responder gets the token and the request. */
const RESPONDER = 'arn:aws:lambda:us-east-1:111122223333:function:agentflow-approval-responder-demo';
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:reviewers';
const PARAMETER = 'arn:aws:ssm:us-east-1:111122223333:parameter/agentflow/demo/approval-key';

function approvalState(functionName = RESPONDER, topicArn = TOPIC): Record<string, unknown> {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Arguments: {
      FunctionName: functionName,
      Payload: {
        kind: 'agentflow.approval-request',
        version: 1,
        taskToken: '{% $states.context.Task.Token %}',
        workflow: 'demo',
        step: 'approve',
        execution: '{% $states.context.Execution.Id %}',
        topicArn,
        message: '{% $draft %}',
        timeoutSeconds: 3600,
      },
    },
    TimeoutSeconds: 3600,
  };
}

const definition = (...states: Record<string, unknown>[]) => ({
  QueryLanguage: 'JSONata',
  StartAt: 'S0',
  States: Object.fromEntries(states.map((s, i) => [`S${i}`, { ...s, ...(i === states.length - 1 ? { End: true } : { Next: `S${i + 1}` }) }])),
});

describe('IAM of a compiled approval (lambda:invoke.waitForTaskToken to the responder)', () => {
  it('lets the execution role invoke only the responder, and publish nothing to the reviewers', () => {
    const out = gen(definition(approvalState()));
    expect(out.errors).toEqual([]);
    expect(summary(out)).toEqual({ InvokeApprovalResponder: { Action: ['lambda:InvokeFunction'], Resource: [RESPONDER, `${RESPONDER}:*`] } });
    const policy = out.policies.roles.stateMachine.policy!;
    expect(isAllowed(policy, 'lambda:InvokeFunction', RESPONDER)).toBe(true);
    expect(isAllowed(policy, 'lambda:InvokeFunction', `${RESPONDER}:live`)).toBe(true);
    expect(isAllowed(policy, 'lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:111122223333:function:agentflow-approval-responder-other')).toBe(false);
    expect(allowsActionSomewhere(policy, 'sns:Publish')).toBe(false);
    expect(out.policies.notes.find((n) => n.sid === 'InvokeApprovalResponder')?.reason).toContain('no subscriber ever holds a token');
  });

  it('gives the responder role exactly: notify the topic, read the link key, answer, write its own logs', () => {
    const out = gen(definition(approvalState()));
    expect(out.policies.roles.approvalResponder?.functionArn).toBe(RESPONDER);
    expect(summary(out, 'approvalResponder')).toEqual({
      NotifyReviewers: { Action: ['sns:Publish'], Resource: [TOPIC] },
      ReadApprovalLinkKey: { Action: ['ssm:GetParameter'], Resource: [PARAMETER] },
      SendTaskResponsesScopedToStateMachine: { Action: ['states:SendTaskHeartbeat', 'states:SendTaskSuccess'], Resource: [SM] },
      WriteApprovalResponderLogs: { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/agentflow-approval-responder-demo:*'] },
    });
    const policy = out.policies.roles.approvalResponder!.policy!;
    expect(isAllowed(policy, 'sns:Publish', TOPIC)).toBe(true);
    expect(isAllowed(policy, 'sns:Publish', `${TOPIC}-other`)).toBe(false);
    expect(isAllowed(policy, 'ssm:GetParameter', PARAMETER)).toBe(true);
    expect(isAllowed(policy, 'ssm:GetParameters', PARAMETER)).toBe(false);
    expect(isAllowed(policy, 'ssm:GetParameter', 'arn:aws:ssm:us-east-1:111122223333:parameter/agentflow/other/approval-key')).toBe(false);
    const notes = out.policies.notes.filter((n) => n.role === 'approvalResponder').map((n) => n.sid);
    expect(notes).toEqual(['NotifyReviewers', 'ReadApprovalLinkKey', 'SendTaskResponsesScopedToStateMachine', 'WriteApprovalResponderLogs']);
  });

  it('names the configured responder and key parameter; the parameter is read in the Region the responder runs in', () => {
    const env = envWith({ approvalResponderFunction: 'arn:aws:lambda:eu-west-1:111122223333:function:approvals-{workflow}', approvalKeyParameter: '/prod/{workflow}/link-key' });
    const responder = 'arn:aws:lambda:eu-west-1:111122223333:function:approvals-demo';
    const out = gen(definition(approvalState(responder)), { env });
    expect(summary(out)['InvokeApprovalResponder']?.Resource).toEqual([responder, `${responder}:*`]);
    expect(summary(out, 'approvalResponder')['ReadApprovalLinkKey']?.Resource).toEqual(['arn:aws:ssm:eu-west-1:111122223333:parameter/prod/demo/link-key']);
  });

  it("moves the approval topic's KMS key to the responder role; an sns.publish notification keeps its grant on the execution role", () => {
    const notify = { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Arguments: { TopicArn: 'arn:aws:sns:us-east-1:111122223333:alerts', Message: 'done' }, TimeoutSeconds: 60 };
    const env = envWith({ topics: { reviewers: 'reviewers', alerts: 'alerts' }, kms: { topics: { reviewers: KEY } } });
    const out = gen(definition(approvalState(), notify), { env });
    expect(summary(out)).toEqual({
      InvokeApprovalResponder: { Action: ['lambda:InvokeFunction'], Resource: [RESPONDER, `${RESPONDER}:*`] },
      PublishToSnsTopics: { Action: ['sns:Publish'], Resource: ['arn:aws:sns:us-east-1:111122223333:alerts'] },
    });
    expect(summary(out, 'approvalResponder')['UseKmsKeysOfEncryptedTopics']).toEqual({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: [KEY] });
  });

  it("treats another workflow's responder as a plain Lambda: no reviewers' topic, no link key", () => {
    const other = 'arn:aws:lambda:us-east-1:111122223333:function:agentflow-approval-responder-other';
    const out = gen(definition(approvalState(other)));
    expect(Object.keys(summary(out))).toEqual(['InvokeLambdaFunctions']);
    expect(Object.keys(summary(out, 'approvalResponder'))).toEqual(['SendTaskResponsesScopedToStateMachine']);
  });

  it('reports a bad approvalKeyParameter of an environment built in code as a config error', () => {
    const out = gen(definition(approvalState()), { env: { ...envWith({}), approvalKeyParameter: 'agentflow/{workflow}' } });
    expect(out.errors).toEqual([expect.objectContaining({ code: 'config-invalid-parameter', message: expect.stringContaining('must start with / (a parameter hierarchy)') })]);
  });

  it('a topic known only at run time needs allowWildcards, like any publish', () => {
    const out = gen(definition(approvalState(RESPONDER, "{% 'arn:aws:sns:us-east-1:111122223333:' & $team %}")));
    expect(out.errors).toEqual([expect.objectContaining({ code: 'iam-dynamic-resource', pointer: '/States/S0/Arguments/Payload/topicArn' })]);
  });
});

describe('the default responder name', () => {
  const long = 'w'.repeat(40);
  const notify = { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Arguments: { TopicArn: 'arn:aws:sns:us-east-1:111122223333:alerts', Message: 'done' }, TimeoutSeconds: 60 };

  it('does not trouble a workflow without callbacks, however long its name', () => {
    expect(gen(definition(notify), { workflowName: long }).errors).toEqual([]);
  });

  it('is a config error for a workflow with an approval when the workflow name makes it too long for Lambda', () => {
    const out = gen(definition(approvalState(`arn:aws:lambda:us-east-1:111122223333:function:agentflow-approval-responder-${long}`)), { workflowName: long });
    expect(out.errors).toEqual([expect.objectContaining({ code: 'config-invalid-function', message: expect.stringContaining('approvalResponderFunction') })]);
  });
});
