/**
 * Seeded mutations of the repository's ASL files, for the validator's fuzz test. Each mutant carries what
 * was done to it (to print on failure) and, where AWS's documented rules settle it, the verdict it must get.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findNodeAtOffset, getNodePath, parseTree } from 'jsonc-parser';
import { fileURLToPath } from 'node:url';
import { compareCodePoints } from '../../../src/text/compare-code-points.js';

export const FIXTURES_DIR = fileURLToPath(new URL('../../../../../fixtures/', import.meta.url));

/** mulberry32: tiny, fast and the same on every machine. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** One generator per mutant, so any mutant reproduces from (seed, index) alone. */
export function mutantRng(seed: number, index: number): Rng {
  return new Rng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
}

export interface CorpusEntry {
  readonly name: string;
  readonly text: string;
  readonly value: unknown;
}

/** fixtures/**\/*.asl.json (goldens, compiler fixtures and the validator corpus) that parse as JSON objects. */
export function loadAslFiles(): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareCodePoints(a.name, b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.asl.json')) {
        const text = readFileSync(path, 'utf8');
        try {
          const value: unknown = JSON.parse(text);
          if (typeof value === 'object' && value !== null && !Array.isArray(value)) out.push({ name: relative(FIXTURES_DIR, path), text, value });
        } catch {
          // Files that are broken on purpose (invalid-json cases) still seed the text mutations below.
          out.push({ name: relative(FIXTURES_DIR, path), text, value: undefined });
        }
      }
    }
  };
  walk(FIXTURES_DIR);
  return out;
}

export type Expectation =
  | { readonly kind: 'reject'; readonly why: string }
  | { readonly kind: 'invalid-utf8'; readonly line: number; readonly column: number }
  | { readonly kind: 'too-deep' };

export interface Mutant {
  readonly bytes: Uint8Array;
  readonly steps: readonly string[];
  /** Set by the byte- and nesting-level mutations, whose outcome is exact. */
  readonly expectation?: Expectation;
  /** The mutated definition when it is still JSON, for the rule oracles. */
  readonly value?: unknown;
}

type Json = unknown;
type Path = (string | number)[];

const FIELD_NAMES = ['Type', 'Next', 'End', 'StartAt', 'States', 'Resource', 'Choices', 'Default', 'Branches', 'ItemProcessor', 'Iterator', 'Retry', 'Catch', 'ErrorEquals', 'Parameters', 'Arguments', 'Output', 'Assign', 'Condition', 'Variable', 'TimeoutSeconds', 'Seconds', 'QueryLanguage', 'x.$', 'Nxt', 'type', '__proto__', 'constructor', ''];
const VALUES: readonly Json[] = [
  null, true, false, 0, -1, 1.5, 1e308, 99999999999, '', 'x', 'Pass', 'Task', 'Map', 'Succeed', 'JSONata', 'JSONPath',
  '$', '$.x', '$$.Task.Token', '{% %}', '{% $states.input %}', '{% $states.input. %}', "States.Format('{}', $.a)", 'States.ALL',
  '${X}', 'arn:aws:states:::lambda:invoke', 'arn:aws:states:::s3:getObject', '2024-01-01T00:00:00Z', '\u0000\u001b[2J', '\u202e', '\ud800',
  [], [1], ['States.ALL'], {}, { ErrorEquals: ['States.ALL'] }, { 'a.$': '$' }, { Ref: 'X' },
];

/** Every path to a value, capped so a huge file costs no more than a small one. */
function paths(value: Json, prefix: Path = [], out: Path[] = [], depth = 0): Path[] {
  out.push(prefix);
  if (depth > 24 || out.length > 5000) return out;
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out, depth + 1));
  else if (value && typeof value === 'object') for (const k of Object.keys(value)) paths((value as Record<string, Json>)[k], [...prefix, k], out, depth + 1);
  return out;
}

function at(root: Json, path: Path): Json {
  let node: Json = root;
  for (const key of path) node = (node as Record<string | number, Json>)[key];
  return node;
}

/** Objects that hold states: the root's States, each branch's and each processor's. */
function statesObjects(root: Json): Path[] {
  return paths(root).filter((p) => p[p.length - 1] === 'States' && isObject(at(root, p)));
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural mutations on the parsed definition; each returns a description. */
const STRUCTURAL: readonly ((rng: Rng, root: { value: Json }) => string | undefined)[] = [
  function deleteField(rng, root) {
    const candidates = paths(root.value).filter((p) => p.length > 0);
    if (candidates.length === 0) return undefined;
    const path = rng.pick(candidates);
    const parent = at(root.value, path.slice(0, -1)) as Record<string | number, Json>;
    const key = path[path.length - 1]!;
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
    return `delete ${pointer(path)}`;
  },
  function renameField(rng, root) {
    const candidates = paths(root.value).filter((p) => typeof p[p.length - 1] === 'string');
    if (candidates.length === 0) return undefined;
    const path = rng.pick(candidates);
    const parent = at(root.value, path.slice(0, -1)) as Record<string, Json>;
    const key = path[path.length - 1] as string;
    const name = rng.pick(FIELD_NAMES);
    const value = parent[key];
    delete parent[key];
    Object.defineProperty(parent, name, { value, enumerable: true, writable: true, configurable: true });
    return `rename ${pointer(path)} to ${JSON.stringify(name)}`;
  },
  function retype(rng, root) {
    const path = rng.pick(paths(root.value));
    const value = structuredClone(rng.pick(VALUES));
    if (path.length === 0) root.value = value;
    else (at(root.value, path.slice(0, -1)) as Record<string | number, Json>)[path[path.length - 1]!] = value;
    return `set ${pointer(path)} to ${JSON.stringify(value)}`;
  },
  function swapStates(rng, root) {
    const scopes = statesObjects(root.value);
    if (scopes.length === 0) return undefined;
    const a = rng.pick(scopes);
    const b = rng.pick(scopes);
    const aStates = at(root.value, a) as Record<string, Json>;
    const bStates = at(root.value, b) as Record<string, Json>;
    const aName = rng.pick(Object.keys(aStates));
    const bName = rng.pick(Object.keys(bStates));
    if (aName === undefined || bName === undefined) return undefined;
    if (rng.chance(0.5)) {
      [aStates[aName], bStates[bName]] = [bStates[bName], aStates[aName]];
      return `swap states ${pointer([...a, aName])} and ${pointer([...b, bName])}`;
    }
    const field = rng.pick(['Next', 'Type', 'End', 'Resource', 'Catch', 'Retry', 'Parameters', 'Arguments', 'Output', 'Choices', 'Default']);
    const aState = aStates[aName];
    const bState = bStates[bName];
    if (!isObject(aState) || !isObject(bState)) return undefined;
    [aState[field], bState[field]] = [bState[field], aState[field]];
    for (const s of [aState, bState]) if (s[field] === undefined) delete s[field];
    return `swap ${field} of ${pointer([...a, aName])} and ${pointer([...b, bName])}`;
  },
  function copyStateAcrossScopes(rng, root) {
    const scopes = statesObjects(root.value);
    if (scopes.length === 0) return undefined;
    const from = rng.pick(scopes);
    const to = rng.pick(scopes);
    const fromStates = at(root.value, from) as Record<string, Json>;
    const name = rng.pick(Object.keys(fromStates));
    if (name === undefined || from.join('/') === to.join('/')) return undefined;
    (at(root.value, to) as Record<string, Json>)[name] = { Type: 'Succeed' };
    return `add a Succeed state named ${JSON.stringify(name)} to ${pointer(to)} too`;
  },
  function quotePlaceholder(rng, root) {
    const candidates = paths(root.value).filter((p) => p.length > 0);
    if (candidates.length === 0) return undefined;
    const path = rng.pick(candidates);
    (at(root.value, path.slice(0, -1)) as Record<string | number, Json>)[path[path.length - 1]!] = `\${P${rng.int(10)}}`;
    return `quoted placeholder at ${pointer(path)}`;
  },
];

function pointer(path: Path): string {
  return path.length === 0 ? '/' : `/${path.map((k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** Offsets outside JSON strings, or inside them. */
function offsets(text: string, inString: boolean): number[] {
  const out: number[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
      else if (inString) out.push(i);
    } else if (ch === '"') quoted = true;
    else if (!inString) out.push(i);
  }
  return out;
}

/** Text mutations, on the serialized (or original) text. */
const TEXTUAL: readonly ((rng: Rng, text: string) => { text: string; step: string; expectation?: Expectation } | undefined)[] = [
  function dropBracket(rng, text) {
    const brackets = offsets(text, false).filter((i) => '{}[]'.includes(text[i]!));
    if (brackets.length === 0) return undefined;
    const i = rng.pick(brackets);
    return { text: text.slice(0, i) + text.slice(i + 1), step: `drop "${text[i]}" at offset ${i}` };
  },
  function controlCharacter(rng, text) {
    const inside = offsets(text, true);
    const i = inside.length > 0 && rng.chance(0.7) ? rng.pick(inside) : rng.int(text.length + 1);
    const ch = String.fromCharCode(rng.pick([0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f]));
    return { text: text.slice(0, i) + ch + text.slice(i), step: `insert U+${ch.charCodeAt(0).toString(16).padStart(4, '0')} at offset ${i}` };
  },
  function hugeNumber(rng, text) {
    const numbers = [...text.matchAll(/(?<=[:[,]\s*)-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)];
    if (numbers.length === 0) return undefined;
    const m = rng.pick(numbers);
    const huge = rng.pick(['1e999', '-1e999', '123456789012345678901234567890', '1e-999', '0.0000000000000000000001', '-0', '99999999.5', '4294967296']);
    return { text: text.slice(0, m.index) + huge + text.slice(m.index! + m[0].length), step: `number at offset ${m.index} becomes ${huge}` };
  },
  function deepNesting(rng, text) {
    const values = [...text.matchAll(/(?<=:\s*)(?:"[^"\\]*"|-?\d+|true|false|null)/g)];
    if (values.length === 0) return undefined;
    const m = rng.pick(values);
    const depth = rng.pick([2, 50, 200, 255, 257, 300, 5000]);
    const nested = `${'['.repeat(depth)}${m[0]}${']'.repeat(depth)}`;
    const out = text.slice(0, m.index) + nested + text.slice(m.index! + m[0].length);
    return { text: out, step: `wrap the value at offset ${m.index} in ${depth} arrays`, ...(maxDepth(out) > 256 ? { expectation: { kind: 'too-deep' } } : {}) };
  },
  function duplicateStateName(rng, text) {
    const opening = [...text.matchAll(/"States"\s*:\s*\{\s*("(?:[^"\\]|\\.)*")\s*:/g)];
    if (opening.length === 0) return undefined;
    const m = rng.pick(opening);
    const insertAt = m.index! + m[0].indexOf('{') + 1;
    const out = `${text.slice(0, insertAt)} ${m[1]}: {"Type": "Succeed"},${text.slice(insertAt)}`;
    // A state may be named "States"; only a scope's States object holds state names.
    const tree = parseTree(text);
    const node = tree ? findNodeAtOffset(tree, m.index! + m[0].lastIndexOf(m[1]!) + 1) : undefined;
    const holder = node ? getNodePath(node).slice(0, -1) : [];
    const isScope = holder.length === 1 || ['ItemProcessor', 'Iterator'].includes(String(holder[holder.length - 2])) || holder[holder.length - 3] === 'Branches';
    const step = `duplicate key ${m[1]} in the object at offset ${m.index}`;
    return holder[holder.length - 1] === 'States' && isScope ? { text: out, step, expectation: { kind: 'reject', why: 'two states share a name in one States object' } } : { text: out, step };
  },
  function duplicateKey(rng, text) {
    const keys = [...text.matchAll(/([{,]\s*)("(?:[^"\\]|\\.)*")\s*:/g)];
    if (keys.length === 0) return undefined;
    const m = rng.pick(keys);
    const insertAt = m.index! + m[1]!.length;
    return { text: `${text.slice(0, insertAt)}${m[2]}: ${JSON.stringify(rng.pick(VALUES))}, ${text.slice(insertAt)}`, step: `duplicate key ${m[2]} at offset ${insertAt}` };
  },
  function unquotedPlaceholder(rng, text) {
    const numbers = [...text.matchAll(/(?<=:\s*)(?:-?\d+|true|false|null|\[\]|\{\})/g)];
    if (numbers.length === 0) return undefined;
    const m = rng.pick(numbers);
    return { text: text.slice(0, m.index) + '${value}' + text.slice(m.index! + m[0].length), step: `unquoted placeholder at offset ${m.index}` };
  },
  function truncate(rng, text) {
    const cut = rng.int(text.length);
    return { text: text.slice(0, cut), step: `cut after ${cut} characters` };
  },
];

/** Deepest bracket nesting outside strings. */
export function maxDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '{' || ch === '[') max = Math.max(max, ++depth);
    else if (ch === '}' || ch === ']') depth--;
  }
  return max;
}

const BAD_UTF8: readonly number[][] = [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf5, 0x80, 0x80, 0x80], [0x80], [0xe2, 0x82], [0xfe, 0xff]];

/** Inserts bytes that are not UTF-8 at a character boundary; the answer is exact: INVALID_UTF8 there. */
function injectInvalidUtf8(rng: Rng, text: string): Mutant & { expectation: Expectation } {
  const i = rng.int(text.length + 1);
  const at = /[\udc00-\udfff]/.test(text[i] ?? '') ? i - 1 : i; // never split a surrogate pair
  const prefix = text.slice(0, at);
  const bad = rng.pick(BAD_UTF8);
  const lines = prefix.split(/\r\n|\r|\n/);
  return {
    bytes: Buffer.concat([Buffer.from(prefix, 'utf8'), Buffer.from(bad), Buffer.from(text.slice(at), 'utf8')]),
    steps: [`insert bytes ${bad.map((b) => b.toString(16)).join(' ')} at character ${at}`],
    expectation: { kind: 'invalid-utf8', line: lines.length, column: lines[lines.length - 1]!.length + 1 },
  };
}

/** One mutant of a corpus entry: one to three structural or textual steps, or an invalid-UTF-8 injection. */
export function mutate(rng: Rng, entry: CorpusEntry): Mutant {
  const steps: string[] = [];
  let text = entry.text;
  let value: unknown;
  if (entry.value !== undefined && rng.chance(0.6)) {
    const root = { value: structuredClone(entry.value) };
    const count = 1 + rng.int(3);
    for (let k = 0; k < count; k++) {
      const step = rng.pick(STRUCTURAL)(rng, root);
      if (step) steps.push(step);
    }
    text = JSON.stringify(root.value, null, rng.chance(0.5) ? 2 : 0) ?? 'null';
    value = root.value;
  }
  if (rng.chance(0.08)) {
    const mutant = injectInvalidUtf8(rng, text);
    return { ...mutant, steps: [...steps, ...mutant.steps] };
  }
  let expectation: Expectation | undefined;
  if (steps.length === 0 || rng.chance(0.3)) {
    const change = rng.pick(TEXTUAL)(rng, text);
    if (change) {
      text = change.text;
      steps.push(change.step);
      expectation = change.expectation;
      value = undefined;
    }
  }
  return { bytes: Buffer.from(text, 'utf8'), steps, ...(expectation ? { expectation } : {}), ...(value !== undefined ? { value } : { value: parseOrUndefined(text) }) };
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
