import { fileURLToPath, pathToFileURL } from 'node:url';
import { findSourceMap } from 'node:module';
import { dirname, sep } from 'node:path';

/** Where a builder was called: the user's file, 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const DSL_ROOT = dirname(fileURLToPath(import.meta.url)) + sep;
const DSL_ROOT_URL = pathToFileURL(DSL_ROOT).href;
const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?$/;

/** Parses V8 stack text (source-mapped by the TypeScript loader) into locations, outermost last. */
export function parseStack(stack: string | undefined): SourceLocation[] {
  const locations: SourceLocation[] = [];
  for (const line of (stack ?? '').split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('at ')) continue;
    const match = FRAME.exec(trimmed);
    if (!match) continue;
    const raw = match[1]!;
    const file = raw.startsWith('file://') ? fileURLToPath(raw) : raw;
    if (file.startsWith('node:') || !file.includes(sep)) continue;
    locations.push({ file, line: Number(match[2]), column: Number(match[3]) });
  }
  return locations;
}

/** The first frame outside the DSL package and node_modules: the author's call site. */
export function userFrame(stack: string | undefined): SourceLocation | undefined {
  return parseStack(stack).find((l) => !l.file.startsWith(DSL_ROOT) && !l.file.includes(`${sep}node_modules${sep}`));
}

/** Builders sit at most a few frames above the author's call; looking further is wasted work. */
const FRAMES = 8;

type CallSite = { getFileName(): string | null | undefined; getLineNumber(): number | null; getColumnNumber(): number | null };
const rawSites = (_error: Error, sites: CallSite[]) => sites;

function toPath(name: string): string {
  const bare = name.replace(/\?.*$/, '');
  return bare.startsWith('file://') ? fileURLToPath(bare) : bare;
}

/** Maps a generated position back to the TypeScript the author wrote, through the module's source map. */
function mapPosition(fileName: string, line: number, column: number): SourceLocation {
  const map = findSourceMap(fileName) ?? findSourceMap(fileName.replace(/\?.*$/, ''));
  const entry = map?.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
  if (entry?.originalSource !== undefined && entry.originalLine !== undefined && entry.originalColumn !== undefined) {
    return { file: toPath(entry.originalSource), line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  }
  return { file: toPath(fileName), line, column };
}

/** A location mapped on first read: builders run thousands of times, diagnostics need a handful of locations. */
function lazyLocation(fileName: string, line: number, column: number): SourceLocation {
  let mapped: SourceLocation | undefined;
  const get = () => (mapped ??= mapPosition(fileName, line, column));
  return Object.freeze({
    get file() {
      return get().file;
    },
    get line() {
      return get().line;
    },
    get column() {
      return get().column;
    },
  });
}

/** Captures the location of the author's call into a builder, from raw call sites (no stack text is formatted). */
export function callerLocation(frames = FRAMES): SourceLocation | undefined {
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  const holder: { stack?: unknown } = {};
  try {
    Error.stackTraceLimit = frames;
    Error.prepareStackTrace = rawSites as never;
    Error.captureStackTrace(holder, callerLocation);
    const sites = holder.stack as CallSite[] | undefined;
    if (!Array.isArray(sites)) return userFrame(new Error().stack);
    for (const site of sites) {
      const name = site.getFileName();
      // Compared as raw strings: builders run per step, and only the author's frame is ever converted.
      if (!name || name.startsWith('node:') || name.startsWith(DSL_ROOT_URL) || name.startsWith(DSL_ROOT) || name.includes('/node_modules/')) continue;
      if (!name.startsWith('file://') && !name.includes(sep)) continue;
      return lazyLocation(name, site.getLineNumber() ?? 1, site.getColumnNumber() ?? 1);
    }
    return undefined;
  } finally {
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = prepare;
  }
}
