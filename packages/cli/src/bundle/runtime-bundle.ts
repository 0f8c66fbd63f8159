import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildFailure, Message } from 'esbuild';
import { bundledPackages, thirdPartyNotices } from './third-party-notices.js';
import { BUNDLED } from '../bundled.js';
import { loadEsbuild } from '../load-esbuild.js';
import { zipArchive } from './zip.js';

/** A Lambda handler of @agentflow/runtime that ships in a zip of its own. */
export interface RuntimeHandler {
  /** Names the zip: `agentflow-<name>.zip`. */
  readonly name: string;
  /** The module of the runtime package that exports the handler, relative to the package directory: its source. */
  readonly module: string;
  /** The same module as the published package ships it (compiled by tsc into dist/), when there is no source. */
  readonly builtModule: string;
  /** The handler's export there; the bundle re-exports it as `handler`. */
  readonly exportName: string;
}

/** Every handler `bundle-runtime` builds; a new handler is one more entry. */
export const RUNTIME_HANDLERS: readonly RuntimeHandler[] = [
  { name: 'agent-adapter', module: 'src/adapter.ts', builtModule: 'dist/adapter.js', exportName: 'adapterHandler' },
  { name: 'approval-responder', module: 'src/approval/handler.ts', builtModule: 'dist/approval/handler.js', exportName: 'approvalHandler' },
];

/**
 * ESM: Lambda's nodejs20.x runs `.mjs` natively, esbuild then takes the AWS SDK's ES module builds (`module` field),
 * which tree-shake better than its CommonJS ones, and imports the bundle faster.
 */
export const BUNDLE_FILE = 'index.mjs';
/** The Lambda `Handler` setting of every zip: `handler` exported by index.mjs. */
export const LAMBDA_HANDLER = 'index.handler';
export const LAMBDA_RUNTIME = 'nodejs20.x';
export const NOTICES_FILE = 'THIRD-PARTY-NOTICES.txt';

/** The runtime package beside this CLI in the workspace (packages/runtime), from src/bundle/ or from the bundled dist/. */
export const WORKSPACE_RUNTIME_DIR = fileURLToPath(new URL(BUNDLED ? '../../runtime/' : '../../../runtime/', import.meta.url));

export interface RuntimeBundle {
  readonly handler: RuntimeHandler;
  /** `agentflow-<name>.zip` */
  readonly zipName: string;
  readonly zip: Buffer;
  /** Hex SHA-256 of the zip. */
  readonly sha256: string;
  /** Size of index.mjs before compression. */
  readonly bundleBytes: number;
  /** The zip's entries, in archive order. */
  readonly entries: readonly string[];
  /** esbuild's warnings, each `file:line:column: text`: the bundle was built, but a dependency may misbehave. */
  readonly warnings: readonly string[];
}

/** esbuild could not bundle a handler; `messages` are its errors, each `file:line:column: text`. */
export class BundleError extends Error {
  constructor(
    readonly handler: string,
    readonly messages: readonly string[],
  ) {
    super(`cannot bundle ${handler}: ${messages.join('; ')}`);
    this.name = 'BundleError';
  }
}

/**
 * Bundles one handler with everything it imports, the AWS SDK v3 clients included at the versions the runtime
 * package pins (the SDK Lambda provides changes under a deployed function without notice), minified for Node 20,
 * and zips it with its third-party notices. Same sources (and the same esbuild and Node zlib) → same bytes.
 */
export async function bundleRuntimeHandler(handler: RuntimeHandler, runtimeDir: string = WORKSPACE_RUNTIME_DIR): Promise<RuntimeBundle> {
  // Paths in the metafile and in messages are relative to this directory, so they do not depend on the checkout.
  const workingDir = realpathSync(runtimeDir);
  // Loaded here, not at the top: loading esbuild costs every other command start-up time.
  const { build } = loadEsbuild();
  let result;
  try {
    result = await build({
      stdin: {
        contents: `export { ${handler.exportName} as handler } from ${JSON.stringify(`./${handlerModule(handler, workingDir)}`)};\n`,
        resolveDir: workingDir,
        sourcefile: `${handler.name}.entry.ts`,
        loader: 'ts',
      },
      absWorkingDir: workingDir,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      mainFields: ['module', 'main'],
      minify: true,
      legalComments: 'external',
      charset: 'utf8',
      metafile: true,
      write: false,
      outfile: join(workingDir, BUNDLE_FILE),
      logLevel: 'silent',
    });
  } catch (error) {
    throw new BundleError(handler.name, messagesOf(error));
  }
  const output = result.outputFiles.find((file) => file.path.endsWith(`/${BUNDLE_FILE}`));
  if (output === undefined) throw new BundleError(handler.name, [`esbuild wrote no ${BUNDLE_FILE}`]);
  const checkout = checkoutPaths(runtimeDir, workingDir);
  const code = stripMachinePaths(output.text, checkout);
  const leaked = [...checkout, homedir()].filter((path) => dirname(path) !== path).find((path) => code.includes(path));
  if (leaked !== undefined) throw new BundleError(handler.name, [`the bundle still holds this machine's path ${leaked}, so it would differ between machines`]);

  const entries = [{ name: BUNDLE_FILE, data: Buffer.from(code, 'utf8') }];
  // esbuild's own notice file, when the sources carry `/*! … */` or `@license` comments.
  const legal = result.outputFiles.find((file) => file.path.endsWith('.LEGAL.txt'));
  if (legal !== undefined) entries.push({ name: `${BUNDLE_FILE}.LEGAL.txt`, data: Buffer.from(stripMachinePaths(legal.text, checkout), 'utf8') });
  const packages = bundledPackages(Object.keys(result.metafile.inputs), workingDir);
  entries.push({ name: NOTICES_FILE, data: Buffer.from(thirdPartyNotices(`agentflow-${handler.name}`, packages), 'utf8') });

  const zip = zipArchive(entries);
  return {
    handler,
    zipName: `agentflow-${handler.name}.zip`,
    zip,
    sha256: createHash('sha256').update(zip).digest('hex'),
    bundleBytes: entries[0]!.data.length,
    entries: entries.map((entry) => entry.name).sort(),
    warnings: result.warnings.map(formatMessage),
  };
}

/**
 * The checkout's absolute paths, longest first: the runtime package (as given and as resolved through symbolic links)
 * and the repository two levels up. The root directory is left out: it is part of every path.
 */
function checkoutPaths(runtimeDir: string, workingDir: string): string[] {
  const paths = [resolve(runtimeDir), workingDir, dirname(dirname(resolve(runtimeDir))), dirname(dirname(workingDir))];
  return [...new Set(paths)].filter((path) => dirname(path) !== path).sort((a, b) => b.length - a.length);
}

/** A checkout path (a `__dirname` a dependency inlined, say) becomes `.`: the bundle could not use it in Lambda anyway. */
function stripMachinePaths(text: string, checkout: readonly string[]): string {
  let stripped = text;
  for (const path of checkout) stripped = stripped.split(path).join('.');
  return stripped;
}

function messagesOf(error: unknown): string[] {
  const errors = (error as Partial<BuildFailure>)?.errors;
  if (Array.isArray(errors) && errors.length > 0) return errors.map(formatMessage);
  return [error instanceof Error ? error.message.split('\n')[0]! : String(error)];
}

function formatMessage(message: Message): string {
  const at = message.location ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: ` : '';
  return `${at}${message.text}`;
}

/**
 * Which form of the runtime package is at `runtimeDir`: its TypeScript sources (a checkout of agentflow), the
 * JavaScript the published package ships (installed with npm), or neither.
 */
export function runtimeForm(runtimeDir: string): 'sources' | 'built' | undefined {
  if (!existsSync(join(runtimeDir, 'package.json'))) return undefined;
  if (RUNTIME_HANDLERS.every((handler) => existsSync(join(runtimeDir, handler.module)))) return 'sources';
  if (RUNTIME_HANDLERS.every((handler) => existsSync(join(runtimeDir, handler.builtModule)))) return 'built';
  return undefined;
}

/** The handler's module to bundle: the source when there is one, so a checkout bundles what it tests. */
function handlerModule(handler: RuntimeHandler, runtimeDir: string): string {
  return existsSync(join(runtimeDir, handler.module)) ? handler.module : handler.builtModule;
}
