import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureCases, ROOT, runCliProcess, type CliRun, type FoundDiagnostic } from './run-cli.js';

const ERRORS = join(ROOT, 'fixtures', '_error_');
const { cases, fileOf } = fixtureCases('_error_');
type Found = FoundDiagnostic;

// One real CLI process for all fixtures (JSON) and one for the terminal rendering: the loader path users get.
let json: CliRun;
let text: CliRun;
beforeAll(async () => {
  const args = ['compile', ...cases.map(fileOf), '--config', 'fixtures/agentflow.config.yaml'];
  [json, text] = await Promise.all([runCliProcess([...args, '--json']), runCliProcess(args)]);
});

describe('_error_ fixtures', () => {
  it('has error fixtures, and the CLI exits 1 for them without printing ASL', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(json.code).toBe(1);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe('');
  });

  it('never prints a stack trace', () => {
    expect(text.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(text.stderr).not.toContain('internal error');
  });

  it.each(cases)('%s is rejected with its code and location', (name) => {
    const file = fileOf(name);
    const expected = readFileSync(join(ERRORS, name, 'expected.txt'), 'utf8').trim().split('\n');
    const result = JSON.parse(json.stdout) as { ok: boolean; workflows: { file: string; ok: boolean; diagnostics: Found[] }[] };
    const entry = result.workflows.find((w) => w.file === file);
    expect(entry?.ok).toBe(false);
    // Warnings (e.g. unbounded sizes) may accompany the error; the fixture pins the errors.
    const found = entry!.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.loc?.line}:${d.loc?.column}`);
    expect(found).toEqual(expected);
    for (const d of entry!.diagnostics) expect(d.loc?.file).toBe(file);
    // The terminal rendering names the code and location and shows a code frame.
    const [code, at] = expected[0]!.split(' ');
    const block = text.stderr.split('\n\n').find((b) => b.includes(`${file}:${at}`));
    expect(block).toContain(`error[${code}]`);
    expect(block).toMatch(/> +\d+ \|/);
  });
});
