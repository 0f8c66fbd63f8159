import { describe, expect, it } from 'vitest';
import { validateAslText } from '../../src/validate-asl/index.js';

const VALID = '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "End": true }\n  }\n}\n';

describe('validateAslText', () => {
  it('accepts a valid definition without diagnostics', () => {
    expect(validateAslText(VALID)).toEqual([]);
  });

  it.each([
    ['a comment', '{\n  // note\n  "StartAt": "A",\n  "States": {"A": {"Type": "Pass", "End": true}}\n}', 2, 3, /comments are not allowed/, /remove the comment/],
    ['a block comment', '{ /* note */ "StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}} }', 1, 3, /comments are not allowed/, /remove the comment/],
    ['a trailing comma', '{\n  "StartAt": "A",\n  "States": {"A": {"Type": "Pass", "End": true},}\n}', 3, 49, /trailing comma/, /trailing commas/],
    ['single quotes', "{'StartAt': 'A'}", 1, 2, /./, /double quotes/],
    ['unquoted keys (JSON5)', '{\n  StartAt: "A"\n}', 2, 3, /property name/, /JSON5/],
    ['truncated input', '{"StartAt": "A", "States": {', 1, 29, /expected/, /strict JSON/],
    ['NaN', '{"StartAt": NaN}', 1, 13, /./, /./],
  ])('rejects %s with line:column', (_, text, line, column, message, hint) => {
    const [diagnostic, ...rest] = validateAslText(text, { file: 'bad.json' });
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ code: 'INVALID_JSON_DESCRIPTION', severity: 'error', pointer: '', loc: { file: 'bad.json', line, column } });
    expect(diagnostic!.message).toMatch(message);
    expect(diagnostic!.hint).toMatch(hint);
  });

  it('reports empty input as MISSING_DESCRIPTION', () => {
    expect(validateAslText('  \n ').map((d) => d.code)).toEqual(['MISSING_DESCRIPTION']);
  });

  it('reports a non-object root', () => {
    expect(validateAslText('[1, 2]').map((d) => [d.code, d.message])).toEqual([['SCHEMA_VALIDATION_FAILED', 'The definition must be a JSON object, not an array.']]);
  });

  it('tolerates a byte-order mark', () => {
    expect(validateAslText(`\uFEFF${VALID}`)).toEqual([]);
  });

  it('locates findings by pointer: values, keys and nested states', () => {
    const text = [
      '{',
      '  "StartAt": "A",',
      '  "States": {',
      '    "A": { "Type": "Pass", "Next": "Missing" },',
      '    "Orphan": { "Type": "Pass", "End": true, "Extra": 1 }',
      '  }',
      '}',
    ].join('\r\n');
    const found = validateAslText(text, { file: 'm.json' }).map((d) => [d.code, d.loc?.line, d.loc?.column]);
    expect(found).toEqual([
      ['MISSING_TRANSITION_TARGET', 4, 36],
      ['UNREACHABLE_STATE', 5, 5],
      ['SCHEMA_VALIDATION_FAILED', 5, 46],
    ]);
  });

  it('reports duplicate state names in one States object, which JSON.parse would hide', () => {
    const text = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "A": {"Type": "Succeed"}}}';
    expect(validateAslText(text).filter((d) => d.code === 'DUPLICATE_STATE_NAME').map((d) => d.loc?.column)).toEqual([65]);
  });

  it('warns about other duplicated keys', () => {
    const text = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "End": true}}}';
    expect(validateAslText(text).map((d) => [d.code, d.severity, d.pointer])).toEqual([['DUPLICATE_JSON_KEY', 'warning', '/States/A/End']]);
  });

  it('points at duplicated keys inside arrays and escaped keys', () => {
    const text = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Result": [1, {"x": 1}, {"y\\u0041": 1, "yA": 2, "s": "{\\"", "s": [] }]}}}';
    const found = validateAslText(text).filter((d) => d.code === 'DUPLICATE_JSON_KEY');
    expect(found.map((d) => [d.pointer, d.loc?.column])).toEqual([
      ['/States/A/Result/2/yA', text.indexOf('"yA"') + 1],
      ['/States/A/Result/2/s', text.lastIndexOf('"s"') + 1],
    ]);
  });

  it('accepts unquoted placeholders and keeps later columns right', () => {
    const text = '{"StartAt": "W", "TimeoutSeconds": ${timeout}, "States": {"W": {"Type": "Wait", "Seconds": ${delay}, "Next": "X"}}}';
    const diagnostics = validateAslText(text);
    const missing = diagnostics.find((d) => d.code === 'MISSING_TRANSITION_TARGET');
    expect(missing?.loc?.column).toBe(text.indexOf('"X"') + 1);
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['MISSING_TRANSITION_TARGET']);
    expect(diagnostics.find((d) => d.code === 'UNRESOLVED_PLACEHOLDER')?.severity).toBe('info');
  });

  it('keeps line numbers when a placeholder spans lines', () => {
    const text = '{"StartAt": "A",\n "States": {"A": {"Type": "Pass", "Parameters": ${jsonencode({\n  a = 1\n})}, "Next": "Gone"}}}';
    const missing = validateAslText(text).find((d) => d.code === 'MISSING_TRANSITION_TARGET');
    expect(missing?.loc).toMatchObject({ line: 4, column: 14 });
  });

  it('refuses absurd nesting before parsing', () => {
    const text = `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "End": true}}}`;
    expect(validateAslText(text).map((d) => d.code)).toEqual(['TOO_DEEPLY_NESTED']);
  });

  it('gives every diagnostic a pointer, a hint and a location', () => {
    const text = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'B', Foo: 1 }, C: { Type: 'Pass' } } });
    const diagnostics = validateAslText(text, { file: 'x.json' });
    expect(diagnostics.length).toBeGreaterThan(4);
    for (const d of diagnostics) {
      expect(typeof d.pointer).toBe('string');
      expect(d.hint).toBeTruthy();
      expect(d.loc).toMatchObject({ file: 'x.json' });
    }
  });
});
