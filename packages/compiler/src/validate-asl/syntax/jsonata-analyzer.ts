import jsonata from 'jsonata';

/** The expression inside a `{% ... %}` string, or undefined when the string is not one. */
export function jsonataBody(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith('{%') && value.endsWith('%}') && value.length >= 4
    ? value.slice(2, -2)
    : undefined;
}

/**
 * The value of an expression that is a single literal (`'text'`, `42`, `true`, `null`), else undefined:
 * such an expression is a constant written in JSONata, and can be checked like a literal field value.
 */
export function jsonataConstant(expression: string): { readonly value: string | number | boolean | null } | undefined {
  let ast: AstNode;
  try {
    ast = jsonata(expression).ast() as unknown as AstNode;
  } catch {
    return undefined;
  }
  const literal = ast.type === 'string' || ast.type === 'number' || ast.type === 'value';
  const value = ast.value;
  if (!literal || !(value === null || ['string', 'number', 'boolean'].includes(typeof value))) return undefined;
  return { value: value as string | number | boolean | null };
}

export interface JsonataFacts {
  readonly ok: true;
  /** Positions of `$` or `$$` used at the top level (where they would mean the raw state input). */
  readonly rootReferences: readonly number[];
  /** Fields read from `$states` (`input`, `context`, ...), `''` when a path reads `$states` whole. */
  readonly statesFields: ReadonlySet<string>;
  /** Variables read but not bound inside the expression (candidates for workflow variables). */
  readonly freeVariables: ReadonlySet<string>;
}

export type JsonataAnalysis = JsonataFacts | { readonly ok: false; readonly message: string; readonly position: number | undefined };

type AstNode = Record<string, unknown>;

/** JSONata's own functions plus the ones Step Functions adds. */
const BUILT_INS = new Set(
  (
    'sum count max min average string substring substringBefore substringAfter lowercase uppercase length trim pad ' +
    'match contains replace split join formatNumber formatBase formatInteger parseInteger number floor ceil round abs ' +
    'sqrt power random boolean not map zip filter single reduce sift keys lookup append exists spread merge reverse ' +
    'each error assert type sort shuffle distinct base64encode base64decode encodeUrlComponent encodeUrl ' +
    'decodeUrlComponent decodeUrl eval toMillis fromMillis clone now millis partition range hash uuid parse'
  ).split(' '),
);

const cache = new Map<string, JsonataAnalysis>();
const CACHE_LIMIT = 20_000;

/**
 * Parses with the `jsonata` library and extracts the facts the rules need; results are cached by text. Most
 * generated expressions are a chain of paths and literals (see analyzeOperandChain), answered without the parser.
 */
export function analyzeJsonata(expression: string): JsonataAnalysis {
  const cached = cache.get(expression);
  if (cached) return cached;
  const analysis = analyze(expression);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(expression, analysis);
  return analysis;
}

/** `$states.input.a.b` or `$name.field`: most real expressions, answered without the jsonata parser. */
const SIMPLE_PATH = /^\s*\$([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*$/;

function analyze(expression: string): JsonataAnalysis {
  if (expression.trim() === '') return { ok: false, message: 'the expression is empty', position: undefined };
  const simple = SIMPLE_PATH.exec(expression);
  if (simple) {
    const [, name, rest] = simple as unknown as [string, string, string];
    if (name === 'states') {
      const field = rest.split('.')[1];
      return { ok: true, rootReferences: [], statesFields: new Set(field === undefined ? [] : [field]), freeVariables: new Set() };
    }
    return { ok: true, rootReferences: [], statesFields: new Set(), freeVariables: new Set(BUILT_INS.has(name) ? [] : [name]) };
  }
  const chain = analyzeOperandChain(expression);
  if (chain) return chain;
  let ast: AstNode;
  try {
    ast = jsonata(expression).ast() as unknown as AstNode;
  } catch (error) {
    const e = error as { message?: unknown; position?: unknown };
    return {
      ok: false,
      message: typeof e.message === 'string' ? e.message : String(error),
      position: typeof e.position === 'number' ? e.position : undefined,
    };
  }
  const rootReferences: number[] = [];
  collectRootReferences(ast, rootReferences, 0);
  const statesFields = new Set<string>();
  const used = new Set<string>();
  const bound = new Set<string>();
  collectVariables(ast, statesFields, used, bound, 0);
  const freeVariables = new Set([...used].filter((name) => !bound.has(name) && !BUILT_INS.has(name) && name !== 'states'));
  return { ok: true, rootReferences, statesFields, freeVariables };
}

const MAX_AST_DEPTH = 400;

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `$` and `$$` mean the raw input only where the context has not moved: the expression itself, operands,
 * function arguments, blocks, conditions, constructors, and the first step of a path. Later path steps,
 * predicates and lambda bodies have their own context and are left alone.
 */
function collectRootReferences(node: unknown, out: number[], depth: number): void {
  if (!isNode(node) || depth > MAX_AST_DEPTH) return;
  const next = (child: unknown): void => collectRootReferences(child, out, depth + 1);
  const nextAll = (children: unknown): void => {
    if (Array.isArray(children)) children.forEach(next);
  };
  switch (node['type']) {
    case 'variable':
      if (node['value'] === '' || node['value'] === '$') out.push(typeof node['position'] === 'number' ? node['position'] : 0);
      return;
    case 'path':
      if (Array.isArray(node['steps'])) next(node['steps'][0]);
      return;
    case 'binary':
    case 'apply':
    case 'bind':
      next(node['lhs']);
      next(node['rhs']);
      return;
    case 'function':
    case 'partial':
      nextAll(node['arguments']);
      return;
    case 'condition':
      next(node['condition']);
      next(node['then']);
      next(node['else']);
      return;
    case 'block':
      nextAll(node['expressions']);
      return;
    case 'unary':
      if (node['value'] === '-') next(node['expression']);
      else if (node['value'] === '[') nextAll(node['expressions']);
      else if (node['value'] === '{' && Array.isArray(node['lhs'])) {
        for (const pair of node['lhs']) if (Array.isArray(pair)) pair.forEach(next);
      }
      return;
    default:
      return;
  }
}

function collectVariables(node: unknown, statesFields: Set<string>, used: Set<string>, bound: Set<string>, depth: number): void {
  if (depth > MAX_AST_DEPTH) return;
  if (Array.isArray(node)) {
    for (const child of node) collectVariables(child, statesFields, used, bound, depth + 1);
    return;
  }
  if (!isNode(node)) return;
  const type = node['type'];
  if (type === 'path' && Array.isArray(node['steps'])) {
    const [first, second] = node['steps'] as unknown[];
    if (isNode(first) && first['type'] === 'variable' && first['value'] === 'states') {
      statesFields.add(isNode(second) && second['type'] === 'name' && typeof second['value'] === 'string' ? second['value'] : '');
    }
  }
  if (type === 'variable' && typeof node['value'] === 'string' && node['value'] !== '' && node['value'] !== '$') {
    used.add(node['value']);
  }
  if (type === 'bind' && isNode(node['lhs']) && typeof node['lhs']['value'] === 'string') bound.add(node['lhs']['value']);
  if (type === 'lambda' && Array.isArray(node['arguments'])) {
    for (const argument of node['arguments']) if (isNode(argument) && typeof argument['value'] === 'string') bound.add(argument['value']);
  }
  if (typeof node['focus'] === 'string') bound.add(node['focus']);
  if (typeof node['index'] === 'string') bound.add(node['index']);
  for (const [key, child] of Object.entries(node)) {
    if ((type === 'function' || type === 'partial') && key === 'procedure') continue;
    if (typeof child === 'object' && child !== null) collectVariables(child, statesFields, used, bound, depth + 1);
  }
}

/** An operand of a chain: a `$variable` path of plain names, a string without escapes, a plain number, or a constant. */
const OPERAND =
  /\s*(?:\$([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)(?![A-Za-z0-9_$.])|'[^'\\]*'|"[^"\\]*"|(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?![A-Za-z0-9_$.])|(?:true|false|null)(?![A-Za-z0-9_$.]))/y;
/** A binary operator between two operands (`and`/`or` only between spaces). */
const OPERATOR = /\s*(?:!=|<=|>=|[&=<>+\-*\/%])|\s+(?:and|or)(?=\s)/y;
const TRAILING_SPACE = /\s*$/y;
/** Path steps the jsonata lexer may read as something else than a name: left to the parser. */
const KEYWORDS = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);

/**
 * `operand (operator operand)*`, e.g. `$states.context.Execution.Name & ':step'` or `$score.value > 0.8`: every such
 * text parses, into binary nodes over paths and literals, so its facts are read off the text in source order (the
 * order the tree walk below visits them). Undefined for anything else (parentheses, calls, escapes, `$`, ...), which
 * goes to the parser; the result for a chain is the parser's (checked against it in the tests).
 */
function analyzeOperandChain(expression: string): JsonataFacts | undefined {
  const statesFields = new Set<string>();
  const freeVariables = new Set<string>();
  let at = 0;
  for (;;) {
    OPERAND.lastIndex = at;
    const operand = OPERAND.exec(expression);
    if (!operand) return undefined;
    at = OPERAND.lastIndex;
    const [, name, steps] = operand;
    if (name !== undefined) {
      const fields = steps ? steps.slice(1).split('.') : [];
      if (fields.some((field) => KEYWORDS.has(field))) return undefined;
      if (name === 'states') {
        if (fields.length > 0) statesFields.add(fields[0]!);
      } else if (!BUILT_INS.has(name)) freeVariables.add(name);
    }
    OPERATOR.lastIndex = at;
    if (!OPERATOR.exec(expression)) break;
    at = OPERATOR.lastIndex;
  }
  TRAILING_SPACE.lastIndex = at;
  TRAILING_SPACE.exec(expression);
  if (TRAILING_SPACE.lastIndex !== expression.length) return undefined;
  return { ok: true, rootReferences: [], statesFields, freeVariables };
}
