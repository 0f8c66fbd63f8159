export * from './plan-types.js';
export { definitionHash, sortedJson } from './definition-hash.js';
