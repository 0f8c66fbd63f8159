import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundedText } from '@agentflow/compiler';
import { main, type Io } from '../src/index.js';
import { ROOT, runCliProcess, type CliRun } from './run-cli.js';

const RUN = 'fixtures/run';
const tmp = () => mkdtempSync(join(tmpdir(), 'agentflow-run-'));
const RESEARCH = ['run', 'workflows/research-report.ts', '--input', `${RUN}/research-report.input.json`];

/** Runs the CLI in-process (cheaper than a process) with the given standard input. */
async function runIn(args: readonly string[], stdin = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd: ROOT, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async (limit) => boundedText(stdin, limit) };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** No stack frame, no internal error: every failure the user can cause is a message. */
function expectNoStack(run: CliRun): void {
  expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(run.stderr).not.toContain('internal error');
}

/**
 * `agentflow run --trace` output, byte for byte, in fixtures/run/<name>.trace.txt.
 * After an intended change, regenerate with UPDATE_GOLDENS=1 and review every line of the diff.
 */
function expectGolden(name: string, text: string): void {
  const file = join(ROOT, RUN, `${name}.trace.txt`);
  if (process.env['UPDATE_GOLDENS'] === '1') writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('agentflow run', () => {
  it('runs research-report with a mocks file: one rejection, one revision, approval (golden trace)', async () => {
    const run = await runCliProcess([...RESEARCH, '--mocks', `${RUN}/research-report.mocks.ts`, '--trace']);
    expectNoStack(run);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectGolden('research-report', run.stdout);
    expect(run.stdout).toMatch(/^ +\+0:09:40 {2}Approve Draft {2}\(Task, 1d 2h\)$/m);
    expect(run.stdout).toMatch(/^ +\+0:00:40 {4}item 2 {2}Summarize {2}\(Task, 3m\)$/m);
    expect(run.stdout).toContain('status: SUCCEEDED\noutput:\n{\n  "title": "Tidal energy in Europe (revised)"\n}\n');
  });

  it('prints the path taken without --trace; a failed execution exits 1', async () => {
    const run = await runCliProcess([...RESEARCH, '--mocks', `${RUN}/research-report.rejected.mocks.ts`]);
    expectNoStack(run);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^path: Search -> Summarize Sources -> Write Draft -> Draft -> Review -> Approve Draft -> Approved\n/);
    expect(run.stdout).toContain('-> Review Exhausted [failed with Agentflow.LoopExhausted]\n');
    // Three reviews, two revisions (4 minutes each): the third rejection exhausts the loop at once.
    expect(run.stdout).toContain('transitions: 19\nduration: 17m 40s (virtual clock)\nstatus: FAILED\nerror: Agentflow.LoopExhausted\n');
    expect(run.stdout).toContain('-> Approve Draft -> Approved -> Review Exhausted [failed');
    expect(run.stdout.match(/Revise Draft/g)).toHaveLength(2);
    expect(run.stdout).toContain("cause: Loop 'review' ran 3 rounds without its exit condition holding.\n");
    expect(run.stdout).not.toContain('item 0');
  });

  it('shows retries and a caught timeout on retry-fallback; the input comes from the mocks (golden trace)', async () => {
    const run = await runCliProcess(['run', 'workflows/retry-fallback.ts', '--mocks', `${RUN}/retry-fallback.mocks.ts`, '--trace']);
    expectNoStack(run);
    expect(run.code).toBe(0);
    expectGolden('retry-fallback', run.stdout);
    expect(run.stdout).toContain('attempt 1 failed with Agentflow.AgentThrottled, retried after 2s: ');
    expect(run.stdout).toContain('attempt 3 failed after 3m with States.Timeout, caught -> Fallback');
  });

  it('runs a golden .asl.json with mocks keyed by state name (JSON mocks)', async () => {
    const run = await runCliProcess(['run', 'fixtures/workflows/sequential.asl.json', '--input', `${RUN}/sequential.input.json`, '--mocks', `${RUN}/sequential.mocks.json`]);
    expectNoStack(run);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^path: Research -> Analysis -> Summarization\n\ntransitions: 3\n/);
    expect(run.stdout).toContain('"recommendation": "proceed"');
  });

  it('nests Map items and Parallel branches in the trace of a definition (golden trace)', async () => {
    const run = await runCliProcess(['run', 'fixtures/parallel-in-map/parallel-in-map.asl.json', '--mocks', `${RUN}/parallel-in-map.mocks.ts`, '--trace']);
    expectNoStack(run);
    expect(run.code).toBe(0);
    expectGolden('parallel-in-map', run.stdout);
  });

  it('--json prints a stable, machine-readable result; events only with --trace', async () => {
    const args = ['run', 'workflows/retry-fallback.ts', '--mocks', `${RUN}/retry-fallback.mocks.ts`, '--json'];
    const plain = await runIn(args);
    const traced = await runIn([...args, '--trace']);
    expect(plain.code).toBe(0);
    const result = JSON.parse(plain.stdout) as Record<string, unknown> & { trace: { state: string; retries: number }[]; coverage: { catchers: Record<string, number> } };
    expect(Object.keys(result)).toEqual(['status', 'output', 'transitions', 'durationSeconds', 'trace', 'coverage']);
    expect(result['status']).toBe('SUCCEEDED');
    expect(result['durationSeconds']).toBe(211);
    expect(result.trace.map((t) => [t.state, t.retries])).toEqual([
      ['Primary', 2],
      ['Fallback', 0],
    ]);
    expect(result.coverage.catchers).toEqual({ 'Primary#0': 1 });
    const withEvents = JSON.parse(traced.stdout) as { events: { type: string }[] };
    expect(Object.keys(withEvents).at(-1)).toBe('events');
    expect(withEvents.events[0]!.type).toBe('ExecutionStarted');
    // Same run, same bytes: the history is only appended.
    expect(traced.stdout.startsWith(plain.stdout.slice(0, plain.stdout.lastIndexOf('\n}')))).toBe(true);
  });

  it('a missing mock exits 2 naming the step and the key to add', async () => {
    const dir = tmp();
    const mocks = join(dir, 'partial.mocks.json');
    writeFileSync(mocks, JSON.stringify({ agents: { search: [{ sources: [] }] } }));
    const run = await runCliProcess([...RESEARCH, '--mocks', mocks]);
    expectNoStack(run);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("error: No mock for agent step 'write-draft' (state 'Write Draft'");
    expect(run.stderr).toContain(`hint: Add agents: { 'write-draft': … } to the default export of ${mocks}`);
  });

  it('bad input JSON exits 2 with its line and column', async () => {
    const dir = tmp();
    const input = join(dir, 'input.json');
    writeFileSync(input, '{\n  "topic": "tides",\n}\n');
    const run = await runCliProcess(['run', 'workflows/research-report.ts', '--input', input, '--mocks', `${RUN}/research-report.mocks.ts`]);
    expectNoStack(run);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error[invalid-json]: The input');
    expect(run.stderr).toContain('is not valid JSON: trailing comma before a closing bracket.');
    expect(run.stderr).toMatch(/input\.json:3:1\n/);
  });

  it('a definition that is not UTF-8 exits 2 at the first bad byte, as validate reports it', async () => {
    const dir = tmp();
    const file = join(dir, 'latin1.asl.json');
    const head = '{\n  "QueryLanguage": "JSONata",\n  "StartAt": "A",\n  "States": { "A": { "Type": "Pass", "Comment": "caf';
    writeFileSync(file, Buffer.concat([Buffer.from(head), Buffer.from([0xe9]), Buffer.from('", "End": true } }\n}\n')]));
    const run = await runCliProcess(['run', file]);
    expectNoStack(run);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('INVALID_UTF8');
    expect(run.stderr).toContain(`latin1.asl.json:4:`);
  });

  it('a mocks module that throws at import is a located usage error, without a stack trace', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'throws.mocks.mts'), "const ready = false;\nif (!ready) throw new TypeError('mocks not ready');\nexport default {};\n");
    const run = await runCliProcess([...RESEARCH, '--mocks', join(dir, 'throws.mocks.mts')]);
    expectNoStack(run);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error[mocks-load-failed]: Loading the mocks threw TypeError: mocks not ready');
    expect(run.stderr).toContain('throws.mocks.mts:2:19');
  });

  it('a mocks module without a default export, or with a misshapen one, is a usage error', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'none.mocks.mts'), 'export const agents = {};\n');
    writeFileSync(join(dir, 'shape.mocks.mts'), "export default { agent: {}, tasks: { publish: { Entries: [] } }, dynamodb: { cache: { items: [] } } };\n");
    const none = await runIn([...RESEARCH, '--mocks', join(dir, 'none.mocks.mts')]);
    const shape = await runIn([...RESEARCH, '--mocks', join(dir, 'shape.mocks.mts')]);
    for (const run of [none, shape]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
    }
    expect(none.stderr).toContain('error[mocks-missing-default-export]: The mocks file has no default export.');
    expect(shape.stderr).toContain("error[mocks-invalid]: The mocks have an unknown key 'agent'.");
    expect(shape.stderr).toContain("error[mocks-invalid]: tasks['publish'] is an object; a mock is a function or a list of answers.");
    expect(shape.stderr).toContain("error[mocks-invalid]: dynamodb['cache'] must be { key, items? }: key names the table's key attribute(s), items is a list.");
    expect(shape.stderr).toContain('shape.mocks.mts:1:1');
  });

  it('runs a flow.run child from the mocks file as a nested execution; a misshapen child entry is a usage error', async () => {
    const run = await runIn(['run', 'fixtures/run-parent/workflow.ts', '--config', 'fixtures/agentflow.config.yaml', '--mocks', `${RUN}/run-parent.mocks.ts`]);
    expectNoStack(run);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^path: Research -> Review -> Reviewed\n/);
    // The parent's three states and the child's one; the parent waited the child's two minutes.
    expect(run.stdout).toContain('transitions: 4\nduration: 2m (virtual clock)\nstatus: SUCCEEDED\n');
    expect(run.stdout).toContain('"score": 0.8');
    const dir = tmp();
    writeFileSync(join(dir, 'child.mocks.mts'), "export default { workflows: { 'run-child': { agents: {} } } };\n");
    const bad = await runIn(['run', 'fixtures/run-parent/workflow.ts', '--config', 'fixtures/agentflow.config.yaml', '--mocks', join(dir, 'child.mocks.mts')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("error[mocks-invalid]: workflows['run-child'] must be an object with the child's workflow (workflow: …) and its mocks.");
    const missing = await runIn(['run', 'fixtures/run-parent/workflow.ts', '--config', 'fixtures/agentflow.config.yaml', '--input', `${RUN}/research-report.input.json`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No child workflow 'run-child'");
    expect(missing.stderr).toContain('to a mocks file and pass it with --mocks.');
  });

  it('reads the input from standard input with --input -', async () => {
    const bad = await runIn(['run', 'workflows/research-report.ts', '--input', '-'], '{ "topic": "tides" ');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error[invalid-json]: The input (standard input) is not valid JSON');
    expect(bad.stderr).toContain('<stdin>:1:20');
    expect(bad.stdout).toBe('');
    const good = await runIn(['run', 'fixtures/workflows/sequential.asl.json', '--mocks', `${RUN}/sequential.mocks.json`, '--input', '-'], '{"question": "q?"}');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('status: SUCCEEDED');
  });

  it.each([
    [['run'], "missing required argument 'workflow'"],
    [['run', 'missing.ts'], 'No such file: missing.ts'],
    [['run', 'README.md'], 'is neither a workflow (.ts, .js) nor a definition (.json)'],
    [['run', 'workflows/research-report.ts', '--mocks', 'nope.ts'], 'No such file: nope.ts (--mocks)'],
    [['run', 'workflows/research-report.ts', '--input', 'nope.json'], 'No such file: nope.json (--input)'],
    [['run', 'workflows/research-report.ts', '--seed', 'x'], "--seed must be a non-negative integer, not 'x'."],
    [['run', 'workflows/research-report.ts', '--env', 'staging'], "Unknown environment 'staging'"],
  ])('usage error %j exits 2', async (args, message) => {
    const run = await runIn(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
