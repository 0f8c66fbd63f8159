import type { Severity } from '../diagnostics/diagnostic.js';

interface CodeInfo {
  /** Severity when the code is reported; a few codes choose per finding (see `severity` on the finding). */
  readonly severity: Severity;
  /** One line, shown as the SARIF rule's short description. */
  readonly title: string;
  /** What the rule checks and why; the SARIF rule's help text. */
  readonly help: string;
}

/**
 * Every code the ASL validator reports. Codes that ValidateStateMachineDefinition also uses keep AWS's
 * spelling; the rest are agentflow's own.
 */
export const ASL_CODES = {
  INVALID_JSON_DESCRIPTION: {
    severity: 'error',
    title: 'The definition is not valid JSON',
    help: 'Step Functions parses definitions as strict JSON (RFC 8259): no comments, trailing commas, single quotes or JSON5 syntax.',
  },
  INVALID_UTF8: {
    severity: 'error',
    title: 'The definition is not valid UTF-8',
    help: 'Step Functions reads definitions as UTF-8 text. A byte that is not valid UTF-8 usually means the file was saved as Latin-1, Windows-1252 or UTF-16; re-save it as UTF-8.',
  },
  MISSING_DESCRIPTION: {
    severity: 'error',
    title: 'The definition is empty',
    help: 'A state machine definition is a JSON object with StartAt and States.',
  },
  SCHEMA_VALIDATION_FAILED: {
    severity: 'error',
    title: 'The definition does not match the Amazon States Language schema',
    help: 'A field is unknown for its state type, missing, of the wrong type or out of range. Step Functions rejects unknown fields.',
  },
  TOO_DEEPLY_NESTED: {
    severity: 'error',
    title: 'The definition is nested too deeply',
    help: 'JSON nested deeper than 256 levels is rejected; AWS publishes no exact limit, so agentflow picks one no real definition reaches.',
  },
  DEFINITION_TOO_LARGE: {
    severity: 'error',
    title: 'The definition exceeds 1 MB',
    help: 'Step Functions rejects definitions over 1,048,576 bytes (UTF-8). Move large constants to S3, parameters or a nested state machine.',
  },
  MISSING_TRANSITION_TARGET: {
    severity: 'error',
    title: 'A transition names a state that does not exist in its scope',
    help: 'StartAt, Next, Default, Choices[].Next and Catch[].Next must name a state in the same States object; transitions cannot cross a Parallel branch or Map ItemProcessor boundary.',
  },
  MISSING_NEXT_OR_END: {
    severity: 'error',
    title: 'A state has neither Next nor End',
    help: 'Every Task, Pass, Wait, Parallel and Map state needs exactly one of "Next" or "End": true.',
  },
  NEXT_WITH_END: {
    severity: 'error',
    title: 'A state has both Next and End',
    help: 'A state either transitions with "Next" or ends with "End": true, never both.',
  },
  UNREACHABLE_STATE: {
    severity: 'error',
    title: 'A state cannot be reached from StartAt',
    help: 'Step Functions rejects states that no transition leads to. Remove the state or point a Next, Default, Choice or Catch at it.',
  },
  MISSING_END_STATE: {
    severity: 'error',
    title: 'A scope has no terminal state',
    help: 'Every States object (the machine, each Parallel branch, each Map ItemProcessor) needs a Succeed, a Fail, or a state with "End": true.',
  },
  DUPLICATE_STATE_NAME: {
    severity: 'error',
    title: 'Two states share a name',
    help: 'State names must be unique across the whole state machine, including states nested in Parallel branches and Map processors.',
  },
  INVALID_STATE_NAME: {
    severity: 'error',
    title: 'A state name is empty, too long or contains control characters',
    help: 'State names are 1 to 80 Unicode characters without control characters.',
  },
  INVALID_STATES_ALL: {
    severity: 'error',
    title: 'States.ALL is not alone or not last',
    help: 'States.ALL must be the only error name in its ErrorEquals, and that retrier or catcher must be the last one.',
  },
  UNKNOWN_STATES_ERROR: {
    severity: 'warning',
    title: 'An error name in the States. namespace is not a predefined error',
    help: 'Names starting with "States." are reserved for the predefined errors (States.ALL, States.Timeout, States.TaskFailed, ...); a misspelt one never matches.',
  },
  INVALID_HEARTBEAT: {
    severity: 'error',
    title: 'HeartbeatSeconds is not smaller than TimeoutSeconds',
    help: 'The heartbeat interval must be strictly less than the task timeout.',
  },
  MUTUALLY_EXCLUSIVE_FIELDS: {
    severity: 'error',
    title: 'Two mutually exclusive fields are both set',
    help: 'Fields such as TimeoutSeconds and TimeoutSecondsPath, Items and ItemsPath, or ItemProcessor and Iterator are alternatives; set one of them.',
  },
  MISSING_REQUIRED_FIELD: {
    severity: 'error',
    title: 'None of the alternative required fields is set',
    help: 'A Wait state needs one of Seconds, Timestamp, SecondsPath or TimestampPath; a Map state needs ItemProcessor (or the deprecated Iterator).',
  },
  INVALID_JSONPATH: {
    severity: 'error',
    title: 'A JSONPath expression is malformed',
    help: 'Paths start with $ (input), $$ (context object) or $name (a variable), and follow JSONPath syntax. Reference paths (ResultPath, ItemsPath) must identify a single node.',
  },
  INVALID_INTRINSIC: {
    severity: 'error',
    title: 'An intrinsic function call is malformed',
    help: 'Intrinsic functions are States.<Name>(args) with a known name and argument count; in string literals the characters \' { } \\ must be escaped with a backslash.',
  },
  INVALID_INTRINSIC_ESCAPE: {
    severity: 'error',
    title: 'An intrinsic string literal uses an escape Step Functions does not define',
    help: "Inside an intrinsic function's quoted string only \\' \\{ \\} and \\\\ are escapes; Step Functions rejects any other backslash sequence (such as \\n or \\t) when the definition is created.",
  },
  INVALID_JSONATA: {
    severity: 'error',
    title: 'A JSONata expression does not parse',
    help: 'A "{% ... %}" string must contain a valid JSONata expression.',
  },
  JSONATA_ROOT_REFERENCE: {
    severity: 'error',
    title: 'A JSONata expression uses $ or $$ at the top level',
    help: 'In Step Functions, JSONata expressions read the state input as $states.input and the context as $states.context; a top-level $ or $$ is not allowed.',
  },
  INVALID_STATES_REFERENCE: {
    severity: 'error',
    title: 'A JSONata expression reads an unknown or unavailable $states field',
    help: '$states has input, context, result (Output and Assign of Task, Parallel and Map, and catchers) and errorOutput (catchers only).',
  },
  JSONATA_NOT_EVALUATED: {
    severity: 'warning',
    title: 'A string looks like JSONata but will be used literally',
    help: 'Only strings that start with "{%" and end with "%}" in a JSONata state are evaluated.',
  },
  JSONPATH_FIELD_IN_JSONATA_STATE: {
    severity: 'error',
    title: 'A JSONPath-only field is used in a JSONata state',
    help: 'JSONata states use Arguments, Output, Assign and Items instead of InputPath, Parameters, ResultSelector, ResultPath, OutputPath, ItemsPath, *Path fields and ".$" keys.',
  },
  JSONATA_FIELD_IN_JSONPATH_STATE: {
    severity: 'error',
    title: 'A JSONata-only field is used in a JSONPath state',
    help: 'Arguments, Output, Items and Choice Condition need "QueryLanguage": "JSONata" on the state or the state machine.',
  },
  JSONPATH_STATE_IN_JSONATA_MACHINE: {
    severity: 'error',
    title: 'A JSONPath state is nested in a JSONata state machine',
    help: 'When the top-level QueryLanguage is JSONata, no state may set QueryLanguage to JSONPath.',
  },
  INVALID_VARIABLE_NAME: {
    severity: 'error',
    title: 'An Assign variable name is invalid',
    help: 'Variable names are 1 to 80 characters, start with a letter or underscore, continue with letters, digits or underscores (Unicode ID_Start/ID_Continue), and may not be "states".',
  },
  VARIABLE_SCOPE: {
    severity: 'error',
    title: 'An inner scope assigns a variable of an enclosing scope',
    help: 'States in a Parallel branch or Map ItemProcessor may read outer variables but must not assign a name that is assigned outside; return values through Output instead.',
  },
  UNKNOWN_VARIABLE: {
    severity: 'warning',
    title: 'A variable is read but never assigned in scope',
    help: 'A variable is visible in the scope that assigns it and in nested scopes; reading one that no visible state assigns yields nothing or fails at run time.',
  },
  INVALID_RESOURCE: {
    severity: 'error',
    title: 'A Resource is not a known Step Functions integration',
    help: 'Resources are optimized integrations (arn:aws:states:::service:api[.sync|.sync:2|.waitForTaskToken] with the patterns the service supports), AWS SDK integrations (arn:aws:states:::aws-sdk:service:apiAction, no .sync), Lambda function ARNs or activity ARNs.',
  },
  INVALID_LABEL_NAME: {
    severity: 'error',
    title: 'A Map Label is invalid',
    help: 'A Distributed Map Label is at most 40 characters, with no whitespace, brackets, wildcards, special or control characters.',
  },
  DUPLICATE_LABEL_NAME: {
    severity: 'error',
    title: 'Two Map states share a Label',
    help: 'Map Labels name Map Runs and must be unique within the state machine.',
  },
  DISTRIBUTED_MAP_ONLY_FIELD: {
    severity: 'error',
    title: 'A Distributed Map field is used on an inline Map',
    help: 'ItemReader, ItemBatcher, ResultWriter, ToleratedFailure* and Label need "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": ...}.',
  },
  INVALID_CREDENTIALS: {
    severity: 'error',
    title: 'Credentials has no RoleArn',
    help: 'A Task\'s Credentials object names the role to assume with RoleArn (or "RoleArn.$" in JSONPath).',
  },
  INVALID_CHOICE_RULE: {
    severity: 'error',
    title: 'A Choice rule is malformed',
    help: 'A JSONPath rule has Variable plus exactly one comparison operator, or one of And/Or/Not; a JSONata rule has Condition. Top-level rules need Next; nested rules must not have it.',
  },
  INVALID_TIMESTAMP: {
    severity: 'error',
    title: 'A timestamp literal is not RFC 3339',
    help: 'Timestamps look like 2025-01-31T23:59:59Z or 2025-01-31T23:59:59.5+01:00, with an uppercase T and Z.',
  },
  DUPLICATE_FIELD_AFTER_EVALUATION: {
    severity: 'error',
    title: 'A payload template has "x" and "x.$"',
    help: 'After the ".$" suffix is removed, field names in a payload template must be unique.',
  },
  UNRESOLVED_PLACEHOLDER: {
    severity: 'info',
    title: 'The definition contains ${...} placeholders',
    help: 'Placeholders from SAM DefinitionSubstitutions, Terraform templatefile, CDK tokens and CloudFormation intrinsics ({"Ref": ...}, {"Fn::GetAtt": ...}) are accepted as values; --strict treats them as errors, for checking the final, substituted definition.',
  },
  TASK_WITHOUT_TIMEOUT: {
    severity: 'warning',
    title: 'A Task has no TimeoutSeconds',
    help: 'Without TimeoutSeconds a Task waits up to the service default (99999999 seconds on AWS), so a hung worker can stall the execution for a year.',
  },
  CALLBACK_WITHOUT_TIMEOUT: {
    severity: 'warning',
    title: 'A .waitForTaskToken Task has neither TimeoutSeconds nor HeartbeatSeconds',
    help: 'If the task token is lost the execution waits for up to a year. Set TimeoutSeconds (and HeartbeatSeconds for long waits).',
  },
  TASK_TOKEN_NOT_PASSED: {
    severity: 'warning',
    title: 'A .waitForTaskToken Task does not pass the task token',
    help: 'The worker can only resume the execution if the token ($$.Task.Token, or $states.context.Task.Token in JSONata) is in the request.',
  },
  LAMBDA_WITHOUT_RETRY: {
    severity: 'warning',
    title: 'A Lambda Task does not retry Lambda service exceptions',
    help: 'AWS recommends retrying Lambda.ServiceException, Lambda.AWSLambdaException and Lambda.SdkClientException (for example IntervalSeconds 1, MaxAttempts 3, BackoffRate 2).',
  },
  UNBOUNDED_LOOP: {
    severity: 'warning',
    title: 'A loop can exceed the 25,000-event execution history',
    help: 'A Standard execution fails when its history reaches 25,000 events. Bound loops with a counter checked by a Choice, or move long polling to a .sync integration or a child execution.',
  },
  DUPLICATE_JSON_KEY: {
    severity: 'warning',
    title: 'An object has the same key twice',
    help: 'Only the last value of a duplicated key is kept; the earlier one is silently ignored.',
  },
  FINDINGS_NOT_SHOWN: {
    severity: 'info',
    title: 'More findings than --max-diagnostics shows',
    help: '`agentflow validate` lists at most --max-diagnostics findings per file (default 200), then this note with how many more there are by severity. The counts and the exit code include them all; --max-diagnostics 0 lists every one.',
  },
  VALIDATOR_INTERNAL_ERROR: {
    severity: 'warning',
    title: 'A validation rule failed unexpectedly',
    help: 'This is a bug in agentflow, not in the definition. When one rule fails the others still run (warning); when validation cannot run at all the file is reported as an error. Please report it with the definition.',
  },
} as const satisfies Record<string, CodeInfo>;

export type AslCode = keyof typeof ASL_CODES;

export function codeInfo(code: AslCode): CodeInfo {
  return ASL_CODES[code];
}
