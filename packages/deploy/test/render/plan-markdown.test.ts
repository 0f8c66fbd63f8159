import { describe, expect, it } from 'vitest';
import { renderPlanMarkdown, type DeployPlan } from '../../src/index.js';
import { samplePlan, unchanged, updated } from './sample-plan.js';

describe('renderPlanMarkdown', () => {
  it('renders a summary table and a section per changing workflow, long field lists folded', () => {
    expect(renderPlanMarkdown(samplePlan)).toBe(
      [
        '## Deploy plan: prod',
        '',
        'Region `us-east-1`, account `111122223333`. 3 workflows: 1 to create, 1 to update, 1 unchanged.',
        '',
        '| Workflow | Action | State machine | Changes |',
        '| --- | --- | --- | --- |',
        '| approval | **create** | approval-prod | new state machine, 7 states |',
        '| research-report | **update** | research-report-prod | states 1 added, 1 removed, 2 changed; logging level; tags; alias live; prune versions 1, 2 |',
        '| sequential | unchanged | sequential-prod | none |',
        '',
        '### approval: create',
        '',
        '- State machine `approval-prod`, definition `sha256:abcdef012345…` (7 states)',
        '- Role: `arn:aws:iam::111122223333:role/agentflow-approval`',
        '- Logging level: `ERROR`',
        '- Logging execution data: `excluded`',
        '- Tracing: `on`',
        '- Encryption: `AWS owned key`',
        '- Tags: added `team=research`',
        '- Publishes a new version',
        '- Alias `live`: (new alias) → new version 100%',
        '',
        '### research-report: update',
        '',
        '- Definition `sha256:1a2b3c4d5e6f…` → `sha256:9f8e7d6c5b4a…`',
        '- Definition fields:',
        '  - `/TimeoutSeconds`: `3600` → `7200`',
        '- States: 1 added, 1 removed, 2 changed',
        '  - added: Notify Reviewers (Task)',
        '  - removed: Notify (Task)',
        '  - changed: Write Draft (Task)',
        '  - changed: Summarize Sources › Summarize (Task)',
        '- Logging level: `ERROR` → `ALL`',
        '- Tags: added `team=research`, changed `env` `dev` → `prod`, removed `owner`',
        '- Publishes a new version',
        '- Alias `live`: v3 100% → new 10% / v3 90%',
        '- Prunes versions 1, 2',
        '- **Warning:** 980 of 1,000 versions used; raise --keep pruning or delete old versions.',
        '',
        '<details><summary>Fields of 2 changed states</summary>',
        '',
        '**Write Draft (Task)**',
        '',
        '- `/Arguments/Payload/prompt`:',
        '',
        '  ```diff',
        "  - {% 'Write about ' & $topic %}",
        "  + {% 'Write a report about ' & $topic %}",
        '  ```',
        '',
        '- `/Retry/2` (added): `{"ErrorEquals":["States.Timeout"],"MaxAttempts":2}`',
        '- `/TimeoutSeconds`: `300` → `600`',
        '',
        '**Summarize Sources › Summarize (Task)**',
        '',
        '- `/Arguments/Payload/inputText`:',
        '',
        '  ```diff',
        "  - {% 'Summarize ' & $states.input.value.title & ' (' & $states.input.value.url & ') in at most 300 words, citing the source.' %}",
        "  + {% 'Summarize ' & $states.input.value.title & ' (' & $states.input.value.url & ') in at most 200 words, citing the source.' %}",
        '  ```',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  it('shows a short field list unfolded and no section for an unchanged workflow', () => {
    const small = { ...updated, definition: { ...updated.definition!, changed: updated.definition!.changed.slice(1) } };
    const md = renderPlanMarkdown({ ...samplePlan, machines: [small, unchanged] });
    expect(md).not.toContain('<details>');
    expect(md).not.toContain('### sequential');
    expect(md.split('\n').slice(-9).join('\n')).toBe(
      [
        '**Summarize Sources › Summarize (Task)**',
        '',
        '- `/Arguments/Payload/inputText`:',
        '',
        '  ```diff',
        "  - {% 'Summarize ' & $states.input.value.title & ' (' & $states.input.value.url & ') in at most 300 words, citing the source.' %}",
        "  + {% 'Summarize ' & $states.input.value.title & ' (' & $states.input.value.url & ') in at most 200 words, citing the source.' %}",
        '  ```',
        '',
      ].join('\n'),
    );
  });

  it('escapes what Markdown or a terminal would interpret in names, and fences code that holds backticks', () => {
    const hostile = 'Bad\u001b[31m|Name`<b>*x*_';
    const plan: DeployPlan = {
      ...samplePlan,
      machines: [
        {
          ...unchanged,
          workflow: hostile,
          action: 'update',
          definition: {
            top: [],
            added: [{ path: [hostile], pointer: '/States/x', type: 'Task' }],
            removed: [],
            changed: [{ path: ['S'], pointer: '/States/S', type: 'Pass', fields: [{ pointer: '/Output', kind: 'changed', before: '{% `a` %}', after: '{% ```b``` \u202e %}' }] }],
          },
          tags: { added: { [hostile]: 'v' }, changed: {}, removed: [] },
        },
      ],
    };
    const md = renderPlanMarkdown(plan);
    expect(md).not.toMatch(/[\u001b\u202e]/u);
    const inline = 'Bad\\\\u{1b}\\[31m\\|Name\\`&lt;b&gt;\\*x\\*\\_';
    expect(md).toContain(`| ${inline} | **update** | sequential-prod | states 1 added, 0 removed, 1 changed; tags |`);
    expect(md).toContain(`### ${inline}: update`);
    expect(md).toContain(`  - added: ${inline} (Task)`);
    expect(md).toContain('- Tags: added ``Bad\\u{1b}[31m|Name`<b>*x*_=v``');
    expect(md).toContain(['  ````diff', '  - {% `a` %}', '  + {% ```b``` \\u{202e} %}', '  ````'].join('\n'));
  });
});
