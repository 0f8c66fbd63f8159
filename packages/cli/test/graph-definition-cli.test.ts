import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';
import { parseMermaid } from './mermaid-parse.js';

const TEMP = mkdtempSync(join(tmpdir(), 'agentflow-graph-asl-'));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));
const DEFINITION = 'fixtures/workflows/research-report.asl.json';

describe('agentflow graph of a bare ASL definition', () => {
  it('draws research-report.asl.json from the definition alone, as its golden, and Mermaid parses it', async () => {
    const run = await runCli(['graph', DEFINITION, '--out', 'fixtures/graph-definition', '--check']);
    expect(run.stderr).toContain('diagram files up to date');
    expect(run.code).toBe(0);
    const text = readFileSync(join(ROOT, 'fixtures/graph-definition/research-report.mmd'), 'utf8');
    await expect(parseMermaid(text)).resolves.toBe('flowchart-v2');
    // State names and types only: no step ids or kinds (`search · agent`), which only the compiler knows; offloads
    // are read from the adapter requests' `offload` directives.
    expect(text).toContain('n2["Search<br/>task"]');
    expect(text).not.toContain(' · ');
    expect(text).toContain('result in S3 ($s3)');
  });

  it('refuses invalid ASL with the validator\'s diagnostics, exit 1 and no diagram', async () => {
    const bad = join(TEMP, 'broken.asl.json');
    writeFileSync(bad, JSON.stringify({ StartAt: 'Missing', States: { Only: { Type: 'Pass', End: true } } }));
    const run = await runCli(['graph', bad]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/broken\.asl\.json:\d+:\d+/);
    expect(run.stderr).toContain('Missing');
    expect(run.stderr).toContain('0/1 workflow(s) drawn');

    const notJson = join(TEMP, 'not-json.json');
    writeFileSync(notJson, '{ "StartAt": ');
    const syntax = await runCli(['graph', notJson]);
    expect(syntax.code).toBe(1);
    expect(syntax.stdout).toBe('');
    expect(syntax.stderr).toContain('not-json.json:1:');
  });

  it('draws a workflow and a definition in one call, each under its own name', async () => {
    const copy = join(TEMP, 'report-from-asl.json');
    writeFileSync(copy, readFileSync(join(ROOT, DEFINITION)));
    const run = await runCli(['graph', 'workflows/sequential.ts', copy]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('2 workflow(s) drawn');
    expect(run.stdout).toMatch(/^==> sequential\.mmd <==\nflowchart TD\n/m);
    expect(run.stdout).toContain(`==> report-from-asl.mmd <==\n${readFileSync(join(ROOT, 'fixtures/graph-definition/research-report.mmd'), 'utf8')}`);
  });

  it('refuses a definition named like a workflow of the same call: their diagrams would overwrite each other', async () => {
    const out = join(TEMP, 'clash');
    const run = await runCli(['graph', 'workflows/research-report.ts', DEFINITION, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Workflow name 'research-report' is also used by workflows/research-report.ts");
    expect(run.stderr).toContain('nothing was written');
  });

  it('a missing definition file is a usage error', async () => {
    const run = await runCli(['graph', 'fixtures/no-such.asl.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('fixtures/no-such.asl.json');
  });
});
