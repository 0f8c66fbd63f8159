import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** One file of a set: where it goes, how it is shown to the user, and its content (text, written as UTF-8, or bytes). */
export interface SetFile<Content extends string | Uint8Array = string> {
  readonly path: string;
  readonly shown: string;
  readonly text: Content;
}

export type SetOutcome =
  | { readonly ok: true }
  /** `replaced`: files already renamed into place before the failure (empty when the directory is unchanged). */
  | { readonly ok: false; readonly path: string; readonly reason: string; readonly replaced: string[] };

/** `.<file name>.<pid>.agentflow-tmp`: hidden, so directory walks and globs of `*.asl.json` never pick one up. */
const TEMP = /^\..+\.(\d+)\.agentflow-tmp$/;

/**
 * Writes a set of files into one directory so that a crash, a kill or a full disk never leaves a truncated file or a
 * half-written set from the failure's point of view:
 *  1. every file is written in full to a temp name beside its target and flushed to disk (a full disk or a size limit
 *     fails here, and the temps are removed: the directory is unchanged);
 *  2. only then is each temp renamed over its target; a rename within a directory is atomic, so each file is always
 *     either its previous or its new version, whole.
 * A process killed during step 1 leaves only hidden temps, removed by the next write into the directory.
 */
export function writeFileSet(dir: string, files: readonly SetFile<string | Uint8Array>[]): SetOutcome {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    return { ok: false, path: dir, reason: reasonOf(error), replaced: [] };
  }
  removeAbandonedTemps(dir);
  for (const file of files) {
    // A directory (or FIFO…) where a file belongs would only fail at the rename, after other files were replaced.
    const kind = kindOf(file.path);
    if (kind !== undefined && kind !== 'file') return { ok: false, path: file.path, reason: `a ${kind} is in the way`, replaced: [] };
  }
  const staged: [string, string][] = [];
  for (const file of files) {
    const temp = join(dir, `.${basename(file.path)}.${process.pid}.agentflow-tmp`);
    try {
      writeDurably(temp, file.text);
      staged.push([temp, file.path]);
    } catch (error) {
      for (const t of [...staged.map(([staged]) => staged), temp]) removeQuietly(t);
      return { ok: false, path: file.path, reason: reasonOf(error), replaced: [] };
    }
  }
  const replaced: string[] = [];
  for (const [i, [temp, path]] of staged.entries()) {
    try {
      renameSync(temp, path);
      replaced.push(path);
    } catch (error) {
      for (const [t] of staged.slice(i)) removeQuietly(t);
      return { ok: false, path, reason: reasonOf(error), replaced };
    }
  }
  return { ok: true };
}

function writeDurably(path: string, text: string | Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    writeFileSync(fd, text);
    // Flushed before the rename: after a power loss the new name never points at an empty file.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function kindOf(path: string): string | undefined {
  try {
    const stat = lstatSync(path);
    if (stat.isFile()) return 'file';
    if (stat.isDirectory()) return 'directory';
    if (stat.isSymbolicLink()) return 'symbolic link';
    return 'special file';
  } catch {
    return undefined;
  }
}

/** Temps of processes that no longer run (killed mid-write); a live process's temps are left to it. */
function removeAbandonedTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = TEMP.exec(name);
    if (match && !isRunning(Number(match[1]))) removeQuietly(join(dir, name));
  }
}

/** Cleanup must not turn one failure into another: a temp that cannot be removed is left for the next run. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // left behind; removed by the next write into this directory
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file is larger than this process may write (file size limit)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a file is in the way of the directory',
  EEXIST: 'a file is in the way of the directory',
  EISDIR: 'a directory is in the way',
  EIO: 'an input/output error',
};

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code && REASONS[code]) return `${REASONS[code]} (${code})`;
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
