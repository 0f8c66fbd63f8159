import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { containsPlaceholder } from '../json/placeholders.js';
import { own } from '../model/json-value.js';
import { choiceRules, mayBe } from '../model/model-queries.js';
import { TIMESTAMP_OPERATOR_NAMES } from '../schema/asl-schema.js';
import { jsonataBody, jsonataConstant } from '../syntax/jsonata-analyzer.js';
import { isRfc3339 } from '../syntax/rfc3339.js';
import type { AslRule } from './asl-rule.js';

/**
 * Literal timestamps (Wait Timestamp, Choice Timestamp* operands) are RFC 3339 with uppercase T and Z, in
 * JSONPath and JSONata states alike. A JSONata Wait Timestamp that is a constant (`{% '2026-01-01' %}`) is
 * a literal too: it yields the same wrong value on every run.
 */
export const timestampsRule: AslRule = {
  name: 'timestamps',
  codes: ['INVALID_TIMESTAMP'],
  check(model) {
    const findings: Finding[] = [];
    // JSONPath states (and Choice Timestamp* operands, which exist only there) never evaluate `{% %}`.
    const checkValue = (value: unknown, pointer: string, where: string, evaluated: boolean): void => {
      if (typeof value !== 'string' || containsPlaceholder(value)) return;
      const body = evaluated ? jsonataBody(value) : undefined;
      const constant = body === undefined ? { value } : jsonataConstant(body);
      if (constant === undefined || (typeof constant.value === 'string' && isRfc3339(constant.value))) return;
      if (typeof constant.value !== 'string') {
        findings.push(
          finding('INVALID_TIMESTAMP', {
            message: `${where} "${value}" always yields ${constant.value === null ? 'null' : `the ${typeof constant.value} ${String(constant.value)}`}, not an RFC 3339 timestamp string.`,
            pointer,
            hint: "Write the timestamp as a string, e.g. \"2025-06-30T12:00:00Z\" or \"{% '2025-06-30T12:00:00Z' %}\", or compute one, e.g. \"{% $states.input.at %}\".",
          }),
        );
        return;
      }
      const text = constant.value;
      const lower = /^\d{4}-\d{2}-\d{2}[t ]/.test(text) || /z$/.test(text);
      findings.push(
        finding('INVALID_TIMESTAMP', {
          message: `${where} "${value}" is not an RFC 3339 timestamp${body === undefined ? '' : ` (it always yields "${text}")`}.`,
          pointer,
          hint: lower
            ? 'Step Functions needs an uppercase "T" between date and time and an uppercase "Z" (or an offset), e.g. 2025-06-30T12:00:00Z.'
            : 'Write timestamps like 2025-06-30T12:00:00Z or 2025-06-30T12:00:00.250+02:00.',
        }),
      );
    };
    for (const state of model.states) {
      if (state.type === 'Wait' && state.node) {
        checkValue(own(state.node, 'Timestamp'), joinPointer(state.pointer, 'Timestamp'), `Timestamp of state "${state.name}"`, mayBe(state, 'JSONata'));
      }
      for (const { rule, pointer } of choiceRules(state)) {
        for (const operator of TIMESTAMP_OPERATOR_NAMES) {
          checkValue(own(rule, operator), joinPointer(pointer, operator), `${operator} in state "${state.name}"`, false);
        }
      }
    }
    return findings;
  },
};
