import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Finding } from '../finding.js';
import type { AslModel } from '../model/asl-model.js';
import { ASL_SCHEMA } from './asl-schema.js';
import { translateAjvErrors } from './ajv-error-translator.js';

let compiled: ValidateFunction | undefined;

/** Compiled on first use and shared by every later validation. */
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, code: { optimize: true } });
    ajv.addVocabulary(['x-name', 'x-expected']);
    compiled = ajv.compile(ASL_SCHEMA);
  }
  return compiled;
}

export function checkSchema(model: AslModel): Finding[] {
  const validate = validator();
  if (validate(model.definition)) return [];
  return translateAjvErrors((validate.errors ?? []) as ErrorObject[], model);
}
