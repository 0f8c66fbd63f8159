import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSettings, diffTags, isEmptyTagChanges, type FieldChange, type MachineSettings } from '../../src/index.js';

const ROLE = 'arn:aws:iam::111122223333:role/agentflow-research';
const LOGS = 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/states/research:*';
const base: MachineSettings = { roleArn: ROLE, logging: { level: 'ERROR', includeExecutionData: false }, tracing: false };

describe('diffSettings', () => {
  it('lists what a new machine gets, by pointer, when there is no machine yet', () => {
    expect(diffSettings(undefined, { ...base, logging: { ...base.logging, logGroupArn: LOGS }, kmsKeyId: 'alias/agentflow' })).toEqual([
      { pointer: '/roleArn', kind: 'added', after: ROLE },
      { pointer: '/logging/level', kind: 'added', after: 'ERROR' },
      { pointer: '/logging/includeExecutionData', kind: 'added', after: false },
      { pointer: '/logging/logGroupArn', kind: 'added', after: LOGS },
      { pointer: '/tracing', kind: 'added', after: false },
      { pointer: '/kmsKeyId', kind: 'added', after: 'alias/agentflow' },
    ]);
  });

  it('finds each changed, added and removed setting and nothing else', () => {
    expect(diffSettings(base, base)).toEqual([]);
    const after: MachineSettings = { roleArn: `${ROLE}-2`, logging: { level: 'ALL', includeExecutionData: true, logGroupArn: LOGS }, tracing: true };
    expect(diffSettings({ ...base, kmsKeyId: 'alias/old' }, after)).toEqual([
      { pointer: '/roleArn', kind: 'changed', before: ROLE, after: `${ROLE}-2` },
      { pointer: '/logging/level', kind: 'changed', before: 'ERROR', after: 'ALL' },
      { pointer: '/logging/includeExecutionData', kind: 'changed', before: false, after: true },
      { pointer: '/logging/logGroupArn', kind: 'added', after: LOGS },
      { pointer: '/tracing', kind: 'changed', before: false, after: true },
      { pointer: '/kmsKeyId', kind: 'removed', before: 'alias/old' },
    ]);
  });

  it('is symmetric: swapping the sides swaps before and after', () => {
    const settings = fc.record({
      roleArn: fc.constantFrom(ROLE, `${ROLE}-2`),
      logging: fc.record(
        { level: fc.constantFrom('ALL', 'ERROR', 'FATAL', 'OFF'), includeExecutionData: fc.boolean(), logGroupArn: fc.constantFrom(LOGS, `${LOGS}x`) },
        { requiredKeys: ['level', 'includeExecutionData'] },
      ),
      tracing: fc.boolean(),
      kmsKeyId: fc.constantFrom('alias/a', 'alias/b'),
    }, { requiredKeys: ['roleArn', 'logging', 'tracing'] }) as fc.Arbitrary<MachineSettings>;
    const flip = (c: FieldChange): FieldChange => ({
      pointer: c.pointer,
      kind: c.kind === 'added' ? 'removed' : c.kind === 'removed' ? 'added' : 'changed',
      ...(c.after === undefined ? {} : { before: c.after }),
      ...(c.before === undefined ? {} : { after: c.before }),
    });
    fc.assert(
      fc.property(settings, settings, (a, b) => {
        expect(diffSettings(a, a)).toEqual([]);
        expect(diffSettings(b, a)).toEqual(diffSettings(a, b).map(flip));
      }),
    );
  });
});

describe('diffTags', () => {
  it('finds added, changed and removed tags, keys in code-point order', () => {
    const tags = diffTags({ env: 'dev', owner: 'ana', Zeta: '1' }, { team: 'research', env: 'prod', Zeta: '1', Alpha: '2' });
    expect(tags).toEqual({ added: { Alpha: '2', team: 'research' }, changed: { env: { before: 'dev', after: 'prod' } }, removed: ['owner'] });
    expect(Object.keys(tags.added)).toEqual(['Alpha', 'team']);
    expect(isEmptyTagChanges(tags)).toBe(false);
  });

  it('never removes or reports the tags AWS set (aws: prefix)', () => {
    const tags = diffTags({ 'aws:cloudformation:stack-name': 'old', env: 'prod' }, { env: 'prod' });
    expect(tags).toEqual({ added: {}, changed: {}, removed: [] });
    expect(isEmptyTagChanges(tags)).toBe(true);
  });

  it('is symmetric for tags of our own, and empty against itself', () => {
    const tagMap = fc.dictionary(fc.constantFrom('env', 'team', 'owner', 'cost', 'aws:stack'), fc.constantFrom('a', 'b', ''));
    fc.assert(
      fc.property(tagMap, tagMap, (a, b) => {
        expect(isEmptyTagChanges(diffTags(a, a))).toBe(true);
        const forward = diffTags(a, b);
        const backward = diffTags(b, a);
        expect(Object.keys(backward.added)).toEqual(forward.removed);
        expect(backward.removed).toEqual(Object.keys(forward.added));
        expect(Object.entries(backward.changed).map(([k, c]) => [k, c.after, c.before])).toEqual(
          Object.entries(forward.changed).map(([k, c]) => [k, c.before, c.after]),
        );
        for (const key of [...Object.keys(forward.added), ...Object.keys(forward.changed), ...forward.removed]) expect(key.startsWith('aws:')).toBe(false);
      }),
    );
  });
});
