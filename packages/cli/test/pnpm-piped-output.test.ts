import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.js';

const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * `pnpm agentflow …` exactly as a user types it, stdout piped. The settings pnpm passes to the scripts it runs
 * (`npm_config_*`, e.g. from `pnpm -s test`) are removed, so the test sees what a plain shell sees.
 */
function pnpmAgentflow(args: readonly string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return spawnSync('pnpm', ['agentflow', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
}

describe.skipIf(!onPath)('pnpm agentflow with piped stdout (skipped: pnpm is not on PATH)', () => {
  it('prints only the command output: no "> agentflow-workspace@ agentflow" banner', () => {
    const run = pnpmAgentflow(['compile', 'workflows/sequential.ts']);
    expect(run.stdout).not.toContain('> agentflow');
    // The whole of stdout is the definition, so `pnpm agentflow compile … > out.json` writes valid JSON.
    expect((JSON.parse(run.stdout) as { StartAt: string }).StartAt).toBeTypeOf('string');
    expect(run.status).toBe(0);
  });

  it('passes the exit code through and adds no pnpm failure notice to stdout', () => {
    const run = pnpmAgentflow(['compile', 'missing.ts']);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('No such file or directory: missing.ts');
    expect(run.stderr).not.toContain('ELIFECYCLE');
    expect(run.status).toBe(2);
  });
});
