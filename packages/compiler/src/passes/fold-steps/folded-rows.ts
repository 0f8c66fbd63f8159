import { stateNameOf } from '../name-states/state-names.js';
import type { PayloadAnalysis } from '../payload/analyze-payloads.js';
import type { FoldPlan } from './plan-folds.js';

/**
 * The payload rows of folded steps name the state that carries their `Assign` (their host), which is the state
 * that holds their variable at run time: a folded step has no state of its own.
 */
export function foldedRows(analysis: PayloadAnalysis, folds: FoldPlan): PayloadAnalysis {
  if (folds.hostOf.size === 0) return analysis;
  const hostState = (id: string): string => {
    let host = id;
    while (folds.hostOf.has(host)) host = folds.hostOf.get(host)!;
    return stateNameOf(host);
  };
  return { ...analysis, rows: analysis.rows.map((row) => (folds.hostOf.has(row.stepId) ? { ...row, state: `${hostState(row.stepId)} (folded ${row.stepId})` } : row)) };
}
