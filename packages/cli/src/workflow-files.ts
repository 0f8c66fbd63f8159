import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';
import { compareCodePoints, specialKind } from '@agentflow/compiler/reporting';
import { shownPath, type NamedPath } from './path-list.js';

function isWorkflowFile(name: string): boolean {
  return /\.(ts|mts|js|mjs)$/.test(name) && !/\.(d|test|test-d|spec)\.[mc]?[tj]s$/.test(name);
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareCodePoints(a.name, b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (isWorkflowFile(entry.name)) out.push(path);
  }
}

/** What one named path stands for: a file named explicitly, or the files found below a directory. */
interface Expanded {
  readonly shown: string;
  readonly directory: boolean;
  readonly files: string[];
}

function expand(named: NamedPath, cwd: string): Expanded {
  const abs = resolve(cwd, named.path);
  let stat;
  try {
    stat = statSync(abs);
  } catch {
    throw new UsageError(`No such file or directory: ${shownPath(named)}`, 'Pass workflow files (.ts) or directories that contain them.');
  }
  if (stat.isDirectory()) {
    const found: string[] = [];
    walk(abs, found);
    if (found.length === 0) throw new UsageError(`No workflow files in ${shownPath(named)}.`);
    return { shown: shownPath(named), directory: true, files: found };
  }
  if (!['.ts', '.mts', '.js', '.mjs'].includes(extname(abs))) throw new UsageError(`${shownPath(named)} is not a TypeScript or JavaScript file.`);
  // Importing a FIFO or a device would block or never end.
  const kind = specialKind(stat);
  if (kind !== undefined) throw new UsageError(`${shownPath(named)} is ${kind}, not a regular file.`);
  return { shown: shownPath(named), directory: false, files: [abs] };
}

/** The files of a run, and where each came from. */
export interface WorkflowFileSet {
  /** Every file, in the order of `workflowFiles`. */
  readonly files: string[];
  /**
   * Files found only by walking a directory. Such a file may be a module the workflows import (agents, schemas): one
   * with no default export is skipped. A file named on the command line or in a list must be a workflow.
   */
  readonly foundInDirectory: ReadonlySet<string>;
  /** Each directory named, with all the files found below it (before duplicates across paths were removed). */
  readonly directories: readonly { readonly shown: string; readonly files: readonly string[] }[];
  /** Every path named was a directory: the run covers whole directories, not a hand-picked subset of files. */
  readonly onlyDirectories: boolean;
}

/**
 * Expands files and directories into workflow files, in a stable order: the command line's paths in the order
 * given (a directory's files by code point), then the files of a `--files-from` list sorted by code point.
 * Duplicates are removed, the first occurrence kept.
 */
export function workflowFileSet(paths: readonly string[], cwd: string, listed: readonly NamedPath[] = []): WorkflowFileSet {
  const given = paths.map((path) => expand({ path }, cwd));
  const fromList = listed.map((named) => expand(named, cwd));
  const all = [...given, ...fromList];
  const files = [...new Set([...given.flatMap((e) => e.files), ...fromList.flatMap((e) => e.files).sort(compareCodePoints)])];
  const named = new Set(all.filter((e) => !e.directory).flatMap((e) => e.files));
  return {
    files,
    foundInDirectory: new Set(files.filter((f) => !named.has(f))),
    directories: all.filter((e) => e.directory).map((e) => ({ shown: e.shown, files: e.files })),
    onlyDirectories: all.every((e) => e.directory),
  };
}

/** `workflowFileSet`'s files alone: every file, in order, duplicates removed. */
export function workflowFiles(paths: readonly string[], cwd: string, listed: readonly NamedPath[] = []): string[] {
  return workflowFileSet(paths, cwd, listed).files;
}
