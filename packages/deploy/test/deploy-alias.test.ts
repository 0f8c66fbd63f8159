import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { machineStatus, promote, rollback, DeployError } from '../src/index.js';
import { deploy, desired, startFakes, type Fakes } from './deploy-harness.js';

let fakes: Fakes;
beforeEach(async () => {
  fakes = await startFakes();
});
afterEach(async () => {
  await fakes.close();
});

const target = { workflow: 'hello', stateMachineArn: 'arn:aws:states:us-east-1:111122223333:stateMachine:hello', alias: 'live' };

describe('canary, promote, rollback', () => {
  it('--canary routes P% to the new version and the rest to the previous one; promote moves it to 100%', async () => {
    await deploy(fakes.clients, [desired('hello', 'one')]);
    const { plan, outcome } = await deploy(fakes.clients, [desired('hello', 'two')], { canary: 10 });
    expect(plan.machines[0]!.alias!.after).toEqual([
      { version: 0, weight: 10 },
      { version: 1, weight: 90 },
    ]);
    expect(outcome.applied[0]!.alias!.routes).toEqual([
      { version: 2, weight: 10 },
      { version: 1, weight: 90 },
    ]);
    // Re-running the same canary deploy converges: nothing to write.
    const writes = fakes.sfn.writes().length;
    const again = await deploy(fakes.clients, [desired('hello', 'two')], { canary: 10 });
    expect(again.plan.machines[0]!.action).toBe('unchanged');
    expect(fakes.sfn.writes().length).toBe(writes);

    const move = await promote(fakes.clients, target);
    expect(move).toMatchObject({ changed: true, after: [{ version: 2, weight: 100 }] });
    expect(fakes.sfn.writes().slice(writes)).toEqual(['UpdateStateMachineAlias']);
    const nothing = await promote(fakes.clients, target);
    expect(nothing.changed).toBe(false);
    expect(nothing.message).toMatch(/nothing to promote/);
    expect(fakes.sfn.writes().slice(writes)).toEqual(['UpdateStateMachineAlias']);
  });

  it('a canary on the first deploy routes 100% to version 1, with a warning', async () => {
    const { plan } = await deploy(fakes.clients, [desired('hello', 'one')], { canary: 20 });
    expect(plan.machines[0]!.alias!.after).toEqual([{ version: 0, weight: 100 }]);
    expect(plan.machines[0]!.warnings.join('\n')).toMatch(/no previous version/);
  });

  it('rollback goes to the version before the current one, or --to a given one, and never re-deploys', async () => {
    for (const v of ['one', 'two', 'three']) await deploy(fakes.clients, [desired('hello', v)]);
    const writes = fakes.sfn.writes().length;
    const back = await rollback(fakes.clients, target);
    expect(back).toMatchObject({ changed: true, before: [{ version: 3, weight: 100 }], after: [{ version: 2, weight: 100 }] });
    const to = await rollback(fakes.clients, target, 1);
    expect(to.after).toEqual([{ version: 1, weight: 100 }]);
    expect(fakes.sfn.writes().slice(writes)).toEqual(['UpdateStateMachineAlias', 'UpdateStateMachineAlias']);
    await expect(rollback(fakes.clients, target, 9)).rejects.toMatchObject({ problem: { code: 'deploy-version-missing' } });
    await expect(rollback(fakes.clients, target)).rejects.toBeInstanceOf(DeployError);
    await expect(rollback(fakes.clients, target)).rejects.toMatchObject({ problem: { code: 'deploy-no-previous-version' } });
  });

  it('after a rollback, deploying the same definition again moves the alias back to the latest revision', async () => {
    for (const v of ['one', 'two']) await deploy(fakes.clients, [desired('hello', v)]);
    await rollback(fakes.clients, target);
    const from = fakes.sfn.writes().length;
    const { plan } = await deploy(fakes.clients, [desired('hello', 'two')]);
    expect(plan.machines[0]).toMatchObject({ action: 'update', publish: false, alias: { after: [{ version: 2, weight: 100 }] } });
    expect(fakes.sfn.writes().slice(from)).toEqual(['UpdateStateMachineAlias']);
  });

  it('status reports the alias routing and whether the deployed definition matches the local compile', async () => {
    const d = desired('hello', 'one');
    expect((await machineStatus(fakes.clients, { ...target, localHash: d.definitionHash })).match).toBe('not deployed');
    await deploy(fakes.clients, [d]);
    const same = await machineStatus(fakes.clients, { ...target, localHash: d.definitionHash });
    expect(same).toMatchObject({ deployed: true, match: 'matches', latestVersion: 1, latestRevisionVersion: 1, alias: { name: 'live', routes: [{ version: 1, weight: 100 }] }, tags: { team: 'research' } });
    expect(same.versionDescription).toBe(d.versionDescription);
    const other = await machineStatus(fakes.clients, { ...target, localHash: desired('hello', 'two').definitionHash });
    expect(other.match).toBe('differs');
  });
});

describe('--keep pruning', () => {
  it('deletes the oldest versions beyond N, never one an alias routes to', async () => {
    await deploy(fakes.clients, [desired('hello', 'v1')]);
    await deploy(fakes.clients, [desired('hello', 'v2')]);
    // A second alias pins version 2.
    await fakes.clients.sfn.send(
      new (await import('@aws-sdk/client-sfn')).CreateStateMachineAliasCommand({
        name: 'pinned',
        routingConfiguration: [{ stateMachineVersionArn: `${target.stateMachineArn}:2`, weight: 100 }],
      }),
    );
    for (const v of ['v3', 'v4']) await deploy(fakes.clients, [desired('hello', v)]);
    const { plan, outcome } = await deploy(fakes.clients, [desired('hello', 'v5')], { keep: 2, canary: 50 });
    // Kept: v5 (new) and v4 (the canary's other half); v2 is pinned; v1 and v3 go.
    expect(plan.machines[0]!.prune).toEqual([1, 3]);
    expect(outcome.applied[0]!.pruned).toEqual([1, 3]);
    expect(fakes.sfn.snapshot().machines[0]!.versions.map((v) => v.number)).toEqual([2, 4, 5]);
  });
});
