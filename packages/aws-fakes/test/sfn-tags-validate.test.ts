import {
  CreateStateMachineCommand,
  UpdateStateMachineCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ValidateStateMachineDefinitionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startFakeStepFunctions, type FakeStepFunctions } from '../src/index.js';
import { ROLE, definition, expectRefused, sfnClient } from './sfn-support.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';
let fake: FakeStepFunctions;
let sfn: SFNClient;

beforeEach(async () => {
  fake = await startFakeStepFunctions({
    validate: (text) =>
      text.includes('"Comment":"warn"')
        ? [{ severity: 'WARNING', code: 'PASS_RESULT_IS_STATIC', message: 'static result', location: '/States/S' }]
        : text.includes('"Comment":"bad"')
          ? [
              { severity: 'ERROR', code: 'INVALID_RESOURCE', message: 'first', location: '/States/S/Resource' },
              { severity: 'ERROR', code: 'INVALID_RESOURCE', message: 'second' },
            ]
          : [],
  });
  sfn = sfnClient(fake);
  await sfn.send(new CreateStateMachineCommand({ name: 'orders', definition: definition(), roleArn: ROLE, tags: [{ key: 'team', value: 'ops' }] }));
});
afterEach(async () => {
  sfn.destroy();
  await fake.close();
});

const tags = async () => (await sfn.send(new ListTagsForResourceCommand({ resourceArn: ARN }))).tags;

describe('tags', () => {
  test('tag overwrites by key and adds, untag removes, list shows them', async () => {
    await sfn.send(new TagResourceCommand({ resourceArn: ARN, tags: [{ key: 'team', value: 'data' }, { key: 'env', value: 'prod' }] }));
    expect(await tags()).toEqual([{ key: 'team', value: 'data' }, { key: 'env', value: 'prod' }]);
    await sfn.send(new UntagResourceCommand({ resourceArn: ARN, tagKeys: ['team', 'absent'] }));
    expect(await tags()).toEqual([{ key: 'env', value: 'prod' }]);
    expect(fake.writes()).toEqual(['CreateStateMachine', 'TagResource', 'UntagResource']);
  });

  test('more than 50 tags in all is TooManyTags', async () => {
    const more = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    const error = await expectRefused(fake, () => sfn.send(new TagResourceCommand({ resourceArn: ARN, tags: more })), 'TooManyTags');
    expect((error as { resourceName?: string }).resourceName).toBe(ARN);
  });

  test('a key starting with aws: is ValidationException', async () => {
    await expectRefused(fake, () => sfn.send(new TagResourceCommand({ resourceArn: ARN, tags: [{ key: 'aws:owner', value: 'x' }] })), 'ValidationException');
  });

  test('a key over 128 characters is ValidationException', async () => {
    await expectRefused(fake, () => sfn.send(new TagResourceCommand({ resourceArn: ARN, tags: [{ key: 'k'.repeat(129), value: 'x' }] })), 'ValidationException');
  });

  test('an unknown machine is ResourceNotFound for tag, untag and list', async () => {
    const other = `${ARN}x`;
    await expectRefused(fake, () => sfn.send(new TagResourceCommand({ resourceArn: other, tags: [{ key: 'a', value: 'b' }] })), 'ResourceNotFound');
    await expectRefused(fake, () => sfn.send(new UntagResourceCommand({ resourceArn: other, tagKeys: ['a'] })), 'ResourceNotFound');
    await expectRefused(fake, () => sfn.send(new ListTagsForResourceCommand({ resourceArn: other })), 'ResourceNotFound');
  });

  test('an ARN of another service is InvalidArn', async () => {
    await expectRefused(fake, () => sfn.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:sns:us-east-1:123456789012:topic' })), 'InvalidArn');
  });
});

describe('ValidateStateMachineDefinition', () => {
  const validate = (text: string, extra: { severity?: 'ERROR' | 'WARNING'; maxResults?: number } = {}) => sfn.send(new ValidateStateMachineDefinitionCommand({ definition: text, ...extra }));

  test('a good definition is OK with no diagnostics', async () => {
    expect(await validate(definition())).toMatchObject({ result: 'OK', diagnostics: [], truncated: false });
  });

  test("the fake's own check: not JSON is FAIL with INVALID_JSON_DESCRIPTION", async () => {
    const out = await validate('{');
    expect(out.result).toBe('FAIL');
    expect(out.diagnostics?.map((d) => [d.severity, d.code])).toEqual([['ERROR', 'INVALID_JSON_DESCRIPTION']]);
  });

  test("the fake's own check: StartAt naming no state is FAIL", async () => {
    const out = await validate(JSON.stringify({ StartAt: 'Nope', States: { S: { Type: 'Succeed' } } }));
    expect(out).toMatchObject({ result: 'FAIL', diagnostics: [{ code: 'MISSING_TRANSITION_TARGET', location: '/StartAt' }] });
  });

  test('warnings only show with severity WARNING, and leave the result OK', async () => {
    expect(await validate(definition('warn'))).toMatchObject({ result: 'OK', diagnostics: [] });
    expect(await validate(definition('warn'), { severity: 'WARNING' })).toMatchObject({ result: 'OK', diagnostics: [{ severity: 'WARNING', code: 'PASS_RESULT_IS_STATIC', location: '/States/S' }] });
  });

  test('errors from the validate option give FAIL; maxResults truncates', async () => {
    const out = await validate(definition('bad'), { maxResults: 1 });
    expect(out).toMatchObject({ result: 'FAIL', truncated: true, diagnostics: [{ message: 'first' }] });
  });

  test('maxResults over 100 is ValidationException', async () => {
    await expectRefused(fake, () => validate(definition(), { maxResults: 101 }), 'ValidationException');
  });

  test('Create and Update refuse with InvalidDefinition what validation FAILs, and accept what only warns', async () => {
    await expectRefused(fake, () => sfn.send(new CreateStateMachineCommand({ name: 'bad', definition: definition('bad'), roleArn: ROLE })), 'InvalidDefinition', /INVALID_RESOURCE: first/);
    await expectRefused(fake, () => sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, definition: definition('bad') })), 'InvalidDefinition');
    await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, definition: definition('warn') }));
    expect(fake.snapshot().machines[0]?.definition).toBe(definition('warn'));
  });

  test('validation mutates nothing', async () => {
    await validate(definition('bad'));
    expect(fake.writes()).toEqual(['CreateStateMachine']);
  });
});
