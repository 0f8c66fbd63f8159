import type { SourceLocation } from '@agentflow/dsl';
import { compareCodePoints } from '../text/compare-code-points.js';

export type Severity = 'error' | 'warning' | 'info';

/** A finding about a workflow or an ASL definition: data, never a thrown exception. */
export interface Diagnostic {
  /** Stable identifier, kebab-case for agentflow's own checks (AWS's codes are kept for ASL validation). */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Step path inside the workflow, e.g. `research-report/review/revise-draft`. */
  readonly path?: string;
  /** Source location of the builder call (workflows) or of the JSON value (ASL files). */
  readonly loc?: SourceLocation;
  /** JSON pointer into an ASL definition. */
  readonly pointer?: string;
  /** What to do about it. */
  readonly hint?: string;
  /** Further locations, e.g. the other side of a name clash. */
  readonly related?: readonly { readonly message: string; readonly loc?: SourceLocation }[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders diagnostics by file, line, column, then code, so output is stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareCodePoints(a.loc?.file ?? '', b.loc?.file ?? '') ||
      (a.loc?.line ?? 0) - (b.loc?.line ?? 0) ||
      (a.loc?.column ?? 0) - (b.loc?.column ?? 0) ||
      compareCodePoints(a.pointer ?? '', b.pointer ?? '') ||
      compareCodePoints(a.code, b.code),
  );
}
