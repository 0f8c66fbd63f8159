/**
 * Builds the shipped CLI: `dist/agentflow.mjs` (the bin) and `dist/agentflow-worker.mjs` (the thread that loads and
 * builds workflow files), with the code they share and the code only one command needs in `dist/chunk-*.mjs`, so
 * that Node loads a handful of plain JavaScript files instead of ~430 modules through a TypeScript loader, and
 * `agentflow --help` does not load the compiler, the executor, the deployer or the AWS SDK.
 *
 * External, resolved by Node at run time:
 * - `@agentflow/dsl` and `zod`: a workflow file imports them itself and must get the very instances the CLI uses
 *   (the compiler recognises workflow definitions and zod schemas by identity);
 * - `esbuild`: it runs a native binary from its own package;
 * - `tsx`: only a checkout whose `@agentflow/dsl` is TypeScript source loads it (see bundled-bin.ts).
 *
 * Usage: `tsx scripts/build-cli.ts` (the package's `build` script).
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

export const CLI_DIR = fileURLToPath(new URL('../', import.meta.url));
export const DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));

/** Resolved by Node at run time, never copied into dist/ (see the file comment). */
export const EXTERNAL = ['@agentflow/dsl', 'zod', 'zod/*', 'esbuild', 'tsx', 'tsx/*'];

export async function buildCli(outdir: string = DIST_DIR): Promise<Metafile> {
  // The previous build's files only: folders inside dist/ are other builds (bundled-cli.test.ts builds into one
  // while the newcomer test may run `pnpm build` in parallel), and the package ships only the top-level files.
  mkdirSync(outdir, { recursive: true });
  for (const entry of readdirSync(outdir, { withFileTypes: true })) if (!entry.isDirectory()) rmSync(join(outdir, entry.name), { force: true });
  const result = await build({
    absWorkingDir: CLI_DIR,
    entryPoints: { agentflow: 'src/bundled-bin.ts', 'agentflow-worker': 'src/contain/bundled-worker.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // ES module builds first: jsonc-parser's `main` is a UMD build whose require() calls esbuild cannot follow.
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: 'linked',
    // Stack traces of an agentflow defect then name the TypeScript source; the maps are only read when a trace is shown.
    sourcesContent: false,
    legalComments: 'linked',
    external: EXTERNAL,
    define: { __AGENTFLOW_BUNDLE__: 'true' },
    // CommonJS dependencies bundled into ES modules (yaml, ajv, the AWS SDK) may call require() for Node's builtins.
    banner: { js: "import { createRequire as __agentflowCreateRequire } from 'node:module';const require = __agentflowCreateRequire(import.meta.url);" },
    plugins: [withoutHashbang, lazyChildProcessForCommander],
    metafile: true,
    logLevel: 'warning',
  });
  // The bin's own line: esbuild's banner would put it on every chunk, where it is a syntax error past line 1.
  const bin = join(outdir, 'agentflow.mjs');
  writeFileSync(bin, `#!/usr/bin/env node\n${readFileSync(bin, 'utf8')}`);
  chmodSync(bin, 0o755);
  return result.metafile;
}

/**
 * src/bin.ts starts with the hashbang of the source run (`node --import tsx`); in a chunk it would sit below the
 * banner. Blanked, not removed, so that line numbers in the source map stay right.
 */
const withoutHashbang: Plugin = {
  name: 'without-hashbang',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]bin\.ts$/ }, (args) => ({ contents: readFileSync(args.path, 'utf8').replace(/^#![^\n]*/, ''), loader: 'ts' }));
  },
};

/**
 * commander requires `node:child_process` when it loads, for stand-alone executable subcommands, which agentflow
 * does not declare; loading that builtin is a measurable part of `agentflow --help`. commander gets an object whose
 * `spawn` loads the builtin on first call instead.
 */
const lazyChildProcessForCommander: Plugin = {
  name: 'lazy-child-process-for-commander',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) => (/[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'agentflow-lazy' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'agentflow-lazy' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const metafile = await buildCli();
  const outputs = Object.entries(metafile.outputs).filter(([name]) => name.endsWith('.mjs'));
  const total = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
  process.stdout.write(`built ${outputs.length} files, ${(total / 1024).toFixed(0)} KiB, into ${DIST_DIR}\n`);
}
