/**
 * Change-proposal review board: five reviewer agents (security, legal, finance, privacy, operations) each vote
 * on a proposed change to a product or process. The proposal passes when at least 60% of them (3 of 5)
 * approve. Accepted proposals are announced on the governance event bus, where the implementation and audit
 * tooling subscribe; rejected ones go back to the author with every reviewer's reasoning.
 *
 * The vote is one step: the reviewers answer in parallel (one branch each) with a `Ballot`, and the tally is
 * computed in the state machine, so no agent sees another's vote before casting its own. A threshold rule
 * rather than unanimity keeps one overly cautious reviewer from blocking every change.
 */
import { agent, Ballot, events, sns, text, when, workflow } from '@agentflow/dsl';
import { z } from 'zod';

const reviewer = (name: string, agentName: string) =>
  agent(name, { agentName, alias: 'live', output: Ballot, timeout: { minutes: 5 } });

export const reviewers = [
  reviewer('security', 'security-reviewer'),
  reviewer('legal', 'legal-reviewer'),
  reviewer('finance', 'finance-reviewer'),
  reviewer('privacy', 'privacy-reviewer'),
  reviewer('operations', 'operations-reviewer'),
];

export default workflow(
  'voting',
  {
    input: z.object({
      proposalId: z.string().regex(/^CP-\d{4,8}$/).max(11),
      title: z.string().max(200),
      description: z.string().max(20_000),
      author: z.string().email().max(254),
      impact: z.enum(['low', 'medium', 'high']),
    }),
    timeout: { minutes: 30 },
    comment: 'Five reviewer agents vote on a change proposal; 60% approval announces it, otherwise the author is told why.',
  },
  (flow) => {
    const p = flow.input;
    const tally = flow.vote('review-board', {
      voters: reviewers,
      proposal: text`You are on the change review board. Vote approve or reject on this ${p.impact}-impact proposal from
your area of expertise only, and explain your vote in a few sentences.

${p.proposalId}: ${p.title}

${p.description}`,
      rule: { threshold: 0.6 },
    });

    flow.choice(
      'outcome',
      [
        when(tally.approved, (f) => {
          f.task(
            'announce-approval',
            events.putEvents({
              entries: [
                {
                  bus: 'governance',
                  source: 'agentflow.change-review-board',
                  detailType: 'ChangeProposalApproved',
                  detail: { proposalId: p.proposalId, title: p.title, author: p.author, approvals: tally.approvals, ballots: tally.ballots },
                },
              ],
            }),
          );
        }),
      ],
      {
        otherwise: (f) => {
          f.task(
            'notify-author',
            sns.publish({
              topic: 'proposal-authors',
              subject: text`Change proposal ${p.proposalId} was not approved`,
              message: {
                proposalId: p.proposalId,
                author: p.author,
                decision: 'rejected',
                approvals: tally.approvals,
                rejections: tally.rejections,
                ballots: tally.ballots,
              },
            }),
          );
        },
      },
    );

    return { proposalId: p.proposalId, approved: tally.approved, approvals: tally.approvals, rejections: tally.rejections };
  },
);
