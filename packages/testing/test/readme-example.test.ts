/** The README's vitest example, kept runnable: if this stops compiling or passing, the README is wrong. */
import { expect, it } from 'vitest';
import { reply, simulate } from '@agentflow/testing';
import researchReport, { reviser, search, summarize, writer } from '../../../workflows/research-report.js';

it('revises once after a rejection, then publishes', async () => {
  const run = await simulate(researchReport, {
    input: { topic: 'tides' },
    agents: {
      search: reply(search, { sources: [{ url: 'https://example.com/a', title: 'A' }] }),
      summarize: reply(summarize, (req) => ({ url: 'https://example.com/a', summary: req.prompt })),
      'write-draft': reply(writer, { title: 'Tides', body: 'First draft' }),
      'revise-draft': reply(reviser, { title: 'Tides', body: 'Second draft' }),
    },
    approvals: { 'approve-draft': [{ approved: false, comments: 'Cite more' }, { approved: true }] },
    tasks: { publish: [{ FailedEntryCount: 0, Entries: [{ EventId: '1' }] }] },
  });
  expect(run.status).toBe('SUCCEEDED');
  expect(run.trace.filter((t) => t.state === 'Revise Draft')).toHaveLength(1);
});
