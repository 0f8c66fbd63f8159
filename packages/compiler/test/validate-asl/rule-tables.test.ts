// One table per rule (rules/*.table.ts), collected in one file so the schema compiles once per run.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASL_CODES } from '../../src/validate-asl/asl-codes.js';
import { ALL_RULES } from '../../src/validate-asl/rules/all-rules.js';
import './rules/callback-timeout.table.js';
import './rules/callback-token.table.js';
import './rules/choice-structure.table.js';
import './rules/credentials.table.js';
import './rules/definition-size.table.js';
import './rules/distributed-map.table.js';
import './rules/error-equals.table.js';
import './rules/heartbeat-timeout.table.js';
import './rules/history-loop.table.js';
import './rules/jsonata-expressions.table.js';
import './rules/lambda-retry.table.js';
import './rules/map-label.table.js';
import './rules/mutually-exclusive-fields.table.js';
import './rules/path-fields.table.js';
import './rules/payload-templates.table.js';
import './rules/placeholders.table.js';
import './rules/query-language-fields.table.js';
import './rules/query-language-nesting.table.js';
import './rules/reachability.table.js';
import './rules/state-names.table.js';
import './rules/task-resource.table.js';
import './rules/task-timeout.table.js';
import './rules/terminal-state.table.js';
import './rules/timestamps.table.js';
import './rules/transition-fields.table.js';
import './rules/transition-targets.table.js';
import './rules/variable-names.table.js';
import './rules/variable-references.table.js';
import './rules/variable-scope.table.js';

describe('rule registry', () => {
  it('has one table per rule, named after it', () => {
    const tables = readdirSync(new URL('./rules/', import.meta.url)).map((f) => f.replace(/\.table\.ts$/, ''));
    expect([...tables].sort()).toEqual(ALL_RULES.map((r) => r.name).sort());
  });

  it('declares only catalogued codes', () => {
    for (const rule of ALL_RULES) for (const code of rule.codes) expect(Object.keys(ASL_CODES)).toContain(code);
  });
});
