/**
 * JSON Schema (draft 2020-12 subset, as ajv runs it) for Amazon States Language definitions in both query
 * languages. It checks shape only: which fields each state type allows, their types and ranges. Which
 * query language a field belongs to, transitions, paths and expressions are semantic rules.
 *
 * `x-name` names the object in messages ("a Task state"); `x-expected` phrases what an `anyOf` accepts.
 * Branches of `anyOf` are inlined (no `$ref`) so their errors can be folded into one message.
 */

type Schema = Record<string, unknown>;

/** A whole-string `{% ... %}` JSONata expression; the error translator recognises the branch by this pattern. */
export const JSONATA_PATTERN = '^\\{%[\\s\\S]*%\\}$';
const JSONATA = { type: 'string', pattern: JSONATA_PATTERN };

function orJsonata(schema: Schema, expected: string): Schema {
  return { anyOf: [schema, JSONATA], 'x-expected': `${expected}, or a "{% ... %}" JSONata expression` };
}

const int = (minimum: number, maximum = 99999999): Schema => ({ type: 'integer', minimum, maximum });
const str = { type: 'string' };
const nonEmpty = { type: 'string', minLength: 1 };
const nullablePath = { type: ['string', 'null'] };
const any = {};
const comment = str;
const queryLanguage = { enum: ['JSONPath', 'JSONata'] };
const assign = { type: 'object', 'x-name': 'Assign' };
const jsonObject = { type: 'object' };
/**
 * JSONata `Arguments`: a JSON object (a template whose "{% %}" strings are evaluated) or one whole expression
 * [AWS language service schema; DG/transforming-data]. A plain string, a number or null is rejected.
 */
const jsonataArguments = orJsonata(jsonObject, 'a JSON object');

const errorEquals = { type: 'array', minItems: 1, items: nonEmpty };

const retrier = {
  type: 'object',
  'x-name': 'a retrier',
  required: ['ErrorEquals'],
  additionalProperties: false,
  properties: {
    ErrorEquals: errorEquals,
    IntervalSeconds: int(1),
    MaxAttempts: int(0),
    BackoffRate: { type: 'number', minimum: 1 },
    MaxDelaySeconds: int(1, 31622400),
    JitterStrategy: { enum: ['FULL', 'NONE'] },
    Comment: comment,
  },
};

const catcher = {
  type: 'object',
  'x-name': 'a catcher',
  required: ['ErrorEquals', 'Next'],
  additionalProperties: false,
  properties: {
    ErrorEquals: errorEquals,
    Next: nonEmpty,
    ResultPath: nullablePath,
    Output: any,
    Assign: assign,
    Comment: comment,
  },
};

const credentials = {
  type: 'object',
  'x-name': 'Credentials',
  additionalProperties: false,
  properties: { RoleArn: nonEmpty, 'RoleArn.$': nonEmpty },
};

const common = { Type: str, Comment: comment, QueryLanguage: queryLanguage };
const transition = { Next: nonEmpty, End: { type: 'boolean' } };
const io = { InputPath: nullablePath, OutputPath: nullablePath };
const errorHandling = { Retry: { type: 'array', items: retrier }, Catch: { type: 'array', items: catcher } };

function stateSchema(name: string, required: string[], properties: Schema): Schema {
  return { type: 'object', 'x-name': name, required, additionalProperties: false, properties: { ...common, ...properties } };
}

const STRING_OPERATORS = ['StringEquals', 'StringLessThan', 'StringGreaterThan', 'StringLessThanEquals', 'StringGreaterThanEquals', 'StringMatches'];
const NUMERIC_OPERATORS = ['NumericEquals', 'NumericLessThan', 'NumericGreaterThan', 'NumericLessThanEquals', 'NumericGreaterThanEquals'];
const TIMESTAMP_OPERATORS = ['TimestampEquals', 'TimestampLessThan', 'TimestampGreaterThan', 'TimestampLessThanEquals', 'TimestampGreaterThanEquals'];
const TYPE_TESTS = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'];

/** Comparison operators of JSONPath Choice rules, with the JSON type of their operand. */
export const CHOICE_OPERATORS: Readonly<Record<string, 'string' | 'number' | 'boolean' | 'path'>> = Object.fromEntries([
  ...STRING_OPERATORS.map((op) => [op, 'string'] as const),
  ...NUMERIC_OPERATORS.map((op) => [op, 'number'] as const),
  ...TIMESTAMP_OPERATORS.map((op) => [op, 'string'] as const),
  ['BooleanEquals', 'boolean'] as const,
  ...TYPE_TESTS.map((op) => [op, 'boolean'] as const),
  ...[...STRING_OPERATORS.filter((op) => op !== 'StringMatches'), ...NUMERIC_OPERATORS, ...TIMESTAMP_OPERATORS, 'BooleanEquals'].map(
    (op) => [`${op}Path`, 'path'] as const,
  ),
]);

export const TIMESTAMP_OPERATOR_NAMES: readonly string[] = TIMESTAMP_OPERATORS;

const choiceRuleProperties: Schema = {
  Variable: nonEmpty,
  // JSONata only (JSONPath rules are reported by the query-language rule): a literal boolean or one
  // "{% %}" expression. Any other string would be a constant AWS rejects.
  Condition: orJsonata({ type: 'boolean' }, 'true or false'),
  Next: nonEmpty,
  Assign: assign,
  Output: any,
  Comment: comment,
  And: { type: 'array', minItems: 1, items: { $ref: '#/$defs/choiceRule' } },
  Or: { type: 'array', minItems: 1, items: { $ref: '#/$defs/choiceRule' } },
  Not: { $ref: '#/$defs/choiceRule' },
  ...Object.fromEntries(
    Object.entries(CHOICE_OPERATORS).map(([op, kind]) => [op, kind === 'path' ? nonEmpty : { type: kind }]),
  ),
};

/** ItemReader/ResultWriter Parameters and Arguments: the S3 location, whose parts are strings (or "{% %}"). */
const s3Location = { type: 'object', properties: { Bucket: str, Key: str, Prefix: str } };

const processorConfig = {
  type: 'object',
  'x-name': 'ProcessorConfig',
  additionalProperties: false,
  properties: { Mode: { enum: ['INLINE', 'DISTRIBUTED'] }, ExecutionType: { enum: ['STANDARD', 'EXPRESS'] } },
};

const itemReader = {
  type: 'object',
  'x-name': 'ItemReader',
  required: ['Resource'],
  additionalProperties: false,
  properties: {
    Resource: nonEmpty,
    // An object (bucket and key or prefix), never null [AWS language service schema].
    Parameters: s3Location,
    Arguments: orJsonata(s3Location, 'a JSON object'),
    // Open to new reader options: AWS adds them more often than this validator is released.
    ReaderConfig: {
      type: 'object',
      'x-name': 'ReaderConfig',
      properties: {
        InputType: { enum: ['CSV', 'JSON', 'JSONL', 'MANIFEST', 'PARQUET'] },
        CSVHeaderLocation: { enum: ['FIRST_ROW', 'GIVEN'] },
        CSVHeaders: { type: 'array', items: str },
        CSVDelimiter: { enum: ['COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB'] },
        ManifestType: { enum: ['ATHENA_DATA', 'S3_INVENTORY'] },
        MaxItems: orJsonata(int(0), 'a non-negative integer'),
        MaxItemsPath: nonEmpty,
      },
    },
  },
};

const itemBatcher = {
  type: 'object',
  'x-name': 'ItemBatcher',
  additionalProperties: false,
  properties: {
    MaxItemsPerBatch: orJsonata(int(1), 'a positive integer'),
    MaxItemsPerBatchPath: nonEmpty,
    MaxInputBytesPerBatch: orJsonata(int(1, 262144), 'an integer from 1 to 262144'),
    MaxInputBytesPerBatchPath: nonEmpty,
    BatchInput: any,
  },
};

const resultWriter = {
  type: 'object',
  'x-name': 'ResultWriter',
  additionalProperties: false,
  properties: {
    Resource: nonEmpty,
    Parameters: s3Location,
    Arguments: orJsonata(s3Location, 'a JSON object'),
    // OutputType is required by AWS's language service schema and asl-validator alike, and CDK's
    // WriterConfigProps makes it mandatory; the guide gives no default for it.
    WriterConfig: {
      type: 'object',
      'x-name': 'WriterConfig',
      required: ['OutputType'],
      properties: { OutputType: { enum: ['JSON', 'JSONL'] }, Transformation: { enum: ['NONE', 'COMPACT', 'FLATTEN'] } },
    },
  },
};

function scopeSchema(name: string, extra: Schema = {}): Schema {
  return {
    type: 'object',
    'x-name': name,
    required: ['StartAt', 'States'],
    additionalProperties: false,
    properties: {
      StartAt: nonEmpty,
      States: { $ref: '#/$defs/states' },
      Comment: comment,
      QueryLanguage: queryLanguage,
      ...extra,
    },
  };
}

const states = {
  Pass: stateSchema('a Pass state', [], {
    ...transition,
    ...io,
    Parameters: any,
    Result: any,
    ResultPath: nullablePath,
    Assign: assign,
    Output: any,
  }),
  Task: stateSchema('a Task state', ['Resource'], {
    ...transition,
    ...io,
    ...errorHandling,
    Resource: nonEmpty,
    Parameters: any,
    ResultSelector: jsonObject,
    ResultPath: nullablePath,
    TimeoutSeconds: orJsonata(int(1), 'a positive integer'),
    TimeoutSecondsPath: nonEmpty,
    HeartbeatSeconds: orJsonata(int(1), 'a positive integer'),
    HeartbeatSecondsPath: nonEmpty,
    Credentials: credentials,
    Assign: assign,
    Arguments: jsonataArguments,
    Output: any,
  }),
  Choice: stateSchema('a Choice state', ['Choices'], {
    ...io,
    Choices: { type: 'array', minItems: 1, items: { $ref: '#/$defs/choiceRule' } },
    Default: nonEmpty,
    Assign: assign,
    Output: any,
  }),
  Wait: stateSchema('a Wait state', [], {
    ...transition,
    ...io,
    Seconds: orJsonata(int(0), 'a non-negative integer'),
    SecondsPath: nonEmpty,
    Timestamp: str,
    TimestampPath: nonEmpty,
    Assign: assign,
    Output: any,
  }),
  Succeed: stateSchema('a Succeed state', [], { ...io, Output: any }),
  Fail: stateSchema('a Fail state', [], { Error: str, ErrorPath: nonEmpty, Cause: str, CausePath: nonEmpty }),
  Parallel: stateSchema('a Parallel state', ['Branches'], {
    ...transition,
    ...io,
    ...errorHandling,
    Branches: { type: 'array', minItems: 1, items: scopeSchema('a Parallel branch') },
    Parameters: any,
    ResultSelector: jsonObject,
    ResultPath: nullablePath,
    Assign: assign,
    Arguments: jsonataArguments,
    Output: any,
  }),
  Map: stateSchema('a Map state', [], {
    ...transition,
    ...io,
    ...errorHandling,
    ItemProcessor: scopeSchema('an ItemProcessor', { ProcessorConfig: processorConfig }),
    Iterator: scopeSchema('an Iterator', { ProcessorConfig: processorConfig }),
    ItemsPath: nullablePath,
    Items: orJsonata({ type: 'array' }, 'an array'),
    ItemSelector: any,
    Parameters: any,
    ItemReader: itemReader,
    ItemBatcher: itemBatcher,
    ResultWriter: resultWriter,
    MaxConcurrency: orJsonata(int(0), 'a non-negative integer'),
    MaxConcurrencyPath: nonEmpty,
    ToleratedFailurePercentage: orJsonata({ type: 'number', minimum: 0, maximum: 100 }, 'a number from 0 to 100'),
    ToleratedFailurePercentagePath: nonEmpty,
    ToleratedFailureCount: orJsonata(int(0), 'a non-negative integer'),
    ToleratedFailureCountPath: nonEmpty,
    Label: str,
    ResultSelector: jsonObject,
    ResultPath: nullablePath,
    Assign: assign,
    Output: any,
  }),
} as const;

/** The fields each state type accepts (any query language), for suggestions and rules. */
export const STATE_FIELDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(states).map(([type, schema]) => [type, Object.keys(schema['properties'] as Schema)]),
);

export const ASL_SCHEMA: Schema = {
  $id: 'https://agentflow.dev/schemas/asl.json',
  type: 'object',
  'x-name': 'the state machine',
  required: ['StartAt', 'States'],
  additionalProperties: false,
  properties: {
    StartAt: nonEmpty,
    States: { $ref: '#/$defs/states' },
    Comment: comment,
    Version: { enum: ['1.0'] },
    TimeoutSeconds: int(0),
    QueryLanguage: queryLanguage,
  },
  $defs: {
    states: {
      type: 'object',
      'x-name': 'States',
      minProperties: 1,
      additionalProperties: { $ref: '#/$defs/state' },
    },
    state: {
      type: 'object',
      'x-name': 'a state',
      required: ['Type'],
      properties: { Type: { enum: Object.keys(states) } },
      allOf: Object.keys(states).map((type) => ({
        if: { properties: { Type: { const: type } }, required: ['Type'] },
        then: { $ref: `#/$defs/${type}` },
      })),
    },
    choiceRule: { type: 'object', 'x-name': 'a Choice rule', additionalProperties: false, properties: choiceRuleProperties },
    ...states,
  },
};
