import { joinPointer } from '../validate-asl/json/json-pointer.js';

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A state with its JSON pointer, e.g. `/States/Fan Out/Branches/0/States/Search`. */
export interface StateAt {
  readonly name: string;
  readonly state: Json;
  readonly pointer: string;
}

/** Every state of a definition, depth first, into Parallel branches and Map item processors (and `Iterator`). */
export function* walkStates(graph: Json, base = ''): Generator<StateAt> {
  const states = graph['States'];
  if (!isRecord(states)) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isRecord(state)) continue;
    const pointer = joinPointer(base, 'States', name);
    yield { name, state, pointer };
    const branches = state['Branches'];
    if (Array.isArray(branches)) {
      for (const [i, branch] of branches.entries()) if (isRecord(branch)) yield* walkStates(branch, joinPointer(pointer, 'Branches', i));
    }
    for (const key of ['ItemProcessor', 'Iterator']) {
      const processor = state[key];
      if (isRecord(processor)) yield* walkStates(processor, joinPointer(pointer, key));
    }
  }
}

/**
 * A field of a Task's arguments as the IAM pass sees it: a literal, a value only known at run time (a JSONata
 * `{% %}` string, or a JSONPath `Key.$` field), or absent. `prefix` is the literal start of a dynamic string, when
 * the expression begins with one (`{% 's3://bucket/tmp/' & $id %}` starts with `s3://bucket/tmp/`).
 */
export type Field =
  | { readonly kind: 'static'; readonly value: unknown; readonly pointer: string }
  | { readonly kind: 'dynamic'; readonly pointer: string; readonly prefix: string }
  | { readonly kind: 'missing'; readonly pointer: string };

/** The object holding a state's request fields (`Arguments` in JSONata, `Parameters` in JSONPath). */
export function argumentsOf(state: Json, pointer: string): Field {
  for (const key of ['Arguments', 'Parameters']) {
    if (key in state) return valueField(state[key], joinPointer(pointer, key));
  }
  return { kind: 'missing', pointer: joinPointer(pointer, 'Arguments') };
}

export function valueField(value: unknown, pointer: string): Field {
  if (typeof value === 'string' && isJsonata(value)) return { kind: 'dynamic', pointer, prefix: literalPrefix(value) };
  return { kind: 'static', value, pointer };
}

/** `field(args, 'TopicArn')`, following a JSONPath `TopicArn.$` too. */
export function field(parent: Field, key: string): Field {
  if (parent.kind === 'dynamic') return { kind: 'dynamic', pointer: parent.pointer, prefix: '' };
  if (parent.kind === 'missing' || !isRecord(parent.value)) return { kind: 'missing', pointer: joinPointer(parent.pointer, key) };
  if (key in parent.value) return valueField(parent.value[key], joinPointer(parent.pointer, key));
  if (`${key}.$` in parent.value) return { kind: 'dynamic', pointer: joinPointer(parent.pointer, `${key}.$`), prefix: '' };
  return { kind: 'missing', pointer: joinPointer(parent.pointer, key) };
}

/** Array elements of a static array field; a dynamic array is one dynamic element. */
export function elements(parent: Field): Field[] {
  if (parent.kind !== 'static') return parent.kind === 'dynamic' ? [parent] : [];
  if (!Array.isArray(parent.value)) return [];
  return parent.value.map((v, i) => valueField(v, joinPointer(parent.pointer, i)));
}

export function staticString(f: Field): string | undefined {
  return f.kind === 'static' && typeof f.value === 'string' ? f.value : undefined;
}

export function isJsonata(value: string): boolean {
  const t = value.trim();
  return t.startsWith('{%') && t.endsWith('%}');
}

/** The literal a JSONata expression starts with when it is `'literal' & …`; '' otherwise. */
export function literalPrefix(value: string): string {
  const body = value.trim().slice(2, -2).trim();
  const quote = body[0];
  if (quote !== "'" && quote !== '"') return '';
  let out = '';
  let i = 1;
  for (; i < body.length; i++) {
    const c = body[i]!;
    if (c === quote) break;
    if (c === '\\') {
      const next = body[++i];
      const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"', "'": "'" };
      if (next === undefined || !(next in escapes)) return '';
      out += escapes[next];
      continue;
    }
    out += c;
  }
  if (i >= body.length) return '';
  const rest = body.slice(i + 1).trim();
  // Only a plain concatenation keeps the literal at the start of the value. Operators that bind looser than `&`
  // (a conditional, a comparison, `and`/`or`, a chain, a block) could make the value anything, so they void it.
  if (!rest.startsWith('&')) return '';
  return hasLooseOperator(rest) ? '' : out;
}

function hasLooseOperator(expr: string): boolean {
  let depth = 0;
  let code = '';
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (c === "'" || c === '"') {
      for (i++; i < expr.length && expr[i] !== c; i++) if (expr[i] === '\\') i++;
      code += ' ';
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0) code += c;
  }
  return /[?=<>;]|~>|!=|\b(and|or|in)\b/.test(code);
}
