import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { MAX_DEFINITION_BYTES } from '../validate-asl/rules/definition-size-rule.js';

/**
 * Bytes read at most from a definition, a config or an execution input: Step Functions' 1 MB definition limit plus
 * 64 KiB, so a file just over the limit is still validated whole (its other findings shown beside
 * DEFINITION_TOO_LARGE), while `/dev/zero` or a 10 GB file is refused after one fstat instead of filling memory.
 */
export const READ_LIMIT_BYTES = MAX_DEFINITION_BYTES + 64 * 1024;

/** What reading a user's file gave: its text, or why there is none. Never throws. */
export type BoundedRead =
  /** `bytes` are what was read, when it was read from a file or stream: a validator that reports bad UTF-8 needs them. */
  | { readonly ok: true; readonly text: string; readonly bytes?: Uint8Array }
  /** Over `limit` bytes. `size` is known for a regular file (from fstat, nothing read); a stream only says "more". */
  | { readonly ok: false; readonly problem: 'too-large'; readonly limit: number; readonly size?: number }
  /** A directory, FIFO, socket or device: reading it could block forever or never end. */
  | { readonly ok: false; readonly problem: 'not-a-file'; readonly kind: string }
  | { readonly ok: false; readonly problem: 'missing' }
  | { readonly ok: false; readonly problem: 'unreadable'; readonly message: string };

/** The kind of a file that is not a regular file, in words; undefined for a regular file. */
export function specialKind(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * Reads a regular file as UTF-8, at most `limit` bytes. The file is opened with O_NONBLOCK, so opening a FIFO
 * returns at once instead of waiting for a writer, and its type is checked with fstat on the open descriptor (no
 * race with a rename between a stat and the open). Reading stops after `limit + 1` bytes even when fstat's size
 * is wrong (procfs files say 0) or the file grows while it is read.
 */
export function readBoundedFile(path: string, limit = READ_LIMIT_BYTES): BoundedRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return openFailure(error);
  }
  try {
    const stats = fstatSync(fd);
    const kind = specialKind(stats);
    if (kind !== undefined) return { ok: false, problem: 'not-a-file', kind };
    if (stats.size > limit) return { ok: false, problem: 'too-large', limit, size: stats.size };
    const buffer = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(stats.size + 1, 64 * 1024)));
    let length = 0;
    let grown = buffer;
    for (;;) {
      if (length === grown.length) {
        if (length > limit) return { ok: false, problem: 'too-large', limit };
        const bigger = Buffer.allocUnsafe(Math.min(limit + 1, grown.length * 2));
        grown.copy(bigger, 0, 0, length);
        grown = bigger;
      }
      const n = readSync(fd, grown, length, grown.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > limit) return { ok: false, problem: 'too-large', limit };
    return { ok: true, text: grown.toString('utf8', 0, length), bytes: grown.subarray(0, length) };
  } catch (error) {
    return { ok: false, problem: 'unreadable', message: error instanceof Error ? error.message : String(error) };
  } finally {
    closeSync(fd);
  }
}

/** Reads a stream (standard input) as UTF-8, at most `limit` bytes; it stops reading, and closes it, past that. */
export async function readBoundedStream(stream: AsyncIterable<Uint8Array>, limit = READ_LIMIT_BYTES): Promise<BoundedRead> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      length += chunk.length;
      // Leaving the loop early destroys the stream: a producer like `cat /dev/zero` then stops on EPIPE.
      if (length > limit) return { ok: false, problem: 'too-large', limit };
      chunks.push(chunk);
    }
  } catch (error) {
    return { ok: false, problem: 'unreadable', message: error instanceof Error ? error.message : String(error) };
  }
  const bytes = Buffer.concat(chunks);
  return { ok: true, text: bytes.toString('utf8'), bytes };
}

/** The same limit over text already in memory (tests, in-process callers), measured in UTF-8 bytes. */
export function boundedText(text: string, limit = READ_LIMIT_BYTES): BoundedRead {
  return Buffer.byteLength(text, 'utf8') > limit ? { ok: false, problem: 'too-large', limit } : { ok: true, text };
}

function openFailure(error: unknown): BoundedRead {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, problem: 'missing' };
  // O_NONBLOCK on a FIFO with no reader is fine for reading; ENXIO only comes from sockets and devices without a driver.
  if (code === 'ENXIO') return { ok: false, problem: 'not-a-file', kind: 'a socket or device' };
  return { ok: false, problem: 'unreadable', message: error instanceof Error ? error.message : String(error) };
}

/** One sentence for a failed read, e.g. for a usage error: "is a FIFO (named pipe), not a regular file". */
export function describeReadProblem(read: Exclude<BoundedRead, { ok: true }>): string {
  switch (read.problem) {
    case 'missing':
      return 'no such file';
    case 'not-a-file':
      return `it is ${read.kind}, not a regular file`;
    case 'too-large':
      return read.size !== undefined
        ? `it is ${read.size.toLocaleString('en-US')} bytes, over the limit of ${read.limit.toLocaleString('en-US')} bytes`
        : `it holds more than ${read.limit.toLocaleString('en-US')} bytes, the limit`;
    case 'unreadable':
      return read.message;
  }
}
