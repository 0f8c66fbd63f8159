import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED } from '../bundled.js';
import { runtimeForm, WORKSPACE_RUNTIME_DIR } from './runtime-bundle.js';

export const RUNTIME_PACKAGE = '@agentflow/runtime';

/**
 * The @agentflow/runtime package `bundle-runtime` bundles. The CLI declares it an optional peer dependency: most
 * commands never need it, and it brings five AWS SDK clients of its own, so a project installs it beside the CLI
 * only to build the Lambda zips. Looked for, in this order:
 * - the runtime sources beside this CLI in an agentflow checkout (packages/runtime), so the checkout bundles what
 *   its tests test;
 * - the package installed beside this CLI: the `node_modules/@agentflow/runtime` Node would find from the CLI's
 *   own files (npm and pnpm install a peer where its dependent resolves it);
 * - the package installed in the project: the same search from the working directory.
 * Undefined when none holds the handlers.
 */
export function findRuntime(cwd: string): string | undefined {
  if (runtimeForm(WORKSPACE_RUNTIME_DIR) === 'sources') return WORKSPACE_RUNTIME_DIR;
  for (const start of [dirname(fileURLToPath(import.meta.url)), resolve(cwd)]) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', ...RUNTIME_PACKAGE.split('/'));
      if (runtimeForm(candidate) !== undefined) return realpathSync(candidate);
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

/** This CLI's version, for the install command a missing runtime asks for (the runtime is released in lock-step). */
export function cliVersion(): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(fileURLToPath(new URL(BUNDLED ? '../package.json' : '../../package.json', import.meta.url)), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}
