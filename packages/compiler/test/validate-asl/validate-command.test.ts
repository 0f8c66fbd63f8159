import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runValidate, type ValidateCommandOptions } from '../../../cli/src/commands/validate.js';

let cwd: string;
const GOOD = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }, null, 2);
const BAD = '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "Next": "B" }\n  }\n}\n';
const TEMPLATED = '{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": ${delay}, "End": true}}}';

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'agentflow-validate-'));
  mkdirSync(join(cwd, 'sm dir'));
  writeFileSync(join(cwd, 'good.asl.json'), GOOD);
  writeFileSync(join(cwd, 'sm dir', 'bad.asl.json'), BAD);
  writeFileSync(join(cwd, 'templated.asl.json'), TEMPLATED);
});

async function run(paths: string[], options: Partial<ValidateCommandOptions> = {}, stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await runValidate(paths, { format: 'text', strict: false, ...options }, {
    cwd,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: async () => stdin,
  });
  return { code, stdout, stderr };
}

describe('agentflow validate', () => {
  it('exits 0 for valid files and says so', async () => {
    const { code, stdout, stderr } = await run(['good.asl.json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe('1 file valid: 0 errors, 0 warnings\n');
  });

  it('prints file:line:col, severity, code, message and hint; exits 1 on errors', async () => {
    const { code, stdout } = await run(['good.asl.json', join('sm dir', 'bad.asl.json')]);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`${join('sm dir', 'bad.asl.json')}:4:36  error  MISSING_TRANSITION_TARGET  Next of state "A" names "B", which is not a state in the state machine.`);
    expect(lines[1]).toMatch(/^ {4}hint: /);
    expect(lines.at(-2)).toBe('1 of 2 files invalid: 1 error, 0 warnings');
  });

  it('reads standard input for -', async () => {
    const { code, stdout } = await run(['-'], {}, BAD);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^<stdin>:4:36 {2}error {2}MISSING_TRANSITION_TARGET/);
  });

  it('accepts placeholders, and rejects them with --strict', async () => {
    expect((await run(['templated.asl.json'])).code).toBe(0);
    const strict = await run(['templated.asl.json'], { strict: true });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('templated.asl.json:1:62  error  UNRESOLVED_PLACEHOLDER  Unresolved placeholder ${delay}.');
  });

  it('treats missing files and directories as usage errors, before any output', async () => {
    const missing = await run(['good.asl.json', 'nope.json', 'sm dir']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('cannot read nope.json: no such file');
    expect(missing.stderr).toContain('sm dir is a directory');
    expect((await run([])).code).toBe(2);
    expect((await run(['-', '-'])).code).toBe(2);
    expect((await run(['good.asl.json'], { format: 'xml' as never })).code).toBe(2);
  });

  it('prints JSON with per-file verdicts', async () => {
    const { code, stdout } = await run(['good.asl.json', join('sm dir', 'bad.asl.json')], { format: 'json' });
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.summary).toEqual({ files: 2, invalid: 1, errors: 1, warnings: 0, notes: 0 });
    expect(report.files[1]).toMatchObject({ file: join('sm dir', 'bad.asl.json'), valid: false, errors: 1 });
    expect(report.files[1].diagnostics[0]).toMatchObject({ code: 'MISSING_TRANSITION_TARGET', pointer: '/States/A/Next', loc: { line: 4, column: 36 } });
  });

  it('prints SARIF 2.1.0 that code scanning can ingest', async () => {
    const { code, stdout } = await run([join('sm dir', 'bad.asl.json')], { format: 'sarif' });
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const run0 = sarif.runs[0];
    expect(run0.tool.driver.name).toBe('agentflow');
    const ruleIds = run0.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toContain('MISSING_TRANSITION_TARGET');
    for (const rule of run0.tool.driver.rules) {
      expect(rule.shortDescription.text).toBeTruthy();
      expect(rule.help.text).toBeTruthy();
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
    }
    const result = run0.results[0];
    expect(result).toMatchObject({ ruleId: 'MISSING_TRANSITION_TARGET', level: 'error' });
    expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'sm%20dir/bad.asl.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 4, startColumn: 36 },
    });
    expect(result.message.text).toMatch(/Hint: /);
  });
});
