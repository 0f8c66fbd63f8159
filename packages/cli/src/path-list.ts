import { isAbsolute, relative, resolve } from 'node:path';
import { describeReadProblem, readBoundedFile, type BoundedRead } from '@agentflow/compiler/reporting';
import { UsageError } from './errors.js';
import type { Io } from './io.js';

/** A path the user named, and where: on the command line (`from` absent) or on a line of a `--files-from` list. */
export interface NamedPath {
  readonly path: string;
  /** `list.txt:12` or `<stdin>:12`, for messages about this path. */
  readonly from?: string;
}

/**
 * A list of paths is far smaller than this even for tens of thousands of files (~50 bytes a line); the bound only
 * keeps `--files-from /dev/zero`-like mistakes from filling memory.
 */
export const PATH_LIST_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Reads a `--files-from` list: one path per line, relative to the working directory; blank lines and lines starting
 * with `#` are skipped, and surrounding spaces (and a CR) are trimmed. `-` reads standard input. Paths stay in the
 * list's order here; callers sort the files they expand to.
 */
export async function readPathList(list: string, io: Io): Promise<NamedPath[]> {
  const fromStdin = list === '-';
  const name = fromStdin ? '<stdin>' : shownListName(list, io.cwd);
  const read: BoundedRead = fromStdin ? await io.readStdin(PATH_LIST_LIMIT_BYTES) : readBoundedFile(resolve(io.cwd, list), PATH_LIST_LIMIT_BYTES);
  if (!read.ok) {
    throw new UsageError(
      `Cannot read --files-from ${list}: ${describeReadProblem(read)}.`,
      read.problem !== 'not-a-file'
        ? undefined
        : read.kind === 'a directory'
          ? 'Pass the directory itself as a path; --files-from takes a file that lists paths.'
          : 'Pipe the list into --files-from - instead, e.g. find defs -name "*.asl.json" | agentflow validate --files-from -',
    );
  }
  const paths: NamedPath[] = [];
  read.text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line === '-') throw new UsageError(`${name}:${i + 1}: "-" (standard input) cannot be listed in --files-from.`, 'Pass - on the command line instead.');
    paths.push({ path: line, from: `${name}:${i + 1}` });
  });
  return paths;
}

/** The list as messages name it: relative below the working directory, absolute elsewhere (never `../../tmp/…`). */
function shownListName(list: string, cwd: string): string {
  const absolute = resolve(cwd, list);
  const rel = relative(cwd, absolute);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? absolute : rel;
}

/** "a.ts" or "a.ts (list.txt:12)": a path as messages name it. */
export function shownPath(named: NamedPath): string {
  return named.from === undefined ? named.path : `${named.path} (${named.from})`;
}
