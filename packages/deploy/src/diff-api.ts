/** The semantic diff and the plan renderers, imported from one place. */
export { countStates, diffDefinitions, diffSettings, diffTags, isEmptyDiff, isEmptyTagChanges } from './diff/index.js';
export { renderPlanMarkdown, renderPlanText } from './render/index.js';
