import { describe, expect, it } from 'vitest';
import { planMachine, problemFromAwsError, type DeployedMachine } from '../src/index.js';
import { asl, desired, ENV } from './deploy-harness.js';

const ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:hello';

function deployedLike(overrides: Partial<DeployedMachine> = {}): DeployedMachine {
  const d = desired('hello', 'one');
  return {
    arn: ARN,
    definition: asl('one'),
    revisionId: 'rev-1',
    settings: d.settings,
    tags: { ...d.tags },
    versions: [{ version: 1, arn: `${ARN}:1` }],
    latestRevisionVersion: 1,
    alias: { name: 'live', routes: [{ version: 1, weight: 100 }] },
    aliasedVersions: [1],
    ...overrides,
  };
}

describe('planMachine (pure)', () => {
  it('same definition re-indented and with keys reordered: unchanged', () => {
    const reordered = JSON.stringify({ States: { Hello: { End: true, Output: { value: 'one' }, Type: 'Pass' } }, StartAt: 'Hello', QueryLanguage: 'JSONata' });
    expect(planMachine(desired('hello', 'one'), deployedLike({ definition: reordered })).action).toBe('unchanged');
  });

  it('a settings change alone (tracing) publishes a new version', () => {
    const plan = planMachine(desired('hello', 'one', { ...ENV, tracing: true }), deployedLike());
    expect(plan).toMatchObject({ action: 'update', publish: true, settings: [{ pointer: '/tracing', kind: 'changed', before: false, after: true }] });
  });

  it('a tag change alone: no publish, no alias move, only tags', () => {
    const plan = planMachine(desired('hello', 'one', { ...ENV, tags: {} }), deployedLike({ tags: { team: 'research', 'aws:cloudformation:stack-name': 's' } }));
    expect(plan).toMatchObject({ action: 'update', publish: false, tags: { added: {}, changed: {}, removed: ['team'] } });
    expect(plan.alias).toBeUndefined();
  });

  it('the latest revision without a version (a run stopped after the update): publish and move the alias', () => {
    const plan = planMachine(desired('hello', 'one'), deployedLike({ latestRevisionVersion: undefined }));
    expect(plan).toMatchObject({ action: 'update', publish: true, alias: { after: [{ version: 0, weight: 100 }] } });
  });

  it('a missing alias is created', () => {
    const plan = planMachine(desired('hello', 'one'), deployedLike({ alias: undefined, aliasedVersions: [] }));
    expect(plan).toMatchObject({ action: 'update', publish: false, alias: { name: 'live', after: [{ version: 1, weight: 100 }] } });
    expect(plan.alias!.before).toBeUndefined();
  });

  it('warns from 900 versions on, against the 1,000-version quota', () => {
    const versions = Array.from({ length: 899 }, (_, i) => ({ version: 899 - i, arn: `${ARN}:${899 - i}` }));
    const plan = planMachine(desired('hello', 'two'), deployedLike({ versions, latestRevisionVersion: 899, alias: { name: 'live', routes: [{ version: 899, weight: 100 }] } }));
    expect(plan.warnings.join('\n')).toMatch(/900 of at most 1000 versions.*--keep/);
    const fewer = planMachine(desired('hello', 'two'), deployedLike({ versions: versions.slice(1), latestRevisionVersion: 898 }));
    expect(fewer.warnings).toEqual([]);
  });
});

describe('problemFromAwsError', () => {
  const where = { action: 'states:PublishStateMachineVersion', resource: ARN, endpoint: 'https://states.us-east-1.amazonaws.com' };
  it('quota, invalid definition and unknown errors', () => {
    expect(problemFromAwsError({ name: 'ServiceQuotaExceededException', message: 'too many versions' }, where)).toMatchObject({ code: 'deploy-quota', hint: expect.stringContaining('--keep') });
    expect(problemFromAwsError({ name: 'InvalidDefinition', message: 'Invalid State Machine Definition' }, where)).toMatchObject({ code: 'deploy-invalid-definition' });
    expect(problemFromAwsError({ name: 'KmsAccessDeniedException', message: 'no\nkey', $metadata: { httpStatusCode: 400 } }, where)).toMatchObject({
      code: 'aws-error',
      message: `states:PublishStateMachineVersion on ${ARN} failed: KmsAccessDeniedException (HTTP 400): no key`,
    });
  });
});
