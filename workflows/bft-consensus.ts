/**
 * High-value payout approval with Byzantine fault tolerance: four independent validator agents (each on a
 * different foundation model and prompt, so one hallucinating or compromised model cannot sway the outcome)
 * vote on releasing a payout. With n = 4 = 3f + 1 validators the vote tolerates f = 1 faulty one: it decides
 * only when 2f + 1 = 3 validators agree, either way.
 *
 * Three outcomes, so the Choice checks `decided` before `approved`:
 *   - 3 or 4 approvals: commit the decision to the payout ledger table (the payment system releases from there);
 *   - 3 or 4 rejections: record the rejection and tell payment operations;
 *   - a 2-2 split: no consensus; the execution fails so the payout stays on hold and the failure alarm pages
 *     a human. A split means the validators disagree about facts, which no retry of the same vote fixes.
 */
import { agent, and, Ballot, dynamodb, eq, sns, text, when, workflow } from '@agentflow/dsl';
import { z } from 'zod';

const validator = (name: string, agentName: string) =>
  agent(name, { agentName, alias: 'live', output: Ballot, timeout: { minutes: 3 } });

export const validators = [
  validator('validator-a', 'payout-validator-a'),
  validator('validator-b', 'payout-validator-b'),
  validator('validator-c', 'payout-validator-c'),
  validator('validator-d', 'payout-validator-d'),
];

export default workflow(
  'bft-consensus',
  {
    input: z.object({
      payoutId: z.string().uuid().max(36),
      beneficiary: z.object({
        name: z.string().max(200),
        iban: z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/).max(34),
        country: z.string().length(2),
      }),
      amountMinor: z.number().int().min(1).max(1_000_000_000_00),
      currency: z.enum(['USD', 'EUR', 'GBP', 'CHF']),
      reason: z.string().max(1000),
      requestedBy: z.string().max(254),
    }),
    timeout: { minutes: 15 },
    comment: 'Four validator agents vote on a payout; BFT rule (f = 1) commits, rejects, or fails on no consensus.',
  },
  (flow) => {
    const payout = flow.input;
    const tally = flow.vote('validate-payout', {
      voters: validators,
      proposal: text`Decide whether to release payout ${payout.payoutId}. Check the beneficiary against the sanctions and
fraud tools you have, the amount against the requester's limits, and the reason against the payout policy.
Approve only if every check passes; otherwise reject and say which check failed.

Beneficiary: ${payout.beneficiary.name}, ${payout.beneficiary.iban} (${payout.beneficiary.country})
Amount: ${payout.amountMinor} minor units of ${payout.currency}
Requested by: ${payout.requestedBy}
Reason: ${payout.reason}`,
      rule: { bft: { f: 1 } },
    });

    // The ledger row is the same for both decisions; the ballots are kept (as JSON text) for the audit trail.
    const decisionItem = (decision: 'approved' | 'rejected') => ({
      payoutId: { S: payout.payoutId },
      decision: { S: decision },
      approvals: { N: text`${tally.approvals}` },
      rejections: { N: text`${tally.rejections}` },
      amountMinor: { N: text`${payout.amountMinor}` },
      currency: { S: payout.currency },
      executionId: { S: flow.execution.id },
      ballots: { S: text`${tally.ballots}` },
    });

    flow.choice(
      'consensus',
      [
        when(and(eq(tally.decided, true), eq(tally.approved, true)), (f) => {
          f.task(
            'commit-payout',
            dynamodb.putItem({
              table: 'payout-decisions',
              item: decisionItem('approved'),
            }),
          );
        }),
        when(eq(tally.decided, true), (f) => {
          f.task(
            'record-rejection',
            dynamodb.putItem({
              table: 'payout-decisions',
              item: decisionItem('rejected'),
            }),
          );
          f.task(
            'notify-rejection',
            sns.publish({
              topic: 'payout-operations',
              subject: text`Payout ${payout.payoutId} rejected by validators`,
              message: { payoutId: payout.payoutId, requestedBy: payout.requestedBy, rejections: tally.rejections, ballots: tally.ballots },
            }),
          );
        }),
      ],
      {
        otherwise: {
          fail: {
            error: 'Payout.NoConsensus',
            cause: 'The validators split 2-2, short of the 3 matching votes BFT (f = 1) needs; the payout stays on hold for manual review.',
          },
        },
      },
    );

    return { payoutId: payout.payoutId, approved: tally.approved, approvals: tally.approvals, rejections: tally.rejections };
  },
);
