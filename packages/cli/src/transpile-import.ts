import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin, PluginBuild } from 'esbuild';
import { loadEsbuild } from './load-esbuild.js';
import { BUNDLED } from './bundled.js';

/**
 * Imports a TypeScript module without a loader for the whole module graph, as the bundled CLI does: esbuild bundles
 * the file with the author's own relative modules (`./agents.ts`) into one ES module, which Node imports from a
 * temporary file outside the author's tree (removed once imported). Not a `data:` URL: Node 20 applies source maps
 * only to modules loaded from files. Every package the code imports (`@agentflow/dsl`, `zod`, anything in node_modules) stays
 * an import of the file Node itself resolves from the importing file, by absolute URL: a workflow gets the very DSL
 * and zod instances the CLI loaded whenever they are the same files.
 *
 * Builder call sites are read from stack traces (userFrame, callerLocation in the DSL): the inline source map names
 * the author's files by absolute URL, and the caller turns Node's source maps on before importing.
 */
export async function importTranspiled(file: string, given?: TranspiledModule): Promise<Record<string, unknown>> {
  const transpiled = given ?? (await transpileModule(file));
  if (!transpiled.ok) throw Object.assign(new Error(transpiled.error.message), transpiled.error);
  const { code, map } = transpiled;
  const inlineMap = `//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString('base64')}\n`;
  const dir = mkdtempSync(join(tmpdir(), 'agentflow-'));
  try {
    // Named after the author's file, for the rare frame that is shown unmapped.
    const module = join(dir, `${basename(file).replace(/\.[^.]*$/, '')}.mjs`);
    writeFileSync(module, `${code}${inlineMap}`);
    return (await import(pathToFileURL(module).href)) as Record<string, unknown>;
  } finally {
    // Node keeps the loaded module and its source map; the file itself is no longer needed.
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether importModule (load-workflow.ts) bundles the file here first: TypeScript, in the shipped bin. */
export function isTranspiled(file: string): boolean {
  return BUNDLED && /\.[cm]?tsx?$/.test(file);
}

/**
 * The file bundled as importTranspiled imports it, or why it could not be, as data that can cross to a worker
 * thread: the CLI's thread bundles a workflow (esbuild runs no workflow code) while the workflow thread boots or
 * builds the previous file, and the thread imports the result (contain/workflow-worker.ts).
 */
export type TranspiledModule =
  | { readonly ok: true; readonly code: string; readonly map: string }
  /** What importFailure (load-workflow.ts) reads of the error: esbuild's messages, or Node's code for a missing package. */
  | { readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly code?: string; readonly errors?: readonly TranspileMessage[] } };

interface TranspileMessage {
  readonly text: string;
  readonly location: { readonly file: string; readonly line: number; readonly column: number } | null;
}

export async function transpileModule(file: string): Promise<TranspiledModule> {
  const unresolved: UnresolvedImport[] = [];
  // Only where outputs would go; nothing is written. Source paths in the map are relative to this directory.
  const outfile = join(dirname(file), '__agentflow_workflow__.mjs');
  let result;
  try {
    result = await loadEsbuild().build({
      entryPoints: [file],
      outfile,
      write: false,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'external',
      sourcesContent: false,
      logLevel: 'silent',
      // Node's resolution, not a bundler's: no `module` condition, no `module` main field.
      conditions: [],
      mainFields: ['main'],
      plugins: [packagesByUrl(unresolved), fileMetaUrls],
    });
  } catch (error) {
    // A package that cannot be found fails the import as Node would, not as a syntax error.
    const first = unresolved[0];
    if (first) return { ok: false, error: { name: 'Error', message: `Cannot find package '${first.specifier}' imported from ${first.importer}`, code: 'ERR_MODULE_NOT_FOUND' } };
    const e = (error ?? {}) as { name?: string; message?: string; code?: unknown; errors?: { text: string; location: { file: string; line: number; column: number } | null }[] };
    const errors = e.errors?.map((m) => ({ text: m.text, location: m.location ? { file: m.location.file, line: m.location.line, column: m.location.column } : null }));
    const code = typeof e.code === 'string' ? { code: e.code } : {};
    return { ok: false, error: { name: e.name ?? 'Error', message: e.message ?? String(error), ...code, ...(errors ? { errors } : {}) } };
  }
  const code = result.outputFiles.find((f) => f.path === outfile)!.text;
  const mapText = result.outputFiles.find((f) => f.path === `${outfile}.map`)!.text;
  const map = JSON.parse(mapText) as { sources: string[] };
  // Absolute URLs: a data: module has no location to resolve relative sources against.
  map.sources = map.sources.map((source) => pathToFileURL(resolve(dirname(outfile), source)).href);
  return { ok: true, code: code.replace(/\/\/# sourceMappingURL=.*\s*$/, ''), map: JSON.stringify(map) };
}

interface UnresolvedImport {
  readonly specifier: string;
  readonly importer: string;
}

const BUILTINS = new Set(builtinModules);
const TYPESCRIPT = /\.[cm]?tsx?$/;
/** Packages whose instances the CLI shares with the workflow: never copied into the workflow's module. */
const SHARED = /^(@agentflow\/dsl|zod)(\/|$)/;
const RESOLVING = Symbol('resolving');

/** Every bare import becomes an external import of the file Node resolves from the importing file. */
function packagesByUrl(unresolved: UnresolvedImport[]): Plugin {
  return {
    name: 'packages-by-url',
    setup(build: PluginBuild) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === RESOLVING || isAbsolute(args.path)) return undefined;
        if (args.path.startsWith('node:') || BUILTINS.has(args.path) || BUILTINS.has(args.path.split('/')[0]!)) return { path: args.path, external: true };
        const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: RESOLVING });
        if (found.errors.length > 0 || !found.path) {
          unresolved.push({ specifier: args.path, importer: args.importer });
          return { errors: [{ text: `Cannot find package '${args.path}'` }] };
        }
        // A package published as TypeScript source (a workspace sibling) cannot be loaded by Node without a loader:
        // it is the author's code, bundled like a relative import. The DSL and zod are always shared.
        if (TYPESCRIPT.test(found.path) && !SHARED.test(args.path)) return { path: found.path };
        // require() takes a path, import a URL.
        return { path: args.kind === 'require-call' ? found.path : pathToFileURL(found.path).href, external: true };
      });
    },
  };
}

/**
 * `import.meta.url` (and `dirname`, `filename`) of a bundled file is its own, not the in-memory module's. The text is
 * replaced in that file before it is bundled; code after it on the same line is then reported a few columns off.
 */
const fileMetaUrls: Plugin = {
  name: 'file-meta-urls',
  setup(build: PluginBuild) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.')) return undefined;
      const contents = text
        .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
        .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(args.path)))
        .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path));
      const ext = /\.([cm]?)([jt]sx?)$/.exec(args.path)!;
      return { contents, loader: ext[2] as 'ts' | 'tsx' | 'js' | 'jsx', resolveDir: dirname(args.path) };
    });
  },
};
