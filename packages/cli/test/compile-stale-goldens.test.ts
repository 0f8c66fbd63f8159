import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCliProcess } from './run-cli.js';

// Inside the repository, so that the workflows import '@agentflow/dsl' and 'zod' as the seed workflows do.
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const temp = mkdtempSync(join(ROOT, '.tmp', 'stale-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('compile --check finds golden files whose workflow is gone (real CLI process)', () => {
  it('reports each stale file of a compiled directory, exits 1, and leaves other files and single-file runs alone', async () => {
    const source = join(temp, 'workflows');
    const goldens = join(temp, 'goldens');
    mkdirSync(source);
    for (const name of ['sequential', 'parallel']) cpSync(join(ROOT, 'workflows', `${name}.ts`), join(source, `${name}.ts`));
    const [src, out] = [relative(ROOT, source), relative(ROOT, goldens)];
    expect((await runCliProcess(['compile', src, '--out', out, '--report'])).code).toBe(0);
    // The goldens of a workflow deleted since, and files --out does not own.
    for (const file of ['retired.asl.json', 'retired.iam.json', 'retired.report.txt']) writeFileSync(join(goldens, file), '{}\n');
    writeFileSync(join(goldens, 'README.md'), 'goldens\n');
    writeFileSync(join(goldens, 'notes.json'), '{}\n');

    const check = await runCliProcess(['compile', src, '--out', out, '--report', '--check']);
    for (const file of ['retired.asl.json', 'retired.iam.json', 'retired.report.txt']) {
      expect(check.stderr).toContain(`error[stale-golden-file]: ${join(out, file)} belongs to no workflow in ${src}: no workflow is named 'retired'`);
      expect(check.stderr).toContain(`= hint: Delete ${join(out, file)}, or restore the workflow named 'retired'.`);
    }
    expect(check.stderr).not.toContain('README.md');
    expect(check.stderr).not.toContain('notes.json');
    expect(check.stderr).toContain('3 golden file(s) out of date');
    expect(check.code).toBe(1);

    // Without --report the run does not produce reports, so a report is not taken for a stale file.
    const noReport = await runCliProcess(['compile', src, '--out', out, '--check', '--json']);
    const stale = (JSON.parse(noReport.stdout) as { ok: boolean; diagnostics: { code: string; message: string }[] }).diagnostics;
    expect(stale.map((d) => `${d.code} ${d.message.split(' ')[0]}`)).toEqual([`stale-golden-file ${join(out, 'retired.asl.json')}`, `stale-golden-file ${join(out, 'retired.iam.json')}`]);
    expect(noReport.code).toBe(1);

    // One file named: the other goldens may belong to workflows not compiled in this run.
    const single = await runCliProcess(['compile', join(src, 'sequential.ts'), '--out', out, '--report', '--check']);
    expect(single.stderr).toContain('golden files up to date');
    expect(single.stderr).not.toContain('stale-golden-file');
    expect(single.code).toBe(0);
  });
});
