import { describe, expect, it } from 'vitest';
import type { Severity } from '../../../src/diagnostics/diagnostic.js';
import { validateAslDefinition, validateAslText } from '../../../src/validate-asl/index.js';
import type { AslRule } from '../../../src/validate-asl/rules/asl-rule.js';

export interface ValidCase {
  readonly name: string;
  readonly definition: unknown;
}

export interface InvalidCase {
  readonly name: string;
  readonly definition: unknown;
  readonly code: string;
  readonly pointer: string;
  readonly severity?: Severity;
}

/**
 * Runs one rule's table: valid cases produce no error at all and nothing from this rule; each invalid case
 * produces its code at its pointer, and a line:column when validated as text.
 */
export function ruleTable(rule: Pick<AslRule, 'name' | 'codes'>, cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  describe(`rule ${rule.name}`, () => {
    it.each(cases.valid.map((c) => [c.name, c] as const))('accepts: %s', (_, { definition }) => {
      const diagnostics = validateAslDefinition(definition);
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(diagnostics.filter((d) => (rule.codes as readonly string[]).includes(d.code))).toEqual([]);
    });

    it.each(cases.invalid.map((c) => [c.name, c] as const))('reports: %s', (_, { definition, code, pointer, severity }) => {
      const diagnostics = validateAslDefinition(definition);
      const match = diagnostics.find((d) => d.code === code && d.pointer === pointer);
      expect(match, `expected ${code} at ${pointer}, got ${JSON.stringify(diagnostics.map((d) => [d.code, d.pointer]))}`).toBeDefined();
      expect(match!.severity).toBe(severity ?? 'error');
      expect(match!.message.length).toBeGreaterThan(10);
      expect(match!.hint?.length ?? 0).toBeGreaterThan(10);

      const fromText = validateAslText(JSON.stringify(definition, null, 2), { file: 'case.asl.json' }).find(
        (d) => d.code === code && d.pointer === pointer,
      );
      expect(fromText?.loc?.file).toBe('case.asl.json');
      expect(fromText?.loc?.line).toBeGreaterThanOrEqual(1);
    });
  });
}
