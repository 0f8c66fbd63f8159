import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { compareCodePoints, specialKind } from '@agentflow/compiler/reporting';
import { shownPath, type NamedPath } from './path-list.js';

/**
 * A definition to validate: its absolute path, and its path as shown (relative to the working directory); for
 * standard input (`-` on the command line), no path and the label `<stdin>`.
 */
export interface DefinitionFile {
  readonly absolute?: string;
  readonly label: string;
}

const STDIN = '-';
/** Stands for standard input among absolute paths: no path contains a NUL character. */
const STDIN_KEY = '\0stdin';

/**
 * What a directory given to `validate` holds: `*.asl.json` files, at any depth. Other JSON (package.json, CDK's
 * cdk.out manifests, tsconfig.json) is not a state machine; hidden directories and node_modules are skipped, and
 * symbolic links to directories are not followed (no cycles). Name a file itself to validate it whatever its name.
 */
export const DEFINITION_SUFFIX = '.asl.json';

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareCodePoints(a.name, b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.name.endsWith(DEFINITION_SUFFIX)) out.push(path);
  }
}

/**
 * Expands `validate`'s paths: files as named, directories into their `*.asl.json` files, `-` (on the command line
 * only) into standard input. The command line keeps its
 * order; the files of a `--files-from` list follow, sorted by code point; duplicates are dropped. Every problem
 * (a missing path, a FIFO, an empty directory) is collected, so one run names them all.
 */
export function definitionFiles(paths: readonly NamedPath[], listed: readonly NamedPath[], cwd: string): { files: DefinitionFile[]; problems: string[] } {
  const problems: string[] = [];
  const expand = (named: NamedPath): string[] => {
    if (named.path === STDIN && named.from === undefined) return [STDIN_KEY];
    const absolute = resolve(cwd, named.path);
    const shown = shownPath(named);
    let stats;
    try {
      stats = statSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(code === 'ENOENT' || code === 'ENOTDIR' ? `cannot read ${shown}: no such file` : `cannot read ${shown}: ${(error as Error).message}`);
      return [];
    }
    if (stats.isDirectory()) {
      const found: string[] = [];
      try {
        walk(absolute, found);
      } catch (error) {
        problems.push(`cannot read ${shown}: ${(error as Error).message}`);
        return [];
      }
      if (found.length === 0) problems.push(`no *${DEFINITION_SUFFIX} files in ${shown}`);
      return found;
    }
    const kind = specialKind(stats);
    if (kind !== undefined) {
      problems.push(`cannot read ${shown}: it is ${kind}, not a regular file`);
      return [];
    }
    return [absolute];
  };
  const fromArgs = paths.flatMap(expand);
  const fromList = listed.flatMap(expand).sort(compareCodePoints);
  const files = [...new Set([...fromArgs, ...fromList])].map((absolute) => (absolute === STDIN_KEY ? { label: '<stdin>' } : { absolute, label: relative(cwd, absolute) || absolute }));
  return { files, problems };
}
