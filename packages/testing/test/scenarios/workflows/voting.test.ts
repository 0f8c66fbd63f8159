import { describe, expect, it } from 'vitest';
import type { Ballot } from '@agentflow/dsl';
import { failWith, maximalAnswer, reply, simulate, type AgentMocks, type AgentRequest, type Json, type MockContext, type SimulationResult, largestPayload } from '@agentflow/testing';
import voting, { reviewers } from '../../../../../workflows/voting.js';

const LIMIT = 262_144;
// What the largest value of a maximal run reaches (a voter's request carrying the 20,000-character description), so a shrunken answer cannot pass.
const FLOOR = { escapes: 120_000, cjk: 60_000, quotes: 40_000 };

type Input = NonNullable<(typeof voting)['__input']>;

const VOTERS = ['security', 'legal', 'finance', 'privacy', 'operations'] as const;
type Voter = (typeof VOTERS)[number];
type Cast = Ballot | ((req: AgentRequest, ctx: MockContext) => Ballot | Promise<Ballot>);

const INPUT: Input = {
  proposalId: 'CP-2041',
  title: 'Rotate API keys every 30 days',
  description: 'All service API keys are rotated automatically every 30 days instead of yearly.',
  author: 'dana@example.com',
  impact: 'medium',
};

const PROMPT =
  'You are on the change review board. Vote approve or reject on this medium-impact proposal from\n' +
  'your area of expertise only, and explain your vote in a few sentences.\n\n' +
  'CP-2041: Rotate API keys every 30 days\n\n' +
  'All service API keys are rotated automatically every 30 days instead of yearly.';

const EVENT_RESULT = { Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 };
const SNS_RESULT = { MessageId: 'm-1' };

/** Fails the voter the way a Lambda service fault does: retried 6 times by the compiled retrier, then caught. */
const serviceFault = () => {
  throw failWith('Lambda.ServiceException', 'Lambda is unavailable');
};

/** Choice rules taken by any scenario of this file, checked at the end. */
const taken = new Set<string>();

interface Board {
  readonly run: SimulationResult;
  readonly requests: Map<Voter, AgentRequest[]>;
  readonly announced: Json[];
  readonly notified: Json[];
}

/** Runs the board with one cast per voter (a ballot, or a function answering or failing). */
async function vote(casts: Record<Voter, Cast>, input: Input = INPUT): Promise<Board> {
  const requests = new Map<Voter, AgentRequest[]>(VOTERS.map((v) => [v, []]));
  const agents: AgentMocks = Object.fromEntries(
    VOTERS.map((voter, i) => {
      const cast = casts[voter];
      return [
        `review-board-${voter}`,
        reply(reviewers[i]!, (req, ctx) => {
          requests.get(voter)!.push(req);
          return typeof cast === 'function' ? cast(req, ctx) : cast;
        }),
      ];
    }),
  );
  const announced: Json[] = [];
  const notified: Json[] = [];
  const run = await simulate(voting, {
    input,
    agents,
    tasks: {
      'announce-approval': (args) => (announced.push(args), EVENT_RESULT),
      'notify-author': (args) => (notified.push(args), SNS_RESULT),
    },
  });
  for (const key of Object.keys(run.coverage.choiceRules)) taken.add(key);
  return { run, requests, announced, notified };
}

const states = (run: SimulationResult) => run.trace.map((t) => t.state);
const VOTER_STATES = ['Review Board Security', 'Review Board Legal', 'Review Board Finance', 'Review Board Privacy', 'Review Board Operations'];

describe('voting: change review board (5 voters, 60% threshold)', () => {
  it('announces a proposal 3 of 5 reviewers approve', async () => {
    const { run, requests, announced, notified } = await vote({
      security: { vote: 'approve', reasoning: 'Shorter key lifetime limits exposure.' },
      legal: { vote: 'approve' },
      finance: { vote: 'reject', reasoning: 'Rotation tooling costs more than it saves.' },
      privacy: { vote: 'approve', reasoning: 'No personal data involved.' },
      operations: { vote: 'reject', reasoning: 'Clients cache keys for 90 days.' },
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ proposalId: 'CP-2041', approved: true, approvals: 3, rejections: 2 });
    // Start, Review Board (Parallel), 5 voters, Outcome, Announce Approval, Done.
    // No Start Pass: the voters read the input from their branch's input, and the Parallel's Assign stores it.
    expect(states(run)).toEqual([...VOTER_STATES, 'Review Board', 'Outcome', 'Announce Approval', 'Done']);
    expect(run.transitions).toBe(9);
    expect(run.trace).toHaveLength(run.transitions);
    expect(run.durationSeconds).toBe(0);

    // Every voter sees the same prompt and only its own session; nobody sees another ballot.
    for (const voter of VOTERS) {
      const [req, ...more] = requests.get(voter)!;
      expect(more).toEqual([]);
      expect(req!.prompt).toBe(PROMPT);
      expect(req!.sessionId).toBe(`sim-1:review-board-${voter}`);
      expect(req!.outputSchema).toMatchObject({ properties: { vote: { enum: ['approve', 'reject'] } }, required: ['vote'] });
    }

    expect(notified).toEqual([]);
    expect(announced).toEqual([
      {
        Entries: [
          {
            EventBusName: 'arn:aws:events:us-east-1:111122223333:event-bus/agentflow-governance',
            Source: 'agentflow.change-review-board',
            DetailType: 'ChangeProposalApproved',
            Detail: {
              proposalId: 'CP-2041',
              title: 'Rotate API keys every 30 days',
              author: 'dana@example.com',
              approvals: 3,
              // In voter order; a ballot without reasoning carries none.
              ballots: [
                { voter: 'security', vote: 'approve', reasoning: 'Shorter key lifetime limits exposure.' },
                { voter: 'legal', vote: 'approve' },
                { voter: 'finance', vote: 'reject', reasoning: 'Rotation tooling costs more than it saves.' },
                { voter: 'privacy', vote: 'approve', reasoning: 'No personal data involved.' },
                { voter: 'operations', vote: 'reject', reasoning: 'Clients cache keys for 90 days.' },
              ],
            },
          },
        ],
      },
    ]);
    expect(run.coverage.choiceRules).toEqual({ 'Outcome#0': 1 });
  });

  it('announces a unanimous approval with all five counted', async () => {
    const yes = { vote: 'approve' } as const;
    const { run, announced } = await vote({ security: yes, legal: yes, finance: yes, privacy: yes, operations: yes });
    expect(run.output).toEqual({ proposalId: 'CP-2041', approved: true, approvals: 5, rejections: 0 });
    expect(announced).toHaveLength(1);
  });

  it('tells the author when only 2 of 5 approve, with every ballot', async () => {
    const { run, announced, notified } = await vote({
      security: { vote: 'reject', reasoning: 'Breaks the HSM workflow.' },
      legal: { vote: 'approve' },
      finance: { vote: 'reject' },
      privacy: { vote: 'approve' },
      operations: { vote: 'reject', reasoning: 'Too many moving parts.' },
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ proposalId: 'CP-2041', approved: false, approvals: 2, rejections: 3 });
    expect(states(run)).toEqual([...VOTER_STATES, 'Review Board', 'Outcome', 'Notify Author', 'Done']);
    expect(run.transitions).toBe(9);
    expect(announced).toEqual([]);
    expect(notified).toHaveLength(1);
    const sent = notified[0] as { TopicArn: string; Subject: string; Message: string };
    expect(sent.TopicArn).toBe('arn:aws:sns:us-east-1:111122223333:agentflow-proposal-authors');
    expect(sent.Subject).toBe('Change proposal CP-2041 was not approved');
    expect(JSON.parse(sent.Message)).toEqual({
      proposalId: 'CP-2041',
      author: 'dana@example.com',
      decision: 'rejected',
      approvals: 2,
      rejections: 3,
      ballots: [
        { voter: 'security', vote: 'reject', reasoning: 'Breaks the HSM workflow.' },
        { voter: 'legal', vote: 'approve' },
        { voter: 'finance', vote: 'reject' },
        { voter: 'privacy', vote: 'approve' },
        { voter: 'operations', vote: 'reject', reasoning: 'Too many moving parts.' },
      ],
    });
    expect(run.coverage.choiceRules).toEqual({ 'Outcome#default': 1 });
  });

  it('counts a voter that fails after its retries as an abstention, and still approves with 3 of 5', async () => {
    const { run, requests, notified, announced } = await vote({
      security: { vote: 'approve' },
      legal: serviceFault,
      finance: { vote: 'approve' },
      privacy: { vote: 'approve' },
      // Not a Lambda service error: no retry, caught at once.
      operations: () => {
        throw failWith('Agentflow.InvalidAgentOutput', 'not JSON');
      },
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ proposalId: 'CP-2041', approved: true, approvals: 3, rejections: 0 });
    // 1 attempt + 6 retries at 2, 4, 8, 16, 32, 64 s.
    expect(requests.get('legal')).toHaveLength(7);
    expect(requests.get('operations')).toHaveLength(1);
    expect(run.durationSeconds).toBe(126);
    expect(run.coverage.retriers).toEqual({ 'Review Board Legal#0': 6 });
    expect(run.coverage.catchers).toEqual({ 'Review Board Legal#0': 1, 'Review Board Operations#0': 1 });
    expect(states(run)).toContain('Review Board Legal Abstained');
    expect(states(run)).toContain('Review Board Operations Abstained');
    // 10 for the happy path, 2 abstention states, 6 billed retries.
    expect(run.transitions).toBe(17);
    expect(notified).toEqual([]);
    const detail = (announced[0] as { Entries: { Detail: { ballots: Json } }[] }).Entries[0]!.Detail;
    expect(detail.ballots).toEqual([
      { voter: 'security', vote: 'approve' },
      { voter: 'legal', vote: 'abstain', reasoning: 'The voter failed: Lambda.ServiceException' },
      { voter: 'finance', vote: 'approve' },
      { voter: 'privacy', vote: 'approve' },
      { voter: 'operations', vote: 'abstain', reasoning: 'The voter failed: Agentflow.InvalidAgentOutput' },
    ]);
  });

  it('abstains a voter that times out (5 minutes), without retrying it', async () => {
    const { run, requests, notified } = await vote({
      security: { vote: 'approve' },
      legal: { vote: 'reject' },
      finance: (_req, ctx) => ctx.never(),
      privacy: { vote: 'approve' },
      operations: { vote: 'reject' },
    });

    // 2 approvals, 2 rejections, 1 abstention: a tie short of the threshold.
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ proposalId: 'CP-2041', approved: false, approvals: 2, rejections: 2 });
    expect(requests.get('finance')).toHaveLength(1);
    expect(run.durationSeconds).toBe(300);
    expect(run.coverage.retriers).toEqual({});
    expect(JSON.parse((notified[0] as { Message: string }).Message).ballots[2]).toEqual({
      voter: 'finance',
      vote: 'abstain',
      reasoning: 'The voter failed: States.Timeout',
    });
  });

  it('rejects a 2–2 tie with one abstention: abstentions do not count towards the 60%', async () => {
    const { run, notified } = await vote({
      security: { vote: 'approve' },
      legal: { vote: 'approve' },
      finance: { vote: 'reject' },
      privacy: { vote: 'reject' },
      operations: serviceFault,
    });
    expect(run.output).toEqual({ proposalId: 'CP-2041', approved: false, approvals: 2, rejections: 2 });
    expect(JSON.parse((notified[0] as { Message: string }).Message)).toMatchObject({ approvals: 2, rejections: 2 });
    expect(states(run)).toContain('Notify Author');
  });

  it('rejects when 2 approve and 3 abstain: no rejection at all, still under the threshold', async () => {
    const { run } = await vote({ security: { vote: 'approve' }, legal: { vote: 'approve' }, finance: serviceFault, privacy: serviceFault, operations: serviceFault });
    expect(run.output).toEqual({ proposalId: 'CP-2041', approved: false, approvals: 2, rejections: 0 });
    expect(states(run)).toContain('Notify Author');
  });

  it('does not fail when every voter abstains', async () => {
    const { run, notified } = await vote({ security: serviceFault, legal: serviceFault, finance: serviceFault, privacy: serviceFault, operations: serviceFault });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ proposalId: 'CP-2041', approved: false, approvals: 0, rejections: 0 });
    // The voters retry concurrently: the longest back-off, not the sum.
    expect(run.durationSeconds).toBe(126);
    expect(JSON.parse((notified[0] as { Message: string }).Message).ballots.map((b: { vote: string }) => b.vote)).toEqual(Array(5).fill('abstain'));
  });

  describe('maximum-size proposal and ballots fit the payload limit', () => {
    // The same characters maximalAnswer fills answers with: control characters (6 JSON bytes each), CJK (3 UTF-8 bytes), quotes.
    const fills = { escapes: '\u0001\u001f\u0007', cjk: '漢字測試', quotes: '"' } as const;
    const fill = (style: keyof typeof fills, n: number) => fills[style].repeat(Math.ceil(n / fills[style].length)).slice(0, n);

    for (const style of ['escapes', 'cjk', 'quotes'] as const) {
      for (const outcome of ['approve', 'reject'] as const) {
        it(`${style} text, ${outcome === 'approve' ? 'approved' : 'rejected'}`, async () => {
          const input: Input = {
            proposalId: 'CP-12345678',
            title: fill(style, 200),
            description: fill(style, 20_000),
            author: `${'a'.repeat(242)}@example.com`,
            impact: 'medium',
          };
          const maximal = maximalAnswer(reviewers[0]!, { text: style });
          expect(maximal.reasoning).toHaveLength(2000);
          const ballot = { ...maximal, vote: outcome };
          const { run, requests, announced, notified } = await vote({ security: ballot, legal: ballot, finance: ballot, privacy: ballot, operations: ballot }, input);
          expect(run.error).toBeUndefined();
          expect(run.status).toBe('SUCCEEDED');
          expect(largestPayload(run)).toBeGreaterThan(FLOOR[style]);
          expect(largestPayload(run)).toBeLessThanOrEqual(LIMIT);
          const approved = outcome === 'approve';
          expect(run.output).toEqual({ proposalId: 'CP-12345678', approved, approvals: approved ? 5 : 0, rejections: approved ? 0 : 5 });
          expect(announced.length + notified.length).toBe(1);
          // The whole 20,000-character description reached the voters.
          expect(requests.get('security')![0]!.prompt.endsWith(input.description)).toBe(true);
        });
      }
    }
  });
  it('reports a Task’s arguments in trace maxBytes', async () => {
    const reasoning = 'Needs "more" review.';
    const { run } = await vote({ security: { vote: 'reject', reasoning }, legal: { vote: 'reject', reasoning }, finance: { vote: 'reject', reasoning }, privacy: { vote: 'reject' }, operations: { vote: 'reject' } });
    const entered = run.events.findIndex((e) => e.type === 'TaskStateEntered' && (e['stateEnteredEventDetails'] as { name: string }).name === 'Notify Author');
    const scheduled = run.events.slice(entered).find((e) => e.type === 'TaskScheduled')!['taskScheduledEventDetails'] as { parameters: string };
    const argumentBytes = Buffer.byteLength(scheduled.parameters);
    const visit = run.trace.find((t) => t.state === 'Notify Author')!;
    expect(argumentBytes).toBeGreaterThan(Buffer.byteLength(JSON.stringify(visit.input)));
    expect(visit.maxBytes).toBeGreaterThanOrEqual(argumentBytes);
  });

  // Runs last (tests in a file run in order): the scenarios above took both routes of the Outcome choice.
  it('covers every route of the Outcome choice', () => {
    expect([...taken].sort()).toEqual(['Outcome#0', 'Outcome#default']);
  });
});

