import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliProcess, type FoundDiagnostic } from './run-cli.js';

const AT_IMPORT = 'fixtures/_error_/exits-at-import/workflow.ts';
const IN_BODY = 'fixtures/_error_/exits-in-body/workflow.ts';
const GOOD = 'fixtures/map-basic/workflow.ts';
const CONFIG = ['--config', 'fixtures/agentflow.config.yaml'];

type Report = { ok: boolean; diagnostics: FoundDiagnostic[]; workflows: { file: string; ok: boolean; written: string[]; diagnostics: FoundDiagnostic[] }[] };

// Through the real process: an exit that got through would end it with code 0 and no output.
describe('workflow code that calls process.exit', () => {
  it('is a located error; the other workflows of the run still compile, and the run exits 1', async () => {
    const out = mkdtempSync(join(tmpdir(), 'agentflow-exit-'));
    const run = await runCliProcess(['compile', AT_IMPORT, GOOD, IN_BODY, '--out', out, '--json', ...CONFIG]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const codes = (file: string) => report.workflows.find((w) => w.file === file)!.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.loc?.file}:${d.loc?.line}:${d.loc?.column}`);
    expect(codes(AT_IMPORT)).toEqual([`workflow-exited ${AT_IMPORT}:5:9`]);
    expect(codes(IN_BODY)).toEqual([`workflow-exited ${IN_BODY}:7:13`]);
    expect(report.workflows.find((w) => w.file === GOOD)?.ok).toBe(true);
    // A run with errors writes nothing to --out, not even the workflows that compiled.
    expect(report.diagnostics.map((d) => d.code)).toEqual(['output-not-written']);
    expect(existsSync(join(out, 'map-basic.asl.json'))).toBe(false);
    expect(existsSync(join(out, 'exits-in-body.asl.json'))).toBe(false);
  });

  it('makes compile --check fail instead of passing silently', async () => {
    const out = mkdtempSync(join(tmpdir(), 'agentflow-exit-'));
    const run = await runCliProcess(['compile', AT_IMPORT, '--out', out, '--check', ...CONFIG]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error[workflow-exited]');
    expect(run.stderr).toContain(`${AT_IMPORT}:5:9`);
    expect(run.stderr).toContain('0/1 workflow(s) compiled');
  });
});
