/**
 * Research report: a search agent finds sources, a summary agent reads each one (at most 10 at a time to stay
 * under Bedrock quotas), a writer drafts the report, and a human approves it. A rejection sends the draft and
 * the reviewer's comments to a reviser and back for approval, at most three rounds. Approved reports are
 * announced on EventBridge.
 */
import { agent, events, text, workflow } from '@agentflow/dsl';
import { z } from 'zod';

const Source = z.object({
  url: z.string().url().max(2048),
  title: z.string().max(300),
});

export const search = agent('search', {
  agentName: 'research-search',
  alias: 'live',
  output: z.object({ sources: z.array(Source).max(25) }),
  maxOutputBytes: 64_000,
  timeout: { minutes: 5 },
});

export const summarize = agent('summarize', {
  agentName: 'research-summary',
  alias: 'live',
  output: z.object({ url: z.string().max(2048), summary: z.string().max(4000) }),
  timeout: { minutes: 5 },
});

const Report = z.object({ title: z.string().max(300), body: z.string().max(60_000) });

export const writer = agent('write-draft', {
  agentName: 'report-writer',
  alias: 'live',
  output: Report,
  timeout: { minutes: 10 },
});

export const reviser = agent('revise-draft', {
  agentName: 'report-reviser',
  alias: 'live',
  output: Report,
  timeout: { minutes: 10 },
});

export default workflow(
  'research-report',
  {
    input: z.object({ topic: z.string().min(3).max(500), audience: z.string().max(200).optional() }),
    timeout: { days: 7 },
    comment: 'Search, summarize, draft, human approval with up to three revision rounds, publish.',
  },
  (flow) => {
    const found = flow.invoke(search, {
      prompt: text`Find up to 25 recent, citable sources about: ${flow.input.topic}`,
    });

    const summaries = flow.map('summarize-sources', found.sources, { maxConcurrency: 10 }, (source, f) =>
      f.invoke(summarize, { prompt: text`Summarize ${source.title} (${source.url}) in at most 300 words.` }),
    );

    const written = flow.invoke(writer, {
      prompt: text`Write a report on ${flow.input.topic} for ${flow.input.audience} from these summaries: ${summaries}`,
    });
    const draft = flow.set('draft', written);

    flow.loop('review', { maxIterations: 3 }, (round) => {
      const verdict = round.approval('approve-draft', {
        notify: 'report-reviewers',
        subject: text`Review: ${draft.title}`,
        message: text`Please review the report "${draft.title}".\n\n${draft.body}`,
        timeout: { days: 2 },
        heartbeat: { hours: 12 },
      });
      round.exitWhen(verdict.approved, { id: 'approved' });
      const revised = round.invoke(reviser, {
        prompt: text`Revise this report. Reviewer comments: ${verdict.comments}\n\nReport: ${draft}`,
      });
      round.assign('keep-revision', draft, revised);
    });

    flow.task(
      'publish',
      events.putEvents({
        entries: [{ bus: 'reports', source: 'agentflow.research-report', detailType: 'ReportApproved', detail: { topic: flow.input.topic, report: draft } }],
      }),
    );
    return { title: draft.title };
  },
);
