import { describe, expect, it } from 'vitest';
import { DeployError, countStates, diffDefinitions, isEmptyDiff, sortedJson } from '../../src/index.js';
import { fixtureDefinition } from './load-fixture.js';

const WRITE_DRAFT_PROMPT = "{% 'Write a report on ' & $input.topic & ' for ' & $input.audience & ' from these summaries: ' %}";

describe('diffDefinitions on real definitions', () => {
  it('finds nothing between a definition and its re-indented, key-sorted copy', () => {
    const before = fixtureDefinition('research-report');
    const after = JSON.parse(JSON.stringify(JSON.parse(sortedJson(before)), null, 7));
    const diff = diffDefinitions(before, after);
    expect(diff).toEqual({ top: [], added: [], removed: [], changed: [] });
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('shows a changed prompt expression as one field of its state, relative to the state', () => {
    const before = fixtureDefinition('research-report');
    const after = fixtureDefinition('research-report');
    after.States['Write Draft'].Arguments.Payload.inputParts[0] = "{% 'Write a short report on ' & $input.topic %}";
    expect(diffDefinitions(before, after)).toEqual({
      top: [],
      added: [],
      removed: [],
      changed: [
        {
          path: ['Write Draft'],
          pointer: '/States/Write Draft',
          type: 'Task',
          fields: [{ pointer: '/Arguments/Payload/inputParts/0', kind: 'changed', before: WRITE_DRAFT_PROMPT, after: "{% 'Write a short report on ' & $input.topic %}" }],
        },
      ],
    });
  });

  it('shows a renamed state as removed and added, and the states that point at it as changed', () => {
    const before = fixtureDefinition('research-report');
    const after = fixtureDefinition('research-report');
    const states = after.States;
    after.States = Object.fromEntries(Object.entries(states).map(([k, v]) => [k === 'Write Draft' ? 'Write Report' : k, v]));
    after.States['Summarize Sources'].Next = 'Write Report';
    const diff = diffDefinitions(before, after);
    expect(diff.added).toEqual([{ path: ['Write Report'], pointer: '/States/Write Report', type: 'Task' }]);
    expect(diff.removed).toEqual([{ path: ['Write Draft'], pointer: '/States/Write Draft', type: 'Task' }]);
    expect(diff.changed).toEqual([
      { path: ['Summarize Sources'], pointer: '/States/Summarize Sources', type: 'Map', fields: [{ pointer: '/Next', kind: 'changed', before: 'Write Draft', after: 'Write Report' }] },
    ]);
    expect(diff.top).toEqual([]);
  });

  it('shows an added retrier as one added field at its index, and changed retrier fields by index', () => {
    const before = fixtureDefinition('research-report');
    const after = fixtureDefinition('research-report');
    const retrier = { ErrorEquals: ['States.Timeout'], MaxAttempts: 2 };
    after.States['Search'].Retry.push(retrier);
    after.States['Search'].Retry[0].MaxAttempts = 3;
    const [search] = diffDefinitions(before, after).changed;
    expect(search?.fields).toEqual([
      { pointer: '/Retry/0/MaxAttempts', kind: 'changed', before: 6, after: 3 },
      { pointer: '/Retry/2', kind: 'added', after: retrier },
    ]);
    // And the other way round: the retrier is removed.
    expect(diffDefinitions(after, before).changed[0]?.fields[1]).toEqual({ pointer: '/Retry/2', kind: 'removed', before: retrier });
  });

  it('names a changed state inside a Map by its path, and does not list it as a field of the Map', () => {
    const before = fixtureDefinition('research-report');
    const after = fixtureDefinition('research-report');
    after.States['Summarize Sources'].ItemProcessor.States['Summarize'].TimeoutSeconds = 900;
    expect(diffDefinitions(before, after).changed).toEqual([
      {
        path: ['Summarize Sources', 'Summarize'],
        pointer: '/States/Summarize Sources/ItemProcessor/States/Summarize',
        type: 'Task',
        fields: [{ pointer: '/TimeoutSeconds', kind: 'changed', before: 300, after: 900 }],
      },
    ]);
  });

  it('names a state inside a Parallel branch by branch number, and shows an added branch as a field plus added states', () => {
    const before = fixtureDefinition('parallel');
    const after = fixtureDefinition('parallel');
    const branches = after.States['Vendor Checks'].Branches;
    branches[1].States['Vendor Research'].TimeoutSeconds = 1;
    branches.push({ StartAt: 'Vendor Audit', States: { 'Vendor Audit': { Type: 'Pass', End: true } } });
    const diff = diffDefinitions(before, after);
    expect(diff.added).toEqual([{ path: ['Vendor Checks', 'branch 4', 'Vendor Audit'], pointer: '/States/Vendor Checks/Branches/3/States/Vendor Audit', type: 'Pass' }]);
    expect(diff.changed.map((s) => [s.path, s.pointer, s.fields])).toEqual([
      [['Vendor Checks'], '/States/Vendor Checks', [{ pointer: '/Branches/3', kind: 'added', after: { StartAt: 'Vendor Audit' } }]],
      [
        ['Vendor Checks', 'branch 2', 'Vendor Research'],
        '/States/Vendor Checks/Branches/1/States/Vendor Research',
        [{ pointer: '/TimeoutSeconds', kind: 'changed', before: 600, after: 1 }],
      ],
    ]);
  });

  it('shows a state whose Type changed as removed and added, nested states included', () => {
    const before = fixtureDefinition('parallel');
    const after = fixtureDefinition('parallel');
    after.States['Vendor Checks'] = { Type: 'Pass', Next: 'Consolidate' };
    const diff = diffDefinitions(before, after);
    expect(diff.added).toEqual([{ path: ['Vendor Checks'], pointer: '/States/Vendor Checks', type: 'Pass' }]);
    expect(diff.removed.map((s) => s.path.join(' › '))).toEqual([
      'Vendor Checks',
      'Vendor Checks › branch 1 › Vendor Data',
      'Vendor Checks › branch 2 › Vendor Research',
      'Vendor Checks › branch 3 › Vendor Policy',
    ]);
    expect(diff.changed).toEqual([]);
  });

  it('matches a legacy Iterator with an ItemProcessor: only the Map fields differ', () => {
    const before = fixtureDefinition('research-report');
    const after = fixtureDefinition('research-report');
    const map = before.States['Summarize Sources'];
    map.Iterator = { StartAt: map.ItemProcessor.StartAt, States: map.ItemProcessor.States };
    delete map.ItemProcessor;
    const diff = diffDefinitions(before, after);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed.map((s) => [s.path, s.fields.map((f) => `${f.kind} ${f.pointer}`)])).toEqual([
      [['Summarize Sources'], ['added /ItemProcessor', 'removed /Iterator']],
    ]);
  });

  it('reports top-level fields apart from the states', () => {
    const before = fixtureDefinition('sequential');
    const after = fixtureDefinition('sequential');
    after.TimeoutSeconds = 60;
    delete after.Comment;
    expect(diffDefinitions(before, after).top).toEqual([
      { pointer: '/Comment', kind: 'removed', before: before.Comment },
      { pointer: '/TimeoutSeconds', kind: 'changed', before: before.TimeoutSeconds, after: 60 },
    ]);
  });

  it('orders added states by the new graph walk and removed ones by the old, whatever the key order of States', () => {
    const before = fixtureDefinition('research-report');
    const after = fixtureDefinition('research-report');
    // Rename every state (and every transition), with States written in reverse order.
    const rename = (name: string): string => `${name} v2`;
    const renamed = JSON.parse(JSON.stringify(after).replace(/"(Next|Default|StartAt)":"([^"]+)"/g, (_m, k: string, v: string) => `"${k}":"${rename(v)}"`));
    const mapStates = (states: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.entries(states).reverse().map(([k, v]) => [rename(k), v]));
    renamed.States = mapStates(renamed.States);
    renamed.States['Summarize Sources v2'].ItemProcessor.States = mapStates(renamed.States['Summarize Sources v2'].ItemProcessor.States);
    const diff = diffDefinitions(before, renamed);
    const walk = ['Search', 'Summarize Sources', 'Summarize Sources › Summarize', 'Write Draft', 'Approve Draft', 'Approved', 'Publish', 'Review Exhausted', 'Revise Draft'];
    expect(diff.removed.map((s) => s.path.join(' › '))).toEqual(walk);
    expect(diff.added.map((s) => s.path.join(' › '))).toEqual(walk.map((p) => p.split(' › ').map(rename).join(' › ')));
  });

  it('escapes / and ~ in state names in pointers (RFC 6901)', () => {
    const before = { StartAt: 'a/b~c', States: { 'a/b~c': { Type: 'Pass', End: true } } };
    const after = { StartAt: 'a/b~c', States: { 'a/b~c': { Type: 'Pass', End: true, Comment: 'x' } } };
    expect(diffDefinitions(before, after).changed).toEqual([
      { path: ['a/b~c'], pointer: '/States/a~1b~0c', type: 'Pass', fields: [{ pointer: '/Comment', kind: 'added', after: 'x' }] },
    ]);
  });

  it('lists unreachable states after the reachable ones, in code-point order', () => {
    const after = { StartAt: 'B', States: { Z: { Type: 'Pass', End: true }, B: { Type: 'Pass', End: true }, A: { Type: 'Pass', End: true } } };
    expect(diffDefinitions({ StartAt: 'B', States: {} }, after).added.map((s) => s.path[0])).toEqual(['B', 'A', 'Z']);
  });

  it('refuses what is not a parsed definition with a clear problem', () => {
    const fail = (value: unknown): unknown => {
      try {
        diffDefinitions(value, {});
      } catch (e) {
        return e instanceof DeployError ? e.problem : e;
      }
      return 'no error';
    };
    expect(fail('{"StartAt":"A"}')).toEqual({
      code: 'deploy-definition-not-object',
      message: 'The deployed definition is not a JSON object (it is string).',
      hint: 'Compare parsed ASL definitions: JSON.parse the definition string first.',
    });
    expect(fail(null)).toMatchObject({ message: 'The deployed definition is not a JSON object (it is null).' });
  });

  it('counts states with nested ones', () => {
    expect(countStates(fixtureDefinition('research-report'))).toBe(9);
    expect(countStates(fixtureDefinition('parallel'))).toBe(5);
  });
});
