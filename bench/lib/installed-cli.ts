/**
 * The bundled CLI as a user's project gets it: packages/cli/dist built first (scripts/build-cli.ts), then copied into
 * a temp project outside the repository with `node_modules/@agentflow/cli/dist`, the DSL as JavaScript in
 * `node_modules/@agentflow/dsl` (bundled here with esbuild, zod external, as a published build would load it
 * natively), and `zod` and `esbuild` linked to this repository's copies. In the checkout itself the DSL is
 * TypeScript source, which the bundled bin can only load through tsx's hooks: rows run there measure that instead.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { NODE, ROOT, timeCommand } from './proc.js';

export const DIST_BIN = 'packages/cli/dist/agentflow.mjs';

// esbuild is the CLI's dependency, not the workspace root's.
const { buildSync } = createRequire(join(ROOT, 'packages/cli/package.json'))('esbuild') as { buildSync: (options: Record<string, unknown>) => unknown };

/** Builds packages/cli/dist; the error text when it cannot (the bundle rows then fail with it). */
export function buildBundle(): string | undefined {
  try {
    timeCommand(NODE, ['--import', 'tsx', join(ROOT, 'packages/cli/scripts/build-cli.ts')]);
    return existsSync(join(ROOT, DIST_BIN)) ? undefined : `${DIST_BIN} was not written`;
  } catch (error) {
    return `could not build ${DIST_BIN} (pnpm --filter @agentflow/cli build): ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
  }
}

export interface InstalledProject {
  /** The project directory: run commands with it as the working directory. */
  readonly dir: string;
  /** The bin, relative to `dir`. */
  readonly bin: string;
  readonly remove: () => void;
}

/** A temp project with the built bin installed (see the file comment) and the seed workflows with their config. */
export function installedProject(): InstalledProject {
  const dir = mkdtempSync(join(tmpdir(), 'agentflow-installed-'));
  const modules = join(dir, 'node_modules');
  cpSync(join(ROOT, 'packages/cli/dist'), join(modules, '@agentflow/cli/dist'), { recursive: true, filter: (src) => !/[\\/]test-[^\\/]*$/.test(src) });
  writeFileSync(join(modules, '@agentflow/cli/package.json'), JSON.stringify({ name: '@agentflow/cli', type: 'module', bin: { agentflow: './dist/agentflow.mjs' } }));
  const dsl = join(modules, '@agentflow/dsl');
  mkdirSync(dsl, { recursive: true });
  buildSync({ entryPoints: [join(ROOT, 'packages/dsl/src/index.ts')], outfile: join(dsl, 'index.mjs'), bundle: true, format: 'esm', platform: 'node', target: 'node20', external: ['zod', 'zod/*'], logLevel: 'error' });
  writeFileSync(join(dsl, 'package.json'), JSON.stringify({ name: '@agentflow/dsl', type: 'module', exports: './index.mjs' }));
  symlinkSync(realpathSync(join(ROOT, 'node_modules/zod')), join(modules, 'zod'), 'dir');
  symlinkSync(realpathSync(join(ROOT, 'packages/cli/node_modules/esbuild')), join(modules, 'esbuild'), 'dir');
  cpSync(join(ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
  cpSync(join(ROOT, 'agentflow.config.yaml'), join(dir, 'agentflow.config.yaml'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-project', private: true, type: 'module' }));
  return { dir, bin: 'node_modules/@agentflow/cli/dist/agentflow.mjs', remove: () => rmSync(dir, { recursive: true, force: true }) };
}
