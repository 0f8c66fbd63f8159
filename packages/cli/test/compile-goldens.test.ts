import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const FIXTURES = join(ROOT, 'fixtures');
const constructs = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(FIXTURES, e.name, 'workflow.ts')))
  .map((e) => e.name);

describe('golden files', () => {
  it('every workflow in workflows/ matches fixtures/workflows', async () => {
    const run = await runCli(['compile', 'workflows', '--out', 'fixtures/workflows', '--report', '--check']);
    expect(run.stderr).toContain('golden files up to date');
    expect(run.code).toBe(0);
  });

  it('has construct fixtures', () => {
    expect(constructs.length).toBeGreaterThanOrEqual(10);
  });

  it.each(constructs)('fixture %s matches its golden ASL', async (name) => {
    const dir = join('fixtures', name);
    const run = await runCli(['compile', join(dir, 'workflow.ts'), '--config', 'fixtures/agentflow.config.yaml', '--out', dir, '--report', '--check']);
    expect(run.stderr).toContain('golden files up to date');
    expect(run.code).toBe(0);
  });
});
