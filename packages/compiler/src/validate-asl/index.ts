export { validateAslBytes, validateAslText, validateAslDefinition, type ValidateAslOptions } from './validate-asl.js';
export { ASL_CODES, type AslCode } from './asl-codes.js';
export { MAX_DEFINITION_BYTES } from './rules/definition-size-rule.js';
export { ASL_SCHEMA } from './schema/asl-schema.js';
export type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
export { PREDEFINED_ERRORS, isPredefinedError } from './predefined-errors.js';
