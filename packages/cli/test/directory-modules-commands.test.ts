import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, REGION, startCliFakes, writeConfig, type CliFakes } from './deploy-cli.js';
import { ROOT, runCliProcess } from './run-cli.js';

/**
 * Every command taking `<file|dir>...` finds workflows in a directory as `compile` does: a file with no default
 * export beside the workflows (here, the agents they share) is a module and skipped. Real CLI processes, against
 * the Step Functions and STS fakes (endpoints from the environment).
 */

// Inside the repository, so that the files import '@agentflow/dsl' and 'zod' as the fixtures do.
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const temp = mkdtempSync(join(ROOT, '.tmp', 'dir-commands-'));

const AGENTS = `import { agent } from '@agentflow/dsl';
import { z } from 'zod';

export const worker = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ answer: z.string().max(1000) }) });
`;
const WORKFLOW = `import { text, workflow } from '@agentflow/dsl';
import { z } from 'zod';
import { worker } from './agents.js';

export default workflow('shared-agents', { input: z.object({ question: z.string().max(500) }) }, (flow) => {
  const reply = flow.invoke(worker, { prompt: text\`Answer: \${flow.input.question}\` });
  return { answer: reply.answer };
});
`;

function directory(name: string, files: Record<string, string>): string {
  const dir = join(temp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, source] of Object.entries(files)) writeFileSync(join(dir, file), source);
  return relative(ROOT, dir);
}

const dir = directory('project', { 'agents.ts': AGENTS, 'flow.ts': WORKFLOW });
const onlyModules = directory('only-modules', { 'agents.ts': AGENTS });
const MACHINE = 'shared-agents';

let fakes: CliFakes;
let config: string;
beforeAll(async () => {
  fakes = await startCliFakes();
  config = writeConfig();
});
afterAll(async () => {
  await fakes?.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('a directory holding a workflow and a module of shared agents (real CLI process)', () => {
  it('deploy deploys the workflow alone', async () => {
    const run = await runCliProcess(['deploy', dir, '--config', config, '--yes']);
    expect(run.stderr).not.toContain('missing-default-export');
    expect(run.stderr).toContain(`${MACHINE}: alias live → v1`);
    expect(run.code).toBe(0);
    expect(fakes.sfn.writes()).toEqual(['CreateStateMachine', 'CreateStateMachineAlias']);
  });

  it('status reports the workflow, matching the local compile', async () => {
    const run = await runCliProcess(['status', dir, '--config', config, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, machines: [{ workflow: MACHINE, match: 'matches' }] });
  });

  it('approvals lists the workflow’s waiting approvals (none)', async () => {
    const run = await runCliProcess(['approvals', dir, '--config', config, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, environment: 'dev', waiting: [], problems: [] });
  });

  it('promote and rollback act on the one workflow of the directory', async () => {
    const promote = await runCliProcess(['promote', dir, '--config', config, '--yes', '--json']);
    expect(promote.stderr).toBe('');
    expect(JSON.parse(promote.stdout)).toMatchObject({ ok: true, result: { workflow: MACHINE } });
    expect(promote.code).toBe(0);
    const rollback = await runCliProcess(['rollback', dir, '--config', config, '--yes', '--to', '1', '--json']);
    expect(rollback.stderr).toBe('');
    expect(JSON.parse(rollback.stdout)).toMatchObject({ ok: true, result: { workflow: MACHINE, after: [{ version: 1, weight: 100 }] } });
    expect(rollback.code).toBe(0);
  });

  it('approve --workflow <dir> names the execution within that workflow', async () => {
    const run = await runCliProcess(['approve', 'run-1', '--workflow', dir, '--config', config]);
    expect(run.stderr).toContain('error[approval-execution-not-found]');
    expect(run.stderr).toContain(`arn:aws:states:${REGION}:${ACCOUNT}:execution:${MACHINE}:run-1`);
    expect(run.code).toBe(1);
  });

  it('a directory of modules only is a usage error for deploy and status, with no AWS call', async () => {
    const calls = fakes.sfn.calls.length;
    for (const command of [['deploy', onlyModules, '--yes'], ['status', onlyModules]]) {
      const run = await runCliProcess([...command, '--config', config]);
      expect(run.stderr).toContain(`error: No workflow in ${onlyModules}: none of its 1 file(s) has a default export`);
      expect(run.code).toBe(2);
    }
    expect(fakes.sfn.calls.length).toBe(calls);
  });
});
