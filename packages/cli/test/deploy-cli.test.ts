import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGENT_RETRY, BROKEN, MAP_BASIC, runDeployCli, startCliFakes, writeConfig, type CliFakes } from './deploy-cli.js';
import { runCliProcess } from './run-cli.js';

let fakes: CliFakes;
beforeEach(async () => {
  fakes = await startCliFakes();
});
afterEach(async () => {
  await fakes.close();
});

const deployArgs = (config: string, ...more: string[]) => ['deploy', MAP_BASIC, AGENT_RETRY, '--config', config, ...more];

describe('agentflow deploy', () => {
  it('--plan on nothing deployed: read calls only, the plan on stdout, exit 3', async () => {
    const run = await runDeployCli(deployArgs(writeConfig(), '--plan'));
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(run.code).toBe(3);
    expect(fakes.sfn.writes()).toEqual([]);
    expect(fakes.sts.calls.map((c) => c.operation)).toEqual(['GetCallerIdentity']);
    expect(run.stdout).toContain('map-basic');
    expect(run.stdout).toContain('agent-retry-catch');
  });

  it('--yes deploys both; again: no write call, and --plan exits 0', async () => {
    const config = writeConfig();
    const first = await runDeployCli(deployArgs(config, '--yes'));
    expect(first.stderr).toContain(`${MAP_BASIC}: compiling`);
    expect(first.stderr).toContain('map-basic: planning');
    expect(first.stderr).toContain('map-basic: creating');
    expect(first.stderr).toContain('map-basic: published v1');
    expect(first.stderr).toContain('map-basic: alias live → v1');
    expect(first.code).toBe(0);
    expect(fakes.sfn.writes()).toEqual(['CreateStateMachine', 'CreateStateMachineAlias', 'CreateStateMachine', 'CreateStateMachineAlias']);
    const again = await runDeployCli(deployArgs(config, '--yes'));
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('No changes');
    expect(fakes.sfn.writes()).toHaveLength(4);
    expect((await runDeployCli(deployArgs(config, '--plan'))).code).toBe(0);
  });

  it('a change: update, publish, alias and tags, through the environment-configured endpoints', async () => {
    await runDeployCli(deployArgs(writeConfig(), '--yes'));
    const from = fakes.sfn.writes().length;
    const run = await runDeployCli(['deploy', MAP_BASIC, '--config', writeConfig({ workerId: 'WORKER0009', tags: { team: 'platform' } }), '--yes']);
    expect(run.code).toBe(0);
    expect(fakes.sfn.writes().slice(from)).toEqual(['UpdateStateMachine', 'PublishStateMachineVersion', 'UpdateStateMachineAlias', 'TagResource']);
    expect(run.stderr).toContain('map-basic: alias live → v2');
  });

  it('a compile error in one of two workflows: diagnostics, exit 1, and no AWS call at all', async () => {
    const run = await runDeployCli(['deploy', MAP_BASIC, BROKEN, '--config', writeConfig(), '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error\[[a-z-]+\]/);
    expect(run.stderr).toContain('no AWS call was made');
    expect(fakes.sfn.calls).toEqual([]);
    expect(fakes.sts.calls).toEqual([]);
  });

  it('without a terminal and without --yes: a usage error naming --yes and --plan, before any call', async () => {
    const run = await runDeployCli(deployArgs(writeConfig()));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--yes');
    expect(run.stderr).toContain('--plan');
    expect(fakes.sts.calls).toEqual([]);
  });

  it('on a terminal it asks; "no" applies nothing, "yes" applies', async () => {
    const config = writeConfig();
    const no = await runDeployCli(deployArgs(config), { interactive: true, answer: false });
    expect(no.questions).toEqual(['Apply these changes? [y/N] ']);
    expect(no.code).toBe(1);
    expect(fakes.sfn.writes()).toEqual([]);
    const yes = await runDeployCli(deployArgs(config), { interactive: true, answer: true });
    expect(yes.code).toBe(0);
    expect(fakes.sfn.writes()).toHaveLength(4);
  });

  it('--json: one document with the plan, what was applied and no problems', async () => {
    const run = await runDeployCli(deployArgs(writeConfig(), '--yes', '--json'));
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; plan: { environment: string; machines: { workflow: string; action: string }[] }; applied: { workflow: string; version: number }[]; notApplied: string[]; problems: unknown[] };
    expect(report.ok).toBe(true);
    expect(report.plan.environment).toBe('dev');
    expect(report.plan.machines.map((m) => [m.workflow, m.action])).toEqual([
      ['map-basic', 'create'],
      ['agent-retry-catch', 'create'],
    ]);
    expect(report.applied.map((a) => [a.workflow, a.version])).toEqual([
      ['map-basic', 1],
      ['agent-retry-catch', 1],
    ]);
    expect(report.notApplied).toEqual([]);
    expect(report.problems).toEqual([]);
  });

  it('--markdown --plan prints the Markdown plan on stdout', async () => {
    const run = await runDeployCli(deployArgs(writeConfig(), '--plan', '--markdown'));
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^#/m);
    expect(run.stdout).toContain('map-basic');
  });

  it('AccessDenied on the second workflow: lists applied and not applied (text and JSON); re-running converges', async () => {
    const config = writeConfig();
    await runDeployCli(deployArgs(config, '--yes'));
    const changed = writeConfig({ workerId: 'WORKER0009' });
    let updates = 0;
    const take = fakes.sfn.faults.take.bind(fakes.sfn.faults);
    fakes.sfn.faults.take = (operation: string) => (operation === 'UpdateStateMachine' && ++updates === 2 ? 'access-denied' : take(operation));
    const text = await runDeployCli(deployArgs(changed, '--yes'));
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('applied: map-basic');
    expect(text.stderr).toContain('not applied: agent-retry-catch');
    expect(text.stderr).toMatch(/error\[aws-access-denied\]: agent-retry-catch: AWS denied states:UpdateStateMachine on arn:aws:states:us-west-2:123456789012:stateMachine:agent-retry-catch/);
    expect(text.stderr).toContain('docs/deploy.md#a-minimal-deployer-policy');
    expect(text.stderr).not.toMatch(/\n\s+at /);
    updates = 0;
    fakes.sfn.faults.take = (operation: string) => (operation === 'UpdateStateMachine' && ++updates === 1 ? 'access-denied' : take(operation));
    const json = JSON.parse((await runDeployCli(deployArgs(changed, '--yes', '--json'))).stdout) as { ok: boolean; applied: { workflow: string }[]; notApplied: string[]; problems: { code: string }[] };
    expect(json).toMatchObject({ ok: false, applied: [{ workflow: 'map-basic' }], notApplied: ['agent-retry-catch'], problems: [{ code: 'aws-access-denied' }] });
    fakes.sfn.faults.take = take;
    const plan = JSON.parse((await runDeployCli(deployArgs(changed, '--plan', '--json'))).stdout) as { plan: { machines: { action: string }[] } };
    expect(plan.plan.machines.map((m) => m.action)).toEqual(['unchanged', 'update']);
    expect((await runDeployCli(deployArgs(changed, '--yes'))).code).toBe(0);
    expect((await runDeployCli(deployArgs(changed, '--plan'))).code).toBe(0);
  });

  it('as a real process: endpoints and credentials from the environment, no terminal, so --yes or --plan', async () => {
    const config = writeConfig();
    const refused = await runCliProcess(['deploy', MAP_BASIC, '--config', config]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Pass --yes');
    const plan = await runCliProcess(['deploy', MAP_BASIC, '--config', config, '--plan']);
    expect(plan.stderr).not.toContain('NodeVersionSupportWarning');
    expect(plan.code).toBe(3);
    const applied = await runCliProcess(['deploy', MAP_BASIC, '--config', config, '--yes']);
    expect(applied.code).toBe(0);
    expect(fakes.sfn.writes()).toEqual(['CreateStateMachine', 'CreateStateMachineAlias']);
  });

  it('--help documents exit code 3', async () => {
    const run = await runDeployCli(['deploy', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3 --plan found changes pending');
  });

  it('rejects a --canary outside 1–99 as a usage error', async () => {
    const run = await runDeployCli(deployArgs(writeConfig(), '--plan', '--canary', '100'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--canary must be a whole number from 1 to 99');
  });
});
