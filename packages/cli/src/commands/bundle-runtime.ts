import { join, resolve } from 'node:path';
import {
  BundleError,
  bundleRuntimeHandler,
  LAMBDA_HANDLER,
  LAMBDA_RUNTIME,
  RUNTIME_HANDLERS,
  runtimeForm,
  type RuntimeBundle,
} from '../bundle/runtime-bundle.js';
import { cliVersion, findRuntime, RUNTIME_PACKAGE } from '../bundle/find-runtime.js';
import { EXIT_ERRORS, EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { writeFileSet, type SetFile } from '../write-file-set.js';

export interface BundleRuntimeOptions {
  /** Directory the zips and their `.sha256` files go to (created when missing). */
  readonly out: string;
  /** Print `{ bundles: [...] }` instead of the summary lines. */
  readonly json?: boolean;
  /** The @agentflow/runtime package to bundle; default: found as find-runtime.ts says. */
  readonly runtimeDir?: string;
}

/**
 * `agentflow bundle-runtime --out DIR`: one Lambda zip per runtime handler (`agentflow-<name>.zip`, handler
 * `index.handler`) and beside it `<zip>.sha256`. Every zip is built before anything is written, and the files are
 * then written as one set (write-file-set.ts), so a failure leaves the previous zips in place, whole.
 */
export async function runBundleRuntime(options: BundleRuntimeOptions, io: Io): Promise<number> {
  const runtimeDir = options.runtimeDir ?? findRuntime(io.cwd);
  if (runtimeDir === undefined) {
    const version = cliVersion();
    throw new UsageError(
      `${RUNTIME_PACKAGE} is not installed: bundle-runtime bundles its Lambda handlers, and this CLI does not bring it along.`,
      `Install it beside the CLI, at the CLI's version: npm install --save-dev ${RUNTIME_PACKAGE}${version ? `@${version}` : ''}`,
      'runtime-not-installed',
    );
  }
  if (runtimeForm(runtimeDir) === undefined) {
    throw new UsageError(`the ${RUNTIME_PACKAGE} handlers are not at ${runtimeDir}.`, `Pass the directory of the ${RUNTIME_PACKAGE} package (its sources, or the package as installed).`, 'runtime-not-found');
  }
  const bundles: RuntimeBundle[] = [];
  for (const handler of RUNTIME_HANDLERS) {
    try {
      bundles.push(await bundleRuntimeHandler(handler, runtimeDir));
    } catch (error) {
      if (!(error instanceof BundleError)) throw error;
      io.stderr(`error: cannot bundle the ${error.handler} handler:\n${error.messages.map((m) => `  ${m}\n`).join('')}hint: fix the runtime sources at the places named above (paths are relative to the runtime package) and run bundle-runtime again.\n`);
      return EXIT_ERRORS;
    }
  }

  for (const bundle of bundles) for (const warning of bundle.warnings) io.stderr(`warning: ${bundle.handler.name}: ${warning}\n`);
  const dir = resolve(io.cwd, options.out);
  const files: SetFile<string | Uint8Array>[] = bundles.flatMap((bundle) => [
    { path: join(dir, bundle.zipName), shown: join(options.out, bundle.zipName), text: bundle.zip },
    // sha256sum's format, so `sha256sum -c agentflow-agent-adapter.zip.sha256` checks the zip.
    { path: join(dir, `${bundle.zipName}.sha256`), shown: join(options.out, `${bundle.zipName}.sha256`), text: `${bundle.sha256}  ${bundle.zipName}\n` },
  ]);
  const outcome = writeFileSet(dir, files);
  if (!outcome.ok) {
    const replaced = outcome.replaced.length > 0 ? ` (already replaced: ${outcome.replaced.join(', ')})` : ' (nothing was written)';
    io.stderr(`error: cannot write ${outcome.path}: ${outcome.reason}${replaced}.\nhint: give --out a directory this user can write to.\n`);
    return EXIT_ERRORS;
  }

  const rows = bundles.map((bundle) => ({
    handler: bundle.handler.name,
    file: join(options.out, bundle.zipName),
    bytes: bundle.zip.length,
    sha256: bundle.sha256,
    bundleBytes: bundle.bundleBytes,
    entries: bundle.entries,
    lambdaHandler: LAMBDA_HANDLER,
    lambdaRuntime: LAMBDA_RUNTIME,
  }));
  if (options.json) {
    io.stdout(`${JSON.stringify({ bundles: rows }, null, 2)}\n`);
  } else {
    for (const row of rows) {
      io.stdout(`${row.file}  ${row.bytes} bytes  sha256 ${row.sha256}\n  handler ${row.lambdaHandler} (${row.lambdaRuntime}); ${row.entries.join(', ')}; index.mjs ${row.bundleBytes} bytes\n`);
    }
  }
  return EXIT_OK;
}
