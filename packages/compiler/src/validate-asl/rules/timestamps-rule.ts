import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { containsPlaceholder } from '../json/placeholders.js';
import { own } from '../model/json-value.js';
import { choiceRules } from '../model/model-queries.js';
import { TIMESTAMP_OPERATOR_NAMES } from '../schema/asl-schema.js';
import { jsonataBody } from '../syntax/jsonata-analyzer.js';
import { isRfc3339 } from '../syntax/rfc3339.js';
import type { AslRule } from './asl-rule.js';

/** Literal timestamps (Wait Timestamp, Choice Timestamp* operands) are RFC 3339 with uppercase T and Z. */
export const timestampsRule: AslRule = {
  name: 'timestamps',
  codes: ['INVALID_TIMESTAMP'],
  check(model) {
    const findings: Finding[] = [];
    const checkValue = (value: unknown, pointer: string, where: string): void => {
      if (typeof value !== 'string' || containsPlaceholder(value) || jsonataBody(value) !== undefined || isRfc3339(value)) return;
      const lower = /^\d{4}-\d{2}-\d{2}[t ]/.test(value) || /z$/.test(value);
      findings.push(
        finding('INVALID_TIMESTAMP', {
          message: `${where} "${value}" is not an RFC 3339 timestamp.`,
          pointer,
          hint: lower
            ? 'Step Functions needs an uppercase "T" between date and time and an uppercase "Z" (or an offset), e.g. 2025-06-30T12:00:00Z.'
            : 'Write timestamps like 2025-06-30T12:00:00Z or 2025-06-30T12:00:00.250+02:00.',
        }),
      );
    };
    for (const state of model.states) {
      if (state.type === 'Wait' && state.node) {
        checkValue(own(state.node, 'Timestamp'), joinPointer(state.pointer, 'Timestamp'), `Timestamp of state "${state.name}"`);
      }
      for (const { rule, pointer } of choiceRules(state)) {
        for (const operator of TIMESTAMP_OPERATOR_NAMES) {
          checkValue(own(rule, operator), joinPointer(pointer, operator), `${operator} in state "${state.name}"`);
        }
      }
    }
    return findings;
  },
};
