import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClients, remoteValidate, type DeployProblem } from '../src/index.js';
import { deploy, desired, endState, startFakes, type Fakes } from './deploy-harness.js';

let fakes: Fakes;
beforeEach(async () => {
  fakes = await startFakes();
});
afterEach(async () => {
  await fakes.close();
});

/** The end state a clean first deploy then update of `hello` reaches. */
async function cleanEndState(): Promise<unknown> {
  const clean = await startFakes();
  try {
    await deploy(clean.clients, [desired('hello', 'one')]);
    await deploy(clean.clients, [desired('hello', 'two')]);
    return endState(clean.sfn.snapshot());
  } finally {
    await clean.close();
  }
}

type FaultKind = 'throttle' | 'server-error' | 'drop' | 'access-denied' | 'conflict';

const failing: { operation: string; kind: FaultKind; times: number; code: string; says: RegExp }[] = [
  { operation: 'UpdateStateMachine', kind: 'throttle', times: Infinity, code: 'aws-throttled', says: /throttled states:UpdateStateMachine .* after 5 attempts/ },
  { operation: 'UpdateStateMachine', kind: 'server-error', times: Infinity, code: 'aws-error', says: /failed after 5 attempts: InternalFailure \(HTTP 500\)/ },
  { operation: 'UpdateStateMachine', kind: 'drop', times: Infinity, code: 'aws-unreachable', says: /Cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNRESET\)/ },
  { operation: 'UpdateStateMachine', kind: 'access-denied', times: 1, code: 'aws-access-denied', says: /AWS denied states:UpdateStateMachine on arn:aws:states:us-east-1:111122223333:stateMachine:hello/ },
  { operation: 'PublishStateMachineVersion', kind: 'conflict', times: 1, code: 'deploy-conflict', says: /another deployer changed the state machine/ },
  { operation: 'UpdateStateMachineAlias', kind: 'access-denied', times: 1, code: 'aws-access-denied', says: /states:UpdateStateMachineAlias on .*:hello:live/ },
];

describe('injected faults: a clear problem, then re-running converges to the clean end state', () => {
  for (const f of failing) {
    it(`${f.kind} on ${f.operation}`, async () => {
      const expected = await cleanEndState();
      await deploy(fakes.clients, [desired('hello', 'one')]);
      fakes.sfn.faults.add({ operation: f.operation, kind: f.kind, times: f.times });
      const { outcome } = await deploy(fakes.clients, [desired('hello', 'two')]);
      const problem = outcome.problems[0] as DeployProblem;
      expect(problem.code).toBe(f.code);
      expect(problem.message).toMatch(f.says);
      expect(problem.hint).toBeTruthy();
      expect(problem.workflow).toBe('hello');
      expect(outcome.notApplied).toEqual(['hello']);
      fakes.sfn.faults.clear();
      const again = await deploy(fakes.clients, [desired('hello', 'two')]);
      expect(again.outcome.problems).toEqual([]);
      expect(endState(fakes.sfn.snapshot())).toEqual(expected);
      const writes = fakes.sfn.writes().length;
      expect((await deploy(fakes.clients, [desired('hello', 'two')])).plan.machines[0]!.action).toBe('unchanged');
      expect(fakes.sfn.writes().length).toBe(writes);
    });
  }

  it('throttling fewer times than the attempts allow is retried by the SDK and succeeds', async () => {
    await deploy(fakes.clients, [desired('hello', 'one')]);
    fakes.sfn.faults.add({ operation: 'UpdateStateMachine', kind: 'throttle', times: 3 });
    const { outcome } = await deploy(fakes.clients, [desired('hello', 'two')]);
    expect(outcome.problems).toEqual([]);
    expect(fakes.sfn.calls.filter((c) => c.operation === 'UpdateStateMachine')).toHaveLength(4);
    expect(endState(fakes.sfn.snapshot())).toEqual(await cleanEndState());
  });

  it('AccessDenied on the second workflow: the first is applied, the second listed as not applied; re-running converges', async () => {
    await deploy(fakes.clients, [desired('alpha', 'one'), desired('beta', 'one')]);
    // Both change; only the second UpdateStateMachine (beta's) is denied, as a policy scoped to alpha would.
    let updates = 0;
    const original = fakes.sfn.faults.take.bind(fakes.sfn.faults);
    fakes.sfn.faults.take = (operation: string) => (operation === 'UpdateStateMachine' && ++updates === 2 ? 'access-denied' : original(operation));
    const { outcome } = await deploy(fakes.clients, [desired('alpha', 'two'), desired('beta', 'two')]);
    expect(outcome.applied.map((a) => a.workflow)).toEqual(['alpha']);
    expect(outcome.notApplied).toEqual(['beta']);
    expect(outcome.problems[0]).toMatchObject({ code: 'aws-access-denied', workflow: 'beta' });
    fakes.sfn.faults.take = original;
    const again = await deploy(fakes.clients, [desired('alpha', 'two'), desired('beta', 'two')]);
    expect(again.plan.machines.map((m) => m.action)).toEqual(['unchanged', 'update']);
    expect(again.outcome.problems).toEqual([]);
  });
});

describe('identity and credentials', () => {
  it('credentials of another account stop the run before any Step Functions call', async () => {
    await fakes.close();
    fakes = await startFakes({ stsAccount: '999999999999' });
    await expect(deploy(fakes.clients, [desired('hello', 'one')])).rejects.toMatchObject({
      problem: { code: 'deploy-wrong-account', message: expect.stringMatching(/account 999999999999 .* deploys to account 111122223333/) },
    });
    expect(fakes.sfn.calls).toEqual([]);
  });

  it('no credentials anywhere: a problem listing the sources the default chain tried', async () => {
    const saved = { ...process.env };
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) delete process.env[k];
    Object.assign(process.env, { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', AWS_EC2_METADATA_DISABLED: 'true' });
    try {
      const clients = createClients('us-east-1', { endpoints: { sfn: fakes.sfn.endpoint, sts: fakes.sts.endpoint } });
      const error = await deploy(clients, [desired('hello', 'one')]).catch((e: unknown) => e);
      expect(error).toMatchObject({ problem: { code: 'aws-no-credentials' } });
      const { message } = (error as { problem: DeployProblem }).problem;
      for (const source of ['AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'SSO', 'instance metadata']) expect(message).toContain(source);
      expect(fakes.sts.calls).toEqual([]);
    } finally {
      process.env = saved;
    }
  });

  it('an endpoint nobody listens on: a network problem naming it', async () => {
    const closed = fakes.sts.endpoint;
    await fakes.sts.close();
    const clients = createClients('us-east-1', { endpoints: { sfn: fakes.sfn.endpoint, sts: closed }, credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'x' }, maxAttempts: 1 });
    await expect(deploy(clients, [desired('hello', 'one')])).rejects.toMatchObject({ problem: { code: 'aws-unreachable', message: expect.stringContaining(`Cannot reach ${closed} (ECONNREFUSED)`) } });
  });
});

describe('remote validation', () => {
  it("maps AWS's findings to states and reports FAIL", async () => {
    await fakes.close();
    fakes = await startFakes({
      validate: () => [
        { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'bad', location: '/States/Fan Out/Branches/0/States/Search/Arguments' },
        ...Array.from({ length: 100 }, (_, i) => ({ severity: 'WARNING' as const, code: 'SOME_WARNING', message: `w${i}` })),
      ],
    });
    const result = await remoteValidate(fakes.clients, desired('hello', 'one').definition, 'hello');
    expect(result).toMatchObject({ ok: false, truncated: true });
    expect(result.findings).toHaveLength(100);
    expect(result.findings[0]).toEqual({ severity: 'error', code: 'SCHEMA_VALIDATION_FAILED', message: 'bad', pointer: '/States/Fan Out/Branches/0/States/Search/Arguments', statePath: 'Fan Out › branch 1 › Search' });
    expect(fakes.sfn.calls[0]!.input).toMatchObject({ type: 'STANDARD', severity: 'WARNING', maxResults: 100 });
  });
});
