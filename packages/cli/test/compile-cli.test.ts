import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'agentflow-cli-'));

describe('agentflow compile', () => {
  it('prints the ASL of one workflow to stdout', async () => {
    const run = await runCli(['compile', 'workflows/research-report.ts']);
    expect(run.code).toBe(0);
    const asl = JSON.parse(run.stdout) as { QueryLanguage: string; StartAt: string };
    expect(asl.QueryLanguage).toBe('JSONata');
    expect(asl.StartAt).toBe('Search');
    expect(run.stdout.endsWith('}\n')).toBe(true);
  });

  it('writes <name>.asl.json per workflow with --out, byte-identical across runs', async () => {
    const a = tmp();
    const b = tmp();
    expect((await runCli(['compile', 'workflows', '--out', a])).code).toBe(0);
    expect((await runCli(['compile', 'workflows', '--out', b])).code).toBe(0);
    const files = readdirSync(a).sort();
    expect(files).toContain('research-report.asl.json');
    for (const f of files) expect(readFileSync(join(a, f), 'utf8')).toBe(readFileSync(join(b, f), 'utf8'));
  });

  it('--check exits 1 with a readable diff when a golden file drifted or is missing', async () => {
    const out = tmp();
    await runCli(['compile', 'workflows/research-report.ts', '--out', out]);
    const golden = join(out, 'research-report.asl.json');
    writeFileSync(golden, readFileSync(golden, 'utf8').replace('"MaxConcurrency": 10', '"MaxConcurrency": 3'));
    const drift = await runCli(['compile', 'workflows/research-report.ts', '--out', out, '--check']);
    expect(drift.code).toBe(1);
    expect(drift.stderr).toContain('-      "MaxConcurrency": 3,');
    expect(drift.stderr).toContain('+      "MaxConcurrency": 10,');
    expect(drift.stderr).toContain('1 golden file(s) out of date');
    const missing = await runCli(['compile', 'workflows/research-report.ts', '--out', tmp(), '--check']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('is missing; run without --check to create it');
  });

  it('--json prints a machine-readable result', async () => {
    const run = await runCli(['compile', 'workflows/research-report.ts', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { ok: boolean; workflows: { name: string; ok: boolean; definition: { StartAt: string } }[] };
    expect(result.ok).toBe(true);
    expect(result.workflows[0]!.name).toBe('research-report');
    expect(result.workflows[0]!.definition.StartAt).toBe('Search');
  });

  it('compiles one workflow for several environments', async () => {
    const dev = await runCli(['compile', 'workflows/research-report.ts']);
    const prod = await runCli(['compile', 'workflows/research-report.ts', '--env', 'prod']);
    expect(prod.code).toBe(0);
    expect(dev.stdout).toContain('arn:aws:lambda:us-east-1:111122223333:function:agentflow-agent-adapter-research-report');
    expect(prod.stdout).toContain('arn:aws:lambda:eu-west-1:444455556666:function:agentflow-agent-adapter-research-report:live');
    expect(prod.stdout).toContain('"agentId": "P0SRCH2K1A"');
  });

  it.each([
    [['compile'], 'No workflow files to compile.'],
    [['compile', 'missing.ts'], 'No such file or directory: missing.ts'],
    [['compile', 'workflows', '--check'], '--check compares against the files in --out'],
    [['compile', 'workflows', '--env', 'staging'], "Unknown environment 'staging'"],
    [['compile', 'workflows', '--config', 'nope.yaml'], 'Cannot read --config nope.yaml'],
    [['compile', 'README.md'], 'is not a TypeScript or JavaScript file'],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('usage error %j exits 2', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('reports an invalid project config at its line and column', async () => {
    const dir = tmp();
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'defaultEnvironment: dev\nenvironments:\n  dev:\n    region: us-east-1\n    account: "12"\n    adapterFunction: f\n');
    const run = await runCli(['compile', 'workflows/research-report.ts', '--config', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error[config-invalid]: environments.dev.account: must be a 12-digit account id');
    expect(run.stderr).toContain('bad.yaml:5:14');
  });
});
