import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadEsbuild } from './load-esbuild.js';

/**
 * True only when the file's own syntax proves it has no default export: esbuild parses it, finds ES module syntax
 * (`import`/`export`), and no `default` among its exports (which covers `export default`, `export { x as default }`,
 * `export { default } from …` and escaped spellings; `export *` never re-exports a default). Then a file found in a
 * directory can be skipped as a module without running its code.
 *
 * Anything less certain returns false and the file is imported, which decides for sure: CommonJS
 * (`module.exports = …`, TypeScript's `export =`) and files with no module syntax at all, whose default export
 * depends on how Node loads them; syntax errors, which the import reports with their location; unreadable files.
 */
export async function certainlyNoDefaultExport(file: string): Promise<boolean> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  // A workflow file says so in plain text; it is imported anyway, so parsing it first would only cost time.
  if (/\bexport\s+default\b/.test(source)) return false;
  try {
    // Loaded here, not at the top: only directories with modules in them need it (the loader has it loaded already).
    const { build } = loadEsbuild();
    const result = await build({
      entryPoints: [file],
      bundle: false,
      write: false,
      metafile: true,
      logLevel: 'silent',
      // Never written (write: false); a name of its own, so `x.js` is not refused as overwriting its input.
      outfile: join(dirname(file), '.agentflow-exports-check.js'),
      // The exports do not depend on compiler options; reading the project's tsconfig could only fail.
      tsconfigRaw: {},
    });
    const input = Object.values(result.metafile.inputs)[0];
    const output = Object.values(result.metafile.outputs)[0];
    return input?.format === 'esm' && output !== undefined && !output.exports.includes('default');
  } catch {
    return false;
  }
}
