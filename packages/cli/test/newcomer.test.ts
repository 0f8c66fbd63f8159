/**
 * The path of a team that adopts agentflow in its own repository: the published packages, packed as `pnpm publish`
 * would pack them, installed with npm into a fresh project outside this workspace, then `agentflow init`, `compile`,
 * `tsc` and `run` through the installed bin. It fails when a file is missing from a package's `files`, when shipped
 * code imports a package its manifest does not declare (a dev-only dependency), or when a workspace path leaks.
 *
 * Slow (builds every package, one npm install): AGENTFLOW_SKIP_NEWCOMER_TEST=1 skips it for a quick local run, and
 * says so; CI refuses to skip it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.js';

/** The packages users install; deploy is bundled into the CLI, aws-fakes is for this repository's tests only. */
const PUBLISHED = ['dsl', 'compiler', 'testing', 'runtime', 'cli'] as const;
const SKIP = process.env['AGENTFLOW_SKIP_NEWCOMER_TEST'] === '1';
const IN_CI = process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false';
const CHECKOUT = realpathSync(ROOT);

interface Run {
  readonly command: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of the newcomer's commands: without the variables pnpm and vitest set for this run (npm_config_*
 * would point npm at this workspace's settings, NODE_OPTIONS could preload this checkout's loaders).
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_|NODE_OPTIONS$|NODE_PATH$|VITEST|TSX_)/i.test(key)) continue;
    env[key] = value;
  }
  env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  return env;
}

function run(command: string, args: readonly string[], cwd: string): Run {
  const result = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 });
  return { command: `${command} ${args.join(' ')} (in ${cwd})`, status: result.status, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}` };
}

/** Asserts exit 0, showing the command and its output otherwise. */
function expectSuccess(result: Run | undefined): Run {
  if (result === undefined) throw new Error('the command did not run: an earlier step failed (see the first failure)');
  expect(result.status, `${result.command} exited ${result.status}\n--- stdout\n${result.stdout.slice(-4000)}\n--- stderr\n${result.stderr.slice(-4000)}`).toBe(0);
  return result;
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((file) => statSync(file).isFile())
    .sort();
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Packs each published package into `dir` (pnpm applies publishConfig and replaces `workspace:` ranges). */
function packAll(dir: string): Map<string, string> {
  mkdirSync(dir, { recursive: true });
  const tarballs = new Map<string, string>();
  for (const name of PUBLISHED) {
    const before = new Set(readdirSync(dir));
    expectSuccess(run('pnpm', ['pack', '--pack-destination', dir], join(ROOT, 'packages', name)));
    const made = readdirSync(dir).filter((file) => !before.has(file) && file.endsWith('.tgz'));
    expect(made, `pnpm pack of ${name} made one tarball`).toHaveLength(1);
    tarballs.set(name, join(dir, made[0]!));
  }
  return tarballs;
}

/** A folder that npm and Node would treat as part of an enclosing project: the newcomer's project must have none. */
function enclosingProjectFiles(dir: string): string[] {
  const found: string[] = [];
  for (let at = dirname(dir); ; at = dirname(at)) {
    for (const name of ['node_modules', 'package.json', 'pnpm-workspace.yaml']) if (existsSync(join(at, name))) found.push(join(at, name));
    if (dirname(at) === at) return found;
  }
}

interface InstalledManifest {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/**
 * The bare imports of a package's shipped JavaScript that its manifest does not declare. esbuild parses every file
 * (strings that merely look like imports are not imports) and fails on a relative import of a file not shipped.
 */
async function undeclaredImports(pkgDir: string): Promise<string[]> {
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as InstalledManifest;
  const declared = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const entryPoints = filesBelow(join(pkgDir, 'dist')).filter((file) => /\.m?js$/.test(file));
  const result = await build({ entryPoints, bundle: true, write: false, outdir: join(pkgDir, 'unused-out'), packages: 'external', platform: 'node', format: 'esm', metafile: true, logLevel: 'silent' });
  const imported = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imp of input.imports) if (imp.external && !isBuiltin(imp.path)) imported.add(packageName(imp.path));
  }
  return [...imported].filter((name) => !declared.has(name)).sort();
}

/** A zip's entries by name, read through its end record and central directory (APPNOTE 4.3.12, 4.3.16). */
function zipEntries(zip: Buffer): Map<string, Buffer> {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end), 'end of central directory record').toBe(0x06054b50);
  const entries = new Map<string, Buffer>();
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    expect(zip.readUInt32LE(at), 'central directory header').toBe(0x02014b50);
    const [method, compressed, nameLength] = [zip.readUInt16LE(at + 10), zip.readUInt32LE(at + 20), zip.readUInt16LE(at + 28)];
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + compressed);
    entries.set(name, method === 8 ? inflateRawSync(body) : Buffer.from(body));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

describe.skipIf(SKIP)('a newcomer installs the packed packages with npm and uses agentflow in a fresh project', () => {
  let work = '';
  let project = '';
  let tarballs = new Map<string, string>();
  let repacked = new Map<string, string>();
  const runs: Record<string, Run> = {};

  beforeAll(() => {
    work = mkdtempSync(join(realpathSync(tmpdir()), 'agentflow-newcomer-'));
    expectSuccess(run('pnpm', ['-s', 'build'], ROOT));
    tarballs = packAll(join(work, 'packed'));
    // Built and packed again: the same sources must give the same bytes (no timestamps, paths or hashes of the
    // build machine). The CLI bundle is the build most likely to differ, so it is built once more.
    expectSuccess(run('pnpm', ['-s', 'build'], join(ROOT, 'packages/cli')));
    repacked = packAll(join(work, 'repacked'));

    project = join(work, 'project');
    mkdirSync(project);
    const npm = ['--no-audit', '--no-fund', '--prefer-offline'];
    runs['install'] = run('npm', ['install', ...npm, '--save-dev', ...PUBLISHED.map((name) => tarballs.get(name)!), 'zod@^4.1.12', 'typescript@~5.9.3'], project);
    if (runs['install'].status !== 0) return;
    // `--no`: never fetch a package named agentflow from the registry when the installed bin is missing; `--`: the
    // options that follow are the command's, not npx's.
    runs['init'] = run('npx', ['--no', '--', 'agentflow', 'init'], project);
    runs['compile'] = run('npx', ['--no', '--', 'agentflow', 'compile', 'workflows', '--out', 'build'], project);
    runs['tsc'] = run('npx', ['--no', '--', 'tsc', '--noEmit', '-p', '.'], project);
    runs['run'] = run('npx', ['--no', '--', 'agentflow', 'run', 'workflows/hello.ts', '--mocks', 'workflows/hello.mocks.json'], project);
    runs['validate'] = run('npx', ['--no', '--', 'agentflow', 'validate', 'build'], project);
    runs['import'] = run(
      process.execPath,
      ['--input-type=module', '-e', "for (const name of ['dsl', 'compiler', 'testing', 'runtime']) { const m = await import(`@agentflow/${name}`); console.log(name, Object.keys(m).length); }"],
      project,
    );
    // Without the optional peer @agentflow/runtime first (moved aside), then with it.
    const runtime = join(project, 'node_modules/@agentflow/runtime');
    renameSync(runtime, `${runtime}-aside`);
    try {
      runs['bundle-runtime-missing'] = run('npx', ['--no', '--', 'agentflow', 'bundle-runtime', '--out', 'dist'], project);
    } finally {
      renameSync(`${runtime}-aside`, runtime);
    }
    runs['bundle-runtime'] = run('npx', ['--no', '--', 'agentflow', 'bundle-runtime', '--out', 'dist'], project);
  }, 30 * 60_000);

  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('packs deterministically: building and packing again gives byte-identical tarballs', () => {
    for (const name of PUBLISHED) expect(sha256(repacked.get(name)!), `@agentflow/${name}`).toBe(sha256(tarballs.get(name)!));
  });

  it('sets the project up outside any workspace: no enclosing package.json, node_modules or pnpm-workspace.yaml', () => {
    expect(relative(CHECKOUT, project).startsWith('..')).toBe(true);
    expect(enclosingProjectFiles(project)).toEqual([]);
  });

  it('installs the tarballs, zod and typescript with npm', () => {
    expectSuccess(runs['install']);
    for (const name of PUBLISHED) expect(existsSync(join(project, 'node_modules/@agentflow', name, 'package.json')), name).toBe(true);
  });

  it('ships no workspace range and no path of this checkout', () => {
    expectSuccess(runs['install']);
    const leaks: string[] = [];
    for (const name of PUBLISHED) {
      for (const file of filesBelow(join(project, 'node_modules/@agentflow', name))) {
        const text = readFileSync(file, 'utf8');
        if (text.includes('workspace:')) leaks.push(`${relative(project, file)}: workspace:`);
        if (text.includes(CHECKOUT) || text.includes(ROOT)) leaks.push(`${relative(project, file)}: ${CHECKOUT}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('imports at run time only what each manifest declares (dependencies and peers), and every shipped module resolves', async () => {
    expectSuccess(runs['install']);
    for (const name of PUBLISHED) expect(await undeclaredImports(join(project, 'node_modules/@agentflow', name)), `@agentflow/${name}`).toEqual([]);
    const imported = expectSuccess(runs['import']).stdout;
    for (const name of ['dsl', 'compiler', 'testing', 'runtime']) expect(imported).toMatch(new RegExp(`^${name} [1-9]\\d*$`, 'm'));
  });

  it('npx agentflow init scaffolds the project', () => {
    expectSuccess(runs['init']);
    for (const file of ['agentflow.config.yaml', 'workflows/hello.ts', 'workflows/hello.mocks.json', 'tsconfig.json']) expect(existsSync(join(project, file)), file).toBe(true);
    // The config names the schema the installed CLI ships, so an editor finds it.
    const schemaLine = readFileSync(join(project, 'agentflow.config.yaml'), 'utf8').split('\n')[0]!;
    const schema = /\$schema=(\S+)/.exec(schemaLine)?.[1];
    expect(schema, schemaLine).toBeDefined();
    expect(JSON.parse(readFileSync(join(project, schema!), 'utf8'))).toHaveProperty('$schema');
  });

  it('npx agentflow compile writes the ASL and IAM of the example, and both parse', () => {
    expectSuccess(runs['compile']);
    const asl = JSON.parse(readFileSync(join(project, 'build/hello.asl.json'), 'utf8')) as { StartAt?: string; States?: Record<string, unknown> };
    expect(asl.StartAt).toBeTypeOf('string');
    expect(Object.keys(asl.States ?? {})).toContain(asl.StartAt);
    const iam = JSON.parse(readFileSync(join(project, 'build/hello.iam.json'), 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(iam)).toContain('"Statement"');
    expectSuccess(runs['validate']);
  });

  it('npx tsc --noEmit type-checks the scaffolded workflows against the installed type declarations', () => {
    expectSuccess(runs['tsc']);
  });

  it('npx agentflow run executes the example offline with its mocks', () => {
    const result = expectSuccess(runs['run']);
    expect(result.stdout).toContain('Yes: open the order, choose Change address, and save before it ships.');
  });

  it('npx agentflow bundle-runtime without @agentflow/runtime installed: error[runtime-not-installed] naming the install, exit 2', () => {
    const result = runs['bundle-runtime-missing'];
    expect(result?.status, result?.stderr).toBe(2);
    expect(result!.stderr).toContain('error[runtime-not-installed]: @agentflow/runtime is not installed');
    expect(result!.stderr).toMatch(/hint: .*npm install --save-dev @agentflow\/runtime@\d+\.\d+\.\d+/);
    expect(result!.stderr).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it('npx agentflow bundle-runtime --out dist builds the Lambda zips from the installed @agentflow/runtime', () => {
    expectSuccess(runs['bundle-runtime']);
    for (const name of ['agent-adapter', 'approval-responder']) {
      const file = join(project, 'dist', `agentflow-${name}.zip`);
      const zip = readFileSync(file);
      expect(zip.length, file).toBeGreaterThan(0);
      expect(readFileSync(`${file}.sha256`, 'utf8')).toBe(`${sha256(file)}  agentflow-${name}.zip\n`);
      const entries = zipEntries(zip);
      expect([...entries.keys()].sort(), file).toEqual(['THIRD-PARTY-NOTICES.txt', 'index.mjs']);
      // The handler Lambda calls (index.handler), with the AWS SDK bundled in: nothing is left for Lambda to resolve.
      const code = entries.get('index.mjs')!.toString('utf8');
      expect(code).toMatch(/export\s*\{[^}]*\bas handler\s*\}/);
      expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
      expect(entries.get('THIRD-PARTY-NOTICES.txt')!.toString('utf8')).toContain('@aws-sdk/client-');
    }
  });
});

describe('skipping the newcomer test', () => {
  it.runIf(SKIP)('is allowed only outside CI, and says so', () => {
    process.stderr.write('newcomer.test.ts skipped: AGENTFLOW_SKIP_NEWCOMER_TEST=1 (never in CI)\n');
    expect(IN_CI, 'AGENTFLOW_SKIP_NEWCOMER_TEST=1 is set in CI, where the newcomer test must run').toBe(false);
  });
});
