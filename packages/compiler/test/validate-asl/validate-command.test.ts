import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { boundedText } from '../../src/index.js';
import { runValidate, type ValidateCommandOptions } from '../../../cli/src/commands/validate.js';

let cwd: string;
const GOOD = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }, null, 2);
const BAD = '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "Next": "B" }\n  }\n}\n';
const TEMPLATED = '{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": ${delay}, "End": true}}}';

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'agentflow-validate-'));
  mkdirSync(join(cwd, 'sm dir'));
  mkdirSync(join(cwd, 'empty dir'));
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
    readStdin: async (limit) => boundedText(stdin, limit),
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

  it('treats missing files and directories without definitions as usage errors, before any output', async () => {
    const missing = await run(['good.asl.json', 'nope.json', 'empty dir']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('cannot read nope.json: no such file');
    expect(missing.stderr).toContain('no *.asl.json files in empty dir');
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

describe('agentflow validate: validator fidelity (issue 10, items 13 to 15)', () => {
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  const fixture = (path: string) => join(root, 'fixtures', path);

  it('does not report loops bounded by a counter in the compiled goldens', async () => {
    const goldens = ['workflows/research-report.asl.json', 'approval-loop/approval-loop.asl.json', 'choice-in-loop/choice-in-loop.asl.json'].map(fixture);
    const { code, stdout } = await run(goldens);
    expect(code).toBe(0);
    expect(stdout).toBe('3 files valid: 0 errors, 0 warnings\n');
  });

  it('does not report a hand-written loop bounded by $count < 3', async () => {
    const { code, stdout } = await run([fixture('asl-corpus/valid/jsonata-counter-bounded-poll.asl.json')]);
    expect(code).toBe(0);
    expect(stdout).toBe('1 file valid: 0 errors, 0 warnings\n');
  });

  it('reports a polling loop nothing bounds', async () => {
    const { code, stdout } = await run([fixture('asl-corpus/valid/crawler-polling-loop.asl.json')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/:\d+:\d+ {2}warning {2}UNBOUNDED_LOOP {2}The loop "WaitForCrawler"/);
  });

  it('rejects ?? and ?:, which the JSONata version Step Functions runs does not have', async () => {
    const { code, stdout } = await run(['coalescing-operator', 'elvis-operator'].map((name) => fixture(`asl-corpus/invalid/invalid-jsonata--${name}.asl.json`)));
    expect(code).toBe(1);
    expect(stdout.match(/:8:\d+ {2}error {2}INVALID_JSONATA /g)).toHaveLength(2);
    expect(stdout).toContain('hint: Step Functions runs JSONata 2.0, which has no ?? or ?: operators');
  });

  it('rejects escapes other than \\\' \\{ \\} \\\\ in intrinsic string arguments', async () => {
    const files = ['tab-in-format', 'backslash-letter-in-assign'].map((name) => fixture(`asl-corpus/invalid/invalid-intrinsic-escape--${name}.asl.json`));
    const { code, stdout } = await run(files);
    expect(code).toBe(1);
    expect(stdout).toMatch(/tab-in-format\.asl\.json:7:19 {2}error {2}INVALID_INTRINSIC_ESCAPE {2}.*"\\t" is not an escape/);
    expect(stdout).toMatch(/backslash-letter-in-assign\.asl\.json:7:21 {2}error {2}INVALID_INTRINSIC_ESCAPE {2}.*"\\U" is not an escape/);
    expect(stdout).toContain('2 of 2 files invalid: 2 errors, 0 warnings');
  });

  it('rejects literal Wait timestamps that are not RFC 3339 in JSONata states', async () => {
    const files = ['jsonata-state-date-only', 'jsonata-constant-expression'].map((name) => fixture(`asl-corpus/invalid/invalid-timestamp--${name}.asl.json`));
    const { code, stdout } = await run(files);
    expect(code).toBe(1);
    expect(stdout).toMatch(/date-only\.asl\.json:7:20 {2}error {2}INVALID_TIMESTAMP {2}Timestamp of state "Until launch" "2026-03-01" is not an RFC 3339 timestamp/);
    expect(stdout).toMatch(/constant-expression\.asl\.json:7:20 {2}error {2}INVALID_TIMESTAMP .*it always yields "2026-03-01 09:00"/);
  });
});
