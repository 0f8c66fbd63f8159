import { closest, lookup } from '../model/json-value.js';
import { matchingClose, parseJsonPath } from './jsonpath-parser.js';

/** Intrinsic functions with their [min, max] argument counts. */
export const INTRINSICS: Readonly<Record<string, readonly [number, number]>> = {
  'States.Format': [1, Infinity],
  'States.StringToJson': [1, 1],
  'States.JsonToString': [1, 1],
  'States.Array': [0, Infinity],
  'States.ArrayPartition': [2, 2],
  'States.ArrayContains': [2, 2],
  'States.ArrayRange': [3, 3],
  'States.ArrayGetItem': [2, 2],
  'States.ArrayLength': [1, 1],
  'States.ArrayUnique': [1, 1],
  'States.Base64Encode': [1, 1],
  'States.Base64Decode': [1, 1],
  'States.Hash': [2, 2],
  'States.JsonMerge': [3, 3],
  'States.MathRandom': [2, 3],
  'States.MathAdd': [2, 2],
  'States.StringSplit': [2, 2],
  'States.UUID': [0, 0],
};

/** The intrinsics that return a string, the only ones ErrorPath and CausePath accept. */
export const STRING_INTRINSICS: ReadonlySet<string> = new Set([
  'States.ArrayGetItem',
  'States.Base64Encode',
  'States.Base64Decode',
  'States.Format',
  'States.JsonToString',
  'States.Hash',
  'States.UUID',
]);

const HASH_ALGORITHMS = ['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
const MAX_NESTING = 10;

export type IntrinsicArg =
  | { readonly kind: 'string'; readonly value: string; readonly raw: string }
  | { readonly kind: 'number' | 'boolean' | 'null'; readonly raw: string }
  | { readonly kind: 'path'; readonly raw: string }
  | { readonly kind: 'call'; readonly call: IntrinsicCall };

export interface IntrinsicCall {
  readonly name: string;
  readonly args: readonly IntrinsicArg[];
}

export type IntrinsicResult =
  | {
      readonly ok: true;
      readonly call: IntrinsicCall;
      /** Characters after a backslash that Step Functions does not define as escapes (it rejects them). */
      readonly escapes: readonly string[];
    }
  | { readonly ok: false; readonly message: string };

export function looksLikeIntrinsic(value: string): boolean {
  return /^\s*States\.[A-Za-z0-9]*\s*\(/.test(value);
}

/** Parses and checks an intrinsic call: known names, argument counts, escapes, Format templates, nesting. */
export function checkIntrinsic(text: string): IntrinsicResult {
  const parser = new Parser(text.trim());
  try {
    const call = parser.call(1);
    parser.skipSpace();
    if (!parser.done()) throw new SyntaxProblem(`unexpected "${parser.rest().slice(0, 20)}" after the closing ")"`);
    return { ok: true, call, escapes: parser.escapes };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, message: error.message };
    throw error;
  }
}

class SyntaxProblem extends Error {}

class Parser {
  private i = 0;
  readonly escapes: string[] = [];
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.i >= this.text.length;
  }

  rest(): string {
    return this.text.slice(this.i);
  }

  skipSpace(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++;
  }

  call(depth: number): IntrinsicCall {
    if (depth > MAX_NESTING) throw new SyntaxProblem(`intrinsic functions can be nested at most ${MAX_NESTING} deep`);
    const match = /^States\.[A-Za-z0-9]+/.exec(this.rest());
    if (!match) throw new SyntaxProblem(`expected an intrinsic function such as States.Format(...), found "${this.rest().slice(0, 20)}"`);
    const name = match[0];
    this.i += name.length;
    const arity = lookup(INTRINSICS, name);
    if (!arity) {
      const guess = closest(name, Object.keys(INTRINSICS));
      throw new SyntaxProblem(`unknown intrinsic function ${name}${guess ? ` (did you mean ${guess}?)` : ''}`);
    }
    this.skipSpace();
    if (this.text[this.i] !== '(') throw new SyntaxProblem(`expected "(" after ${name}`);
    this.i++;
    const args: IntrinsicArg[] = [];
    this.skipSpace();
    if (this.text[this.i] === ')') this.i++;
    else {
      for (;;) {
        args.push(this.argument(depth));
        this.skipSpace();
        const ch = this.text[this.i];
        this.i++;
        if (ch === ')') break;
        if (ch !== ',') throw new SyntaxProblem(ch === undefined ? `missing ")" to close ${name}(` : `expected "," or ")" in ${name}(...), found "${ch}"`);
      }
    }
    checkCall(name, args, arity);
    return { name, args };
  }

  private argument(depth: number): IntrinsicArg {
    this.skipSpace();
    const ch = this.text[this.i];
    if (ch === "'") return this.string();
    if (ch === '$') return this.path();
    if (this.rest().startsWith('States.')) return { kind: 'call', call: this.call(depth + 1) };
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)(?=\s*[,)])/.exec(this.rest());
    if (literal) {
      this.i += literal[0].length;
      const raw = literal[0];
      return { kind: raw === 'null' ? 'null' : raw === 'true' || raw === 'false' ? 'boolean' : 'number', raw };
    }
    if (ch === '"') throw new SyntaxProblem('string arguments use single quotes: \'text\'');
    throw new SyntaxProblem(ch === undefined ? 'missing argument' : `unexpected "${this.rest().slice(0, 20)}" as an argument`);
  }

  private string(): IntrinsicArg {
    const start = this.i;
    this.i++;
    let value = '';
    for (;;) {
      const ch = this.text[this.i];
      if (ch === undefined) throw new SyntaxProblem('unterminated string literal (missing closing \')');
      if (ch === '\\') {
        const next = this.text[this.i + 1];
        if (next === undefined) throw new SyntaxProblem('unterminated string literal (it ends with a backslash)');
        // Only \' \{ \} \\ are defined; Step Functions refuses a definition with any other sequence.
        if (!"'{}\\".includes(next) && !this.escapes.includes(next)) this.escapes.push(next);
        value += next;
        this.i += 2;
        continue;
      }
      this.i++;
      if (ch === "'") break;
      value += ch;
    }
    return { kind: 'string', value, raw: this.text.slice(start, this.i) };
  }

  private path(): IntrinsicArg {
    const start = this.i;
    while (this.i < this.text.length) {
      const ch = this.text[this.i]!;
      if (ch === ',' || ch === ')') break;
      if (ch === '[' || ch === '(') {
        const end = matchingClose(this.text, this.i, ch, ch === '[' ? ']' : ')');
        if (end === -1) throw new SyntaxProblem(`unclosed "${ch}" in path argument`);
        this.i = end + 1;
        continue;
      }
      this.i++;
    }
    const raw = this.text.slice(start, this.i).trim();
    const parsed = parseJsonPath(raw);
    if (!parsed.ok) throw new SyntaxProblem(`invalid path argument "${raw}": ${parsed.message}`);
    return { kind: 'path', raw };
  }
}

function checkCall(name: string, args: readonly IntrinsicArg[], [min, max]: readonly [number, number]): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new SyntaxProblem(`${name} takes ${expected} argument${expected === '1' ? '' : 's'}, got ${args.length}`);
  }
  const first = args[0];
  if (name === 'States.Format' && first?.kind === 'string') {
    const slots = formatSlots(first.raw);
    if (slots !== args.length - 1) {
      throw new SyntaxProblem(`the States.Format template has ${slots} "{}" placeholder${slots === 1 ? '' : 's'} but ${args.length - 1} value${args.length === 2 ? '' : 's'} follow${args.length === 2 ? 's' : ''}`);
    }
  }
  if (first && first.kind !== 'string' && first.kind !== 'path' && first.kind !== 'call' && name === 'States.Format') {
    throw new SyntaxProblem('the first argument of States.Format must be a string template');
  }
  const algorithm = args[1];
  if (name === 'States.Hash' && algorithm?.kind === 'string' && !HASH_ALGORITHMS.includes(algorithm.value)) {
    throw new SyntaxProblem(`States.Hash algorithm must be one of ${HASH_ALGORITHMS.join(', ')}, not '${algorithm.value}'`);
  }
  const deep = args[2];
  if (name === 'States.JsonMerge' && deep && !(deep.kind === 'boolean' && deep.raw === 'false') && deep.kind !== 'path') {
    throw new SyntaxProblem('States.JsonMerge only supports a shallow merge: its third argument must be false');
  }
}

/** Counts `{}` slots in a raw template literal; a lone unescaped brace is an error. */
function formatSlots(raw: string): number {
  let slots = 0;
  for (let i = 1; i < raw.length - 1; i++) {
    const ch = raw[i];
    if (ch === '\\') i++;
    else if (ch === '{') {
      if (raw[i + 1] !== '}') throw new SyntaxProblem('unescaped "{" in the States.Format template: write {} for a value or \\{ for a literal brace');
      slots++;
      i++;
    } else if (ch === '}') throw new SyntaxProblem('unescaped "}" in the States.Format template: write \\} for a literal brace');
  }
  return slots;
}
