import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { approvalKeyParameterArn, approvalKeyParameterFor, approvalKeyParameterProblem, DEFAULT_APPROVAL_KEY_PARAMETER } from '../../src/config/approval-key-parameter.js';
import { approvalResponderFunctionOf, DEFAULT_APPROVAL_RESPONDER_FUNCTION, functionArnForWorkflow } from '../../src/config/workflow-function.js';

const ENV = { partition: 'aws', region: 'us-east-1', account: '111122223333' };
const BASE = ['defaultEnvironment: dev', 'environments:', '  dev:', '    region: us-east-1', '    account: "111122223333"', '    adapterFunction: agentflow-agent-adapter'];

function load(lines: string[]) {
  const file = join(mkdtempSync(join(tmpdir(), 'agentflow-config-')), 'agentflow.config.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return loadConfig(file);
}

describe('approval settings', () => {
  it('default to one responder per workflow and one key parameter per workflow', () => {
    const loaded = load(BASE);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const env = loaded.config.environments['dev']!;
    expect(DEFAULT_APPROVAL_RESPONDER_FUNCTION).toBe('agentflow-approval-responder-{workflow}');
    expect(functionArnForWorkflow(approvalResponderFunctionOf(env), 'voting', ENV)).toBe('arn:aws:lambda:us-east-1:111122223333:function:agentflow-approval-responder-voting');
    expect(DEFAULT_APPROVAL_KEY_PARAMETER).toBe('/agentflow/{workflow}/approval-key');
    expect(approvalKeyParameterFor(env.approvalKeyParameter, 'voting')).toBe('/agentflow/voting/approval-key');
    expect(approvalKeyParameterArn('/agentflow/voting/approval-key', ENV)).toBe('arn:aws:ssm:us-east-1:111122223333:parameter/agentflow/voting/approval-key');
    expect(approvalKeyParameterArn('voting-approval-key', ENV)).toBe('arn:aws:ssm:us-east-1:111122223333:parameter/voting-approval-key');
  });

  it('take a configured responder and key parameter, {workflow} in either', () => {
    const loaded = load([...BASE, '    approvalResponderFunction: approvals-{workflow}', '    approvalKeyParameter: /prod/{workflow}/link-key']);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const env = loaded.config.environments['dev']!;
    expect(functionArnForWorkflow(approvalResponderFunctionOf(env), 'voting', ENV)).toBe('arn:aws:lambda:us-east-1:111122223333:function:approvals-voting');
    expect(approvalKeyParameterFor(env.approvalKeyParameter, 'voting')).toBe('/prod/voting/link-key');
  });

  it.each([
    ['agentflow/{workflow}/key', 'must start with / (a parameter hierarchy) or be a plain name without /'],
    ['/agentflow/{name}/key', 'may use only the placeholder {workflow}'],
    ['/agentflow/{workflow}/approval key', 'must be an SSM parameter name of letters, digits, _ . - and / between levels'],
    ['/aws/{workflow}', 'must not start with aws or ssm, which SSM reserves'],
    ['SSM-{workflow}', 'must not start with aws or ssm, which SSM reserves'],
    ['/agentflow//{workflow}', 'must not have an empty level (// or a trailing /)'],
    [`/${Array.from({ length: 16 }, () => 'l').join('/')}`, 'must have at most 15 levels'],
  ])('refuse approvalKeyParameter %j: %s', (value, problem) => {
    expect(approvalKeyParameterProblem(value)).toBe(problem);
    const loaded = load([...BASE, `    approvalKeyParameter: "${value}"`]);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    // At the value's own line and column, with the key's path, like every config error.
    expect(loaded.diagnostics.map((d) => [d.code, `${d.loc?.line}:${d.loc?.column}`, d.message])).toEqual([
      ['config-invalid', '7:27', `environments.dev.approvalKeyParameter: ${problem}`],
    ]);
  });

  it('accept a hierarchy, a plain name and the default', () => {
    for (const value of ['/agentflow/{workflow}/approval-key', 'approval-key-{workflow}', '/a.b/c_d/e-f', DEFAULT_APPROVAL_KEY_PARAMETER]) expect(approvalKeyParameterProblem(value)).toBeUndefined();
  });
});
