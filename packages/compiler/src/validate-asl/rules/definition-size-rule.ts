import { finding } from '../finding.js';
import type { AslRule } from './asl-rule.js';

export const MAX_DEFINITION_BYTES = 1_048_576;

/** Step Functions refuses definitions over 1 MB. */
export const definitionSizeRule: AslRule = {
  name: 'definition-size',
  codes: ['DEFINITION_TOO_LARGE'],
  check(model) {
    if (model.byteLength <= MAX_DEFINITION_BYTES) return [];
    return [
      finding('DEFINITION_TOO_LARGE', {
        message: `The definition is ${model.byteLength.toLocaleString('en-US')} bytes; the limit is ${MAX_DEFINITION_BYTES.toLocaleString('en-US')} bytes (1 MB).`,
        pointer: '',
        hint: 'Move large literals out (S3, parameters), or split the workflow into nested state machines (states:startExecution.sync:2).',
      }),
    ];
  },
};
