import { createRequire } from 'node:module';

type Esbuild = typeof import('esbuild');

let loaded: Esbuild | undefined;

/**
 * esbuild's JavaScript API, loaded with require(). esbuild ships it as CommonJS, and `import('esbuild')` from an ES
 * module costs ~120 ms more CPU than require() on Node 20 (measured on a cold process: 300 against 180 ms, `node -e 0`
 * 140 ms) — the cold `agentflow compile` of one workflow pays it in its worker thread.
 */
export function loadEsbuild(): Esbuild {
  loaded ??= createRequire(import.meta.url)('esbuild') as Esbuild;
  return loaded;
}
