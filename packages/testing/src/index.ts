/** @agentflow/testing — run compiled (or any JSONata) ASL offline: virtual clock, typed mocks, history, coverage. */
export { simulate } from './simulate.js';
export { reply } from './mocks/reply.js';
export { maximalAnswer, type MaximalOptions, type TextStyle } from './mocks/maximal-answer.js';
export { TaskFailure, failWith } from './types.js';
export type * from './types.js';
export { coverageReport, mergeCoverage, renderCoverage, type CoverageReport, type CoverageSection, type CoverageItem } from './report/coverage-report.js';
export { largestPayload } from './report/largest-payload.js';
export { SimulationSetupError } from './engine/errors.js';
export type { AslDefinition } from './engine/asl.js';
