import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The path of `fileName` directly inside the output directory, or undefined when it would land anywhere else.
 * Workflow names are validated before they become file names; this is the last line of defence, so a name that
 * slipped through (`..`, a separator, an absolute path, NUL) can never make `compile --out` write outside `--out`.
 */
export function outputPath(outDir: string, fileName: string): string | undefined {
  if (fileName === '' || fileName.includes('\0') || fileName.includes('/') || fileName.includes('\\')) return undefined;
  const dir = resolve(outDir);
  const path = resolve(dir, fileName);
  const inside = relative(dir, path);
  if (inside === '' || inside === '..' || isAbsolute(inside) || inside.includes(sep)) return undefined;
  return path;
}
