import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCliProcess, type CliRun } from './run-cli.js';

// Inside the checkout, so the scaffolded workflow resolves @agentflow/dsl and zod from the workspace's node_modules
// (the test of a project outside the workspace, with packed packages, is the newcomer test's).
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const fresh = () => mkdtempSync(join(ROOT, '.tmp', 'init-'));
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;

const SCAFFOLD = [
  'agentflow.config.yaml',
  'workflows/hello.ts',
  'workflows/hello.mocks.json',
  'tsconfig.json',
  'package.json',
  '.github/workflows/agentflow.yml',
  '.gitignore',
];
const CLI_PACKAGE = join(ROOT, 'packages/cli');

/** The `agentflow …` part of a scaffolded package.json script, as CLI arguments. */
function agentflowArgs(script: string): string[] {
  const command = script.split('&&').map((part) => part.trim()).find((part) => part.startsWith('agentflow '));
  expect(command).toBeDefined();
  return command!.split(/\s+/).slice(1);
}

/** `tsc --noEmit` in `dir` (the `test` script's first half) with the workspace's TypeScript. */
function tsc(dir: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit'], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

function expectNoStack(run: CliRun): void {
  expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(run.stderr).not.toContain('internal error');
}

describe('agentflow init', () => {
  it('scaffolds a project whose example compiles, validates, runs offline with its mocks and type-checks', async () => {
    const dir = fresh();
    const init = await runCliProcess(['init'], dir);
    expect(init.stdout).toBe(SCAFFOLD.map((file) => `${'created'.padEnd(11)} ${file}\n`).join(''));
    expect(init.stderr).toBe('next: npm install, then npm run compile (writes build/, commit it) and npm test (runs workflows/hello.ts offline).\n');
    expect(init.code).toBe(0);

    const pkg = readJson(join(dir, 'package.json'));
    const compile = await runCliProcess([...agentflowArgs(pkg['scripts']!['compile']!), '--config', 'agentflow.config.yaml'], dir);
    expect(compile.stderr).toBe('wrote build/hello.asl.json\nwrote build/hello.iam.json\n1/1 workflow(s) compiled, 0 error(s), 0 warning(s)\n');
    expect(compile.code).toBe(0);
    expect((await runCliProcess(agentflowArgs(pkg['scripts']!['check']!), dir)).code).toBe(0);

    // The CI snippet's validate step, on what compile wrote.
    const validate = await runCliProcess(['validate', 'build', '--format', 'sarif'], dir);
    expect(validate.code).toBe(0);
    expect(JSON.parse(validate.stdout).runs[0].results).toEqual([]);

    const test = pkg['scripts']!['test']!;
    expect(test.startsWith('tsc --noEmit && ')).toBe(true);
    const run = await runCliProcess([...agentflowArgs(test), '--json'], dir);
    expectNoStack(run);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'SUCCEEDED', output: { approvedBy: 'support-lead' } });

    expect(tsc(dir)).toEqual({ status: 0, output: '' });
    // And it is a real check: a misspelled field of a step result fails it.
    writeFileSync(join(dir, 'workflows/hello.ts'), read(dir, 'workflows/hello.ts').replace('answer: draft.answer', 'answer: draft.answr'));
    expect(tsc(dir)).toMatchObject({ status: 2, output: expect.stringContaining("error TS2551: Property 'answr' does not exist") });
  }, 300_000);

  it('points the config at the schema as installed, and pins the versions of the packages it ships with', async () => {
    const dir = fresh();
    expect((await runCliProcess(['init', 'project'], dir)).code).toBe(0);
    const project = join(dir, 'project');
    const schema = /^# yaml-language-server: \$schema=\.\/node_modules\/@agentflow\/cli\/(\S+)\n/.exec(read(project, 'agentflow.config.yaml'));
    expect(schema).not.toBeNull();
    // Shipped: the file exists in the CLI package, under a folder its package.json `files` publishes.
    expect(existsSync(join(CLI_PACKAGE, schema![1]!))).toBe(true);
    const cli = readJson(join(CLI_PACKAGE, 'package.json')) as unknown as { version: string; files: string[] };
    expect(cli.files).toEqual(expect.arrayContaining([schema![1]!.split('/')[0], 'templates']));

    const dsl = readJson(join(ROOT, 'packages/dsl/package.json'));
    const root = readJson(join(ROOT, 'package.json'));
    expect(readJson(join(project, 'package.json'))).toEqual({
      name: 'project',
      private: true,
      type: 'module',
      scripts: {
        compile: 'agentflow compile workflows --out build',
        check: 'agentflow compile workflows --out build --check',
        test: 'tsc --noEmit && agentflow run workflows/hello.ts --mocks workflows/hello.mocks.json',
      },
      devDependencies: {
        '@agentflow/cli': `^${cli.version}`,
        '@agentflow/dsl': `^${dsl['version']}`,
        // The TypeScript the DSL's types are checked with in this repository.
        typescript: root['devDependencies']!['typescript'],
        zod: dsl['peerDependencies']!['zod'],
      },
    });
    expect(read(project, '.gitignore')).toBe('node_modules/\n');
    const ci = read(project, '.github/workflows/agentflow.yml');
    expect(ci).toContain('run: npm run check\n');
    expect(ci).toContain('run: npx agentflow validate build --format sarif > agentflow.sarif\n');
    expect(ci).toContain('uses: github/codeql-action/upload-sarif@');
    expect(ci).not.toContain('@@');
  }, 120_000);

  it('leaves every file as it is on a second run, skips a changed file (exit 1) and overwrites it only with --force', async () => {
    const dir = fresh();
    expect((await runCliProcess(['init'], dir)).code).toBe(0);
    const again = await runCliProcess(['init', '--json'], dir);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ ok: true, dir: '.', files: SCAFFOLD.map((path) => ({ path, status: 'unchanged', ...(path === 'package.json' ? { kept: [] } : {}) })) });

    const original = read(dir, 'workflows/hello.ts');
    writeFileSync(join(dir, 'workflows/hello.ts'), '// mine\n');
    const skipped = await runCliProcess(['init'], dir);
    expect(skipped.code).toBe(1);
    expect(skipped.stdout).toContain(`${'skipped'.padEnd(11)} workflows/hello.ts: exists with other content\n`);
    expect(skipped.stdout).toContain(`${'unchanged'.padEnd(11)} agentflow.config.yaml\n`);
    expect(skipped.stderr).toBe('hint: 1 file(s) exist with other content and were left as they are; pass --force to overwrite them.\n');
    expect(read(dir, 'workflows/hello.ts')).toBe('// mine\n');

    const forced = await runCliProcess(['init', '.', '--force', '--json'], dir);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout).files).toContainEqual({ path: 'workflows/hello.ts', status: 'overwritten' });
    expect(read(dir, 'workflows/hello.ts')).toBe(original);
  }, 180_000);

  it("merges into an existing package.json and .gitignore, keeping the project's own scripts and dependencies", async () => {
    const dir = fresh();
    const own = { name: 'shop', version: '1.0.0', scripts: { test: 'vitest run', lint: 'eslint .' }, dependencies: { zod: '^4.0.0' } };
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(own, null, 4)}\n`);
    writeFileSync(join(dir, '.gitignore'), 'dist');
    const init = await runCliProcess(['init', '--json'], dir);
    expect(init.code).toBe(1);
    const files = JSON.parse(init.stdout).files as { path: string }[];
    expect(files.find((file) => file.path === 'package.json')).toEqual({
      path: 'package.json',
      status: 'updated',
      added: ['scripts.compile', 'scripts.check', 'devDependencies.@agentflow/cli', 'devDependencies.@agentflow/dsl', 'devDependencies.typescript'],
      kept: [{ name: 'test', command: 'tsc --noEmit && agentflow run workflows/hello.ts --mocks workflows/hello.mocks.json' }],
    });
    expect(files.find((file) => file.path === '.gitignore')).toEqual({ path: '.gitignore', status: 'updated', added: ['node_modules/'] });

    const merged = read(dir, 'package.json');
    expect(merged).toMatch(/^\{\n {4}"name": "shop",\n/);
    const json = JSON.parse(merged);
    expect(Object.keys(json)).toEqual(['name', 'version', 'scripts', 'dependencies', 'devDependencies']);
    expect(json.scripts).toEqual({ test: 'vitest run', lint: 'eslint .', compile: 'agentflow compile workflows --out build', check: 'agentflow compile workflows --out build --check' });
    expect(json.dependencies).toEqual({ zod: '^4.0.0' });
    expect(Object.keys(json.devDependencies)).toEqual(['@agentflow/cli', '@agentflow/dsl', 'typescript']);
    expect(read(dir, '.gitignore')).toBe('dist\nnode_modules/\n');
    // A CommonJS package (no "type": "module") still type-checks the example: the tsconfig does not depend on it.
    expect(tsc(dir)).toEqual({ status: 0, output: '' });

    const text = await runCliProcess(['init', '--force'], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`${'unchanged'.padEnd(11)} package.json\n${'skipped'.padEnd(11)} package.json scripts.test: yours is kept (agentflow's: tsc --noEmit && `);
    expect(text.stderr).toBe("hint: package.json scripts are never replaced; add the command shown under another name if you want it.\n");
    expect(JSON.parse(read(dir, 'package.json')).scripts.test).toBe('vitest run');
  }, 180_000);

  it('skips a package.json that is not JSON, and a directory where a file belongs, even with --force', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'package.json'), '{ "name": ');
    mkdirSync(join(dir, 'tsconfig.json'));
    const init = await runCliProcess(['init', '--force'], dir);
    expectNoStack(init);
    expect(init.code).toBe(1);
    expect(init.stdout).toMatch(/^skipped {5}package\.json: cannot add the scripts: it is not valid JSON \(.+\)$/m);
    expect(init.stdout).toContain(`${'skipped'.padEnd(11)} tsconfig.json: a directory is in the way\n`);
    expect(init.stderr).toBe('hint: fix or move tsconfig.json, package.json, then run agentflow init again.\n');
    expect(read(dir, 'package.json')).toBe('{ "name": ');
    expect(read(dir, 'agentflow.config.yaml')).toContain('defaultEnvironment: dev');
  });

  it('is a usage error (exit 2) when the folder is a file', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'notes.txt'), 'x');
    for (const target of ['notes.txt', 'notes.txt/project']) {
      const run = await runCliProcess(['init', target], dir);
      expectNoStack(run);
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: `error: ${target} is not a directory.\nhint: Pass the folder to set the project up in (it is created when missing).\n`,
      });
    }
  }, 120_000);
});
