import { fileURLToPath, pathToFileURL } from 'node:url';
import { findSourceMap } from 'node:module';
import { basename, dirname, join, sep } from 'node:path';
import { cachedIn } from './bounded-cache.js';

/** Where a builder was called: the user's file, 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const DSL_ROOT = dirname(fileURLToPath(import.meta.url)) + sep;

/**
 * Source folders of agentflow's own packages. A diagnostic must name the author's line, never a builder, the
 * compiler or the CLI that happened to be on the stack (e.g. the compiler calling a workflow's build()). Installed,
 * the packages live under node_modules, which is skipped anyway; in this repository they are siblings of the DSL,
 * and the bundled CLI is packages/cli/dist.
 */
const OWN_ROOTS: readonly string[] = (() => {
  const pkg = dirname(DSL_ROOT);
  if (basename(DSL_ROOT) !== 'src' || basename(pkg) !== 'dsl') return [DSL_ROOT];
  // The bundled CLI (packages/cli/dist) calls workflow bodies from its chunks, which are not under src/.
  return [...['dsl', 'compiler', 'cli', 'testing'].map((name) => join(dirname(pkg), name, 'src') + sep), join(dirname(pkg), 'cli', 'dist') + sep];
})();
const OWN_ROOT_URLS = OWN_ROOTS.map((root) => pathToFileURL(root).href);

const NODE_MODULES = `${sep}node_modules${sep}`;

/** True for frames in agentflow's own sources or in dependencies: never the author's call site. */
function isOwnFrame(name: string): boolean {
  if (name.includes(NODE_MODULES) || name.includes('/node_modules/')) return true;
  for (const root of OWN_ROOTS) if (name.startsWith(root)) return true;
  for (const url of OWN_ROOT_URLS) if (name.startsWith(url)) return true;
  return false;
}

/**
 * isOwnFrame by file name: a build asks about the same few files (the builders', the author's) once per builder call.
 * Emptied when full: `compile --watch` imports each changed file under a new name.
 */
const ownByName = new Map<string, boolean>();
const MAX_NAMES = 1_000;

function isOwnFile(name: string): boolean {
  return cachedIn(ownByName, name, MAX_NAMES, isOwnFrame);
}

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

/** The first frame outside agentflow's packages and node_modules: the author's call site. */
export function userFrame(stack: string | undefined): SourceLocation | undefined {
  return parseStack(stack).find((l) => !isOwnFrame(l.file));
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

/**
 * Locations by generated file and position, while a workflow body is being built. A builder called in a loop gives
 * the same call site each time: one frozen object then stands for all of them and is mapped at most once, instead
 * of a new lazy object (four closures) per builder call. Kept for one build only: `compile --watch` reloads a changed
 * CommonJS file under the same name, where the same position then means another line of the author's.
 */
const sitesByFile = new Map<string, Map<number, SourceLocation>>();
let sharing = 0;

/** Runs a workflow body's build with call sites shared (see sitesByFile); forgets them when the outermost build ends. */
export function withSharedCallSites<T>(build: () => T): T {
  sharing++;
  try {
    return build();
  } finally {
    if (--sharing === 0) sitesByFile.clear();
  }
}

function locationAt(fileName: string, line: number, column: number): SourceLocation {
  if (sharing === 0) return lazyLocation(fileName, line, column);
  let sites = sitesByFile.get(fileName);
  if (sites === undefined) {
    sites = new Map();
    sitesByFile.set(fileName, sites);
  }
  // Exact as a number for any line below 2^21.
  const key = line * 2 ** 32 + column;
  let location = sites.get(key);
  if (location === undefined) {
    location = lazyLocation(fileName, line, column);
    sites.set(key, location);
  }
  return location;
}

let unlocated = 0;

/**
 * Runs `fn` with builders recording no source location. The compiler's second, comparison-only build of a body uses
 * it: that IR is compared without its locations and then dropped, and capturing a call site per builder call was a
 * large share of building a big workflow. Errors (DslError) still locate themselves.
 */
export function withoutCallerLocations<T>(fn: () => T): T {
  unlocated++;
  try {
    return fn();
  } finally {
    unlocated--;
  }
}

/**
 * Frames read on the first try: a builder calls callerLocation itself, so the builder's frame and the author's are
 * usually all there is to read. Building each frame's call site costs as much as capturing the stack, and a build
 * captures one location per builder call, so the full depth is read only when these frames are all agentflow's.
 */
const FIRST_TRY = 2;

/** Captures the location of the author's call into a builder, from raw call sites (no stack text is formatted). */
export function callerLocation(frames = FRAMES): SourceLocation | undefined {
  if (unlocated > 0) return undefined;
  // Skipping its own frame too (always agentflow's): the `frames` read are the builder's and those below it.
  return locate(callerLocation, frames);
}

/** Like callerLocation, also inside withoutCallerLocations: for errors, which are rare and need their place. */
export function captureCallerLocation(frames = FRAMES): SourceLocation | undefined {
  return locate(captureCallerLocation, frames);
}

/** Call sites the last authorFrame read: fewer than it asked for means the stack ended there. */
let sitesRead = 0;

/** The first author frame among the `frames` below `skip`: the first few frames, then all of them if need be. */
function locate(skip: (...args: never[]) => unknown, frames: number): SourceLocation | undefined {
  if (frames > FIRST_TRY) {
    const found = authorFrame(skip, FIRST_TRY);
    if (found !== undefined || sitesRead < FIRST_TRY) return found;
  }
  return authorFrame(skip, frames);
}

function authorFrame(skip: (...args: never[]) => unknown, frames: number): SourceLocation | undefined {
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  const holder: { stack?: unknown } = {};
  try {
    Error.stackTraceLimit = frames;
    Error.prepareStackTrace = rawSites as never;
    Error.captureStackTrace(holder, skip);
    const sites = holder.stack as CallSite[] | undefined;
    if (!Array.isArray(sites)) {
      sitesRead = frames;
      return userFrame(new Error().stack);
    }
    sitesRead = sites.length;
    for (const site of sites) {
      const name = site.getFileName();
      // Compared as raw strings: builders run per step, and only the author's frame is ever converted.
      if (!name || name.startsWith('node:') || isOwnFile(name)) continue;
      if (!name.startsWith('file://') && !name.includes(sep)) continue;
      return locationAt(name, site.getLineNumber() ?? 1, site.getColumnNumber() ?? 1);
    }
    return undefined;
  } catch (error) {
    // Only a stack overflow gets here (a body recursing without end), traced with the few frames set above: it is
    // traced again from here, with the author's limit back, so that the workflow-threw diagnostic finds their frame.
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = prepare;
    if (error instanceof RangeError) Error.captureStackTrace(error, authorFrame);
    throw error;
  } finally {
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = prepare;
  }
}
