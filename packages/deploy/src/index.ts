export * from './plan-types.js';
export { definitionHash, sortedJson } from './definition-hash.js';
export { DeployError, type DeployProblem } from './problem.js';
export * from './agents/index.js';
