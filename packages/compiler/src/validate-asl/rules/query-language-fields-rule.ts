import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import type { AslState } from '../model/asl-model.js';
import { has, isObject, lookup, own, walkContainers } from '../model/json-value.js';
import { choiceRules, JSONATA_VALUE_FIELDS, objectField, objectItems, onlyIn } from '../model/model-queries.js';
import { CHOICE_OPERATORS } from '../schema/asl-schema.js';
import { jsonataBody } from '../syntax/jsonata-analyzer.js';
import type { AslRule } from './asl-rule.js';

const JSONPATH_ONLY: Readonly<Record<string, string>> = {
  InputPath: 'read $states.input inside Arguments or Output',
  OutputPath: 'shape the output with Output',
  Parameters: 'use Arguments (Task, Parallel) or ItemSelector (Map)',
  ResultSelector: 'shape the result with Output',
  ResultPath: 'combine input and result in Output, e.g. {% $merge([$states.input, {"r": $states.result}]) %}',
  Result: 'use Output',
  ItemsPath: 'use Items, e.g. "Items": "{% $states.input.items %}"',
  TimeoutSecondsPath: 'use "TimeoutSeconds": "{% ... %}"',
  HeartbeatSecondsPath: 'use "HeartbeatSeconds": "{% ... %}"',
  SecondsPath: 'use "Seconds": "{% ... %}"',
  TimestampPath: 'use "Timestamp": "{% ... %}"',
  ErrorPath: 'use "Error": "{% ... %}"',
  CausePath: 'use "Cause": "{% ... %}"',
  MaxConcurrencyPath: 'use "MaxConcurrency": "{% ... %}"',
  ToleratedFailurePercentagePath: 'use "ToleratedFailurePercentage": "{% ... %}"',
  ToleratedFailureCountPath: 'use "ToleratedFailureCount": "{% ... %}"',
};

const JSONATA_ONLY: Readonly<Record<string, string>> = {
  Arguments: 'use Parameters',
  Output: 'use ResultSelector, ResultPath and OutputPath (or Result on a Pass state)',
  Items: 'use ItemsPath',
};

// Listed once: the rule looks each one up on every state.
const JSONPATH_ONLY_ENTRIES = Object.entries(JSONPATH_ONLY);
const JSONATA_ONLY_ENTRIES = Object.entries(JSONATA_ONLY);

/** Reported as whole fields above, or nested scopes whose states are checked on their own. */
const NOT_TEMPLATES = new Set(['Result', 'Parameters', 'ResultSelector', 'Branches', 'ItemProcessor', 'Iterator']);

/** Fields that belong to the other query language than the state's. */
export const queryLanguageFieldsRule: AslRule = {
  name: 'query-language-fields',
  codes: ['JSONPATH_FIELD_IN_JSONATA_STATE', 'JSONATA_FIELD_IN_JSONPATH_STATE'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of model.states) {
      if (!state.node) continue;
      if (onlyIn(state, 'JSONata')) jsonPathFieldsIn(state, model.dollarKeys, findings);
      else if (onlyIn(state, 'JSONPath')) jsonataFieldsIn(state, findings);
    }
    return findings;
  },
};

/** `dollarKeys`: the definition may hold `.$` keys (AslModel.dollarKeys); when it cannot, no field is walked for them. */
function jsonPathFieldsIn(state: AslState, dollarKeys: boolean, findings: Finding[]): void {
  const node = state.node!;
  const report = (pointer: string, field: string, instead: string): void => {
    findings.push(
      finding('JSONPATH_FIELD_IN_JSONATA_STATE', {
        message: `"${field}" is a JSONPath field, but state "${state.name}" uses JSONata.`,
        pointer,
        target: 'key',
        hint: `In JSONata, ${instead}. Or set "QueryLanguage": "JSONPath" on this state (not allowed if the state machine is JSONata).`,
      }),
    );
  };
  for (const [field, instead] of JSONPATH_ONLY_ENTRIES) {
    if (state.type === 'Map' && field === 'Parameters' && has(node, field)) report(joinPointer(state.pointer, field), field, 'use ItemSelector');
    else if (has(node, field)) report(joinPointer(state.pointer, field), field, instead);
  }
  for (const catcher of objectItems(state, 'Catch')) {
    if (has(catcher.value, 'ResultPath')) report(joinPointer(catcher.pointer, 'ResultPath'), 'ResultPath', 'use the catcher\'s Output with $states.errorOutput');
  }
  for (const parent of ['ItemReader', 'ResultWriter']) {
    const object = objectField(node, parent, state.pointer);
    if (object && has(object.value, 'Parameters')) report(joinPointer(object.pointer, 'Parameters'), `${parent}.Parameters`, `use ${parent}.Arguments`);
  }
  const reader = objectField(objectField(node, 'ItemReader', state.pointer)?.value, 'ReaderConfig', joinPointer(state.pointer, 'ItemReader'));
  if (reader && has(reader.value, 'MaxItemsPath')) report(joinPointer(reader.pointer, 'MaxItemsPath'), 'MaxItemsPath', 'use "MaxItems": "{% ... %}"');
  const batcher = objectField(node, 'ItemBatcher', state.pointer);
  for (const field of ['MaxItemsPerBatchPath', 'MaxInputBytesPerBatchPath']) {
    if (batcher && has(batcher.value, field)) report(joinPointer(batcher.pointer, field), field, `use "${field.slice(0, -4)}": "{% ... %}"`);
  }
  const credentials = objectField(node, 'Credentials', state.pointer);
  if (credentials && has(credentials.value, 'RoleArn.$')) report(joinPointer(credentials.pointer, 'RoleArn.$'), 'RoleArn.$', 'use "RoleArn": "{% ... %}"');
  for (const { rule, pointer } of choiceRules(state)) {
    for (const key of Object.keys(rule)) {
      if (key === 'Variable' || key === 'And' || key === 'Or' || key === 'Not' || lookup(CHOICE_OPERATORS, key)) {
        report(joinPointer(pointer, key), key, 'write the test as "Condition": "{% ... %}"');
      }
    }
  }
  // ".$" keys are payload-template syntax; JSONata templates evaluate "{% %}" strings instead.
  if (!dollarKeys) return;
  for (const key of Object.keys(node)) {
    if (NOT_TEMPLATES.has(key)) continue;
    // Only objects and arrays can hold ".$" keys or be skipped.
    walkContainers(node[key], joinPointer(state.pointer, key), (value, path) => {
      // The keys from the state down to this value: an ItemReader's or ResultWriter's Parameters are reported whole.
      const keys = path.keys;
      const last = keys.length > 0 ? keys[keys.length - 1] : key;
      const parent = keys.length > 1 ? keys[keys.length - 2] : keys.length === 1 ? key : undefined;
      if (last === 'Parameters' && (parent === 'ItemReader' || parent === 'ResultWriter')) return 'skip';
      if (!isObject(value)) return;
      for (const child in value) {
        if (!Object.prototype.hasOwnProperty.call(value, child) || !child.endsWith('.$')) continue;
        if (!(last === 'Credentials' && child === 'RoleArn.$')) {
          report(joinPointer(path.pointer(), child), child, `write "${child.slice(0, -2)}": "{% ... %}" instead of a ".$" key`);
        }
      }
    });
  }
}

function jsonataFieldsIn(state: AslState, findings: Finding[]): void {
  const node = state.node!;
  const report = (pointer: string, field: string, instead: string, isValue = false): void => {
    findings.push(
      finding('JSONATA_FIELD_IN_JSONPATH_STATE', {
        message: isValue
          ? `"${field}" of state "${state.name}" is a JSONata expression, but the state uses JSONPath.`
          : `"${field}" is a JSONata field, but state "${state.name}" uses JSONPath.`,
        pointer,
        ...(isValue ? {} : { target: 'key' as const }),
        hint: `Set "QueryLanguage": "JSONata" on the state or the state machine, or ${instead}.`,
      }),
    );
  };
  for (const [field, instead] of JSONATA_ONLY_ENTRIES) {
    if (has(node, field)) report(joinPointer(state.pointer, field), field, instead);
  }
  for (const field of JSONATA_VALUE_FIELDS) {
    if (field !== 'Items' && jsonataBody(own(node, field)) !== undefined) report(joinPointer(state.pointer, field), field, `use ${field}Path`, true);
  }
  for (const catcher of objectItems(state, 'Catch')) {
    if (has(catcher.value, 'Output')) report(joinPointer(catcher.pointer, 'Output'), 'Output', 'use the catcher\'s ResultPath');
  }
  for (const parent of ['ItemReader', 'ResultWriter']) {
    const object = objectField(node, parent, state.pointer);
    if (object && has(object.value, 'Arguments')) report(joinPointer(object.pointer, 'Arguments'), `${parent}.Arguments`, `use ${parent}.Parameters`);
  }
  for (const { rule, pointer, nested } of choiceRules(state)) {
    if (!nested && has(rule, 'Condition')) report(joinPointer(pointer, 'Condition'), 'Condition', 'test with Variable and a comparison operator');
    if (!nested && has(rule, 'Output')) report(joinPointer(pointer, 'Output'), 'Output', 'drop the rule\'s Output');
  }
}

