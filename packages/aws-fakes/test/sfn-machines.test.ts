import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  UpdateStateMachineCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startFakeStepFunctions, type FakeStepFunctions } from '../src/index.js';
import { OTHER_ROLE, ROLE, definition, expectRefused, sfnClient } from './sfn-support.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';
let fake: FakeStepFunctions;
let sfn: SFNClient;

beforeEach(async () => {
  fake = await startFakeStepFunctions();
  sfn = sfnClient(fake);
});
afterEach(async () => {
  sfn.destroy();
  await fake.close();
});

const create = (extra: Partial<ConstructorParameters<typeof CreateStateMachineCommand>[0]> = {}) =>
  sfn.send(new CreateStateMachineCommand({ name: 'orders', definition: definition(), roleArn: ROLE, ...extra }));

describe('CreateStateMachine', () => {
  test('creates a STANDARD machine with default logging, tracing and encryption, and no revision id yet', async () => {
    const out = await create();
    expect(out.stateMachineArn).toBe(ARN);
    expect(out.creationDate).toBeInstanceOf(Date);
    expect(out.stateMachineVersionArn).toBeUndefined();
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: ARN }));
    expect(described).toMatchObject({
      name: 'orders',
      status: 'ACTIVE',
      type: 'STANDARD',
      definition: definition(),
      roleArn: ROLE,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
      encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
    });
    expect(described.revisionId).toBeUndefined();
    expect(fake.writes()).toEqual(['CreateStateMachine']);
  });

  test('stores type, logging, tracing, encryption and tags', async () => {
    const logging = { level: 'ERROR' as const, includeExecutionData: true, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/orders:*' } }] };
    await create({ type: 'EXPRESS', loggingConfiguration: logging, tracingConfiguration: { enabled: true }, tags: [{ key: 'team', value: 'ops' }] });
    const [machine] = fake.snapshot().machines;
    expect(machine).toMatchObject({ type: 'EXPRESS', loggingConfiguration: logging, tracingConfiguration: { enabled: true }, tags: [{ key: 'team', value: 'ops' }] });
  });

  test('publish: true makes version 1 with its description', async () => {
    const out = await create({ publish: true, versionDescription: 'first' });
    expect(out.stateMachineVersionArn).toBe(`${ARN}:1`);
    expect(fake.snapshot().machines[0]?.versions).toMatchObject([{ number: 1, description: 'first', definition: definition() }]);
  });

  test('an identical request is idempotent and returns the same ARN and date', async () => {
    const first = await create({ publish: true });
    const again = await create({ publish: true });
    expect(again).toMatchObject({ stateMachineArn: first.stateMachineArn, creationDate: first.creationDate, stateMachineVersionArn: `${ARN}:1` });
    expect(fake.snapshot().machines).toHaveLength(1);
  });

  test('an identical request with other tags succeeds and leaves the tags as they were', async () => {
    await create({ tags: [{ key: 'team', value: 'ops' }] });
    await create({ tags: [{ key: 'team', value: 'data' }] });
    expect(fake.snapshot().machines[0]?.tags).toEqual([{ key: 'team', value: 'ops' }]);
  });

  test('the same name with another definition is StateMachineAlreadyExists', async () => {
    await create();
    await expectRefused(fake, () => create({ definition: definition('b') }), 'StateMachineAlreadyExists');
  });

  test('the same name with another role is StateMachineAlreadyExists', async () => {
    await create();
    await expectRefused(fake, () => create({ roleArn: OTHER_ROLE }), 'StateMachineAlreadyExists');
  });

  test('a name outside ^[0-9A-Za-z_-]+$ is InvalidName', async () => {
    await expectRefused(fake, () => create({ name: 'orders.v2' }), 'InvalidName');
  });

  test('a name over 80 characters is InvalidName', async () => {
    await expectRefused(fake, () => create({ name: 'n'.repeat(81) }), 'InvalidName');
  });

  test('a definition that is not JSON is InvalidDefinition', async () => {
    await expectRefused(fake, () => create({ definition: '{"StartAt":' }), 'InvalidDefinition', /INVALID_JSON_DESCRIPTION/);
  });

  test('a StartAt naming no state is InvalidDefinition', async () => {
    await expectRefused(fake, () => create({ definition: JSON.stringify({ StartAt: 'X', States: { S: { Type: 'Succeed' } } }) }), 'InvalidDefinition', /MISSING_TRANSITION_TARGET/);
  });

  test('a definition over 1,048,576 bytes is InvalidDefinition', async () => {
    const big = JSON.stringify({ StartAt: 'S', States: { S: { Type: 'Pass', Comment: 'x'.repeat(1_048_576), End: true } } });
    await expectRefused(fake, () => create({ definition: big }), 'InvalidDefinition');
  });

  test('a missing roleArn is ValidationException', async () => {
    await expectRefused(fake, () => sfn.send(new CreateStateMachineCommand({ name: 'orders', definition: definition() } as never)), 'ValidationException', /roleArn/);
  });

  test('a roleArn that is not an IAM role is InvalidArn', async () => {
    await expectRefused(fake, () => create({ roleArn: 'arn:aws:iam::123456789012:user/bob' }), 'InvalidArn');
  });

  test('versionDescription without publish is ValidationException', async () => {
    await expectRefused(fake, () => create({ versionDescription: 'v' }), 'ValidationException');
  });

  test('more than 50 tags is TooManyTags', async () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    await expectRefused(fake, () => create({ tags }), 'TooManyTags');
  });

  test('a log destination not ending in ":*" is InvalidLoggingConfiguration', async () => {
    const loggingConfiguration = { level: 'ALL' as const, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:x' } }] };
    await expectRefused(fake, () => create({ loggingConfiguration }), 'InvalidLoggingConfiguration');
  });
});

describe('UpdateStateMachine', () => {
  test('a changed definition gives a new revision id; publish makes a version', async () => {
    await create();
    const out = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, definition: definition('b'), publish: true, versionDescription: 'second' }));
    expect(out.updateDate).toBeInstanceOf(Date);
    expect(out.revisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.stateMachineVersionArn).toBe(`${ARN}:1`);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: ARN }));
    expect(described).toMatchObject({ definition: definition('b'), revisionId: out.revisionId });
    const again = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, roleArn: OTHER_ROLE }));
    expect(again.revisionId).not.toBe(out.revisionId);
  });

  test('an update that changes nothing keeps the revision id', async () => {
    await create();
    const first = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, definition: definition('b') }));
    const same = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, definition: definition('b') }));
    expect(same.revisionId).toBe(first.revisionId);
  });

  test('neither definition, role, logging, tracing nor encryption is MissingRequiredParameter', async () => {
    await create();
    await expectRefused(fake, () => sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, publish: true })), 'MissingRequiredParameter');
  });

  test('an unknown machine is StateMachineDoesNotExist', async () => {
    await expectRefused(fake, () => sfn.send(new UpdateStateMachineCommand({ stateMachineArn: `${ARN}x`, definition: definition() })), 'StateMachineDoesNotExist');
  });

  test('an invalid definition is InvalidDefinition', async () => {
    await create();
    await expectRefused(fake, () => sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, definition: '[]' })), 'InvalidDefinition');
  });

  test('versionDescription without publish is ValidationException', async () => {
    await create();
    await expectRefused(fake, () => sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, definition: definition('b'), versionDescription: 'x' })), 'ValidationException');
  });

  test('a malformed ARN is InvalidArn', async () => {
    await expectRefused(fake, () => sfn.send(new UpdateStateMachineCommand({ stateMachineArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', definition: definition() })), 'InvalidArn');
  });
});

describe('DescribeStateMachine', () => {
  test('a version ARN describes that version with its description and revision', async () => {
    await create({ publish: true, versionDescription: 'v1' });
    const update = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, definition: definition('b'), publish: true, versionDescription: 'v2' }));
    const v1 = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${ARN}:1` }));
    expect(v1).toMatchObject({ stateMachineArn: `${ARN}:1`, definition: definition(), description: 'v1' });
    expect(v1.revisionId).toBeUndefined();
    const v2 = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${ARN}:2` }));
    expect(v2).toMatchObject({ definition: definition('b'), description: 'v2', revisionId: update.revisionId });
  });

  test('an unknown version is StateMachineDoesNotExist', async () => {
    await create();
    await expectRefused(fake, () => sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${ARN}:7` })), 'StateMachineDoesNotExist');
  });

  test('an alias ARN is InvalidArn (aliases have DescribeStateMachineAlias)', async () => {
    await create();
    await expectRefused(fake, () => sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${ARN}:PROD` })), 'InvalidArn');
  });

  test('staleDescribes: the previous revision is served that many times after an update', async () => {
    const stale = await startFakeStepFunctions({ staleDescribes: 2 });
    const client = sfnClient(stale);
    try {
      await client.send(new CreateStateMachineCommand({ name: 'orders', definition: definition(), roleArn: ROLE }));
      await client.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, definition: definition('b') }));
      const seen = [];
      for (let i = 0; i < 3; i++) seen.push((await client.send(new DescribeStateMachineCommand({ stateMachineArn: ARN }))).definition);
      expect(seen).toEqual([definition(), definition(), definition('b')]);
    } finally {
      client.destroy();
      await stale.close();
    }
  });
});

describe('DeleteStateMachine and ListStateMachines', () => {
  test('delete removes the machine with its versions and aliases; deleting again succeeds', async () => {
    await create({ publish: true });
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: ARN }));
    expect(fake.snapshot().machines).toEqual([]);
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: ARN }));
    expect(fake.writes()).toEqual(['CreateStateMachine', 'DeleteStateMachine', 'DeleteStateMachine']);
  });

  test('lists every machine across pages of at most two', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e']) await sfn.send(new CreateStateMachineCommand({ name, definition: definition(), roleArn: ROLE }));
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await sfn.send(new ListStateMachinesCommand({ nextToken }));
      expect(page.stateMachines?.length).toBeLessThanOrEqual(2);
      names.push(...(page.stateMachines ?? []).map((m) => m.name ?? ''));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken);
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pages).toBe(3);
  });

  test('a nextToken the fake did not issue is InvalidToken', async () => {
    await expectRefused(fake, () => sfn.send(new ListStateMachinesCommand({ nextToken: 'bogus' })), 'InvalidToken');
  });
});
