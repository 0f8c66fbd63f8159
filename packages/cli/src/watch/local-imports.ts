import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { build } from 'esbuild';

/**
 * The files a workflow loads from the project itself: the file and every local module it reaches through static
 * imports, read from esbuild's metafile. Packages (bare specifiers) are left out: a change there is not the author's
 * edit, and they stay loaded for the life of the watcher. Undefined when the graph cannot be read (a syntax error):
 * the caller keeps what it knew.
 */
export async function localImports(file: string, cwd: string): Promise<string[] | undefined> {
  try {
    const result = await build({
      entryPoints: [file],
      absWorkingDir: cwd,
      bundle: true,
      write: false,
      metafile: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs).map((path) => (isAbsolute(path) ? path : resolve(cwd, path)));
    return [...new Set([file, ...inputs.filter((path) => !path.includes('/node_modules/') && existsSync(path))])];
  } catch {
    return undefined;
  }
}
