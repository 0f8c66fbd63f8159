export { startFakeStepFunctions, type FakeStepFunctions, type FakeStepFunctionsOptions, type FakeTaskState, type SfnCall } from './fake-step-functions.js';
export type { TaskResponse as FakeTaskResponse } from './tasks.js';
export { SFN_MUTATING_OPERATIONS } from './operations.js';
export type { FakeSfnSnapshot } from './state.js';
export type { Diagnostic as SfnDiagnostic } from './store.js';
