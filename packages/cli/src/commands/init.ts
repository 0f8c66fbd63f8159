import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EXIT_ERRORS, EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { writeFileSet } from '../write-file-set.js';
import { planInit, type InitEntry, type PlannedEntry } from '../init/plan.js';
import { cliPackageRoot, templateValues } from '../init/templates.js';

export interface InitOptions {
  /** Overwrite scaffolded files that exist with other content (package.json scripts are never replaced). */
  readonly force?: boolean;
  readonly json?: boolean;
}

/**
 * Scaffolds a project in `dir` (default the working directory): the config, an example workflow with its mocks, a
 * tsconfig, package.json scripts and devDependencies, a GitHub Actions workflow and a .gitignore entry. Exit 0 when
 * every file was created, merged or already as scaffolded; 1 when something was skipped.
 */
export function runInit(dir: string | undefined, options: InitOptions, io: Io): number {
  const shownDir = dir ?? '.';
  const root = resolve(io.cwd, shownDir);
  checkFolder(root, shownDir);
  const cliRoot = cliPackageRoot();
  const planned = planInit(root, options.force === true, cliRoot, templateValues(cliRoot));

  const failure = writePlanned(root, planned);
  if (failure !== undefined) {
    io.stderr(`error: cannot write ${failure.path}: ${failure.reason}.\n`);
    if (failure.written.length > 0) io.stderr(`Already written: ${failure.written.join(', ')}.\n`);
    return EXIT_ERRORS;
  }

  const entries: InitEntry[] = planned.map(({ text: _text, ...entry }) => entry);
  const skipped = entries.filter((entry) => entry.status === 'skipped').length + entries.flatMap((entry) => entry.kept ?? []).length;
  if (options.json) {
    io.stdout(`${JSON.stringify({ ok: skipped === 0, dir: shownDir, files: entries }, null, 2)}\n`);
  } else {
    io.stdout(entries.flatMap(describe).join(''));
    io.stderr(hint(entries, shownDir));
  }
  return skipped === 0 ? EXIT_OK : EXIT_ERRORS;
}

function checkFolder(root: string, shown: string): void {
  let stat;
  try {
    stat = statSync(root);
  } catch (error) {
    // A folder that does not exist yet is created with the first file.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UsageError(`${shown} is not a directory.`, 'Pass the folder to set the project up in (it is created when missing).');
  }
  if (!stat.isDirectory()) throw new UsageError(`${shown} is not a directory.`, 'Pass the folder to set the project up in (it is created when missing).');
}

/**
 * Writes the files to create, merge or overwrite, folder by folder: each file is written whole or not at all
 * (write-file-set.ts), so an interrupted init leaves no truncated config or package.json.
 */
function writePlanned(root: string, planned: readonly PlannedEntry[]): { path: string; reason: string; written: string[] } | undefined {
  const byFolder = new Map<string, PlannedEntry[]>();
  for (const entry of planned) {
    if (entry.text === undefined) continue;
    const folder = dirname(entry.path);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), entry]);
  }
  const written: string[] = [];
  for (const [folder, entries] of byFolder) {
    const files = entries.map((entry) => ({ path: join(root, ...entry.path.split('/')), shown: entry.path, text: entry.text! }));
    const outcome = writeFileSet(join(root, ...folder.split('/')), files);
    if (!outcome.ok) {
      const shown = files.find((file) => file.path === outcome.path)?.shown ?? folder;
      return { path: shown, reason: outcome.reason, written: [...written, ...files.filter((file) => outcome.replaced.includes(file.path)).map((file) => file.shown)] };
    }
    written.push(...entries.map((entry) => entry.path));
  }
  return undefined;
}

function describe(entry: InitEntry): string[] {
  const lines = [`${entry.status.padEnd(11)} ${entry.path}${entry.reason ? `: ${entry.reason}` : ''}${entry.added ? ` (added ${entry.added.join(', ')})` : ''}\n`];
  for (const script of entry.kept ?? []) {
    lines.push(`${'skipped'.padEnd(11)} ${entry.path} scripts.${script.name}: yours is kept (agentflow's: ${script.command})\n`);
  }
  return lines;
}

function hint(entries: readonly InitEntry[], shownDir: string): string {
  const differs = entries.filter((entry) => entry.status === 'skipped' && entry.reason === 'exists with other content').length;
  const others = entries.filter((entry) => entry.status === 'skipped' && entry.reason !== 'exists with other content');
  const kept = entries.flatMap((entry) => entry.kept ?? []);
  const lines: string[] = [];
  if (differs > 0) lines.push(`hint: ${differs} file(s) exist with other content and were left as they are; pass --force to overwrite them.`);
  if (others.length > 0) lines.push(`hint: fix or move ${others.map((entry) => entry.path).join(', ')}, then run agentflow init again.`);
  if (kept.length > 0) lines.push('hint: package.json scripts are never replaced; add the command shown under another name if you want it.');
  if (lines.length === 0) {
    const cd = shownDir === '.' ? '' : `cd ${/^[\w./-]+$/.test(shownDir) ? shownDir : `'${shownDir.replaceAll("'", "'\\''")}'`} && `;
    lines.push(`next: ${cd}npm install, then npm run compile (writes build/, commit it) and npm test (runs workflows/hello.ts offline).`);
  }
  return `${lines.join('\n')}\n`;
}
