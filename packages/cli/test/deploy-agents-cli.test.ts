import { afterEach, describe, expect, it } from 'vitest';
import type { FakeAgent } from '@agentflow/aws-fakes';
import { MAP_BASIC, runDeployCli, startCliFakes, writeConfig, type CliFakes } from './deploy-cli.js';

let fakes: CliFakes | undefined;
afterEach(async () => {
  await fakes?.close();
  fakes = undefined;
});

const worker = (alias: { agentAliasId: string; agentVersion: string }): FakeAgent[] => [
  { agentId: 'WORKER0001', agentName: 'fixture-worker', aliases: [{ agentAliasName: 'live', ...alias }] },
  { agentId: 'OTHER00001', agentName: 'fixture-other' },
];

describe('deploy with agents configured by name', () => {
  it('the lock matches the account: no warning, deployed', async () => {
    fakes = await startCliFakes({ agents: worker({ agentAliasId: 'LIVEALIAS1', agentVersion: '1' }) });
    const run = await runDeployCli(['deploy', MAP_BASIC, '--config', writeConfig({ workerByName: true }), '--yes']);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('warning:');
    expect(fakes.bedrock!.calls.map((c) => c.operation)).toContain('ListAgents');
    expect(fakes.sfn.writes()).toEqual(['CreateStateMachine', 'CreateStateMachineAlias']);
  });

  it('an alias that moved to another agent version: a plan warning, and the deploy goes on', async () => {
    fakes = await startCliFakes({ agents: worker({ agentAliasId: 'LIVEALIAS1', agentVersion: '2' }) });
    const run = await runDeployCli(['deploy', MAP_BASIC, '--config', writeConfig({ workerByName: true }), '--yes', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { plan: { warnings: string[] } };
    expect(report.plan.warnings).toEqual(['agent lock drift: worker alias live: routes to version 2 in the account, 1 in the lock (run `agentflow resolve --env dev` to record it)']);
    expect(fakes.sfn.writes()).toEqual(['CreateStateMachine', 'CreateStateMachineAlias']);
    const markdown = await runDeployCli(['deploy', MAP_BASIC, '--config', writeConfig({ workerByName: true }), '--plan', '--markdown']);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('### Warnings\n\n- agent lock drift: worker alias live: routes to version 2');
    expect(markdown.stderr).toContain('warning: agent lock drift');
  });

  it('an alias id that changed: deploy-agent-lock-drift, exit 1, no write call', async () => {
    fakes = await startCliFakes({ agents: worker({ agentAliasId: 'LIVEALIAS9', agentVersion: '1' }) });
    const run = await runDeployCli(['deploy', MAP_BASIC, '--config', writeConfig({ workerByName: true }), '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error[deploy-agent-lock-drift]');
    expect(run.stderr).toContain('worker alias live: alias id LIVEALIAS1 in the lock, LIVEALIAS9 in the account');
    expect(run.stderr).toContain('agentflow resolve --env dev');
    expect(fakes.sfn.writes()).toEqual([]);
  });
});
