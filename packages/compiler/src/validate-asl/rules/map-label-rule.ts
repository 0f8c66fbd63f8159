import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { containsPlaceholder } from '../json/placeholders.js';
import { own } from '../model/json-value.js';
import type { AslRule } from './asl-rule.js';

const FORBIDDEN = /[\s?*<>{}[\]:;,\\|^~$#%&`"'/]|[\u0000-\u001f\u007f-\u009f]/u;

/** Map Labels name Map Runs: at most 40 characters, no whitespace or special characters, unique. */
export const mapLabelRule: AslRule = {
  name: 'map-label',
  codes: ['INVALID_LABEL_NAME', 'DUPLICATE_LABEL_NAME'],
  check(model) {
    const findings: Finding[] = [];
    const seen = new Map<string, string>();
    for (const state of model.states) {
      if (state.type !== 'Map' || !state.node) continue;
      const label = own(state.node, 'Label');
      const pointer = joinPointer(state.pointer, 'Label');
      if (typeof label !== 'string' || containsPlaceholder(label)) continue;
      const length = [...label].length;
      const bad = FORBIDDEN.exec(label)?.[0];
      const problem =
        length === 0 ? 'is empty' : length > 40 ? `is ${length} characters long (at most 40)` : bad !== undefined ? `contains ${JSON.stringify(bad)}` : undefined;
      if (problem) {
        findings.push(
          finding('INVALID_LABEL_NAME', {
            message: `Label "${label}" of Map state "${state.name}" ${problem}.`,
            pointer,
            hint: 'Use up to 40 letters, digits, "-" and "_"; no whitespace, brackets, wildcards or punctuation.',
          }),
        );
      }
      const earlier = seen.get(label);
      if (earlier) {
        findings.push(
          finding('DUPLICATE_LABEL_NAME', {
            message: `Label "${label}" of Map state "${state.name}" is already used by another Map state.`,
            pointer,
            hint: 'Labels identify Map Runs and must be unique within the state machine.',
            related: [{ message: `"${label}" is first used here`, pointer: earlier }],
          }),
        );
      } else {
        seen.set(label, pointer);
      }
    }
    return findings;
  },
};
