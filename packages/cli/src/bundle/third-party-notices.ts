import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A package whose code is in a bundle, as its package.json and license files describe it. */
export interface BundledPackage {
  readonly name: string;
  readonly version: string;
  /** The package.json `license` field, or `UNKNOWN`. */
  readonly license: string;
  /** LICENSE, NOTICE, COPYING… files of the package, by file name, in name order. */
  readonly files: readonly { readonly file: string; readonly text: string }[];
}

const LICENSE_FILE = /^(licen[sc]e|notice|copying|copyright)/i;
const NODE_MODULES = 'node_modules/';

/**
 * The packages of a bundle, from esbuild's metafile inputs (paths relative to its working directory): every input
 * under `node_modules/` belongs to the package directory that follows the last `node_modules/`. The workspace's own
 * sources are not third-party and are left out, and so is the runtime package itself when it is installed (then
 * `workingDir` is inside `node_modules` and its dependencies sit beside it, `../../@aws-sdk/…`: paths are made
 * absolute before looking for `node_modules/`).
 */
export function bundledPackages(inputs: readonly string[], workingDir: string): BundledPackage[] {
  const dirs = new Set<string>();
  for (const relativeInput of inputs) {
    const absolute = resolve(workingDir, relativeInput);
    // Inside the runtime package only its own node_modules count, not a node_modules it is installed in.
    const base = absolute.startsWith(`${workingDir}/`) ? workingDir : '';
    const input = absolute.slice(base.length);
    const at = input.lastIndexOf(NODE_MODULES);
    if (at < 0) continue;
    const [first, second] = input.slice(at + NODE_MODULES.length).split('/');
    if (first === undefined || (first.startsWith('@') && second === undefined)) continue;
    dirs.add(base + input.slice(0, at + NODE_MODULES.length) + (first.startsWith('@') ? `${first}/${second}` : first));
  }
  const packages = [...dirs].map((dir) => describePackage(resolve(workingDir, dir)));
  return packages.sort((a, b) => compare(a.name, b.name) || compare(a.version, b.version));
}

function describePackage(dir: string): BundledPackage {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string; license?: unknown };
  const files = readdirSync(dir)
    .filter((file) => LICENSE_FILE.test(file))
    .sort(compare)
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8').replace(/\r\n/g, '\n').trimEnd() }));
  return {
    name: manifest.name ?? dir.slice(dir.lastIndexOf(NODE_MODULES) + NODE_MODULES.length),
    version: manifest.version ?? 'unknown',
    license: typeof manifest.license === 'string' ? manifest.license : 'UNKNOWN',
    files,
  };
}

/**
 * THIRD-PARTY-NOTICES.txt: the list of bundled packages with their licenses, then each distinct license or notice
 * text once with the packages that carry it (the AWS SDK's hundred packages share one Apache-2.0 text). Apache-2.0
 * section 4 asks a redistribution to carry the license and any NOTICE file; esbuild's `legalComments` finds no
 * legal comments in these sources, so the files are gathered from the packages.
 */
export function thirdPartyNotices(bundle: string, packages: readonly BundledPackage[]): string {
  const lines = [`Third-party software bundled into ${bundle}.`, '', 'Packages (name, version, license):', ''];
  for (const pkg of packages) lines.push(`  ${pkg.name} ${pkg.version} ${pkg.license}${pkg.files.length === 0 ? ' (the package ships no license file)' : ''}`);
  const byText = new Map<string, string[]>();
  for (const pkg of packages) {
    for (const file of pkg.files) {
      const holders = byText.get(file.text) ?? [];
      holders.push(`${pkg.name} ${pkg.version} (${file.file})`);
      byText.set(file.text, holders);
    }
  }
  for (const [text, holders] of byText) {
    lines.push('', '-'.repeat(78), '', 'The following text is carried by:', ...holders.map((holder) => `  ${holder}`), '', text);
  }
  return `${lines.join('\n')}\n`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
