import type { CoverageRecord } from '../types.js';

/** Counts what a run exercised: states, choice rules, catchers and retriers, keyed by their path. */
export class Coverage {
  readonly states: Record<string, number> = {};
  readonly choiceRules: Record<string, number> = {};
  readonly catchers: Record<string, number> = {};
  readonly retriers: Record<string, number> = {};

  hit(table: Record<string, number>, key: string): void {
    table[key] = (table[key] ?? 0) + 1;
  }

  record(): CoverageRecord {
    return { states: { ...this.states }, choiceRules: { ...this.choiceRules }, catchers: { ...this.catchers }, retriers: { ...this.retriers } };
  }
}
