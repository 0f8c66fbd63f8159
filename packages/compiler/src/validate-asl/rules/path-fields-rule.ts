import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { containsPlaceholder } from '../json/placeholders.js';
import { own, type JsonObject } from '../model/json-value.js';
import { choiceRules, mayBe, objectField, objectItems } from '../model/model-queries.js';
import { CHOICE_OPERATORS } from '../schema/asl-schema.js';
import { checkPathValue, type PathKind } from '../syntax/path-value.js';
import type { AslRule } from './asl-rule.js';

const STATE_PATH_FIELDS: Readonly<Record<string, PathKind>> = {
  InputPath: 'path',
  OutputPath: 'path',
  ResultPath: 'result-path',
  ItemsPath: 'items-path',
  TimeoutSecondsPath: 'path',
  HeartbeatSecondsPath: 'path',
  SecondsPath: 'path',
  TimestampPath: 'path',
  MaxConcurrencyPath: 'path',
  ToleratedFailurePercentagePath: 'path',
  ToleratedFailureCountPath: 'path',
  ErrorPath: 'string-source',
  CausePath: 'string-source',
};

/** JSONPath syntax of the path-valued fields of JSONPath states. */
export const pathFieldsRule: AslRule = {
  name: 'path-fields',
  codes: ['INVALID_JSONPATH', 'INVALID_INTRINSIC', 'INVALID_INTRINSIC_ESCAPE'],
  check(model) {
    const findings: Finding[] = [];
    const checkField = (object: JsonObject, pointer: string, field: string, kind: PathKind, where: string): void => {
      const value = own(object, field);
      if (typeof value !== 'string' || containsPlaceholder(value)) return;
      const problem = checkPathValue(value, kind, `${field} of ${where}`);
      if (problem) findings.push(finding(problem.code, { severity: problem.severity, message: problem.message, hint: problem.hint, pointer: joinPointer(pointer, field) }));
    };
    for (const state of model.states) {
      if (!state.node || !mayBe(state, 'JSONPath')) continue;
      const where = `state "${state.name}"`;
      for (const [field, kind] of Object.entries(STATE_PATH_FIELDS)) checkField(state.node, state.pointer, field, kind, where);
      for (const catcher of objectItems(state, 'Catch')) checkField(catcher.value, catcher.pointer, 'ResultPath', 'result-path', `a catcher of ${where}`);
      const reader = objectField(objectField(state.node, 'ItemReader', state.pointer)?.value, 'ReaderConfig', `${state.pointer}/ItemReader`);
      if (reader) checkField(reader.value, reader.pointer, 'MaxItemsPath', 'path', where);
      const batcher = objectField(state.node, 'ItemBatcher', state.pointer);
      if (batcher) {
        checkField(batcher.value, batcher.pointer, 'MaxItemsPerBatchPath', 'path', where);
        checkField(batcher.value, batcher.pointer, 'MaxInputBytesPerBatchPath', 'path', where);
      }
      for (const { rule, pointer } of choiceRules(state)) {
        checkField(rule, pointer, 'Variable', 'path', `a Choice rule of ${where}`);
        for (const [operator, kind] of Object.entries(CHOICE_OPERATORS)) {
          if (kind === 'path') checkField(rule, pointer, operator, 'path', `a Choice rule of ${where}`);
        }
      }
    }
    return findings;
  },
};
