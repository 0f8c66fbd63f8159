import type { Diagnostic } from '@agentflow/compiler';

/**
 * Findings shown per file by default. A generated or mangled definition can have tens of thousands (one per
 * unreachable state); past a few hundred nobody reads them, and printing them all costs megabytes of output.
 */
export const DEFAULT_MAX_DIAGNOSTICS = 200;

/**
 * The first `max` findings of a file (they are sorted by position), then one info diagnostic saying how many more
 * there are, by severity. `max` 0 shows everything. Counts and the exit code still come from all findings.
 */
export function capDiagnostics(diagnostics: readonly Diagnostic[], max: number, file: string): readonly Diagnostic[] {
  if (max === 0 || diagnostics.length <= max) return diagnostics;
  const hidden = diagnostics.slice(max);
  const bySeverity = (['error', 'warning', 'info'] as const)
    .map((severity) => ({ severity, n: hidden.filter((d) => d.severity === severity).length }))
    .filter(({ n }) => n > 0)
    .map(({ severity, n }) => `${n.toLocaleString('en-US')} ${severity === 'info' ? 'note' : severity}${n === 1 ? '' : 's'}`);
  return [
    ...diagnostics.slice(0, max),
    {
      code: 'FINDINGS_NOT_SHOWN',
      severity: 'info',
      message: `${hidden.length.toLocaleString('en-US')} more finding${hidden.length === 1 ? '' : 's'} not shown (${bySeverity.join(', ')}); the first ${max.toLocaleString('en-US')} are listed.`,
      pointer: '',
      loc: { file, line: 1, column: 1 },
      hint: 'Fix these first (one mistake often causes many findings), or pass --max-diagnostics 0 to list them all.',
    },
  ];
}
