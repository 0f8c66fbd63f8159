import { SfnError } from './errors.js';
import { definitionProblems, requiredString, type Input } from './rules.js';
import type { Diagnostic, SfnStore } from './store.js';

/**
 * ValidateStateMachineDefinition: `severity` ERROR (default) returns only errors, WARNING returns warnings too;
 * `maxResults` 0–100 (0 = 100) with `truncated`; result FAIL when any ERROR (reference; research file a.3). The
 * fake's own JSON/StartAt check runs first, then the test's `validate` predicate.
 */
export function validateStateMachineDefinition(store: SfnStore, input: Input): Record<string, unknown> {
  const definition = requiredString(input, 'definition');
  const severity = input.severity ?? 'ERROR';
  if (severity !== 'ERROR' && severity !== 'WARNING') throw new SfnError('ValidationException', `1 validation error detected: Value '${String(severity)}' at 'severity' failed to satisfy constraint: Member must satisfy enum value set: [ERROR, WARNING]`);
  const type = input.type ?? 'STANDARD';
  if (type !== 'STANDARD' && type !== 'EXPRESS') throw new SfnError('ValidationException', `1 validation error detected: Value '${String(type)}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]`);
  const maxResults = input.maxResults ?? 0;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 0 || maxResults > 100) {
    throw new SfnError('ValidationException', "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 0 and 100");
  }
  const own: Diagnostic[] = definitionProblems(definition).map((p) => ({ severity: 'ERROR', ...p }));
  const all = [...own, ...(store.options.validate?.(definition) ?? [])];
  const shown = all.filter((d) => severity === 'WARNING' || d.severity === 'ERROR');
  const limit = maxResults === 0 ? 100 : maxResults;
  return {
    result: all.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK',
    diagnostics: shown.slice(0, limit),
    truncated: shown.length > limit,
  };
}
