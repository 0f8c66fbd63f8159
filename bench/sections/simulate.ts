/**
 * The simulator (issue 9): executions per second of research-report's happy path in one process (target ≥ 500/s),
 * and the billed transitions of each seed workflow under automatic mocks — the smallest valid answers with every
 * approval granted, and the largest valid answers (schema maxima), which must never hit States.DataLimitExceeded.
 */
import { performance } from 'node:perf_hooks';
import { simulate } from '../../packages/testing/src/index.js';
import { loadWorkflows } from './workflows.js';
import { failed, measured, type Row } from '../lib/stats.js';

const SECTION = 'simulate (virtual clock, automatic mocks)';

/**
 * Transitions before steps were folded into their neighbours' Assign (issue 12 item 4, commit 69e761b): minimal and
 * schema-maximal answers per seed workflow, and research-report's happy path. Printed beside the current figures.
 */
const BEFORE_FOLDS: Readonly<Record<string, { readonly minimal: number; readonly maximal: number; readonly happy?: number }>> = {
  'bft-consensus': { minimal: 9, maximal: 9 },
  'master-worker': { minimal: 8, maximal: 103 },
  parallel: { minimal: 6, maximal: 6 },
  pipeline: { minimal: 5, maximal: 5 },
  'quorum-commit': { minimal: 9, maximal: 9 },
  'research-report': { minimal: 8, maximal: 1, happy: 13 },
  'retry-fallback': { minimal: 2, maximal: 2 },
  routing: { minimal: 6, maximal: 6 },
  sequential: { minimal: 3, maximal: 3 },
  voting: { minimal: 10, maximal: 10 },
};

/** `11 (was 13)`: a figure with the one measured before the folds, when there is one. */
function withBefore(now: number, before: number | undefined): string {
  return before === undefined ? `${now}` : `${now} (was ${before})`;
}

export interface SimulateBenchOptions {
  readonly budgetMs: number;
  readonly log: (message: string) => void;
}

export async function simulateBench(options: SimulateBenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const loaded = await loadWorkflows(options.log);
  for (const { file, def, error } of loaded) {
    if (!def) {
      rows.push(failed(SECTION, file, error ?? 'did not load'));
      continue;
    }
    const small = await simulate(def, { autoMock: { answers: 'minimal' } });
    const large = await simulate(def, { autoMock: { answers: 'maximal' } });
    const before = BEFORE_FOLDS[def.name];
    const notes = `transitions: ${withBefore(small.transitions, before?.minimal)} (minimal answers, ${small.status}), ${withBefore(large.transitions, before?.maximal)} (schema-maximal answers, ${large.status}${large.error ? ` ${large.error}` : ''})`;
    if (def.name !== 'research-report') {
      rows.push({ section: SECTION, name: file, status: 'ok', notes, data: { minimal: small.transitions, maximal: large.transitions, maximalStatus: large.status, ...(before ? { minimalBefore: before.minimal, maximalBefore: before.maximal } : {}) } });
      continue;
    }
    options.log('simulating research-report repeatedly');
    // The happy path: five sources summarized, a draft approved at once, the report published.
    const sources = Array.from({ length: 5 }, (_, i) => ({ url: `https://example.com/${i}`, title: `Source ${i}` }));
    const happy = { input: { topic: 'tides' }, agents: { search: [{ sources }] }, autoMock: true } as const;
    const first = await simulate(def, happy);
    const warmUntil = performance.now() + Math.min(500, options.budgetMs / 2);
    while (performance.now() < warmUntil) await simulate(def, happy);
    const samples: number[] = [];
    const stop = performance.now() + options.budgetMs;
    while (performance.now() < stop || samples.length < 50) {
      const t = performance.now();
      await simulate(def, happy);
      samples.push(performance.now() - t);
    }
    // Throughput over all samples (GC pauses included), not 1 / median.
    const perSecond = samples.length / (samples.reduce((a, b) => a + b, 0) / 1000);
    const verdict = perSecond >= 500 ? 'target ≥ 500/s met' : 'target ≥ 500/s MISSED';
    const happyNotes = `happy path (5 sources, approved): ${withBefore(first.transitions, before?.happy)} transitions (hand-written equivalent: 11), ${first.status}`;
    rows.push(measured(SECTION, `${file} happy path, one execution`, samples, `${perSecond.toFixed(0)} executions/s (${verdict}); ${happyNotes}; ${notes}`, { executionsPerSecond: perSecond, happy: first.transitions, minimal: small.transitions, maximal: large.transitions }));
  }
  return rows;
}
