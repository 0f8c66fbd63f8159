import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SFN_MUTATING_OPERATIONS } from './fakes.js';
import { deploy, desired, ENV, startFakes, type Fakes } from './deploy-harness.js';

let fakes: Fakes;
beforeEach(async () => {
  fakes = await startFakes();
});
afterEach(async () => {
  await fakes.close();
});

describe('deploy: create, unchanged, update', () => {
  it('first deploy creates with publish:true and a versioned description, then creates the alias at 100%', async () => {
    const { plan, outcome } = await deploy(fakes.clients, [desired('hello', 'one')]);
    expect(plan.machines[0]!.action).toBe('create');
    expect(outcome.problems).toEqual([]);
    expect(fakes.sts.calls.map((c) => c.operation)).toEqual(['GetCallerIdentity']);
    expect(fakes.sfn.writes()).toEqual(['CreateStateMachine', 'CreateStateMachineAlias']);
    const create = fakes.sfn.calls.find((c) => c.operation === 'CreateStateMachine')!.input;
    expect(create).toMatchObject({ name: 'hello', type: 'STANDARD', publish: true, roleArn: 'arn:aws:iam::111122223333:role/agentflow-hello', tags: [{ key: 'team', value: 'research' }] });
    expect(create.versionDescription).toMatch(/^agentflow sha256:[0-9a-f]{64}$/);
    expect(create.loggingConfiguration).toEqual({ level: 'OFF', includeExecutionData: false });
    expect(outcome.applied[0]).toMatchObject({ version: 1, alias: { name: 'live', routes: [{ version: 1, weight: 100 }] } });
  });

  it('redeploying the same definition makes no write call at all', async () => {
    await deploy(fakes.clients, [desired('hello', 'one')]);
    const before = fakes.sfn.writes().length;
    const { plan } = await deploy(fakes.clients, [desired('hello', 'one')]);
    expect(plan.machines[0]!.action).toBe('unchanged');
    expect(fakes.sfn.writes().length).toBe(before);
  });

  it('a change updates, publishes the returned revision, moves the alias and reconciles tags', async () => {
    await deploy(fakes.clients, [desired('hello', 'one')]);
    const from = fakes.sfn.calls.length;
    const env = { ...ENV, tags: { team: 'platform', owner: 'ana' } };
    const { plan, outcome } = await deploy(fakes.clients, [desired('hello', 'two', env)]);
    const m = plan.machines[0]!;
    expect(m).toMatchObject({ action: 'update', publish: true, alias: { name: 'live', before: [{ version: 1, weight: 100 }], after: [{ version: 0, weight: 100 }] } });
    expect(m.tags).toEqual({ added: { owner: 'ana' }, changed: { team: { before: 'research', after: 'platform' } }, removed: [] });
    const writes = fakes.sfn.calls.slice(from).filter((c) => SFN_MUTATING_OPERATIONS.has(c.operation));
    expect(writes.map((c) => c.operation)).toEqual(['UpdateStateMachine', 'PublishStateMachineVersion', 'UpdateStateMachineAlias', 'TagResource']);
    const update = fakes.sfn.calls.slice(from).find((c) => c.operation === 'UpdateStateMachine')!;
    const publish = writes[1]!.input;
    // The revision the publish names is the one the update produced (the fake numbers them rev-1, rev-2, …).
    expect(publish.revisionId).toMatch(/\S/);
    expect(publish.revisionId).not.toBe('INITIAL');
    expect(update.input).not.toHaveProperty('publish');
    expect(writes[2]!.input.routingConfiguration).toEqual([{ stateMachineVersionArn: 'arn:aws:states:us-east-1:111122223333:stateMachine:hello:2', weight: 100 }]);
    expect(outcome.applied[0]).toMatchObject({ version: 2 });
  });

  it('a machine updated but never published gets its version and alias on the next run', async () => {
    await deploy(fakes.clients, [desired('hello', 'one')]);
    fakes.sfn.faults.add({ operation: 'PublishStateMachineVersion', kind: 'access-denied', times: 1 });
    const failed = await deploy(fakes.clients, [desired('hello', 'two')]);
    expect(failed.outcome.problems[0]!.code).toBe('aws-access-denied');
    const from = fakes.sfn.writes().length;
    const { plan } = await deploy(fakes.clients, [desired('hello', 'two')]);
    expect(plan.machines[0]).toMatchObject({ action: 'update', publish: true, settings: [] });
    expect(fakes.sfn.writes().slice(from)).toEqual(['PublishStateMachineVersion', 'UpdateStateMachineAlias']);
  });
});

describe('eventual consistency', () => {
  it('after an update, polls DescribeStateMachine until it reports the new revision', async () => {
    await fakes.close();
    fakes = await startFakes({ staleDescribes: 2 });
    await deploy(fakes.clients, [desired('hello', 'one')]);
    const from = fakes.sfn.calls.length;
    const { outcome } = await deploy(fakes.clients, [desired('hello', 'two')]);
    expect(outcome.problems).toEqual([]);
    const ops = fakes.sfn.calls.slice(from).map((c) => c.operation);
    const afterUpdate = ops.slice(ops.indexOf('UpdateStateMachine') + 1, ops.indexOf('PublishStateMachineVersion'));
    expect(afterUpdate).toEqual(['DescribeStateMachine', 'DescribeStateMachine', 'DescribeStateMachine']);
  });
});
