import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { has, lookup } from '../model/json-value.js';
import { choiceRules, onlyIn } from '../model/model-queries.js';
import { CHOICE_OPERATORS } from '../schema/asl-schema.js';
import type { AslRule } from './asl-rule.js';

const COMBINATORS = ['And', 'Or', 'Not'];

/**
 * Choice rules: JSONPath rules have Variable plus exactly one operator, or exactly one of And/Or/Not;
 * JSONata rules have Condition. Top-level rules need Next, nested ones must not have it.
 */
export const choiceStructureRule: AslRule = {
  name: 'choice-structure',
  codes: ['INVALID_CHOICE_RULE'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of model.states) {
      for (const { rule, pointer, nested } of choiceRules(state)) {
        const report = (message: string, hint: string, at = pointer): void => {
          findings.push(finding('INVALID_CHOICE_RULE', { message: `${message} (state "${state.name}").`, pointer: at, hint }));
        };
        if (!nested && !has(rule, 'Next')) {
          report('A Choice rule has no "Next"', 'Every rule directly in Choices names the state to go to when it matches.');
        }
        if (nested && has(rule, 'Next')) {
          report('A rule nested in And/Or/Not cannot have "Next"', 'Only the top-level rule transitions; move "Next" up to it.', joinPointer(pointer, 'Next'));
        }
        const operators = Object.keys(rule).filter((key) => lookup(CHOICE_OPERATORS, key) !== undefined);
        const combinators = Object.keys(rule).filter((key) => COMBINATORS.includes(key));
        const count = operators.length + combinators.length;
        if (has(rule, 'Condition')) {
          if (count > 0 && !onlyIn(state, 'JSONata')) {
            report('A Choice rule mixes "Condition" with JSONPath operators', 'Use Condition in JSONata states and Variable with one operator in JSONPath states.');
          }
          continue;
        }
        if (onlyIn(state, 'JSONata')) {
          if (count === 0) report('A JSONata Choice rule needs "Condition"', 'Write the test as "Condition": "{% $states.input.total > 100 %}".');
          continue;
        }
        if (count === 0) {
          report('A Choice rule has no comparison operator', 'Add one operator such as "StringEquals", "NumericGreaterThan" or "IsPresent", or And/Or/Not.');
        } else if (count > 1) {
          report(
            `A Choice rule has ${count} operators (${[...operators, ...combinators].join(', ')}); exactly one is allowed`,
            'Combine several tests with "And": [ {...}, {...} ].',
          );
        } else if (operators.length === 1 && !has(rule, 'Variable')) {
          report(`A "${operators[0]}" rule has no "Variable"`, 'Name the value to test, e.g. "Variable": "$.status".');
        } else if (combinators.length === 1 && has(rule, 'Variable')) {
          report(`An "${combinators[0]}" rule cannot have "Variable"`, 'Put Variable in each nested rule instead.', joinPointer(pointer, 'Variable'));
        }
      }
    }
    return findings;
  },
};
