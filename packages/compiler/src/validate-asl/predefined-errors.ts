/** The `States.*` error names a definition may use (ASL spec, appendix A; developer guide, "concepts-error-handling"). */
export const PREDEFINED_ERRORS: readonly string[] = [
  'States.ALL',
  'States.HeartbeatTimeout',
  'States.Timeout',
  'States.TaskFailed',
  'States.Permissions',
  'States.ResultPathMatchFailure',
  'States.ParameterPathFailure',
  'States.QueryEvaluationError',
  'States.IntrinsicFailure',
  'States.BranchFailed',
  'States.NoChoiceMatched',
  'States.ExceedToleratedFailureThreshold',
  'States.ItemReaderFailed',
  'States.ResultWriterFailed',
  'States.DataLimitExceeded',
  'States.Runtime',
  'States.Http.Socket',
];

/** Predefined, or an HTTP Task's `States.Http.StatusCode.NNN`. */
export function isPredefinedError(name: string): boolean {
  return PREDEFINED_ERRORS.includes(name) || /^States\.Http\.StatusCode\.\d{3}$/.test(name);
}
