import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from './run-cli.js';

// Every file a user names is read by one bounded reader (packages/compiler/src/files/read-bounded.ts): these run
// the real CLI, because hanging on a FIFO or filling memory from /dev/zero are whole-process behaviours.

let dir: string;
let fifo: string;
const BAD = '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "Next": "B" }\n  }\n}\n';

/** StartAt, then `n` Succeed states nothing leads to: one UNREACHABLE_STATE error each. */
function unreachable(n: number): string {
  const states: Record<string, unknown> = { Start: { Type: 'Succeed' } };
  for (let i = 1; i <= n; i++) states[`S${i}`] = { Type: 'Succeed' };
  return JSON.stringify({ StartAt: 'Start', States: states });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentflow-bounded-'));
  fifo = join(dir, 'pipe.asl.json');
  execFileSync('mkfifo', [fifo]);
  // Sparse: 50 MB by fstat, no disk used; the CLI must decide from the size without reading it.
  writeFileSync(join(dir, 'huge.asl.json'), '');
  truncateSync(join(dir, 'huge.asl.json'), 50 * 1024 * 1024);
  // Just over 1 MB but under the read limit: validated whole, so the size rule reports the exact byte count.
  const padded = JSON.stringify({ Comment: 'x'.repeat(1_050_000), StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } });
  writeFileSync(join(dir, 'over-1mb.asl.json'), padded);
  writeFileSync(join(dir, 'many.asl.json'), unreachable(500));
  writeFileSync(join(dir, 'bad.asl.json'), BAD);
  writeFileSync(join(dir, 'good.asl.json'), JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }));
});

describe('validate reads bounded input', () => {
  it('refuses a character device without reading it', async () => {
    const run = await runCliProcess(['validate', '/dev/zero']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('error: cannot read /dev/zero: it is a character device, not a regular file\n');
  });

  it('refuses a FIFO instead of waiting for a writer', async () => {
    const run = await runCliProcess(['validate', fifo, 'bad.asl.json'], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`error: cannot read ${fifo}: it is a FIFO (named pipe), not a regular file`);
  });

  it('reports a file over the read limit as DEFINITION_TOO_LARGE at 1:1, from its size alone', async () => {
    const run = await runCliProcess(['validate', 'huge.asl.json', 'bad.asl.json', '--format', 'json'], dir);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { files: { file: string; diagnostics: { code: string; message: string; loc: unknown }[] }[] };
    expect(report.files[0]!.diagnostics).toHaveLength(1);
    expect(report.files[0]!.diagnostics[0]).toMatchObject({ code: 'DEFINITION_TOO_LARGE', loc: { file: 'huge.asl.json', line: 1, column: 1 } });
    expect(report.files[0]!.diagnostics[0]!.message).toMatch(/^The definition is 52,428,800 bytes; the limit is 1,048,576 bytes \(1 MB\)\. It was not read/);
    // The other file is still checked.
    expect(report.files[1]!.diagnostics.map((d) => d.code)).toEqual(['MISSING_TRANSITION_TARGET']);
  });

  it('still checks a file a little over 1 MB whole', async () => {
    const run = await runCliProcess(['validate', 'over-1mb.asl.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('DEFINITION_TOO_LARGE  The definition is 1,050,070 bytes');
    expect(run.stdout).toContain('MISSING_TRANSITION_TARGET');
  });

  it('stops reading standard input at the limit (validate - < /dev/zero)', async () => {
    const run = await runCliProcess(['validate', '-'], dir, { file: '/dev/zero' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('<stdin>:1:1  error  DEFINITION_TOO_LARGE  The definition is more than 1,114,112 bytes');
  });

  it('still reads a definition from standard input', async () => {
    const run = await runCliProcess(['validate', '-'], dir, { input: BAD });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^<stdin>:4:36 {2}error {2}MISSING_TRANSITION_TARGET/);
  });
});

describe('validate caps the findings listed per file', () => {
  it('lists 200 by default, then how many more, in text, json and sarif; counts and exit code cover all', async () => {
    const text = await runCliProcess(['validate', 'many.asl.json'], dir);
    expect(text.code).toBe(1);
    expect(text.stdout.match(/ error {2}UNREACHABLE_STATE /g)).toHaveLength(200);
    expect(text.stdout).toContain('many.asl.json:1:1  info  FINDINGS_NOT_SHOWN  300 more findings not shown (300 errors); the first 200 are listed.');
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('1 of 1 file invalid: 500 errors, 0 warnings');

    const json = JSON.parse((await runCliProcess(['validate', 'many.asl.json', '--format', 'json'], dir)).stdout);
    expect(json.files[0].errors).toBe(500);
    expect(json.files[0].diagnostics).toHaveLength(201);
    expect(json.files[0].diagnostics[200]).toMatchObject({ code: 'FINDINGS_NOT_SHOWN', severity: 'info' });

    const sarif = JSON.parse((await runCliProcess(['validate', 'many.asl.json', '--format', 'sarif'], dir)).stdout);
    const results = sarif.runs[0].results as { ruleId: string; level: string; ruleIndex?: number }[];
    expect(results).toHaveLength(201);
    expect(results[200]).toMatchObject({ ruleId: 'FINDINGS_NOT_SHOWN', level: 'note' });
    expect(sarif.runs[0].tool.driver.rules[results[200]!.ruleIndex!].id).toBe('FINDINGS_NOT_SHOWN');
  });

  it('--max-diagnostics N lists N; 0 lists all; anything else is a usage error', async () => {
    const five = await runCliProcess(['validate', 'many.asl.json', '--max-diagnostics', '5', '--format', 'json'], dir);
    expect(JSON.parse(five.stdout).files[0].diagnostics.map((d: { code: string }) => d.code)).toEqual([...Array(5).fill('UNREACHABLE_STATE'), 'FINDINGS_NOT_SHOWN']);
    const all = await runCliProcess(['validate', 'many.asl.json', '--max-diagnostics', '0', '--format', 'json'], dir);
    expect(JSON.parse(all.stdout).files[0].diagnostics).toHaveLength(500);
    const bad = await runCliProcess(['validate', 'many.asl.json', '--max-diagnostics', '-1'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--max-diagnostics must be a whole number, not '-1'");
  });
});

describe('the other files the CLI reads are bounded too', () => {
  it('run --input refuses a device, and stops reading standard input at the limit', async () => {
    const device = await runCliProcess(['run', 'good.asl.json', '--input', '/dev/zero'], dir);
    expect(device.code).toBe(2);
    expect(device.stderr).toContain('/dev/zero (--input) is a character device, not a file.');
    const stdin = await runCliProcess(['run', 'good.asl.json', '--input', '-'], dir, { file: '/dev/zero' });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('Cannot read the input from standard input: it holds more than 1,114,112 bytes, the limit.');
  });

  it('run --mocks and --config refuse a FIFO', async () => {
    const mocks = await runCliProcess(['run', 'good.asl.json', '--mocks', fifo], dir);
    expect(mocks.code).toBe(2);
    expect(mocks.stderr).toContain('(--mocks) is a FIFO (named pipe), not a file.');
    const config = await runCliProcess(['compile', 'workflows/sequential.ts', '--config', fifo]);
    expect(config.code).toBe(2);
    expect(config.stderr).toContain(`Cannot read --config ${fifo}: it is a FIFO (named pipe), not a regular file.`);
  });

  it('a config over the limit is config-too-large, from its size alone', async () => {
    const run = await runCliProcess(['compile', 'workflows/sequential.ts', '--config', join(dir, 'huge.asl.json'), '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { diagnostics?: { code: string; message: string }[]; workflows: unknown[] };
    const found = JSON.stringify(report);
    expect(found).toContain('config-too-large');
    expect(found).toContain('it is 52,428,800 bytes, over the limit of 1,114,112 bytes');
  });
});
