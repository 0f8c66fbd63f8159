/** The semantic diff and the plan renderers, imported from one place. */
export { diffDefinitions, diffSettings, diffTags, isEmptyDiff, isEmptyTagChanges, renderPlanMarkdown, renderPlanText } from './pending/index.js';
