import { describe, expect, it } from 'vitest';
import { validateAslDefinition } from '../../src/validate-asl/index.js';
import { DISTRIBUTED, jsonataMachine, machine, map, pass, scope, task } from './support/asl-builders.js';

const schemaErrors = (definition: unknown) =>
  validateAslDefinition(definition)
    .filter((d) => d.code === 'SCHEMA_VALIDATION_FAILED')
    .map((d) => ({ pointer: d.pointer, message: d.message, hint: d.hint }));

describe('ASL schema', () => {
  it.each([
    ['unknown top-level field', { ...machine({ A: pass() }), Version: '1.0', Author: 'me' }, '/Author', 'Field "Author" is not supported in the state machine.'],
    ['missing StartAt', { States: { A: pass() } }, '', 'The state machine is missing the required field "StartAt".'],
    ['empty States', { StartAt: 'A', States: {} }, '/States', '"States" must contain at least one state.'],
    ['state is not an object', machine({ A: 'Pass' }), '/States/A', 'State "A" must be a JSON object, not "Pass".'],
    ['missing Type', machine({ A: { End: true } }), '/States/A', 'State "A" is missing the required field "Type".'],
    ['unknown Type', machine({ A: { Type: 'Sleep', End: true } }), '/States/A/Type', 'State "A" has an unknown Type "Sleep".'],
    ['typo in a field', machine({ A: pass({ ResultPth: '$.x' }) }), '/States/A/ResultPth', 'Field "ResultPth" is not supported in a Pass state.'],
    ['Resource on a Pass', machine({ A: pass({ Resource: 'arn:aws:states:::lambda:invoke' }) }), '/States/A/Resource', 'Field "Resource" is not supported in a Pass state.'],
    ['Next on a Succeed', machine({ A: { Type: 'Succeed', Next: 'B' }, B: pass() }), '/States/A/Next', 'Field "Next" is not supported in a Succeed state.'],
    ['Assign on a Fail', machine({ A: { Type: 'Fail', Assign: { x: 1 } } }), '/States/A/Assign', 'Field "Assign" is not supported in a Fail state.'],
    ['Arguments on a Map', jsonataMachine({ M: map(scope({ I: pass() }), { ItemsPath: undefined, Arguments: {} }) }), '/States/M/Arguments', 'Field "Arguments" is not supported in a Map state.'],
    ['TimeoutSeconds zero', machine({ T: task(undefined, { TimeoutSeconds: 0 }) }), '/States/T/TimeoutSeconds', '"TimeoutSeconds" must be a positive integer, or a "{% ... %}" JSONata expression, not 0.'],
    ['TimeoutSeconds as text', machine({ T: task(undefined, { TimeoutSeconds: '60' }) }), '/States/T/TimeoutSeconds', '"TimeoutSeconds" must be a positive integer, or a "{% ... %}" JSONata expression, not "60".'],
    ['End as a string', machine({ A: pass({ End: 'true' }) }), '/States/A/End', '"End" must be true or false, not "true".'],
    ['Choices empty', machine({ C: { Type: 'Choice', Choices: [], Default: 'D' }, D: pass() }), '/States/C/Choices', '"Choices" must not be empty.'],
    ['operator of the wrong type', machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: '5', Next: 'D' }], Default: 'D' }, D: pass() }), '/States/C/Choices/0/NumericEquals', '"NumericEquals" must be a number, not "5".'],
    ['Retry MaxAttempts negative', machine({ T: task(undefined, { Retry: [{ ErrorEquals: ['X'], MaxAttempts: -1 }] }) }), '/States/T/Retry/0/MaxAttempts', '"MaxAttempts" must be at least 0, not -1.'],
    ['JitterStrategy lowercase', machine({ T: task(undefined, { Retry: [{ ErrorEquals: ['X'], JitterStrategy: 'full' }] }) }), '/States/T/Retry/0/JitterStrategy', '"JitterStrategy" must be one of "FULL", "NONE", not "full".'],
    ['catcher without Next', machine({ T: task(undefined, { Catch: [{ ErrorEquals: ['X'] }] }) }), '/States/T/Catch/0', 'A catcher is missing the required field "Next".'],
    ['Branches missing', machine({ P: { Type: 'Parallel', End: true } }), '/States/P', 'Parallel state "P" is missing the required field "Branches".'],
    ['branch with an extra field', machine({ P: { Type: 'Parallel', Branches: [{ ...scope({ B: pass() }), Foo: 1 }], End: true } }), '/States/P/Branches/0/Foo', 'Field "Foo" is not supported in a Parallel branch.'],
    ['InputType unknown', machine({ M: map(scope({ I: pass() }, { ProcessorConfig: DISTRIBUTED }), { ItemsPath: undefined, ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'XML' }, Parameters: {} } }) }), '/States/M/ItemReader/ReaderConfig/InputType', '"InputType" must be one of "CSV", "JSON", "JSONL", "MANIFEST", "PARQUET", not "XML".'],
    ['ItemBatcher bytes over 256 KiB', machine({ M: map(scope({ I: pass() }, { ProcessorConfig: DISTRIBUTED }), { ItemBatcher: { MaxInputBytesPerBatch: 300000 } }) }), '/States/M/ItemBatcher/MaxInputBytesPerBatch', '"MaxInputBytesPerBatch" must be an integer from 1 to 262144, or a "{% ... %}" JSONata expression, not 300000.'],
    ['Version other than 1.0', { ...machine({ A: pass() }), Version: '2.0' }, '/Version', '"Version" must be one of "1.0", not "2.0".'],
  ])('%s', (_, definition, pointer, message) => {
    expect(schemaErrors(definition)).toContainEqual(expect.objectContaining({ pointer, message }));
  });

  it('suggests the field that was meant', () => {
    const [error] = schemaErrors(machine({ T: task(undefined, { TimeoutSecond: 5 }) }));
    expect(error?.hint).toBe('Did you mean "TimeoutSeconds"?');
  });

  it('explains where a field belongs', () => {
    const [error] = schemaErrors(machine({ A: pass({ Arguments: {} }) }));
    expect(error?.hint).toMatch(/only allowed on Task and Parallel/);
  });

  it('reports one finding per problem, not one per schema branch', () => {
    expect(schemaErrors(machine({ T: task(undefined, { TimeoutSeconds: -5, HeartbeatSeconds: 'soon' }) }))).toHaveLength(2);
    expect(schemaErrors(machine({ A: { Type: 'Nope', Foo: 1, Bar: 2 } }))).toHaveLength(1);
  });

  it('accepts placeholders where a value of their kind fits, but still checks field names', () => {
    // A quoted placeholder stays a string after substitution: fine wherever a string is allowed.
    expect(schemaErrors(machine({ T: task('${FunctionArn}', { Retry: [{ ErrorEquals: ['${ErrorName}'], JitterStrategy: '${Jitter}' }] }) }))).toEqual([]);
    expect(schemaErrors(jsonataMachine({ T: task(undefined, { TimeoutSeconds: '${TimeoutExpression}' }) }))).toEqual([]);
    // CloudFormation intrinsics in an inline Definition object resolve to any value.
    expect(schemaErrors(machine({ T: task(undefined, { TimeoutSeconds: { Ref: 'Timeout' }, Retry: { 'Fn::GetAtt': ['X', 'Retry'] } }) }))).toEqual([]);
    expect(schemaErrors(machine({ T: task(undefined, { Timeout: '${Timeout}' }) }))).toHaveLength(1);
  });

  it.each([
    ['Retry', { Retry: '${Retriers}' }, '/States/T/Retry', '"Retry" must be an array'],
    ['Catch', { Catch: '${Catchers}' }, '/States/T/Catch', '"Catch" must be an array'],
    ['MaxAttempts', { Retry: [{ ErrorEquals: ['X'], MaxAttempts: '${Attempts}' }] }, '/States/T/Retry/0/MaxAttempts', '"MaxAttempts" must be an integer'],
    ['BackoffRate', { Retry: [{ ErrorEquals: ['X'], BackoffRate: '${Rate}' }] }, '/States/T/Retry/0/BackoffRate', '"BackoffRate" must be a number'],
    ['TimeoutSeconds in JSONPath', { TimeoutSeconds: '${Timeout}' }, '/States/T/TimeoutSeconds', '"TimeoutSeconds" must be a positive integer'],
    ['End', { End: '${IsEnd}' }, '/States/T/End', '"End" must be true or false'],
    ['Credentials', { Credentials: '${Credentials}' }, '/States/T/Credentials', '"Credentials" must be a JSON object'],
  ])('rejects a quoted placeholder where no string can stand: %s', (_, extra, pointer, start) => {
    const [error, ...rest] = schemaErrors(machine({ T: task(undefined, extra) }));
    expect(rest).toEqual([]);
    expect(error?.pointer).toBe(pointer);
    expect(error?.message.startsWith(start)).toBe(true);
    expect(error?.message).toMatch(/the placeholder is inside quotes, so it is still a string after substitution\.$/);
    expect(error?.hint).toMatch(/without quotes/);
  });

  it('rejects a quoted placeholder for an array whether or not --strict is given', () => {
    const definition = machine({ T: task(undefined, { Retry: '${X}' }) });
    for (const strict of [false, true]) {
      const errors = validateAslDefinition(definition, { strict }).filter((d) => d.severity === 'error');
      expect(errors.map((d) => [d.code, d.pointer])).toContainEqual(['SCHEMA_VALIDATION_FAILED', '/States/T/Retry']);
    }
  });

  it.each([
    ['a plain string Condition', jsonataMachine({ C: { Type: 'Choice', Choices: [{ Condition: 'true', Next: 'D' }], Default: 'D' }, D: pass() }), '/States/C/Choices/0/Condition', '"Condition" must be true or false, or a "{% ... %}" JSONata expression, not "true".'],
    ['a number Condition', jsonataMachine({ C: { Type: 'Choice', Choices: [{ Condition: 1, Next: 'D' }], Default: 'D' }, D: pass() }), '/States/C/Choices/0/Condition', '"Condition" must be true or false, or a "{% ... %}" JSONata expression, not 1.'],
    ['a nested plain string Condition', jsonataMachine({ C: { Type: 'Choice', Choices: [{ Not: { Condition: '$states.input.ok' }, Next: 'D' }], Default: 'D' }, D: pass() }), '/States/C/Choices/0/Not/Condition', '"Condition" must be true or false, or a "{% ... %}" JSONata expression, not "$states.input.ok".'],
    ['a plain string Arguments on a Task', jsonataMachine({ T: task(undefined, { Arguments: 'payload' }) }), '/States/T/Arguments', '"Arguments" must be a JSON object, or a "{% ... %}" JSONata expression, not "payload".'],
    ['an array Arguments on a Parallel', jsonataMachine({ P: { Type: 'Parallel', Branches: [scope({ B: pass() })], Arguments: [1], End: true } }), '/States/P/Arguments', '"Arguments" must be a JSON object, or a "{% ... %}" JSONata expression, not an array.'],
    ['null Arguments', jsonataMachine({ T: task(undefined, { Arguments: null }) }), '/States/T/Arguments', '"Arguments" must be a JSON object, or a "{% ... %}" JSONata expression, not null.'],
  ])('JSONata: rejects %s', (_, definition, pointer, message) => {
    expect(schemaErrors(definition)).toContainEqual(expect.objectContaining({ pointer, message }));
  });

  it('JSONata: accepts a boolean Condition, an expression Condition and an expression Arguments', () => {
    const definition = jsonataMachine({
      C: { Type: 'Choice', Choices: [{ Condition: true, Next: 'T' }, { Condition: '{% $states.input.ok %}', Next: 'T' }], Default: 'T' },
      T: task(undefined, { Arguments: '{% $states.input %}', Next: 'P', End: undefined }),
      P: { Type: 'Parallel', Branches: [scope({ B: pass() })], Arguments: '{% {"a": 1} %}', End: true },
    });
    expect(validateAslDefinition(definition).filter((d) => d.severity === 'error')).toEqual([]);
  });

  const reader = (itemReader: unknown) =>
    machine({ M: map(scope({ I: pass() }, { ProcessorConfig: DISTRIBUTED }), { ItemsPath: undefined, ItemReader: itemReader }) });
  const S3 = 'arn:aws:states:::s3:getObject';
  it.each([
    ['ItemReader', reader(null), '/States/M/ItemReader', '"ItemReader" must be a JSON object, not null.'],
    ['Resource', reader({ Resource: null, Parameters: { Bucket: 'b', Key: 'k' } }), '/States/M/ItemReader/Resource', '"Resource" must be a string, not null.'],
    ['ReaderConfig', reader({ Resource: S3, ReaderConfig: null, Parameters: { Bucket: 'b', Key: 'k' } }), '/States/M/ItemReader/ReaderConfig', '"ReaderConfig" must be a JSON object, not null.'],
    ['InputType', reader({ Resource: S3, ReaderConfig: { InputType: null }, Parameters: { Bucket: 'b', Key: 'k' } }), '/States/M/ItemReader/ReaderConfig/InputType', '"InputType" must be one of "CSV", "JSON", "JSONL", "MANIFEST", "PARQUET", not null.'],
    ['MaxItems', reader({ Resource: S3, ReaderConfig: { InputType: 'JSON', MaxItems: null }, Parameters: { Bucket: 'b', Key: 'k' } }), '/States/M/ItemReader/ReaderConfig/MaxItems', '"MaxItems" must be a non-negative integer, or a "{% ... %}" JSONata expression, not null.'],
    ['CSVHeaders', reader({ Resource: S3, ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: null }, Parameters: { Bucket: 'b', Key: 'k' } }), '/States/M/ItemReader/ReaderConfig/CSVHeaders', '"CSVHeaders" must be an array, not null.'],
    ['Parameters', reader({ Resource: S3, Parameters: null }), '/States/M/ItemReader/Parameters', '"Parameters" must be a JSON object, not null.'],
    ['Arguments', { ...reader({ Resource: S3, Arguments: null }), QueryLanguage: 'JSONata' }, '/States/M/ItemReader/Arguments', '"Arguments" must be a JSON object, or a "{% ... %}" JSONata expression, not null.'],
    ['ResultWriter Parameters', machine({ M: map(scope({ I: pass() }, { ProcessorConfig: DISTRIBUTED }), { ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: null } }) }), '/States/M/ResultWriter/Parameters', '"Parameters" must be a JSON object, not null.'],
    ['a Bucket that is not a string', reader({ Resource: S3, Parameters: { Bucket: ['b'], Key: 'k' } }), '/States/M/ItemReader/Parameters/Bucket', '"Bucket" must be a string, not an array.'],
    ['a ResultWriter Prefix that is not a string', { ...machine({ M: map(scope({ I: pass() }, { ProcessorConfig: DISTRIBUTED }), { ItemsPath: undefined, Items: '{% [] %}', ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket: 'b', Prefix: 7 } } }) }), QueryLanguage: 'JSONata' }, '/States/M/ResultWriter/Arguments/Prefix', '"Prefix" must be a string, not 7.'],
    ['a WriterConfig without OutputType', machine({ M: map(scope({ I: pass() }, { ProcessorConfig: DISTRIBUTED }), { ResultWriter: { WriterConfig: { Transformation: 'FLATTEN' } } }) }), '/States/M/ResultWriter/WriterConfig', 'WriterConfig is missing the required field "OutputType".'],
  ])('rejects null ItemReader fields and S3 locations that are not strings: %s', (_, definition, pointer, message) => {
    expect(schemaErrors(definition)).toContainEqual(expect.objectContaining({ pointer, message }));
  });

  it('accepts every state type in both query languages', () => {
    const jsonPath = machine({
      P: pass({ End: undefined, Next: 'T', InputPath: '$', Parameters: {}, Result: 1, ResultPath: '$.r', OutputPath: '$', Assign: {} }),
      T: task(undefined, { End: undefined, Next: 'C', Credentials: { RoleArn: 'arn:aws:iam::123456789012:role/r' }, ResultSelector: {}, HeartbeatSeconds: 5 }),
      C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'W' }], Default: 'W', Assign: {} },
      W: { Type: 'Wait', SecondsPath: '$.s', Next: 'Par' },
      Par: { Type: 'Parallel', Branches: [scope({ B: pass() })], ResultSelector: {}, Next: 'M' },
      M: map(scope({ I: pass() }), { MaxConcurrencyPath: '$.c', End: undefined, Next: 'S' }),
      S: { Type: 'Succeed', OutputPath: '$' },
    });
    const jsonata = jsonataMachine({
      P: pass({ End: undefined, Next: 'T', Output: {}, Assign: {} }),
      T: task(undefined, { End: undefined, Next: 'C', Arguments: {}, Output: '{% $states.result %}', TimeoutSeconds: '{% 10 %}' }),
      C: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'W', Output: {} }], Default: 'W' },
      W: { Type: 'Wait', Seconds: '{% 1 %}', Next: 'Par' },
      Par: { Type: 'Parallel', Branches: [scope({ B: pass() })], Arguments: {}, Next: 'M' },
      M: map(scope({ I: pass() }), { ItemsPath: undefined, Items: '{% [1, 2] %}', MaxConcurrency: '{% 2 %}', End: undefined, Next: 'F' }),
      F: { Type: 'Fail', Error: '{% "E" %}', Cause: 'c' },
    });
    expect(validateAslDefinition(jsonPath).filter((d) => d.severity === 'error')).toEqual([]);
    expect(validateAslDefinition(jsonata).filter((d) => d.severity === 'error')).toEqual([]);
  });
});
