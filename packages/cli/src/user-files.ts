import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { describeReadProblem, readBoundedFile, READ_LIMIT_BYTES, specialKind, validateAslText, type BoundedRead, type Diagnostic } from '@agentflow/compiler';
import { EXIT_USAGE, UsageError } from './errors.js';

// Files the user names on the command line (a workflow, a definition, an input, a mocks module): found, read, parsed,
// with the usage errors and located diagnostics that `run` and `cost` give alike.

/** Located problems that stop a command before it runs anything: printed as diagnostics, then `exit`. */
export class Stop extends Error {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly exit: number,
  ) {
    super(diagnostics[0]?.message ?? 'stopped');
  }
}

/** A path as the user should read it: relative below the working directory, absolute elsewhere. */
export function label(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/** The absolute path of a file the user named; a missing file or a directory is a usage error. */
export function existingFile(path: string, cwd: string, hint: string, option = ''): string {
  const file = resolve(cwd, path);
  let kind: string | undefined;
  try {
    kind = specialKind(statSync(file));
  } catch {
    throw new UsageError(`No such file: ${path}${option ? ` (${option})` : ''}`, hint);
  }
  // A FIFO or a device would block the read or never end: see readBoundedFile.
  if (kind !== undefined) throw new UsageError(`${path}${option ? ` (${option})` : ''} is ${kind}, not a file.`, hint);
  return file;
}

/** The text of a file the user named, read by the shared bounded reader; a file that cannot be read is a usage error. */
export function readUserFile(file: string, what: string, limit = READ_LIMIT_BYTES): string {
  return textOf(readBoundedFile(file, limit), what);
}

/** The text of a read, or the usage error that says why there is none. */
export function textOf(read: BoundedRead, what: string): string {
  if (read.ok) return read.text;
  throw new UsageError(`Cannot read ${what}: ${describeReadProblem(read)}.`, read.problem === 'too-large' ? 'Check that the option names the file you meant.' : undefined);
}

// A file that is not UTF-8 cannot be read as a definition at all, like one that is not JSON.
export const JSON_SYNTAX = new Set(['INVALID_JSON_DESCRIPTION', 'MISSING_DESCRIPTION', 'TOO_DEEPLY_NESTED', 'INVALID_UTF8']);

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses JSON the user wrote; a syntax error is reported at its line and column, exit 2. */
export function parseJson(text: string, file: string, what: string): unknown {
  const source = stripBom(text);
  try {
    return JSON.parse(source);
  } catch (error) {
    // The definition validator locates JSON syntax errors (line, column, a hint); any JSON goes through it.
    const located = validateAslText(text, { file }).find((d) => JSON_SYNTAX.has(d.code));
    const detail = source.trim() === '' ? 'the file is empty' : (located?.message.replace(/^Invalid JSON: /, '').replace(/\.$/, '') ?? (error as Error).message);
    throw new Stop(
      [
        {
          code: 'invalid-json',
          severity: 'error',
          message: `${what} is not valid JSON: ${detail}.`,
          loc: located?.loc ?? { file, line: 1, column: 1 },
          hint: source.trim() === '' ? 'Write a JSON value, e.g. {}.' : (located?.hint ?? 'Fix the JSON syntax.'),
        },
      ],
      EXIT_USAGE,
    );
  }
}

