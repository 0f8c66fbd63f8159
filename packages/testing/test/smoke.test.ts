import { describe, expect, it } from 'vitest';
import { simulate } from '@agentflow/testing';
import researchReport from '../../../workflows/research-report.js';

describe('smoke', () => {
  it('runs research-report', async () => {
    const run = await simulate(researchReport, {
      input: { topic: 'tides' },
      agents: {
        search: [{ sources: [{ url: 'https://a.example/x', title: 'A' }, { url: 'https://b.example/y', title: 'B' }] }],
        summarize: [(req) => ({ url: 'u', summary: 'sum of ' + req.prompt })],
        'write-draft': [{ title: 'T', body: 'B' }],
        'revise-draft': [{ title: 'T2', body: 'B2' }],
      },
      approvals: { 'approve-draft': [{ approved: false, comments: 'more' }, { approved: true }] },
      tasks: { publish: [{ Entries: [{ EventId: '1' }], FailedEntryCount: 0 }] },
    });
    console.log(run.status, run.error, run.cause, run.output, run.transitions, run.durationSeconds);
    console.log(run.trace.map((t) => `${t.scope.join('/')}/${t.state} ${t.error ?? ''}`).join('\n'));
    expect(run.status).toBe('SUCCEEDED');
  });
});
