import { createRequire } from 'node:module';

/**
 * Drops local modules from the CommonJS cache before a fresh import. A workflow outside a `"type": "module"`
 * package is loaded as CommonJS, which the generation query of fresh-hooks.mjs does not reach: Node keeps those
 * modules in `require.cache` by file name, so without this a changed file would be served from the cache.
 */
export function evictCommonJs(files: readonly string[]): void {
  const cache = createRequire(import.meta.url).cache;
  for (const file of files) delete cache[file];
}
