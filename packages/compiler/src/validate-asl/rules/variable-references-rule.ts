import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { containsPlaceholder } from '../json/placeholders.js';
import type { AslScope, AslState } from '../model/asl-model.js';
import { expressionSites, sitePointer } from '../model/expression-sites.js';
import { walkStrings } from '../model/json-value.js';
import { assignmentsByScope, mayBe } from '../model/model-queries.js';
import { checkIntrinsic, looksLikeIntrinsic, type IntrinsicCall } from '../syntax/intrinsic-parser.js';
import { analyzeJsonata, jsonataBody } from '../syntax/jsonata-analyzer.js';
import { parseJsonPath } from '../syntax/jsonpath-parser.js';
import type { AslRule } from './asl-rule.js';

const SKIP = new Set(['Type', 'Comment', 'QueryLanguage', 'Next', 'End', 'Default', 'Resource', 'Branches', 'ItemProcessor', 'Iterator', 'Result', 'Label']);

/** Variables read (`$name` in paths or JSONata) must be assigned in the same scope or an enclosing one. */
export const variableReferencesRule: AslRule = {
  name: 'variable-references',
  codes: ['UNKNOWN_VARIABLE'],
  check(model) {
    const findings: Finding[] = [];
    const byScope = assignmentsByScope(model);
    const visible = (scope: AslScope, name: string): boolean => {
      for (let s: AslScope | undefined = scope; s; s = s.parent) if (byScope.get(s)?.has(name)) return true;
      return false;
    };
    // Called for a variable no scope assigns, so the pointer is built only for a finding.
    const report = (state: AslState, name: string, pointer: string): void => {
      findings.push(
        finding('UNKNOWN_VARIABLE', {
          message: `State "${state.name}" reads $${name}, but no state in this scope or an enclosing one assigns it.`,
          pointer,
          hint: `Assign "${name}" in an earlier state with Assign, or fix the name. Variables assigned inside a Parallel branch or Map iteration are not visible outside it.`,
        }),
      );
    };
    for (const state of model.states) {
      if (!state.node) continue;
      // A state that is JSONata wherever it runs reads variables only in "{% ... %}" strings: the sites listed once
      // for this rule and jsonata-expressions hold them all.
      if (!mayBe(state, 'JSONPath')) {
        for (const site of expressionSites(state)) {
          if (SKIP.has(site.field) || (model.templated && containsPlaceholder(site.value))) continue;
          // What variablesRead answers for a state that is never JSONPath: the free variables of a whole expression.
          const analysis = site.body !== undefined && mayBe(state, 'JSONata') ? analyzeJsonata(site.body) : undefined;
          if (!analysis?.ok) continue;
          for (const name of analysis.freeVariables) {
            if (!visible(state.scope, name)) report(state, name, sitePointer(state, site));
          }
        }
        continue;
      }
      for (const key of Object.keys(state.node)) {
        if (SKIP.has(key)) continue;
        walkStrings(state.node[key], joinPointer(state.pointer, key), (value, path, childKey) => {
          if (model.templated && containsPlaceholder(value)) return;
          for (const name of variablesRead(value, childKey ?? key, state)) {
            if (!visible(state.scope, name)) report(state, name, path.pointer());
          }
        });
      }
    }
    return findings;
  },
};

/** Keys whose string value JSONPath evaluates: `.$` template keys, path fields and Choice Variable. */
function isEvaluatedKey(key: string): boolean {
  return key.endsWith('.$') || (key.endsWith('Path') && key !== 'ResultPath') || key === 'Variable';
}

const NONE: readonly string[] = [];

/** `key`: the value's own key (an index in an array). Runs on every string of the definition, so allocates no list. */
function variablesRead(value: string, key: string | number, state: AslState): Iterable<string> {
  const body = jsonataBody(value);
  if (body !== undefined) {
    if (!mayBe(state, 'JSONata')) return NONE;
    const analysis = analyzeJsonata(body);
    return analysis.ok ? analysis.freeVariables : NONE;
  }
  if (!mayBe(state, 'JSONPath') || !isEvaluatedKey(String(key))) return NONE;
  if (looksLikeIntrinsic(value)) {
    const result = checkIntrinsic(value);
    return result.ok ? pathVariablesOf(result.call) : [];
  }
  const parsed = parseJsonPath(value);
  return parsed.ok && parsed.info.variable ? [parsed.info.variable] : [];
}

function pathVariablesOf(call: IntrinsicCall): string[] {
  const out: string[] = [];
  for (const arg of call.args) {
    if (arg.kind === 'call') out.push(...pathVariablesOf(arg.call));
    if (arg.kind === 'path') {
      const parsed = parseJsonPath(arg.raw);
      if (parsed.ok && parsed.info.variable) out.push(parsed.info.variable);
    }
  }
  return out;
}

