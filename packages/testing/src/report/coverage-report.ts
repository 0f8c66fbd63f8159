import type { CoverageRecord, Json, SimulationResult } from '../types.js';
import type { AslState, Graph } from '../engine/asl.js';

export interface CoverageItem {
  /** `State`, `State#0` (choice rule / catcher / retrier index) or `State#default`. */
  readonly key: string;
  readonly hits: number;
}

export interface CoverageSection {
  readonly total: number;
  readonly covered: number;
  readonly uncovered: readonly string[];
  readonly items: readonly CoverageItem[];
}

export interface CoverageReport {
  readonly states: CoverageSection;
  readonly choiceRules: CoverageSection;
  readonly catchers: CoverageSection;
  readonly retriers: CoverageSection;
}

/**
 * What a set of scenarios exercised of one definition: every state, choice rule (and Default), catcher and
 * retrier, with hit counts, and the ones no scenario reached.
 *
 * @example
 * ```ts
 * const report = coverageReport(runs);
 * expect(report.choiceRules.uncovered).toEqual([]);
 * ```
 */
export function coverageReport(runs: readonly SimulationResult[], definition: Json = runs[0]?.definition ?? null): CoverageReport {
  const universe = { states: [] as string[], choiceRules: [] as string[], catchers: [] as string[], retriers: [] as string[] };
  collect(definition as unknown as Graph, universe);
  const merged = mergeCoverage(runs.map((r) => r.coverage));
  const section = (keys: string[], hits: Readonly<Record<string, number>>): CoverageSection => {
    const items = keys.map((key) => ({ key, hits: hits[key] ?? 0 }));
    const uncovered = items.filter((i) => i.hits === 0).map((i) => i.key);
    return { total: keys.length, covered: keys.length - uncovered.length, uncovered, items };
  };
  return {
    states: section(universe.states, merged.states),
    choiceRules: section(universe.choiceRules, merged.choiceRules),
    catchers: section(universe.catchers, merged.catchers),
    retriers: section(universe.retriers, merged.retriers),
  };
}

export function mergeCoverage(records: readonly CoverageRecord[]): CoverageRecord {
  const out = { states: {}, choiceRules: {}, catchers: {}, retriers: {} } as { [K in keyof CoverageRecord]: Record<string, number> };
  for (const record of records) {
    for (const table of Object.keys(out) as (keyof CoverageRecord)[]) {
      for (const [key, hits] of Object.entries(record[table])) out[table][key] = (out[table][key] ?? 0) + hits;
    }
  }
  return out;
}

function collect(graph: Graph | undefined, into: { states: string[]; choiceRules: string[]; catchers: string[]; retriers: string[] }): void {
  if (!graph?.States) return;
  for (const [name, state] of Object.entries(graph.States) as [string, AslState][]) {
    into.states.push(name);
    state.Choices?.forEach((_, i) => into.choiceRules.push(`${name}#${i}`));
    if (state.Type === 'Choice' && state.Default !== undefined) into.choiceRules.push(`${name}#default`);
    state.Catch?.forEach((_, i) => into.catchers.push(`${name}#${i}`));
    state.Retry?.forEach((_, i) => into.retriers.push(`${name}#${i}`));
    for (const branch of state.Branches ?? []) collect(branch, into);
    collect(state.ItemProcessor ?? state.Iterator, into);
  }
}

/** Text for a terminal or a CI log: the share covered per kind, then what was never reached. */
export function renderCoverage(report: CoverageReport): string {
  const lines: string[] = [];
  for (const [label, section] of [['states', report.states], ['choice rules', report.choiceRules], ['catchers', report.catchers], ['retriers', report.retriers]] as const) {
    lines.push(`${label.padEnd(13)} ${section.covered}/${section.total}${section.uncovered.length ? `  not reached: ${section.uncovered.join(', ')}` : ''}`);
  }
  return lines.join('\n') + '\n';
}
