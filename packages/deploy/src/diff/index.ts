export { diffDefinitions, isEmptyDiff, countStates } from './definition-diff.js';
export { diffSettings, diffTags, isEmptyTagChanges } from './settings-diff.js';
