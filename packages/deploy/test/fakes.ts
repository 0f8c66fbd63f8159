/** The Step Functions and STS fakes the deploy tests run against, imported from one place. */
export { startFakeStepFunctions, startFakeSts, SFN_MUTATING_OPERATIONS, type FakeSfnSnapshot, type SfnDiagnostic } from '@agentflow/aws-fakes';
