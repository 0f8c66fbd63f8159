import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureCases, ROOT, runCliProcess, type CliRun, type FoundDiagnostic } from './run-cli.js';

const WARNINGS = join(ROOT, 'fixtures', '_warning_');
const { cases, fileOf } = fixtureCases('_warning_');
type Found = FoundDiagnostic;

// Programs that compile but very likely do not do what their author meant: the CLI compiles them (exit 0) and says
// why, at the user's line. One real CLI process for the JSON answer and one for the terminal rendering.
let json: CliRun;
let text: CliRun;
beforeAll(async () => {
  const args = ['compile', ...cases.map(fileOf), '--config', 'fixtures/agentflow.config.yaml'];
  [json, text] = await Promise.all([runCliProcess([...args, '--json']), runCliProcess(args)]);
});

describe('_warning_ fixtures', () => {
  it('has warning fixtures, and the CLI compiles them (exit 0)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(2);
    expect(json.code).toBe(0);
    expect(text.code).toBe(0);
    expect(text.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it.each(cases)('%s compiles with its warnings, located', (name) => {
    const file = fileOf(name);
    const expected = readFileSync(join(WARNINGS, name, 'expected.txt'), 'utf8').trim().split('\n');
    const result = JSON.parse(json.stdout) as { workflows: { file: string; ok: boolean; definition?: unknown; diagnostics: Found[] }[] };
    const entry = result.workflows.find((w) => w.file === file);
    expect(entry?.ok).toBe(true);
    expect(entry?.definition).toBeDefined();
    const found = entry!.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.severity === 'warning' ? '' : `${d.severity}:`}${d.code} ${d.loc?.line}:${d.loc?.column}`);
    expect(found).toEqual(expected);
    for (const d of entry!.diagnostics) expect(d.loc?.file).toBe(file);
    // The terminal rendering names the code and location, shows a code frame and a hint.
    for (const line of expected) {
      const [code, at] = line.split(' ');
      const block = text.stderr.split('\n\n').find((b) => b.includes(`warning[${code}]`) && b.includes(`${file}:${at}`));
      expect(block).toMatch(/> +\d+ \|/);
      expect(block).toContain('= hint: ');
    }
  });
});
