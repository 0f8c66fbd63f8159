import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCliProcess } from './run-cli.js';

// Inside the repository, so that the files import '@agentflow/dsl' and 'zod' as the fixtures do.
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const temp = mkdtempSync(join(ROOT, '.tmp', 'modules-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const CONFIG = ['--config', 'fixtures/agentflow.config.yaml'];
const WORKFLOW = (name: string) =>
  `import { workflow } from '@agentflow/dsl';\nimport { z } from 'zod';\nimport { label } from './shared.js';\n\nexport default workflow('${name}', { input: z.object({}) }, (flow) => flow.succeed(label));\n`;
const SHARED = "export const label = 'done';\nexport type Label = typeof label;\n";
// No workflow imports it, and it throws when it runs: skipping it without importing is what keeps the directory compiling.
const UNUSED = "if (process.env['NEVER_SET_BY_ANYONE'] === undefined) throw new Error('schemas.ts was imported to be skipped');\nexport const schemaVersion = 1;\n";

/** A directory of files (name → source); returns its path relative to the repository root. */
function directory(name: string, files: Record<string, string>): string {
  const dir = join(temp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, source] of Object.entries(files)) writeFileSync(join(dir, file), source);
  return relative(ROOT, dir);
}

interface Report {
  ok: boolean;
  workflows: { file: string; ok: boolean; diagnostics: { code: string; severity: string }[] }[];
  skipped: { file: string; reason: string }[];
}

describe('compile <dir> with modules beside the workflows (real CLI process)', () => {
  it('skips a file with no default export, without running it, and lists it only with --verbose and in --json', async () => {
    const dir = directory('shared-beside', { 'shared.ts': SHARED, 'schemas.ts': UNUSED, 'a.ts': WORKFLOW('mod-a'), 'b.ts': WORKFLOW('mod-b') });
    const json = await runCliProcess(['compile', dir, '--json', ...CONFIG]);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.ok).toBe(true);
    expect(report.workflows.map((w) => w.file)).toEqual([join(dir, 'a.ts'), join(dir, 'b.ts')]);
    expect(report.skipped).toEqual([
      { file: join(dir, 'schemas.ts'), reason: 'no-default-export' },
      { file: join(dir, 'shared.ts'), reason: 'no-default-export' },
    ]);
    expect(json.stderr).not.toContain('schemas.ts');
    expect(json.code).toBe(0);

    const verbose = await runCliProcess(['compile', dir, '--out', join(dir, 'out'), '--verbose', ...CONFIG]);
    expect(verbose.stderr).toContain(`skipped ${join(dir, 'schemas.ts')}: no default export (a module, not a workflow)\n`);
    expect(verbose.stderr).toContain(`skipped ${join(dir, 'shared.ts')}: no default export (a module, not a workflow)\n`);
    expect(verbose.stderr).toContain('2/2 workflow(s) compiled, 0 error(s)');
    expect(verbose.code).toBe(0);
  });

  it('keeps a default export that is not a workflow an error, and a file named on the command line must be a workflow', async () => {
    const dir = directory('wrong-default', { 'shared.ts': "export const label = 'done';\n", 'a.ts': WORKFLOW('wrong-a'), 'config.ts': 'export default { retries: 3 };\n' });
    const run = await runCliProcess(['compile', dir, join(dir, 'shared.ts'), '--json', ...CONFIG]);
    const report = JSON.parse(run.stdout) as Report;
    const codes = Object.fromEntries(report.workflows.map((w) => [w.file, w.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)]));
    expect(codes).toEqual({ [join(dir, 'a.ts')]: [], [join(dir, 'config.ts')]: ['not-a-workflow'], [join(dir, 'shared.ts')]: ['missing-default-export'] });
    expect(report.skipped).toEqual([]);
    expect(run.code).toBe(1);
  });

  it('decides by importing when the syntax cannot tell (CommonJS): a module.exports object is a default export', async () => {
    const files = { 'package.json': '{ "type": "commonjs" }\n', 'a.ts': WORKFLOW('cjs-a'), 'shared.ts': SHARED, 'legacy.ts': 'module.exports = { retries: 3 };\n' };
    const dir = directory('commonjs', files);
    const run = await runCliProcess(['compile', dir, '--json', ...CONFIG]);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.workflows.find((w) => w.file.endsWith('legacy.ts'))?.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['not-a-workflow']);
    expect(report.workflows.find((w) => w.file.endsWith('a.ts'))?.ok).toBe(true);
    expect(report.skipped.map((s) => s.file)).toEqual([join(dir, 'shared.ts')]);
    expect(run.code).toBe(1);
  });

  it('a directory whose files are all modules is a usage error: a CI job never passes on nothing', async () => {
    const dir = directory('only-modules', { 'agents.ts': "export const a = 1;\n", 'schemas.ts': "export const b = 2;\n" });
    const run = await runCliProcess(['compile', dir, '--out', join(dir, 'out'), '--check', ...CONFIG]);
    expect(run.stderr).toContain(`error: No workflow in ${dir}: none of its 2 file(s) has a default export`);
    expect(run.stderr).toContain('hint: A workflow file ends with `export default workflow(...)`');
    expect(run.code).toBe(2);
  });
});
