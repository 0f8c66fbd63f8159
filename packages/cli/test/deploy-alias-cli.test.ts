import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAP_BASIC, runDeployCli, startCliFakes, writeConfig, type CliFakes } from './deploy-cli.js';

let fakes: CliFakes;
beforeEach(async () => {
  fakes = await startCliFakes();
});
afterEach(async () => {
  await fakes.close();
});

describe('promote, rollback, status', () => {
  it('canary deploy, status, promote, rollback --to and without --to', async () => {
    const v1 = writeConfig();
    const v2 = writeConfig({ workerId: 'WORKER0009' });
    expect((await runDeployCli(['deploy', MAP_BASIC, '--config', v1, '--yes'])).code).toBe(0);
    const canary = await runDeployCli(['deploy', MAP_BASIC, '--config', v2, '--yes', '--canary', '25']);
    expect(canary.code).toBe(0);
    expect(canary.stderr).toContain('map-basic: alias live → v2 25% + v1 75%');

    const status = await runDeployCli(['status', MAP_BASIC, '--config', v2]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('alias: live → v2 25% + v1 75%');
    expect(status.stdout).toContain('matches the local compile');
    const stale = await runDeployCli(['status', MAP_BASIC, '--config', v1, '--json']);
    expect(JSON.parse(stale.stdout)).toMatchObject({ ok: true, machines: [{ workflow: 'map-basic', match: 'differs', latestVersion: 2 }] });
    const byName = await runDeployCli(['status', 'map-basic', 'never-deployed', '--config', v1, '--json']);
    expect(JSON.parse(byName.stdout).machines.map((m: { match: string }) => m.match)).toEqual(['unknown', 'not deployed']);

    const writes = fakes.sfn.writes().length;
    const promoted = await runDeployCli(['promote', 'map-basic', '--config', v2, '--yes']);
    expect(promoted.code).toBe(0);
    expect(promoted.stderr).toContain('Alias live → version 2 (100%)');
    const again = await runDeployCli(['promote', 'map-basic', '--config', v2, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('nothing to promote');

    const back = await runDeployCli(['rollback', 'map-basic', '--config', v2, '--yes', '--json']);
    expect(JSON.parse(back.stdout)).toMatchObject({ ok: true, result: { after: [{ version: 1, weight: 100 }] } });
    const forward = await runDeployCli(['rollback', MAP_BASIC, '--config', v2, '--yes', '--to', '2']);
    expect(forward.code).toBe(0);
    const missing = await runDeployCli(['rollback', 'map-basic', '--config', v2, '--yes', '--to', '7']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error[deploy-version-missing]');
    expect(fakes.sfn.writes().slice(writes)).toEqual(['UpdateStateMachineAlias', 'UpdateStateMachineAlias', 'UpdateStateMachineAlias']);
  });

  it('rollback without a terminal and without --yes is a usage error', async () => {
    const run = await runDeployCli(['rollback', 'map-basic', '--config', writeConfig()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--yes');
  });
});

describe('credentials and account', () => {
  it('credentials of another account: deploy-wrong-account with an --env hint, and no Step Functions call', async () => {
    await fakes.close();
    fakes = await startCliFakes({ stsAccount: '999988887777' });
    const run = await runDeployCli(['deploy', MAP_BASIC, '--config', writeConfig(), '--plan']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error[deploy-wrong-account]: The credentials belong to account 999988887777');
    expect(run.stderr).toContain('--env');
    expect(fakes.sfn.calls).toEqual([]);
  });

  it('no credentials: names the sources the SDK tried, no stack trace', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const run = await runDeployCli(['deploy', MAP_BASIC, '--config', writeConfig(), '--plan', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; problems: { code: string; message: string }[] };
    expect(report.ok).toBe(false);
    expect(report.problems[0]!.code).toBe('aws-no-credentials');
    expect(report.problems[0]!.message).toContain('AWS_WEB_IDENTITY_TOKEN_FILE');
    expect(fakes.sts.calls).toEqual([]);
  });
});

describe('--remote-validate', () => {
  it("AWS's FAIL prints its findings located by state and step, and stops before any write call", async () => {
    await fakes.close();
    fakes = await startCliFakes({
      validate: () => [{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'Field X is not supported', location: '/States/Summarize Docs/ItemProcessor/States/Worker/Arguments' }],
    });
    const run = await runDeployCli(['deploy', MAP_BASIC, '--config', writeConfig(), '--yes', '--remote-validate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error[aws-SCHEMA_VALIDATION_FAILED]: AWS ValidateStateMachineDefinition: Field X is not supported (step 'map-basic/summarize-docs/worker')");
    expect(run.stderr).toContain('step: Summarize Docs › Worker');
    expect(run.stderr).toContain('fixtures/map-basic/workflow.ts');
    expect(fakes.sfn.writes()).toEqual([]);
  });

  it('OK with warnings and truncated: warnings shown, the deploy goes on', async () => {
    await fakes.close();
    fakes = await startCliFakes({ validate: () => Array.from({ length: 101 }, () => ({ severity: 'WARNING' as const, code: 'SOME_WARNING', message: 'hmm', location: '/States/Summarize Docs' })) });
    const run = await runDeployCli(['deploy', MAP_BASIC, '--config', writeConfig(), '--yes', '--remote-validate']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning[aws-SOME_WARNING]');
    expect(run.stderr).toContain('warning[aws-validate-truncated]');
    expect(fakes.sfn.writes()).toEqual(['CreateStateMachine', 'CreateStateMachineAlias']);
  });
});
