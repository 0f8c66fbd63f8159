import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';
import { compareCodePoints, specialKind } from '@agentflow/compiler';
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

function expand(named: NamedPath, cwd: string): string[] {
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
    return found;
  }
  if (!['.ts', '.mts', '.js', '.mjs'].includes(extname(abs))) throw new UsageError(`${shownPath(named)} is not a TypeScript or JavaScript file.`);
  // Importing a FIFO or a device would block or never end.
  const kind = specialKind(stat);
  if (kind !== undefined) throw new UsageError(`${shownPath(named)} is ${kind}, not a regular file.`);
  return [abs];
}

/**
 * Expands files and directories into workflow files, in a stable order: the command line's paths in the order
 * given (a directory's files by code point), then the files of a `--files-from` list sorted by code point.
 * Duplicates are removed, the first occurrence kept.
 */
export function workflowFiles(paths: readonly string[], cwd: string, listed: readonly NamedPath[] = []): string[] {
  const files = paths.flatMap((path) => expand({ path }, cwd));
  const fromList = listed.flatMap((named) => expand(named, cwd)).sort(compareCodePoints);
  return [...new Set([...files, ...fromList])];
}
