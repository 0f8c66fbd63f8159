import { fileURLToPath } from 'node:url';
import { dirname, sep } from 'node:path';

/** Where a builder was called: the user's file, 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const DSL_ROOT = dirname(fileURLToPath(import.meta.url)) + sep;
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

/** Captures the location of the author's call into a builder. */
export function callerLocation(): SourceLocation | undefined {
  return userFrame(new Error().stack);
}
