import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCliProcess, type CliRun } from './run-cli.js';

// Inside the repository, so that the files import '@agentflow/dsl' and 'zod' as the fixtures do.
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const temp = mkdtempSync(join(ROOT, '.tmp', 'schema-nesting-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const HEADER = "import { agent, lambda, workflow } from '@agentflow/dsl';\nimport { z } from 'zod';\n";

/** A workflow file; `code` starts on line 3. */
function workflowFile(name: string, code: string): string {
  const file = join(temp, `${name}.ts`);
  writeFileSync(file, `${HEADER}${code}\n`);
  return relative(ROOT, file);
}

/** The probe from the issue: `depth` parallels, each nested in the previous one's first branch. */
function nestedParallels(depth: number): string {
  let inner = "(a) => a.succeed('leaf')";
  for (let i = depth; i >= 1; i--) inner = `(b) => { b.parallel('p${i}', { a: ${inner}, c: (c) => c.succeed('s${i}') }); }`;
  return `export default workflow('parallels-${depth}', { input: z.object({}) }, (flow) => (${inner})(flow));`;
}

function nestedMaps(depth: number): string {
  let inner = "(_item, a) => { a.wait('leaf', { seconds: 1 }); }";
  for (let i = depth; i >= 1; i--) inner = `(_item, b) => { b.map('m${i}', flow.input.xs, { maxConcurrency: 1 }, ${inner}); }`;
  return `export default workflow('maps-${depth}', { input: z.object({ xs: z.array(z.string().max(5)).max(2) }) }, (flow) => (${inner})(undefined, flow));`;
}

const agentWith = (name: string, output: string) =>
  `const a = agent('a', { agentName: 'worker', alias: 'live', output: ${output} });\nexport default workflow('${name}', { input: z.object({ q: z.string().max(9) }) }, (flow) => ({ r: flow.invoke(a, { prompt: flow.input.q }) }));`;

// [file name, code, expected code, line, text the message must contain]
const FAILING: [string, string, string, number, string][] = [
  ['json-schema-object', agentWith('json-schema-object', "{ type: 'object' } as never"), 'not-a-zod-schema', 3, "Agent 'a' output is a plain object"],
  ['date', agentWith('date', 'z.object({ when: z.date() })'), 'schema-not-json', 3, 'output.when is z.date()'],
  ['map', agentWith('map', 'z.object({ byId: z.map(z.string(), z.number()) })'), 'schema-not-json', 3, 'output.byId is z.map()'],
  ['set', agentWith('set', 'z.object({ tags: z.set(z.string()) })'), 'schema-not-json', 3, 'output.tags is z.set()'],
  ['never', agentWith('never', 'z.object({ ok: z.boolean(), no: z.never() })'), 'schema-not-json', 3, 'output.no is z.never()'],
  ['transform', agentWith('transform', 'z.object({ n: z.string().transform((s) => s.length) })'), 'schema-not-json', 3, 'output.n is a .transform()'],
  ['input-map', "export default workflow('input-map', { input: z.object({ m: z.map(z.string(), z.string()) }) }, (flow) => flow.succeed('s'));", 'schema-not-json', 3, "Workflow 'input-map': input.m is z.map()"],
  ['input-not-zod', "export default workflow('input-not-zod', { input: { type: 'object' } as never }, (flow) => flow.succeed('s'));", 'not-a-zod-schema', 3, "Workflow 'input-not-zod' input is a plain object"],
  [
    'task-output',
    "export default workflow('task-output', { input: z.object({}) }, (flow) => {\n  flow.task('t', lambda.invoke({ function: 'f', payload: {}, output: z.object({ at: z.bigint() }) }));\n});",
    'schema-not-json',
    4,
    'lambda:invoke: output.at is z.bigint()',
  ],
  ['parallels-70', nestedParallels(70), 'nesting-too-deep', 3, "parallel 'p64' would be nested 259 levels deep"],
  ['maps-90', nestedMaps(90), 'nesting-too-deep', 3, "map 'm85' would be nested 258 levels deep"],
];

// Right at the limit: 63 parallels nest the leaf's `Output` at exactly 256, 84 maps the leaf state at 255.
const PASSING: [string, string][] = [
  ['parallels-63', nestedParallels(63)],
  ['maps-84', nestedMaps(84)],
  ['json-shapes', agentWith('json-shapes', "z.object({ at: z.iso.datetime(), m: z.record(z.string(), z.number()), s: z.array(z.string()).max(3), strict: z.strictObject({ k: z.string() }), gone: z.never().optional() })")],
];

// Far deeper than any definition holds: JavaScript's stack runs out while the body builds.
const RECURSION = `import type { Flow } from '@agentflow/dsl';
const nest = (b: Flow, i: number): void => {
  if (i === 0) return void b.succeed('leaf');
  b.parallel('p' + i, { a: (x) => nest(x, i - 1), c: (c) => c.succeed('s' + i) });
};
export default workflow('recursion', { input: z.object({}) }, (flow) => nest(flow, 20_000));`;

type Report = { workflows: { file: string; ok: boolean; diagnostics: { code: string; severity: string; message: string; hint?: string; loc?: { line: number } }[] }[] };

let json: CliRun;
let text: CliRun;
beforeAll(async () => {
  const files = [workflowFile('recursion', RECURSION), ...FAILING.map(([name, code]) => workflowFile(name, code)), ...PASSING.map(([name, code]) => workflowFile(name, code))];
  const args = ['compile', ...files, '--config', 'fixtures/agentflow.config.yaml'];
  [json, text] = await Promise.all([runCliProcess([...args, '--json']), runCliProcess(args)]);
}, 120_000);

describe('schema and nesting mistakes are located user errors (real CLI process)', () => {
  it('exits 1 with no internal error and no stack trace', () => {
    expect(json.code).toBe(1);
    expect(text.code).toBe(1);
    for (const out of [text.stderr, json.stdout]) {
      expect(out).not.toContain('internal-invalid-asl');
      expect(out).not.toContain('internal error');
      expect(out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    }
  });

  it.each(FAILING)('%s', (name, _code, code, line, message) => {
    const entry = (JSON.parse(json.stdout) as Report).workflows.find((w) => w.file.endsWith(`/${name}.ts`))!;
    expect(entry.ok).toBe(false);
    const errors = entry.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code} ${d.loc?.line}`)).toEqual([`${code} ${line}`]);
    expect(errors[0]!.message).toContain(message);
    expect(errors[0]!.hint).toBeTruthy();
  });

  it('a body that overflows the stack is a located workflow-threw with a hint about nesting', () => {
    const entry = (JSON.parse(json.stdout) as Report).workflows.find((w) => w.file.endsWith('/recursion.ts'))!;
    const [error, ...more] = entry.diagnostics.filter((d) => d.severity === 'error');
    expect(more).toEqual([]);
    expect(error!.code).toBe('workflow-threw');
    expect(error!.message).toContain('Maximum call stack size exceeded');
    expect(error!.hint).toContain('nested parallels');
    expect(error!.loc?.line).toBeGreaterThanOrEqual(3);
  });

  it.each(PASSING)('%s compiles', (name) => {
    const entry = (JSON.parse(json.stdout) as Report).workflows.find((w) => w.file.endsWith(`/${name}.ts`))!;
    expect(entry.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(entry.ok).toBe(true);
  });
});
