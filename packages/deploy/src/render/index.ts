export { renderPlanText } from './plan-text.js';
export { renderPlanMarkdown } from './plan-markdown.js';
