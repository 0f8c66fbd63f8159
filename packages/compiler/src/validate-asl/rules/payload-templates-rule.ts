import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { containsPlaceholder } from '../json/placeholders.js';
import type { AslModel, AslState } from '../model/asl-model.js';
import { has, isObject, own } from '../model/json-value.js';
import { assignBlocks, mayBe, objectField } from '../model/model-queries.js';
import { checkPathValue } from '../syntax/path-value.js';
import type { AslRule } from './asl-rule.js';

/** Where JSONPath states evaluate `.$` keys. Pass `Result` is deliberately absent: it is literal. */
const TEMPLATE_FIELDS = ['Parameters', 'ResultSelector', 'ItemSelector', 'Credentials'];
const NESTED_TEMPLATES: readonly (readonly [string, string])[] = [
  ['ItemReader', 'Parameters'],
  ['ResultWriter', 'Parameters'],
  ['ItemBatcher', 'BatchInput'],
];

/** Payload templates: every `.$` value is a valid path or intrinsic, and `x` / `x.$` never collide. */
export const payloadTemplatesRule: AslRule = {
  name: 'payload-templates',
  codes: ['INVALID_JSONPATH', 'INVALID_INTRINSIC', 'INVALID_INTRINSIC_ESCAPE', 'DUPLICATE_FIELD_AFTER_EVALUATION'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of model.states) {
      if (!state.node || !mayBe(state, 'JSONPath')) continue;
      for (const { value, pointer } of templatesOf(state)) checkTemplate(value, pointer, { model, state, findings }, 0);
    }
    return findings;
  },
};

function templatesOf(state: AslState): { value: unknown; pointer: string }[] {
  const node = state.node!;
  const out: { value: unknown; pointer: string }[] = [];
  for (const field of TEMPLATE_FIELDS) {
    if (has(node, field)) out.push({ value: own(node, field), pointer: joinPointer(state.pointer, field) });
  }
  for (const [parent, field] of NESTED_TEMPLATES) {
    const object = objectField(node, parent, state.pointer);
    if (object && has(object.value, field)) out.push({ value: own(object.value, field), pointer: joinPointer(object.pointer, field) });
  }
  for (const { assign, pointer } of assignBlocks(state)) out.push({ value: assign, pointer });
  return out;
}

interface Context {
  readonly model: AslModel;
  readonly state: AslState;
  readonly findings: Finding[];
}

function checkTemplate(value: unknown, pointer: string, context: Context, depth: number): void {
  const { model, state, findings } = context;
  if (depth > 200) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkTemplate(item, joinPointer(pointer, index), context, depth + 1));
    return;
  }
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) {
    const child = value[key];
    const at = joinPointer(pointer, key);
    if (!key.endsWith('.$')) {
      checkTemplate(child, at, context, depth + 1);
      continue;
    }
    const plain = key.slice(0, -2);
    if (has(value, plain)) {
      findings.push(
        finding('DUPLICATE_FIELD_AFTER_EVALUATION', {
          message: `"${key}" and "${plain}" both produce the field "${plain}" in state "${state.name}".`,
          pointer: at,
          target: 'key',
          hint: `Keep "${key}" for a value read from a path, or "${plain}" for a literal, not both.`,
        }),
      );
    }
    if (typeof child !== 'string') {
      if (!model.isPlaceholder(at, child)) {
        findings.push(
          finding('INVALID_JSONPATH', {
            message: `"${key}" in state "${state.name}" must be a string holding a path or an intrinsic function.`,
            pointer: at,
            hint: `Keys ending in ".$" are evaluated; use "${plain}" for a literal ${Array.isArray(child) ? 'array' : typeof child}.`,
          }),
        );
      }
      continue;
    }
    if (containsPlaceholder(child)) continue;
    const problem = checkPathValue(child, 'template', `"${key}" in state "${state.name}"`);
    if (problem) findings.push(finding(problem.code, { severity: problem.severity, message: problem.message, hint: problem.hint, pointer: at }));
  }
}
