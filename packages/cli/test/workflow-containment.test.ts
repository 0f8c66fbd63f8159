import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCliProcess, type FoundDiagnostic } from './run-cli.js';

// Inside the repository, so that the files import '@agentflow/dsl' and 'zod' as the fixtures do.
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const temp = mkdtempSync(join(ROOT, '.tmp', 'containment-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const HEADER = "import { workflow } from '@agentflow/dsl';\nimport { z } from 'zod';\n\n";
const EXPORT = "export default workflow('contained', { input: z.object({}) }, (flow) => flow.succeed('done'));\n";
const CONFIG = ['--config', 'fixtures/agentflow.config.yaml'];
const GOOD = 'fixtures/map-basic/workflow.ts';
// A short limit keeps the hanging cases quick; loading and building a fixture takes far less.
const FAST = ['--time-limit', '3'];

/** Writes a workflow file whose code starts on line 4 (after the imports and a blank line); returns its path as shown. */
function workflowFile(name: string, code: string): string {
  const file = join(temp, `${name}.ts`);
  writeFileSync(file, `${HEADER}${code}`);
  return relative(ROOT, file);
}

type Report = { workflows: { file: string; ok: boolean; diagnostics: FoundDiagnostic[] }[] };

/** Runs compile through the real process and checks what every contained failure must look like. */
async function compile(args: readonly string[]) {
  const run = await runCliProcess(['compile', ...args, ...CONFIG]);
  expect(run.stderr).not.toContain('internal error');
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return run;
}

function errorsOf(run: { stdout: string }, file: string): string[] {
  const entry = (JSON.parse(run.stdout) as Report).workflows.find((w) => w.file === file)!;
  return entry.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.loc?.file}:${d.loc?.line}:${d.loc?.column}`);
}

describe('workflow code is contained (real CLI process)', () => {
  it('stops an endless loop at import time and points at the loop', async () => {
    const file = workflowFile('loop-at-import', `let n = 0;\nwhile (true) {\n  n++;\n}\n${EXPORT}`);
    const run = await compile([file, ...FAST]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error[workflow-timed-out]: Loading the workflow module did not finish within 3 s');
    expect(run.stderr).toContain(`${file}:5:1`);
    expect(run.stderr).toContain('--time-limit');
  });

  it('stops an endless loop in a body, reports the building phase, and compiles the next file', async () => {
    const file = workflowFile('loop-in-body', "export default workflow('loop-in-body', { input: z.object({}) }, (flow) => {\n  for (;;) {}\n  flow.succeed('done');\n});\n");
    const run = await compile([file, GOOD, '--json', ...FAST]);
    expect(run.code).toBe(1);
    expect(errorsOf(run, file)).toEqual([`workflow-timed-out ${file}:5:3`]);
    expect(run.stdout).toContain('Building the workflow (running its body) did not finish within 3 s');
    expect((JSON.parse(run.stdout) as Report).workflows.find((w) => w.file === GOOD)?.ok).toBe(true);
  });

  it('reports a top-level await that can never settle, without waiting for the time limit', async () => {
    const file = workflowFile('never-settles', `await new Promise(() => {});\n${EXPORT}`);
    const started = Date.now();
    const run = await compile([file, '--time-limit', '120']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error[workflow-never-settled]');
    expect(run.stderr).toContain(`${file}:4:1`);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('exits after the run although module code left an interval running; the other workflows compile', async () => {
    const leaky = workflowFile('leaky-interval', `setInterval(() => {}, 10);\n${EXPORT.replace("'contained'", "'leaky-interval'")}`);
    const out = mkdtempSync(join(temp, 'out-'));
    const loop = workflowFile('loop-beside-leak', `for (;;) {}\n${EXPORT}`);
    const run = await compile([leaky, loop, GOOD, '--out', out, ...FAST]);
    // runCliProcess resolves only when the process has exited: a kept-alive CLI would fail this test by its timeout.
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('2/3 workflow(s) compiled');
    expect(run.stderr).toContain(`error[workflow-timed-out]`);
    expect(run.stderr).toContain(`${loop}:4:1`);
    // One workflow failed, so the run's set is not written (see docs/build-time.md); the leaky one compiled all the same.
    expect(run.stderr).toContain(`Nothing was written to ${out}`);
    expect(existsSync(join(out, 'map-basic.asl.json'))).toBe(false);
    const alone = await compile([leaky, GOOD, '--out', out]);
    expect(alone.code).toBe(0);
    expect(existsSync(join(out, 'leaky-interval.asl.json'))).toBe(true);
    expect(existsSync(join(out, 'map-basic.asl.json'))).toBe(true);
  });

  it('run exits when the execution is done, although the workflow left an interval running', async () => {
    const leaky = workflowFile('leaky-run', `setInterval(() => {}, 10);\n${EXPORT}`);
    const input = join(temp, 'empty-input.json');
    writeFileSync(input, '{}');
    // runCliProcess resolves only when the process has exited: a kept-alive CLI would fail this test by its timeout.
    const run = await runCliProcess(['run', leaky, '--input', relative(ROOT, input), ...CONFIG]);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('SUCCEEDED');
  });

  it('stops a runaway allocation at the memory limit instead of aborting', async () => {
    const file = workflowFile('allocates', `const kept: number[][] = [];\nfor (;;) kept.push(new Array(1e6).fill(1));\n${EXPORT}`);
    const run = await compile([file, GOOD, '--memory-limit', '256', '--json']);
    expect(run.code).toBe(1);
    expect(errorsOf(run, file)).toEqual([`workflow-out-of-memory ${file}:1:1`]);
    expect(run.stdout).toContain('used more than 256 MiB of memory');
    expect((JSON.parse(run.stdout) as Report).workflows.find((w) => w.file === GOOD)?.ok).toBe(true);
  });

  it('rejects a Proxy as the default export, whichever traps throw', async () => {
    const onGet = workflowFile('proxy-get', "export default new Proxy({}, { get() { throw new Error('boom'); } });\n");
    const onHas = workflowFile('proxy-has', "export default new Proxy({}, {\n  has() { throw new Error('boom'); },\n  getPrototypeOf() { throw new Error('boom'); },\n});\n");
    const run = await compile([onGet, onHas, '--json']);
    expect(run.code).toBe(1);
    expect(errorsOf(run, onGet)).toEqual([`not-a-workflow ${onGet}:4:1`]);
    // Loading the module already asks the Proxy (module interop tests `in`): a located load error, not a crash.
    expect(errorsOf(run, onHas)).toHaveLength(1);
    expect(errorsOf(run, onHas)[0]).toMatch(new RegExp(`^(not-a-workflow|workflow-load-failed) ${onHas.replace(/[.]/g, '\\.')}:\\d+:\\d+$`));
  });

  it('refuses a time limit that is not a positive number', async () => {
    const run = await runCliProcess(['compile', GOOD, '--time-limit', 'soon', ...CONFIG]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--time-limit must be a positive number of seconds");
  });
});
