/**
 * A recogniser for the JSONPath dialect Step Functions accepts (Jayway JsonPath plus `$$` for the context
 * object and `$name` for variables). It accepts real-world forms such as filters `$..a[?(@.x > 1)]`,
 * `$.[0]`, slices, unions, `$.items.length()`; it rejects what cannot compile.
 */

export type PathFeature = 'filter' | 'script' | 'wildcard' | 'deep-scan' | 'slice' | 'union' | 'function';

export interface PathInfo {
  readonly root: 'input' | 'context' | 'variable';
  readonly variable?: string;
  readonly features: ReadonlySet<PathFeature>;
}

export type PathResult = { readonly ok: true; readonly info: PathInfo } | { readonly ok: false; readonly message: string };

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}\u200c\u200d]/u;
const NAME = /^[^.[\]()\s'"]+/;

export function parseJsonPath(input: string): PathResult {
  const path = input.trim();
  const fail = (message: string): PathResult => ({ ok: false, message });
  if (!path.startsWith('$')) return fail('a path must start with "$"');
  const features = new Set<PathFeature>();
  let root: PathInfo['root'] = 'input';
  let variable: string | undefined;
  let i = 1;
  if (path[1] === '$') {
    root = 'context';
    i = 2;
  } else if (path[1] !== undefined && ID_START.test(path[1])) {
    root = 'variable';
    let end = 2;
    while (end < path.length && ID_CONTINUE.test(path[end]!)) end++;
    variable = path.slice(1, end);
    i = end;
  }

  while (i < path.length) {
    const ch = path[i]!;
    if (ch === '.') {
      const deep = path[i + 1] === '.';
      if (deep) features.add('deep-scan');
      i += deep ? 2 : 1;
      if (i >= path.length) return fail(`a path cannot end with "${deep ? '..' : '.'}"`);
      const next = path[i]!;
      if (next === '*') {
        features.add('wildcard');
        i++;
        continue;
      }
      if (next === '[') continue;
      const name = NAME.exec(path.slice(i))?.[0];
      if (!name) return fail(`expected a field name after "${deep ? '..' : '.'}" at character ${i + 1}, found "${next}"`);
      i += name.length;
      if (path[i] === '(') {
        const end = matchingClose(path, i, '(', ')');
        if (end === -1) return fail(`unclosed "(" in function call ${name}(`);
        if (end !== path.length - 1) return fail(`a function such as ${name}() must be the last segment`);
        features.add('function');
        i = end + 1;
      }
      continue;
    }
    if (ch === '[') {
      const end = matchingClose(path, i, '[', ']');
      if (end === -1) return fail(`unclosed "[" at character ${i + 1}`);
      const problem = checkBracket(path.slice(i + 1, end).trim(), features);
      if (problem) return fail(problem);
      i = end + 1;
      continue;
    }
    return fail(`unexpected "${ch}" at character ${i + 1}`);
  }
  return { ok: true, info: variable === undefined ? { root, features } : { root, variable, features } };
}

const QUOTED = String.raw`(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")`;
const QUOTED_LIST = new RegExp(`^${QUOTED}(?:\\s*,\\s*${QUOTED})*$`);
const INDEX_LIST = /^-?\d+(?:\s*,\s*-?\d+)*$/;
const SLICE = /^(?:-?\d+)?\s*:\s*(?:-?\d+)?(?:\s*:\s*(?:-?\d+)?)?$/;

function checkBracket(inner: string, features: Set<PathFeature>): string | undefined {
  if (inner === '') return 'empty brackets "[]"';
  if (inner === '*') {
    features.add('wildcard');
    return undefined;
  }
  if (inner.startsWith('?')) {
    const body = inner.slice(1).trim();
    if (!body.startsWith('(') || matchingClose(body, 0, '(', ')') !== body.length - 1) {
      return `a filter must look like [?(<expression>)], found "[${inner}]"`;
    }
    if (body.slice(1, -1).trim() === '') return 'empty filter expression "[?()]"';
    features.add('filter');
    return undefined;
  }
  if (inner.startsWith('(')) {
    if (matchingClose(inner, 0, '(', ')') !== inner.length - 1 || inner.slice(1, -1).trim() === '') {
      return `malformed script expression "[${inner}]"`;
    }
    features.add('script');
    return undefined;
  }
  if (QUOTED_LIST.test(inner) || INDEX_LIST.test(inner)) {
    if (inner.includes(',') && !/^(['"])[^'"]*\1$/.test(inner)) features.add('union');
    return undefined;
  }
  if (SLICE.test(inner)) {
    features.add('slice');
    return undefined;
  }
  return `invalid bracket expression "[${inner}]"`;
}

/** Index of the bracket closing the one at `start`, skipping quoted strings and nested brackets. */
export function matchingClose(text: string, start: number, open: string, close: string): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      i++;
      while (i < text.length && text[i] !== ch) {
        if (text[i] === '\\') i++;
        i++;
      }
      if (i >= text.length) return -1;
    } else if (ch === open || ch === '(' || ch === '[') depth++;
    else if (ch === close || ch === ')' || ch === ']') {
      depth--;
      if (depth === 0) return ch === close ? i : -1;
    }
  }
  return -1;
}

const SINGLE_NODE_FORBIDDEN: readonly PathFeature[] = ['filter', 'script', 'wildcard', 'deep-scan', 'slice', 'union', 'function'];

/**
 * Reference paths (ResultPath, ItemsPath) must identify exactly one node: the spec forbids the `@ , : ?`
 * operators, so no filters, scripts, unions or slices, and no wildcards or deep scans either.
 */
export function referencePathProblem(info: PathInfo): string | undefined {
  const found = SINGLE_NODE_FORBIDDEN.filter((f) => info.features.has(f));
  return found.length > 0 ? `a reference path must identify a single node, so it cannot use ${found.join(', ')}` : undefined;
}
