import { describe, expect, it } from 'vitest';
import { functionArnForWorkflow, functionForWorkflow, functionPatternProblem, workflowFunctionProblem } from '../../src/config/workflow-function.js';
import { gen, envWith, task } from '../iam/helpers/fixtures.js';

const ENV = { partition: 'aws', region: 'us-east-1', account: '111122223333' };

describe('adapterFunction: one function per workflow', () => {
  it('a plain name is a base name: the workflow is appended', () => {
    expect(functionForWorkflow('agentflow-agent-adapter', 'voting')).toBe('agentflow-agent-adapter-voting');
    expect(functionArnForWorkflow('agentflow-agent-adapter', 'voting', ENV)).toBe('arn:aws:lambda:us-east-1:111122223333:function:agentflow-agent-adapter-voting');
  });

  it('{workflow} is replaced wherever it is in the name; qualifiers and ARNs are kept', () => {
    expect(functionForWorkflow('wf-{workflow}-adapter', 'voting')).toBe('wf-voting-adapter');
    expect(functionForWorkflow('adapter:live', 'voting')).toBe('adapter-voting:live');
    expect(functionArnForWorkflow('arn:aws:lambda:eu-west-1:444455556666:function:agentflow-agent-adapter:live', 'voting', ENV)).toBe(
      'arn:aws:lambda:eu-west-1:444455556666:function:agentflow-agent-adapter-voting:live',
    );
    expect(functionArnForWorkflow('arn:aws:lambda:eu-west-1:444455556666:function:{workflow}', 'voting', ENV)).toBe('arn:aws:lambda:eu-west-1:444455556666:function:voting');
  });

  it('patterns are checked before any workflow is known', () => {
    expect(functionPatternProblem('adapter-{workflow}')).toBeUndefined();
    expect(functionPatternProblem('{workflow}:{workflow}')).toBe('may use {workflow} only in the function name');
    expect(functionPatternProblem('adapter-{Workflow}')).toBe('may use only the placeholder {workflow}');
    expect(functionPatternProblem('111122223333:function:adapter')).toMatch(/^must be a Lambda function name or a function ARN/);
    expect(functionPatternProblem('a'.repeat(65))).toBe('must be a function name of at most 64 characters');
  });

  it('a name that grows past 64 characters with the workflow in it is a compile error, not a broken deployment', () => {
    const name = 'a'.repeat(60);
    expect(workflowFunctionProblem(name, 'demo')).toBe(`The function for workflow 'demo' would be named '${name}-demo' (65 characters); Lambda allows 64.`);
    const out = gen(task('arn:aws:states:::lambda:invoke', { FunctionName: 'x' }), { env: envWith({ adapterFunction: name }) });
    expect(out.errors).toEqual([expect.objectContaining({ code: 'config-invalid-function', hint: expect.stringContaining('{workflow}') })]);
  });

  it("another workflow's adapter is a plain Lambda to this workflow: no agents are granted through it", () => {
    const other = 'arn:aws:lambda:us-east-1:111122223333:function:agentflow-agent-adapter-other';
    const out = gen(task('arn:aws:states:::lambda:invoke', { FunctionName: other, Payload: { agentId: 'SRCH7Q2K1A', agentAliasId: 'LIVE4S0R1A' } }));
    expect(out.policies.roles.agentAdapter).toBeUndefined();
    expect(out.policies.roles.stateMachine.policy?.Statement.map((s) => s.Sid)).toEqual(['InvokeLambdaFunctions']);
  });
});
