import { describe, expect, it } from 'vitest';
import { checkIntrinsic } from '../../src/validate-asl/syntax/intrinsic-parser.js';
import { analyzeJsonata } from '../../src/validate-asl/syntax/jsonata-analyzer.js';
import { parseJsonPath, referencePathProblem } from '../../src/validate-asl/syntax/jsonpath-parser.js';
import { isRfc3339 } from '../../src/validate-asl/syntax/rfc3339.js';
import { variableNameProblem } from '../../src/validate-asl/syntax/variable-name.js';

describe('JSONPath recogniser', () => {
  it.each([
    '$',
    '$.a.b',
    '$..a[?(@.x > 1)]',
    '$.[0]',
    '$.items[0:2]',
    '$.items[-1:]',
    '$.items[::2]',
    '$.items[0,1]',
    "$['a b']['c']",
    "$.a['x','y']",
    '$.a[*]',
    '$.a.*',
    '$..*',
    '$.items.length()',
    '$.a[(@.length-1)]',
    '$$',
    '$$.Execution.Id',
    '$$.Map.Item.Value',
    '$myVar',
    '$myVar.field[0]',
    '$_x',
    '$.a-b',
    "$.items[?(@.name == 'a]b')]",
    '$.a[?(@.tags && @.tags.length > 0)]',
    '  $.trimmed  ',
  ])('accepts %s', (path) => {
    expect(parseJsonPath(path)).toMatchObject({ ok: true });
  });

  it.each([
    ['', 'must start'],
    ['a.b', 'must start'],
    ['$.', 'cannot end'],
    ['$..', 'cannot end'],
    ['$.a[', 'unclosed'],
    ['$.a[]', 'empty brackets'],
    ['$.a[?()]', 'empty filter'],
    ['$.a[?@.x]', 'filter'],
    ['$.a b', 'unexpected'],
    ['$.a[abc]', 'invalid bracket'],
    ['$.len().x', 'last segment'],
    ['$$$', 'unexpected'],
    ['$1', 'unexpected'],
  ])('rejects %j', (path, message) => {
    const result = parseJsonPath(path);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('knows the root and features', () => {
    const context = parseJsonPath('$$.Task.Token');
    const variable = parseJsonPath('$order.items[*]');
    expect(context.ok && context.info.root).toBe('context');
    expect(variable.ok && [variable.info.root, variable.info.variable, [...variable.info.features]]).toEqual(['variable', 'order', ['wildcard']]);
  });

  it('tells reference paths apart', () => {
    const info = (path: string) => {
      const result = parseJsonPath(path);
      if (!result.ok) throw new Error(result.message);
      return result.info;
    };
    expect(referencePathProblem(info("$.a['b'][0]"))).toBeUndefined();
    expect(referencePathProblem(info('$.a[?(@.x)]'))).toMatch(/filter/);
    expect(referencePathProblem(info('$.a[0,1]'))).toMatch(/union/);
    expect(referencePathProblem(info('$..a'))).toMatch(/deep-scan/);
  });
});

describe('intrinsic functions', () => {
  it.each([
    "States.Format('a\\'b {}', $.x)",
    "States.Format('{} {}', $.a, States.UUID())",
    "States.Format('braces \\{\\} and backslash \\\\')",
    'States.Array()',
    "States.Array(1, -2.5, 'x', true, false, null, $.a, $$.Execution.Id, $v)",
    'States.ArrayGetItem(States.StringSplit($.csv, \',\'), 0)',
    "States.Hash($.x, 'SHA-512')",
    'States.JsonMerge($.a, $.b, false)',
    'States.MathRandom(1, 10)',
    'States.MathRandom(1, 10, $.seed)',
    "States.StringToJson('{\"a\": 1}')",
    ' States.UUID() ',
    "States.Format('{}', $.items[?(@.a == 'x,y')])",
  ])('accepts %s', (text) => {
    expect(checkIntrinsic(text)).toMatchObject({ ok: true });
  });

  it.each([
    ["States.Format('it\\'s {}')", 'placeholder'],
    ["States.Format('a {} b', $.x, $.y)", 'placeholder'],
    ["States.Format('a { b', $.x)", 'unescaped "{"'],
    ["States.Format('a } b')", 'unescaped "}"'],
    ["States.Format('ends with \\')", 'unterminated'],
    ["States.Format('unterminated)", 'unterminated'],
    ['States.Format("double")', 'single quotes'],
    ['States.Uuid()', 'did you mean States.UUID'],
    ['States.UUID(1)', 'takes 0 arguments'],
    ['States.MathAdd($.a)', 'takes 2 arguments'],
    ['States.ArrayRange(1, 2)', 'takes 3 arguments'],
    ["States.Hash($.x, 'SHA-3')", 'algorithm'],
    ['States.JsonMerge($.a, $.b, true)', 'shallow'],
    ['States.ArrayLength($.a[)', 'unclosed'],
    ['States.Array($.a.)', 'invalid path'],
    ['States.Array(1) extra', 'after the closing'],
    ['States.Array(1,)', 'argument'],
    [`${'States.Array('.repeat(11)}1${')'.repeat(11)}`, 'nested at most 10'],
  ])('rejects %s', (text, message) => {
    const result = checkIntrinsic(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('intrinsic escapes', () => {
  it('lists each escape Step Functions does not define, once', () => {
    expect(checkIntrinsic("States.Format('tab\\t{}\\t\\q', $.x)")).toMatchObject({ ok: true, escapes: ['t', 'q'] });
    expect(checkIntrinsic("States.Format('quote \\' brace \\{ back \\\\ {}', $.x)")).toMatchObject({ ok: true, escapes: [] });
    expect(checkIntrinsic("States.Array('a\\n', States.Format('b\\r'))")).toMatchObject({ ok: true, escapes: ['n', 'r'] });
  });
});

describe('JSONata analysis', () => {
  it('reports parse errors with a position', () => {
    expect(analyzeJsonata('$states.input.(')).toMatchObject({ ok: false, position: expect.any(Number) });
  });

  // Step Functions runs JSONata 2.0.6 (DG "transforming-data"); `??` and `?:` arrived in 2.1 and fail there.
  it('parses with the JSONata version AWS runs: coalescing operators are syntax errors', () => {
    expect(analyzeJsonata('$states.input.a ?? 1')).toMatchObject({ ok: false });
    expect(analyzeJsonata('$states.input.a ?: 1')).toMatchObject({ ok: false });
    expect(analyzeJsonata('$exists($states.input.a) ? $states.input.a : 1')).toMatchObject({ ok: true });
  });

  it('finds top-level $ and $$ but not context-relative ones', () => {
    const facts = (expression: string) => {
      const result = analyzeJsonata(expression);
      if (!result.ok) throw new Error(result.message);
      return result;
    };
    expect(facts('$.a').rootReferences).toHaveLength(1);
    expect(facts('$$').rootReferences).toHaveLength(1);
    expect(facts('{"a": $.b}').rootReferences).toHaveLength(1);
    expect(facts('$exists($) ? 1 : 2').rootReferences).toHaveLength(1);
    expect(facts('$states.input.items[$ > 1]').rootReferences).toHaveLength(0);
    expect(facts('$states.input.items.($.price)').rootReferences).toHaveLength(0);
    expect(facts('$map($states.input, function($v) { $ })').rootReferences).toHaveLength(0);
  });

  it('collects $states fields and free variables', () => {
    const result = analyzeJsonata('($n := $states.input.n; $map($list, function($v, $i) { $v * $n + $offset }) ~> $sum) & $states.context.Task.Token');
    if (!result.ok) throw new Error(result.message);
    expect([...result.statesFields].sort()).toEqual(['context', 'input']);
    expect([...result.freeVariables].sort()).toEqual(['list', 'offset']);
  });

  // Chains of paths and literals are analysed without the parser; `(chain)` always goes through it, with the same facts.
  it('answers chains of operands and operators exactly as the parser does', () => {
    const operands = ['$a', '$states', '$states.input.x', '$states.result', '$states.bogus.y', '$string', '$a.b.c', '$a.in', '$a.function', "'x & y'", '"%}"', "'it\\'s'", '0.8', '42', '007', '1.', '1e5', 'true', 'null', 'nullx', '$', '$$', '$a.', '$a..b', '$a.b[0]', '$a.0', '$and'];
    const operators = ['&', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', 'and', 'or', 'in', '=>', '**', ':=', '~>'];
    const facts = (expression: string) => {
      const r = analyzeJsonata(expression);
      return r.ok ? { ok: true, root: r.rootReferences.length, states: [...r.statesFields], free: [...r.freeVariables] } : { ok: false };
    };
    let chains = 0;
    for (const a of operands) {
      for (const op of operators) {
        for (const b of operands) {
          for (const expression of [`${a} ${op} ${b}`, `${a}${op}${b}`, ` ${a} ${op} ${b} & $c.d `]) {
            const result = facts(expression);
            if (result.ok) chains++;
            expect(result, expression).toEqual(facts(`(${expression})`));
          }
        }
      }
    }
    expect(chains).toBeGreaterThan(1000);
    expect(facts("$states.context.Execution.Name & ':step' & $states.input.topic & $note.summary & $string")).toEqual({
      ok: true,
      root: 0,
      states: ['context', 'input'],
      free: ['note'],
    });
  });
});

describe('timestamps and variable names', () => {
  it.each([
    ['2025-01-31T23:59:59Z', true],
    ['2025-01-31T23:59:60Z', true],
    ['2025-01-31T23:59:59.1+14:00', true],
    ['2025-01-31 23:59:59Z', false],
    ['2025-13-01T00:00:00Z', false],
    ['2025-04-31T00:00:00Z', false],
    ['2025-01-31T24:00:00Z', false],
  ])('RFC 3339 %s → %s', (value, ok) => {
    expect(isRfc3339(value)).toBe(ok);
  });

  it.each([
    ['order', undefined],
    ['_tmp', undefined],
    ['ñandú', undefined],
    ['x1', undefined],
    ['states', 'reserved'],
    ['1x', 'must start'],
    ['a.b', 'must start'],
    ['', 'empty'],
    ['v'.repeat(81), 'longer than 80'],
  ])('variable name %j', (name, problem) => {
    if (problem === undefined) expect(variableNameProblem(name)).toBeUndefined();
    else expect(variableNameProblem(name)).toContain(problem);
  });
});
