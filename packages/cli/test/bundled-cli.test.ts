import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../scripts/build-cli.js';
import { fixtureCases, ROOT, type CliRun, type FoundDiagnostic } from './run-cli.js';
import { WatchProcess } from './watch-process.js';

// The shipped bin, built once for this file into a folder of its own inside packages/cli/dist: Node resolves the
// external @agentflow/dsl, zod and esbuild from there, and the DSL knows frames under dist/ are not the author's.
mkdirSync(join(ROOT, 'packages/cli/dist'), { recursive: true });
const DIST = mkdtempSync(join(ROOT, 'packages/cli/dist', 'test-'));
const BIN = join(DIST, 'agentflow.mjs');
// Workflows written by the tests: inside the repository, so that they import '@agentflow/dsl' and 'zod' as the fixtures do.
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const TEMP = mkdtempSync(join(ROOT, '.tmp', 'bundled-cli-'));
const CONFIG = ['--config', 'fixtures/agentflow.config.yaml'];

let metafile: Metafile;
beforeAll(async () => {
  metafile = await buildCli(DIST);
}, 180_000);
afterAll(() => {
  rmSync(DIST, { recursive: true, force: true });
  rmSync(TEMP, { recursive: true, force: true });
});

/** `node dist/agentflow.mjs …` as a user's shell runs the bin, from the repository root. */
function runBin(args: readonly string[]): Promise<CliRun> {
  return new Promise((done, fail) => {
    const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

type Report = { ok: boolean; workflows: { file: string; ok: boolean; diagnostics: FoundDiagnostic[] }[] };

function errorsOf(run: CliRun, file: string): string[] {
  const entry = (JSON.parse(run.stdout) as Report).workflows.find((w) => w.file === file)!;
  return entry.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.loc?.file}:${d.loc?.line}:${d.loc?.column}`);
}

/** Every source file loaded with src/bin.ts before its first dynamic import: what `--help` costs. */
function startupInputs(): string[] {
  const seen = new Set<string>();
  const inputs = new Set<string>();
  const visit = (output: string) => {
    if (seen.has(output)) return;
    seen.add(output);
    const o = metafile.outputs[output]!;
    for (const input of Object.keys(o.inputs)) inputs.add(input);
    for (const i of o.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  // The bin and everything it imports statically: src/bin.ts is bundled into dist/agentflow.mjs itself.
  const entries = Object.keys(metafile.outputs).filter((name) => name.endsWith('.mjs') && ('src/bin.ts' in metafile.outputs[name]!.inputs || name.endsWith('/agentflow.mjs')));
  expect(entries).toHaveLength(1);
  entries.forEach(visit);
  return [...inputs];
}

describe('the bundled CLI (dist/agentflow.mjs)', () => {
  it('is a node script that keeps the DSL, zod and esbuild external', () => {
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const bundled = Object.keys(metafile.inputs);
    expect(bundled.some((f) => f.startsWith('../compiler/src/'))).toBe(true);
    expect(bundled.filter((f) => f.startsWith('../dsl/') || /node_modules\/(zod|esbuild|tsx)\//.test(f))).toEqual([]);
  });

  it('loads no compiler, executor, deployer or AWS SDK before a command runs', () => {
    const inputs = startupInputs();
    expect(inputs.some((f) => f.endsWith('src/program.ts'))).toBe(true);
    expect(inputs.filter((f) => /^\.\.\/(compiler|testing|deploy)\/|@aws-sdk|node_modules\/(ajv|yaml|diff|jsonata)\//.test(f))).toEqual([]);
  });

  it('prints --help, and a usage error, through the bundle', async () => {
    const help = await runBin(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: agentflow');
    expect(help.stdout).toContain('compile');
    const unknown = await runBin(['no-such-command']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'no-such-command'");
  });

  it('compiles every seed workflow to the golden files, byte for byte', async () => {
    const out = join(TEMP, 'out');
    const run = await runBin(['compile', 'workflows', '--out', out, '--report']);
    expect(run.stderr).toMatch(/(\d+)\/\1 workflow\(s\) compiled, 0 error\(s\), 0 warning\(s\)/);
    expect(run.code).toBe(0);
    const written = readdirSync(out).sort();
    // The diagrams (`agentflow graph`) have goldens of their own there.
    expect(written).toEqual(readdirSync(join(ROOT, 'fixtures/workflows')).filter((f) => !f.endsWith('.mmd')).sort());
    for (const name of written) expect(readFileSync(join(out, name), 'utf8'), name).toBe(readFileSync(join(ROOT, 'fixtures/workflows', name), 'utf8'));
    const check = await runBin(['compile', 'workflows', '--out', 'fixtures/workflows', '--check']);
    expect(check.code).toBe(0);
  });

  describe('reports every _error_ fixture with its code and location (builder call sites through source maps)', () => {
    const { cases, fileOf } = fixtureCases('_error_');
    let json: CliRun;
    beforeAll(async () => {
      json = await runBin(['compile', ...cases.map(fileOf), ...CONFIG, '--json']);
    }, 120_000);

    it.each(cases)('%s', (name) => {
      const file = fileOf(name);
      const expected = readFileSync(join(ROOT, 'fixtures/_error_', name, 'expected.txt'), 'utf8').trim().split('\n');
      expect(json.code).toBe(1);
      const entry = (JSON.parse(json.stdout) as Report).workflows.find((w) => w.file === file);
      expect(entry?.ok).toBe(false);
      expect(entry!.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.loc?.line}:${d.loc?.column}`)).toEqual(expected);
      for (const d of entry!.diagnostics) expect(d.loc?.file).toBe(file);
    });
  });

  it('watches through the bundle: a module beside the workflow is skipped, an edit recompiles, SIGINT exits 0', async () => {
    const dir = join(TEMP, 'watch');
    mkdirSync(join(dir, 'wf'), { recursive: true });
    cpSync(join(ROOT, 'workflows/sequential.ts'), join(dir, 'wf/sequential.ts'));
    writeFileSync(join(dir, 'wf/names.ts'), 'export const names = 1;\n');
    const watch = new WatchProcess(['wf', '--out', 'out', '--config', join(ROOT, 'agentflow.config.yaml')], dir, BIN);
    try {
      const first = await watch.nextRun();
      expect(first.at(-1)).toMatch(/^watch: 1\/1 workflow\(s\) compiled in \d+ ms, 0 error\(s\)/);
      expect(readFileSync(join(dir, 'out/sequential.asl.json'), 'utf8')).toBe(readFileSync(join(ROOT, 'fixtures/workflows/sequential.asl.json'), 'utf8'));
      writeFileSync(join(dir, 'wf/sequential.ts'), `// edited\n${readFileSync(join(dir, 'wf/sequential.ts'), 'utf8')}`);
      const edited = await watch.nextRun();
      expect(edited[0]).toBe('watch: compiling wf/sequential.ts (changed: wf/sequential.ts)');
      expect(edited.at(-1)).toMatch(/^watch: 1\/1 workflow\(s\) compiled in \d+ ms, 0 error\(s\)/);
      watch.signal('SIGINT');
      expect(await watch.exited).toBe(0);
    } finally {
      watch.signal('SIGKILL');
    }
  }, 120_000);

  it('prints load failures located, without a stack trace', async () => {
    const run = await runBin(['compile', fileOf('syntax-error'), fileOf('missing-default-export'), fileOf('throws-at-import'), ...CONFIG]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error[workflow-syntax-error]: Expected "}" but found ")"\n  --> ${fileOf('syntax-error')}:6:41`);
    expect(run.stderr).toContain(`error[missing-default-export]: The file has no default export.\n  --> ${fileOf('missing-default-export')}:1:1`);
    expect(run.stderr).toContain(`error[workflow-load-failed]: Loading the workflow threw TypeError: configuration missing\n  --> ${fileOf('throws-at-import')}:5:7`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain('tmp');
  });

  it('contains workflow code in the thread it starts ahead: a loop is stopped, a never-settling await noticed, the next file compiles', async () => {
    const dir = join(TEMP, 'contained');
    mkdirSync(dir, { recursive: true });
    const header = "import { workflow } from '@agentflow/dsl';\nimport { z } from 'zod';\n\n";
    writeFileSync(join(dir, 'loop.ts'), `${header}for (;;) {}\nexport default workflow('loop', { input: z.object({}) }, (flow) => flow.succeed('done'));\n`);
    writeFileSync(join(dir, 'never.ts'), `${header}await new Promise(() => {});\nexport default workflow('never', { input: z.object({}) }, (flow) => flow.succeed('done'));\n`);
    const rel = (name: string) => relative(ROOT, join(dir, name));
    const run = await runBin(['compile', rel('loop.ts'), rel('never.ts'), 'workflows/sequential.ts', '--time-limit', '3', '--json']);
    expect(run.code).toBe(1);
    expect(errorsOf(run, rel('loop.ts'))).toEqual([`workflow-timed-out ${rel('loop.ts')}:4:1`]);
    expect(errorsOf(run, rel('never.ts'))).toEqual([`workflow-never-settled ${rel('never.ts')}:4:1`]);
    expect((JSON.parse(run.stdout) as Report).workflows.find((w) => w.file === 'workflows/sequential.ts')?.ok).toBe(true);
  }, 60_000);

  it('bundles a workflow with its own local modules, and locates errors in them', async () => {
    const dir = join(TEMP, 'local-module');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'agents.ts'), "import { agent } from '@agentflow/dsl';\nimport { z } from 'zod';\n\nexport const worker = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ summary: z.string().max(500) }) });\n");
    writeFileSync(
      join(dir, 'uses-agents.ts'),
      "import { workflow } from '@agentflow/dsl';\nimport { z } from 'zod';\nimport { worker } from './agents.js';\n\nexport default workflow('uses-agents', { input: z.object({ topic: z.string().max(100) }) }, (flow) => {\n  const s = flow.invoke(worker, { prompt: flow.input.topic });\n  return { summary: s.summary };\n});\n",
    );
    writeFileSync(join(dir, 'broken-agents.ts'), "export const oops = { a: 1 ;\n");
    writeFileSync(join(dir, 'uses-broken.ts'), "import { oops } from './broken-agents.ts';\n\nexport default oops;\n");
    // A builder misused in the local module: the location is the module's line, not the workflow's.
    writeFileSync(join(dir, 'bad-agent.ts'), "import { agent } from '@agentflow/dsl';\nimport { z } from 'zod';\n\nexport const bad = agent('', { agentName: 'x', alias: 'live', output: z.object({}) });\n");
    writeFileSync(join(dir, 'uses-bad.ts'), "import { workflow } from '@agentflow/dsl';\nimport { z } from 'zod';\nimport { bad } from './bad-agent.js';\n\nexport default workflow('uses-bad', { input: z.object({}) }, (flow) => flow.invoke(bad, { prompt: 'x' }));\n");
    const rel = (name: string) => relative(ROOT, join(dir, name));
    const run = await runBin(['compile', rel('uses-agents.ts'), rel('uses-broken.ts'), rel('uses-bad.ts'), ...CONFIG, '--json']);
    const report = JSON.parse(run.stdout) as Report & { workflows: { file: string; asl?: unknown }[] };
    expect(report.workflows.find((w) => w.file === rel('uses-agents.ts'))?.ok).toBe(true);
    expect(run.stdout).toContain('WORKER0001');
    expect(errorsOf(run, rel('uses-broken.ts'))).toEqual([`workflow-syntax-error ${rel('broken-agents.ts')}:1:28`]);
    const bad = errorsOf(run, rel('uses-bad.ts'));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(new RegExp(` ${rel('bad-agent.ts').replace(/[.]/g, '\\.')}:4:\\d+$`));
  });

  it('runs a workflow offline with TypeScript mocks (both transpiled in-process), matching the golden trace', async () => {
    const run = await runBin(['run', 'workflows/retry-fallback.ts', '--mocks', 'fixtures/run/retry-fallback.mocks.ts', '--trace']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(ROOT, 'fixtures/run/retry-fallback.trace.txt'), 'utf8'));
  });

  it('compiles a workflow that imports its own copy of zod to the same bytes as the seed workflow', async () => {
    // A project with zod installed twice: the workflow's copy beside it, the DSL's in the workspace.
    const project = join(TEMP, 'own-zod');
    cpSync(realpathSync(join(ROOT, 'node_modules/zod')), join(project, 'node_modules/zod'), { recursive: true });
    cpSync(join(ROOT, 'workflows/research-report.ts'), join(project, 'research-report.ts'));
    const file = relative(ROOT, join(project, 'research-report.ts'));
    const run = await runBin(['compile', file]);
    expect(run.stderr).toContain('1/1 workflow(s) compiled, 0 error(s), 0 warning(s)');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(ROOT, 'fixtures/workflows/research-report.asl.json'), 'utf8'));
    expect(existsSync(join(project, 'node_modules/zod/package.json'))).toBe(true);
  });
});

function fileOf(name: string): string {
  return fixtureCases('_error_').fileOf(name);
}
