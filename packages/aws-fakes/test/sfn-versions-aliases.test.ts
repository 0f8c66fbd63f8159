import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeStateMachineAliasCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startFakeStepFunctions, type FakeStepFunctions } from '../src/index.js';
import type { SfnError } from '../src/sfn/errors.js';
import { createStateMachine, updateStateMachine } from '../src/sfn/machines.js';
import { SfnStore } from '../src/sfn/store.js';
import { publishStateMachineVersion } from '../src/sfn/versions.js';
import { ROLE, definition, expectRefused, sfnClient } from './sfn-support.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';
const OTHER = 'arn:aws:states:us-east-1:123456789012:stateMachine:other';
let fake: FakeStepFunctions;
let sfn: SFNClient;

beforeEach(async () => {
  fake = await startFakeStepFunctions();
  sfn = sfnClient(fake);
  await sfn.send(new CreateStateMachineCommand({ name: 'orders', definition: definition(), roleArn: ROLE }));
});
afterEach(async () => {
  sfn.destroy();
  await fake.close();
});

/** Updates the definition and publishes; returns the new version ARN. */
async function newVersion(marker: string): Promise<string> {
  const out = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, definition: definition(marker), publish: true }));
  return out.stateMachineVersionArn ?? '';
}

async function allVersions(): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: ARN, nextToken }));
    arns.push(...(page.stateMachineVersions ?? []).map((v) => v.stateMachineVersionArn ?? ''));
    nextToken = page.nextToken;
  } while (nextToken);
  return arns;
}

const alias = (name: string, routingConfiguration: { stateMachineVersionArn: string; weight: number }[], description?: string) =>
  sfn.send(new CreateStateMachineAliasCommand({ name, routingConfiguration, ...(description !== undefined ? { description } : {}) }));

describe('PublishStateMachineVersion', () => {
  test('publishes the initial revision with revisionId INITIAL, and again returns the same version', async () => {
    const first = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: ARN, revisionId: 'INITIAL', description: 'one' }));
    expect(first.stateMachineVersionArn).toBe(`${ARN}:1`);
    expect(first.creationDate).toBeInstanceOf(Date);
    const again = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: ARN }));
    expect(again).toEqual({ ...first, $metadata: again.$metadata });
    expect(fake.snapshot().machines[0]?.versions.map((v) => v.number)).toEqual([1]);
  });

  test('a revisionId that is not the current one is ConflictException', async () => {
    const { revisionId } = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, definition: definition('b') }));
    await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, definition: definition('c') }));
    await expectRefused(fake, () => sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: ARN, revisionId })), 'ConflictException');
  });

  test('the current revisionId publishes', async () => {
    const { revisionId } = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ARN, definition: definition('b') }));
    const out = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: ARN, revisionId }));
    expect(out.stateMachineVersionArn).toBe(`${ARN}:1`);
  });

  test('version numbers are never reused after a delete', async () => {
    await newVersion('b');
    const second = await newVersion('c');
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: second }));
    expect(await newVersion('d')).toBe(`${ARN}:3`);
  });

  test('a description over 256 characters is ValidationException', async () => {
    await expectRefused(fake, () => sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: ARN, description: 'd'.repeat(257) })), 'ValidationException');
  });

  test('an unknown machine is StateMachineDoesNotExist', async () => {
    await expectRefused(fake, () => sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: OTHER })), 'StateMachineDoesNotExist');
  });

  test('the 1,001st version is ServiceQuotaExceededException (HTTP 402)', () => {
    // In-process, as a thousand round trips would slow the suite by seconds; the 402 over the wire is checked on
    // the alias quota below.
    const store = new SfnStore({ region: 'us-east-1', account: '123456789012', staleDescribes: 0, pageSize: 2 });
    createStateMachine(store, { name: 'orders', definition: definition(), roleArn: ROLE, publish: true });
    for (let i = 1; i < 1000; i++) updateStateMachine(store, { stateMachineArn: ARN, definition: definition(`v${i}`), publish: true });
    updateStateMachine(store, { stateMachineArn: ARN, definition: definition('over') });
    const error = (() => {
      try {
        publishStateMachineVersion(store, { stateMachineArn: ARN });
      } catch (e) {
        return e as SfnError;
      }
      return undefined;
    })();
    expect([error?.code, error?.status]).toEqual(['ServiceQuotaExceededException', 402]);
    expect(store.machines.get('orders')?.versions.size).toBe(1000);
  });
});

describe('ListStateMachineVersions', () => {
  test('newest first, paginated, two per page', async () => {
    for (const marker of ['b', 'c', 'd', 'e', 'f']) await newVersion(marker);
    const first = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: ARN }));
    expect(first.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${ARN}:5`, `${ARN}:4`]);
    expect(first.nextToken).toBeDefined();
    expect(await allVersions()).toEqual([5, 4, 3, 2, 1].map((n) => `${ARN}:${n}`));
  });

  test('maxResults 1 gives one per page', async () => {
    await newVersion('b');
    await newVersion('c');
    const page = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: ARN, maxResults: 1 }));
    expect(page.stateMachineVersions).toHaveLength(1);
  });

  test('an unknown machine has no versions (the action lists no StateMachineDoesNotExist)', async () => {
    const page = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: OTHER }));
    expect(page.stateMachineVersions).toEqual([]);
  });

  test("another list's token is InvalidToken", async () => {
    for (const marker of ['b', 'c', 'd']) await newVersion(marker);
    const { nextToken } = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: ARN }));
    await expectRefused(fake, () => sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: OTHER, nextToken })), 'InvalidToken');
  });
});

describe('DeleteStateMachineVersion', () => {
  test('a version an alias routes to is ConflictException', async () => {
    const v1 = await newVersion('b');
    await alias('PROD', [{ stateMachineVersionArn: v1, weight: 100 }]);
    await expectRefused(fake, () => sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v1 })), 'ConflictException', /PROD/);
  });

  test('deleting a version that does not exist succeeds', async () => {
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${ARN}:9` }));
    expect(fake.writes()).toEqual(['CreateStateMachine', 'DeleteStateMachineVersion']);
  });

  test('an unqualified ARN is ValidationException', async () => {
    await expectRefused(fake, () => sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: ARN })), 'ValidationException');
  });
});

describe('state machine aliases', () => {
  test('create, describe, update, list and delete', async () => {
    const v1 = await newVersion('b');
    const v2 = await newVersion('c');
    const created = await alias('PROD', [{ stateMachineVersionArn: v1, weight: 100 }], 'live');
    expect(created.stateMachineAliasArn).toBe(`${ARN}:PROD`);
    const described = await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${ARN}:PROD` }));
    expect(described).toMatchObject({ name: 'PROD', description: 'live', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] });
    expect(described.creationDate).toBeInstanceOf(Date);
    const routing = [
      { stateMachineVersionArn: v2, weight: 90 },
      { stateMachineVersionArn: v1, weight: 10 },
    ];
    const updated = await sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${ARN}:PROD`, routingConfiguration: routing }));
    expect(updated.updateDate).toBeInstanceOf(Date);
    expect(fake.snapshot().machines[0]?.aliases).toEqual([{ name: 'PROD', arn: `${ARN}:PROD`, description: 'live', routingConfiguration: routing }]);
    await alias('beta.1', [{ stateMachineVersionArn: v2, weight: 100 }]);
    await alias('canary', [{ stateMachineVersionArn: v2, weight: 100 }]);
    const all = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: ARN, maxResults: 10 }));
    expect(all.stateMachineAliases?.map((a) => a.stateMachineAliasArn)).toEqual([`${ARN}:canary`, `${ARN}:beta.1`]);
    const rest = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: ARN, nextToken: all.nextToken }));
    expect(rest.stateMachineAliases?.map((a) => a.stateMachineAliasArn)).toEqual([`${ARN}:PROD`]);
    expect(rest.nextToken).toBeUndefined();
    const onV1 = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: v1 }));
    expect(onV1.stateMachineAliases?.map((a) => a.stateMachineAliasArn)).toEqual([`${ARN}:PROD`]);
    await sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${ARN}:PROD` }));
    expect(fake.snapshot().machines[0]?.aliases.map((a) => a.name)).toEqual(['beta.1', 'canary']);
    expect(fake.snapshot().machines[0]?.versions.map((v) => v.number)).toEqual([1, 2]);
  });

  test('creating the same alias again is idempotent', async () => {
    const v1 = await newVersion('b');
    const first = await alias('PROD', [{ stateMachineVersionArn: v1, weight: 100 }]);
    const again = await alias('PROD', [{ stateMachineVersionArn: v1, weight: 100 }]);
    expect(again.creationDate).toEqual(first.creationDate);
  });

  test('the same alias name with other routing is ConflictException', async () => {
    const v1 = await newVersion('b');
    const v2 = await newVersion('c');
    await alias('PROD', [{ stateMachineVersionArn: v1, weight: 100 }]);
    await expectRefused(fake, () => alias('PROD', [{ stateMachineVersionArn: v2, weight: 100 }]), 'ConflictException');
  });

  test('an all-digit alias name is InvalidName', async () => {
    const v1 = await newVersion('b');
    await expectRefused(fake, () => alias('42', [{ stateMachineVersionArn: v1, weight: 100 }]), 'InvalidName');
  });

  test('an alias name with other characters is InvalidName', async () => {
    const v1 = await newVersion('b');
    await expectRefused(fake, () => alias('prod:1', [{ stateMachineVersionArn: v1, weight: 100 }]), 'InvalidName');
  });

  test('weights that do not sum to 100 are ValidationException', async () => {
    const v1 = await newVersion('b');
    const v2 = await newVersion('c');
    await expectRefused(fake, () => alias('PROD', [{ stateMachineVersionArn: v1, weight: 50 }, { stateMachineVersionArn: v2, weight: 40 }]), 'ValidationException');
  });

  test('three routing entries are ValidationException', async () => {
    const [v1, v2, v3] = [await newVersion('b'), await newVersion('c'), await newVersion('d')];
    await expectRefused(fake, () => alias('PROD', [{ stateMachineVersionArn: v1, weight: 34 }, { stateMachineVersionArn: v2, weight: 33 }, { stateMachineVersionArn: v3, weight: 33 }]), 'ValidationException');
  });

  test('a weight over 100 is ValidationException', async () => {
    const v1 = await newVersion('b');
    await expectRefused(fake, () => alias('PROD', [{ stateMachineVersionArn: v1, weight: 101 }]), 'ValidationException');
  });

  test('the same version twice is ValidationException', async () => {
    const v1 = await newVersion('b');
    await expectRefused(fake, () => alias('PROD', [{ stateMachineVersionArn: v1, weight: 50 }, { stateMachineVersionArn: v1, weight: 50 }]), 'ValidationException');
  });

  test('versions of two machines are ValidationException', async () => {
    const v1 = await newVersion('b');
    await sfn.send(new CreateStateMachineCommand({ name: 'other', definition: definition(), roleArn: ROLE, publish: true }));
    await expectRefused(fake, () => alias('PROD', [{ stateMachineVersionArn: v1, weight: 50 }, { stateMachineVersionArn: `${OTHER}:1`, weight: 50 }]), 'ValidationException');
  });

  test('an unqualified ARN in routing is ValidationException', async () => {
    await expectRefused(fake, () => alias('PROD', [{ stateMachineVersionArn: ARN, weight: 100 }]), 'ValidationException');
  });

  test('a version that does not exist is ResourceNotFound', async () => {
    await expectRefused(fake, () => alias('PROD', [{ stateMachineVersionArn: `${ARN}:9`, weight: 100 }]), 'ResourceNotFound');
  });

  test('the 101st alias is ServiceQuotaExceededException', async () => {
    const v1 = await newVersion('b');
    for (let i = 0; i < 100; i++) await alias(`a${i}`, [{ stateMachineVersionArn: v1, weight: 100 }]);
    const error = await expectRefused(fake, () => alias('a100', [{ stateMachineVersionArn: v1, weight: 100 }]), 'ServiceQuotaExceededException');
    expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(402);
  });

  test('listing the aliases of an unknown machine is StateMachineDoesNotExist', async () => {
    await expectRefused(fake, () => sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: OTHER })), 'StateMachineDoesNotExist');
  });

  test('routing an alias to a version of another machine on update is ValidationException', async () => {
    const v1 = await newVersion('b');
    await alias('PROD', [{ stateMachineVersionArn: v1, weight: 100 }]);
    await sfn.send(new CreateStateMachineCommand({ name: 'other', definition: definition(), roleArn: ROLE, publish: true }));
    await expectRefused(fake, () => sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${ARN}:PROD`, routingConfiguration: [{ stateMachineVersionArn: `${OTHER}:1`, weight: 100 }] })), 'ValidationException');
  });

  test('an update with neither description nor routing is ValidationException', async () => {
    const v1 = await newVersion('b');
    await alias('PROD', [{ stateMachineVersionArn: v1, weight: 100 }]);
    await expectRefused(fake, () => sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${ARN}:PROD` })), 'ValidationException');
  });

  test('updating an unknown alias is ResourceNotFound', async () => {
    await expectRefused(fake, () => sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${ARN}:nope`, description: 'x' })), 'ResourceNotFound');
  });

  test('describing an unknown alias is ResourceNotFound', async () => {
    await expectRefused(fake, () => sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${ARN}:nope` })), 'ResourceNotFound');
  });

  test('deleting an unknown alias is ResourceNotFound', async () => {
    await expectRefused(fake, () => sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${ARN}:nope` })), 'ResourceNotFound');
  });

  test('deleting the machine deletes its aliases and versions', async () => {
    const v1 = await newVersion('b');
    await alias('PROD', [{ stateMachineVersionArn: v1, weight: 100 }]);
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: ARN }));
    await sfn.send(new CreateStateMachineCommand({ name: 'orders', definition: definition(), roleArn: ROLE }));
    expect(fake.snapshot().machines[0]).toMatchObject({ versions: [], aliases: [] });
  });
});
