import jsonata from 'jsonata';
import type { AslState } from '../model/asl-model.js';
import { isObject, own, walkValues, type JsonObject } from '../model/json-value.js';
import { assignBlocks, choiceRules } from '../model/model-queries.js';
import { checkIntrinsic, looksLikeIntrinsic, type IntrinsicArg } from '../syntax/intrinsic-parser.js';
import { jsonataBody } from '../syntax/jsonata-analyzer.js';

/**
 * Counters that bound a loop. A counter is a value the loop steps by a constant: a variable assigned
 * from itself (`"n": "{% $n + 1 %}"`, `"n.$": "States.MathAdd($n, 1)"`) or a state-input field rebuilt
 * from itself in a payload (`"n.$": "States.MathAdd($.n, 1)"`, `"n": "{% $states.input.n + 1 %}"`).
 * Terms are canonical so the increment and the Choice test match whatever language each is written in:
 * `$name` for a variable, `$states.input.a.b` for a state-input field (JSONPath `$.a.b`).
 */
export interface Counter {
  readonly term: string;
  /** Size of one step, always positive. */
  readonly step: number;
}

/** A Choice test of a counter: the number it is compared with, `undefined` when compared with another value. */
export interface CounterTest {
  readonly term: string;
  readonly bound: number | undefined;
}

type Ast = Record<string, unknown>;

const PAYLOAD_FIELDS = ['Parameters', 'ResultSelector', 'Output', 'Arguments'];
const COMPARISONS = new Set(['<', '<=', '>', '>=', '=', '!=']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every counter a state steps: in its Assign blocks (own, Choice rules', catchers') and in its payloads. */
export function countersOf(state: AslState): Counter[] {
  const out: Counter[] = [];
  for (const { assign } of assignBlocks(state)) {
    for (const [key, value] of Object.entries(assign)) {
      const name = key.endsWith('.$') ? key.slice(0, -2) : key;
      const counter = key.endsWith('.$') ? mathAddCounter(value) : jsonataCounter(value);
      if (counter && counter.term === `$${name}`) out.push(counter);
    }
  }
  for (const field of PAYLOAD_FIELDS) {
    walkValues(own(state.node ?? {}, field), '', (value, _path, key) => {
      if (typeof value !== 'string') return;
      const counter = typeof key === 'string' && key.endsWith('.$') ? mathAddCounter(value) : jsonataCounter(value);
      // A payload rebuilds the next state's input; only input fields can carry a count to the next pass.
      if (counter?.term.startsWith('$states.input.')) out.push(counter);
    });
  }
  return out;
}

/** The counter tests in a Choice state's rules (nested ones included), for the given terms. */
export function counterTests(state: AslState, terms: ReadonlySet<string>): CounterTest[] {
  const out: CounterTest[] = [];
  for (const { rule } of choiceRules(state)) {
    const variable = own(rule, 'Variable');
    const term = typeof variable === 'string' ? jsonPathTerm(variable) : undefined;
    if (term && terms.has(term)) {
      for (const [key, value] of Object.entries(rule)) {
        if (/^Numeric\w*Path$/.test(key)) out.push({ term, bound: undefined });
        else if (/^Numeric/.test(key) && typeof value === 'number') out.push({ term, bound: value });
      }
    }
    const condition = parse(jsonataBody(own(rule, 'Condition')));
    if (condition) visitAst(condition, (node) => {
      if (node.type !== 'binary' || !COMPARISONS.has(String(node.value))) return;
      const sides: [unknown, unknown][] = [[node.lhs, node.rhs], [node.rhs, node.lhs]];
      for (const [side, other] of sides) {
        const tested = jsonataTerm(side);
        if (tested && terms.has(tested)) out.push({ term: tested, bound: numberOf(other) });
      }
    });
  }
  return out;
}

function mathAddCounter(value: unknown): Counter | undefined {
  if (typeof value !== 'string' || !looksLikeIntrinsic(value)) return undefined;
  const result = checkIntrinsic(value);
  if (!result.ok || result.call.name !== 'States.MathAdd') return undefined;
  const [a, b] = result.call.args as [IntrinsicArg, IntrinsicArg];
  const pair: [IntrinsicArg, IntrinsicArg][] = [[a, b], [b, a]];
  for (const [path, amount] of pair) {
    const term = path.kind === 'path' ? jsonPathTerm(path.raw) : undefined;
    const step = amount.kind === 'number' ? Math.abs(Number(amount.raw)) : 0;
    if (term && step > 0) return { term, step };
  }
  return undefined;
}

/** `X + k`, `k + X` or `X - k` for a number k and a variable or input path X. */
function jsonataCounter(value: unknown): Counter | undefined {
  const ast = parse(jsonataBody(value));
  if (!ast || ast.type !== 'binary' || (ast.value !== '+' && ast.value !== '-')) return undefined;
  const pairs: [unknown, unknown][] = ast.value === '+' ? [[ast.lhs, ast.rhs], [ast.rhs, ast.lhs]] : [[ast.lhs, ast.rhs]];
  for (const [operand, amount] of pairs) {
    const term = jsonataTerm(operand);
    const step = Math.abs(numberOf(amount) ?? 0);
    if (term && step > 0) return { term, step };
  }
  return undefined;
}

/** `$.a.b` → `$states.input.a.b`, `$name` → `$name`; anything else (filters, the context) is not a counter. */
function jsonPathTerm(path: string): string | undefined {
  const text = path.trim();
  if (/^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(text)) return `$states.input${text.slice(1)}`;
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(text)) return text;
  return undefined;
}

function jsonataTerm(node: unknown): string | undefined {
  if (!isObject(node)) return undefined;
  if (node.type === 'variable' && typeof node.value === 'string' && NAME.test(node.value) && plain(node)) return `$${node.value}`;
  if (node.type !== 'path' || !Array.isArray(node.steps)) return undefined;
  const [first, second, ...rest] = node.steps as unknown[];
  const names = [second, ...rest].map((s) => (isObject(s) && s.type === 'name' && typeof s.value === 'string' && plain(s) ? s.value : undefined));
  if (!isObject(first) || first.type !== 'variable' || names.some((n) => n === undefined)) return undefined;
  if (first.value === 'states' && names[0] === 'input' && names.length > 1) return `$states.input.${names.slice(1).join('.')}`;
  return undefined;
}

/** No predicate, grouping or focus/index binding: the node reads exactly the named value. */
function plain(node: JsonObject): boolean {
  return node.predicate === undefined && node.stages === undefined && node.group === undefined && node.focus === undefined && node.index === undefined;
}

function numberOf(node: unknown): number | undefined {
  if (!isObject(node)) return undefined;
  if (node.type === 'number' && typeof node.value === 'number') return node.value;
  if (node.type === 'unary' && node.value === '-') {
    const inner = numberOf(node.expression);
    return inner === undefined ? undefined : -inner;
  }
  return undefined;
}

function parse(expression: string | undefined): Ast | undefined {
  if (expression === undefined) return undefined;
  try {
    return jsonata(expression).ast() as unknown as Ast;
  } catch {
    // Syntax errors are the jsonata-expressions rule's to report.
    return undefined;
  }
}

function visitAst(node: unknown, visit: (node: Ast) => void, depth = 0): void {
  if (depth > 200) return;
  if (Array.isArray(node)) {
    for (const item of node) visitAst(item, visit, depth + 1);
    return;
  }
  if (!isObject(node)) return;
  visit(node);
  for (const value of Object.values(node)) if (typeof value === 'object' && value !== null) visitAst(value, visit, depth + 1);
}
