import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from './run-cli.js';

// Directories and --files-from replace command lines too long to start (`validate $(6000 files)`: spawn E2BIG).

let dir: string;
const GOOD = (n: number) => JSON.stringify({ Comment: `definition ${n}`, StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
const BAD = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } });
const MANY = 6000;

type Report = { files: { file: string; valid: boolean }[]; summary: { files: number; invalid: number } };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentflow-lists-'));
  for (const sub of ['defs', 'defs/nested', 'defs/.hidden', 'defs/node_modules', 'many', 'empty']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'defs/b.asl.json'), GOOD(1));
  writeFileSync(join(dir, 'defs/B.asl.json'), BAD);
  writeFileSync(join(dir, 'defs/nested/a.asl.json'), GOOD(2));
  writeFileSync(join(dir, 'defs/package.json'), '{"name": "not a state machine"}');
  writeFileSync(join(dir, 'defs/.hidden/c.asl.json'), BAD);
  writeFileSync(join(dir, 'defs/node_modules/d.asl.json'), BAD);
  const names: string[] = [];
  for (let i = 0; i < MANY; i++) {
    const name = join('many', `${i}.asl.json`);
    writeFileSync(join(dir, name), GOOD(i));
    names.push(name);
  }
  // Reverse order and one duplicate: the run sorts by code point and drops it.
  writeFileSync(join(dir, 'many.txt'), `# ${MANY} generated definitions\n\n${[...names].reverse().join('\n')}\n${names[0]}\n`);
  writeFileSync(join(dir, 'list.txt'), '# definitions\ndefs/nested/a.asl.json\n\n  defs/b.asl.json  \r\ndefs/B.asl.json\n');
  writeFileSync(join(dir, 'missing.txt'), 'defs/b.asl.json\n# next line is wrong\ndefs/nope.asl.json\n');
});

describe('validate <dir>', () => {
  it('validates the *.asl.json files below it by code point, skipping hidden directories and node_modules', async () => {
    const run = await runCliProcess(['validate', 'defs', '--format', 'json'], dir);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.files.map((f) => [f.file, f.valid])).toEqual([
      [join('defs', 'B.asl.json'), false],
      [join('defs', 'b.asl.json'), true],
      [join('defs', 'nested', 'a.asl.json'), true],
    ]);
  });

  it('is a usage error when it holds no definition', async () => {
    const run = await runCliProcess(['validate', 'empty'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: no *.asl.json files in empty');
  });
});

describe('validate --files-from', () => {
  it('reads one path per line, skipping blank lines and # comments, in code point order', async () => {
    const run = await runCliProcess(['validate', '--files-from', 'list.txt', '--format', 'json'], dir);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as Report).files.map((f) => f.file)).toEqual([join('defs', 'B.asl.json'), join('defs', 'b.asl.json'), join('defs', 'nested', 'a.asl.json')]);
  });

  it('reads the list from standard input with -, after the files on the command line', async () => {
    const run = await runCliProcess(['validate', 'defs/nested/a.asl.json', '--files-from', '-', '--format', 'json'], dir, { input: 'defs/b.asl.json\ndefs/nested/a.asl.json\n' });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Report).files.map((f) => f.file)).toEqual([join('defs', 'nested', 'a.asl.json'), join('defs', 'b.asl.json')]);
  });

  it('names the line of a missing file, and prints no report', async () => {
    const run = await runCliProcess(['validate', '--files-from', 'missing.txt'], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('error: cannot read defs/nope.asl.json (missing.txt:3): no such file\n');
  });

  it(`validates a list of ${MANY.toLocaleString('en-US')} files in one process`, async () => {
    const run = await runCliProcess(['validate', '--files-from', 'many.txt', '--format', 'json'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.summary).toMatchObject({ files: MANY, invalid: 0 });
    const files = report.files.map((f) => f.file);
    // Code point order: "many/10.asl.json" before "many/2.asl.json".
    expect(files.slice(0, 3)).toEqual(['0', '1', '10'].map((n) => join('many', `${n}.asl.json`)));
    expect(new Set(files).size).toBe(MANY);
  });

  it('cannot read both the list and a definition from standard input', async () => {
    const run = await runCliProcess(['validate', '-', '--files-from', '-'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"-" (standard input) can be given only once');
  });
});

describe('compile --files-from', () => {
  it('compiles the listed workflows, and names the line of a missing one', async () => {
    const list = join(dir, 'workflows.txt');
    writeFileSync(list, '# seed workflows\nworkflows/sequential.ts\nworkflows/parallel.ts\n');
    const run = await runCliProcess(['compile', '--files-from', list, '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { workflows: { file: string; ok: boolean }[] };
    expect(result.workflows.map((w) => [w.file, w.ok])).toEqual([
      [join('workflows', 'parallel.ts'), true],
      [join('workflows', 'sequential.ts'), true],
    ]);
    writeFileSync(list, 'workflows/sequential.ts\nworkflows/nope.ts\n');
    const missing = await runCliProcess(['compile', '--files-from', list]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`No such file or directory: workflows/nope.ts (${list}:2)`);
  });
});
