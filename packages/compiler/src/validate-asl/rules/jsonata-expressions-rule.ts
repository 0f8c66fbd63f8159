import { finding, type Finding } from '../finding.js';
import type { AslState } from '../model/asl-model.js';
import { expressionSites, sitePointer, type ExpressionSite } from '../model/expression-sites.js';
import { JSONATA_VALUE_FIELDS, mayBe, onlyIn } from '../model/model-queries.js';
import { analyzeJsonata } from '../syntax/jsonata-analyzer.js';
import type { AslRule } from './asl-rule.js';

/** Fields never evaluated as JSONata. */
const STRUCTURAL = new Set(['Type', 'Comment', 'QueryLanguage', 'Next', 'End', 'Default', 'Resource', 'Retry', 'Branches', 'ItemProcessor', 'Iterator', 'Label']);
/** Keys below which no string is evaluated (a walk from a field skipped them and everything under them). */
const NEVER_EVALUATED = new Set(['ErrorEquals', 'Next', 'Resource', 'Comment']);
/** Keys below which a state that is never JSONata evaluates no expression (reported by the query-language rule). */
const JSONPATH_SKIPPED = new Set(['Condition', 'Output', 'Arguments']);
const STATES_FIELDS = new Set(['input', 'context', 'result', 'errorOutput', '']);

/** `{% ... %}` strings parse with the jsonata library and use `$states` the way Step Functions allows. */
export const jsonataExpressionsRule: AslRule = {
  name: 'jsonata-expressions',
  codes: ['INVALID_JSONATA', 'JSONATA_ROOT_REFERENCE', 'INVALID_STATES_REFERENCE', 'JSONATA_NOT_EVALUATED'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of model.states) {
      if (!state.node) continue;
      const jsonata = mayBe(state, 'JSONata');
      for (const site of expressionSites(state)) {
        const key = site.field;
        if (STRUCTURAL.has(key)) continue;
        // In JSONPath states these fields are reported as JSONata-only by the query-language rule.
        if (!jsonata && (JSONATA_VALUE_FIELDS.has(key) || key === 'Arguments' || key === 'Output')) continue;
        if (site.keys.some((k) => NEVER_EVALUATED.has(k as string) || (!jsonata && JSONPATH_SKIPPED.has(k as string)))) continue;
        const value = site.value;
        const body = site.body;
        if (body === undefined) {
          if (jsonata && value.includes('%}')) {
            findings.push(
              finding('JSONATA_NOT_EVALUATED', {
                message: `This string in state "${state.name}" contains "{% ... %}" but is not entirely an expression, so it is used literally.`,
                pointer: sitePointer(state, site),
                hint: 'The whole string must be "{% expression %}" with nothing before "{%" or after "%}"; build text with & inside the expression.',
              }),
            );
          }
          continue;
        }
        if (!jsonata) {
          if (onlyIn(state, 'JSONPath')) {
            findings.push(
              finding('JSONATA_NOT_EVALUATED', {
                message: `State "${state.name}" uses JSONPath, so this "{% ... %}" string is passed on literally.`,
                pointer: sitePointer(state, site),
                hint: 'Set "QueryLanguage": "JSONata" on the state or the state machine to evaluate it.',
              }),
            );
          }
          continue;
        }
        checkExpression(body, key, site, state, findings);
      }
    }
    return findings;
  },
};

/** `field`: the state's field the expression sits in; `site`: where it sits, made a pointer only for a finding. */
function checkExpression(body: string, field: string, site: ExpressionSite, state: AslState, findings: Finding[]): void {
  const analysis = analyzeJsonata(body);
  if (!analysis.ok) {
    findings.push(
      finding('INVALID_JSONATA', {
        message: `Invalid JSONata in state "${state.name}": ${analysis.message}${analysis.position !== undefined ? ` (at character ${analysis.position} of the expression)` : ''}.`,
        pointer: sitePointer(state, site),
        hint: /\?\?|\?:/.test(body)
          ? 'Step Functions runs JSONata 2.0, which has no ?? or ?: operators: write {% $exists(x) ? x : fallback %} instead.'
          : 'Fix the expression; it must parse with JSONata 2.0 (the version Step Functions runs). Multi-statement bodies need parentheses: {% ($a := 1; $a + 1) %}.',
      }),
    );
    return;
  }
  if (analysis.rootReferences.length > 0) {
    findings.push(
      finding('JSONATA_ROOT_REFERENCE', {
        message: `JSONata in state "${state.name}" uses "$" or "$$" at the top level.`,
        pointer: sitePointer(state, site),
        hint: 'Read the state input as $states.input and the context object as $states.context (e.g. $states.input.orderId).',
      }),
    );
  }
  for (const read of analysis.statesFields) {
    if (!STATES_FIELDS.has(read)) {
      findings.push(
        finding('INVALID_STATES_REFERENCE', {
          message: `$states.${read} does not exist (state "${state.name}").`,
          pointer: sitePointer(state, site),
          hint: '$states has input, context, result and errorOutput.',
        }),
      );
    } else if ((read === 'result' && !contextOf(field, state).result) || (read === 'errorOutput' && !contextOf(field, state).errorOutput)) {
      findings.push(
        finding('INVALID_STATES_REFERENCE', {
          severity: 'warning',
          message: `$states.${read} is not available here (state "${state.name}"), so it evaluates to nothing.`,
          pointer: sitePointer(state, site),
          hint:
            read === 'result'
              ? '$states.result exists only in Output and Assign of Task, Parallel and Map states, and in their catchers.'
              : '$states.errorOutput exists only in a catcher\'s Output and Assign.',
        }),
      );
    }
  }
}

/** What `$states` holds in the state's `field`. */
function contextOf(field: string, state: AslState): { result: boolean; errorOutput: boolean } {
  if (field === 'Catch') return { result: true, errorOutput: true };
  const producesResult = state.type === 'Task' || state.type === 'Parallel' || state.type === 'Map';
  return { result: producesResult && (field === 'Output' || field === 'Assign'), errorOutput: false };
}
