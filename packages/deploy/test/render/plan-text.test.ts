import { describe, expect, it } from 'vitest';
import { renderPlanText, type DeployPlan, type MachinePlan } from '../../src/index.js';
import { samplePlan, unchanged, updated } from './sample-plan.js';

describe('renderPlanText', () => {
  it('renders create, update and unchanged workflows for a CI log', () => {
    expect(renderPlanText(samplePlan)).toBe(
      [
        'Environment prod (us-east-1, account 111122223333)',
        '',
        'approval  create  approval-prod',
        '  definition sha256:abcdef012345… (7 states)',
        '  role: arn:aws:iam::111122223333:role/agentflow-approval',
        '  logging level: ERROR',
        '  logging execution data: excluded',
        '  tracing: on',
        '  encryption: AWS owned key',
        '  tags: + team=research',
        '  publish a new version',
        '  alias live: (new alias) → new version 100%',
        '',
        'research-report  update  research-report-prod',
        '  definition sha256:1a2b3c4d5e6f… → sha256:9f8e7d6c5b4a…',
        '    /TimeoutSeconds: 3600 → 7200',
        '  states: 1 added, 1 removed, 2 changed',
        '    + Notify Reviewers (Task)',
        '    - Notify (Task)',
        '    ~ Write Draft (Task)',
        '        /Arguments/Payload/prompt',
        "          - {% 'Write about ' & $topic %}",
        "          + {% 'Write a report about ' & $topic %}",
        '        /Retry/2 (added): {"ErrorEquals":["States.Timeout"],"MaxAttempts":2}',
        '        /TimeoutSeconds: 300 → 600',
        '    ~ Summarize Sources › Summarize (Task)',
        '        /Arguments/Payload/inputText',
        "          - {% 'Summar … put.value.url & ') in at most [-300-] words, citing the source.' %}",
        "          + {% 'Summar … put.value.url & ') in at most {+200+} words, citing the source.' %}",
        '  logging level: ERROR → ALL',
        '  tags: + team=research, ~ env dev → prod, - owner',
        '  publish a new version',
        '  alias live: v3 100% → new 10% / v3 90%',
        '  prune versions 1, 2',
        '  warning: 980 of 1,000 versions used; raise --keep pruning or delete old versions.',
        '',
        'sequential  unchanged  sequential-prod',
        '',
        '3 workflows: 1 to create, 1 to update, 1 unchanged',
        '',
      ].join('\n'),
    );
  });

  it('uses ANSI colour only when asked', () => {
    expect(renderPlanText(samplePlan)).not.toContain('\u001b');
    const coloured = renderPlanText({ ...samplePlan, machines: [unchanged] }, { color: true });
    expect(coloured.split('\n')[2]).toBe('\u001b[1msequential\u001b[0m  \u001b[2munchanged\u001b[0m  sequential-prod');
  });

  it('shows a multi-line expression as a line diff with one line of context and the rest counted', () => {
    const before = ['{%', '  $a := 1;', '  $b := 2;', '  $c := 3;', '  $d := 4;', '  $a + $b', '%}'].join('\n');
    const after = before.replace('$a + $b', '$a * $b');
    const machine: MachinePlan = {
      ...updated,
      definition: {
        top: [],
        added: [],
        removed: [],
        changed: [{ path: ['Sum'], pointer: '/States/Sum', type: 'Pass', fields: [{ pointer: '/Output', kind: 'changed', before, after }] }],
      },
      settings: [],
      tags: { added: {}, changed: {}, removed: [] },
      alias: undefined,
      prune: [],
      warnings: [],
      publish: false,
    } as MachinePlan;
    const lines = renderPlanText({ ...samplePlan, machines: [machine] }).split('\n');
    expect(lines.slice(5, 12)).toEqual([
      '    ~ Sum (Pass)',
      '        /Output',
      '            … 4 unchanged lines',
      '              $d := 4;',
      '          -   $a + $b',
      '          +   $a * $b',
      '            %}',
    ]);
  });

  it('shows no definition line for an update of settings alone', () => {
    const machine: MachinePlan = {
      ...unchanged,
      action: 'update',
      definition: { top: [], added: [], removed: [], changed: [] },
      settings: [
        { pointer: '/tracing', kind: 'changed', before: false, after: true },
        { pointer: '/kmsKeyId', kind: 'added', after: 'arn:aws:kms:us-east-1:111122223333:key/k1' },
      ],
      publish: true,
    };
    expect(renderPlanText({ ...samplePlan, machines: [machine] })).toBe(
      [
        'Environment prod (us-east-1, account 111122223333)',
        '',
        'sequential  update  sequential-prod',
        '  tracing: off → on',
        '  encryption: AWS owned key → customer managed key arn:aws:kms:us-east-1:111122223333:key/k1',
        '  publish a new version',
        '',
        '1 workflow: 0 to create, 1 to update, 0 unchanged',
        '',
      ].join('\n'),
    );
  });

  it('cuts a long JSON value and says how much was cut', () => {
    const machine = {
      ...updated,
      definition: {
        top: [{ pointer: '/Comment', kind: 'changed', before: 'short', after: 'y'.repeat(200) }],
        added: [],
        removed: [],
        changed: [],
      },
    } as MachinePlan;
    const lines = renderPlanText({ ...samplePlan, machines: [machine] }).split('\n');
    expect(lines[4]).toBe(`    /Comment: "short" → "${'y'.repeat(79)}… (+122 chars)`);
  });
});

describe('terminal safety of names from a definition or AWS', () => {
  it('escapes ESC, bidi overrides and line breaks in state names, pointers, tags and warnings', () => {
    const hostile = 'Bad\u001b[31m|Name\u202e\n';
    const plan: DeployPlan = {
      ...samplePlan,
      machines: [
        {
          ...unchanged,
          action: 'update',
          definition: {
            top: [],
            added: [{ path: [hostile], pointer: '/States/x', type: 'Task' }],
            removed: [],
            changed: [{ path: ['S'], pointer: '/States/S', type: 'Pass', fields: [{ pointer: `/${hostile}`, kind: 'changed', before: 1, after: hostile }] }],
          },
          tags: { added: { [hostile]: hostile }, changed: {}, removed: [] },
          warnings: [hostile],
        },
      ],
    };
    const text = renderPlanText(plan);
    expect(text).not.toMatch(/[\u001b\u202e]/u);
    const safe = 'Bad\\u{1b}[31m|Name\\u{202e}\\n';
    expect(text).toContain(`    + ${safe} (Task)`);
    expect(text).toContain(`        /${safe}: 1 → "Bad\\u001b[31m|Name\\u{202e}\\n"`);
    expect(text).toContain(`  tags: + ${safe}=${safe}`);
    expect(text).toContain(`  warning: ${safe}`);
  });
});
