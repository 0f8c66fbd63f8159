export * from './plan-types.js';
export { definitionHash, sortedJson } from './definition-hash.js';
export { DeployError, type DeployProblem } from './problem.js';
export { diffDefinitions, isEmptyDiff, countStates, diffSettings, diffTags, isEmptyTagChanges } from './diff/index.js';
export { renderPlanText, renderPlanMarkdown } from './render/index.js';
export * from './agents/index.js';
