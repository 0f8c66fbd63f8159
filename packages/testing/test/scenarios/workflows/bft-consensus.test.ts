import { describe, expect, it } from 'vitest';
import type { Ballot } from '@agentflow/dsl';
import { failWith, maximalAnswer, reply, simulate, type AgentMocks, type AgentRequest, type Json, type MockContext, type SimulationResult, largestPayload } from '@agentflow/testing';
import bftConsensus, { validators } from '../../../../../workflows/bft-consensus.js';

const LIMIT = 262_144;
// What the largest value of a maximal run reaches (the ledger row carrying the four ballots as JSON text), so a shrunken answer cannot pass.
const FLOOR = { escapes: 55_000, cjk: 24_000, quotes: 32_000 };

type Input = NonNullable<(typeof bftConsensus)['__input']>;

const VALIDATORS = ['a', 'b', 'c', 'd'] as const;
type Validator = (typeof VALIDATORS)[number];
type Cast = Ballot | ((req: AgentRequest, ctx: MockContext) => Ballot | Promise<Ballot>);

const INPUT: Input = {
  payoutId: '3f2b8c1e-7d4a-4e9b-9c1f-2a6d8e0b5c73',
  beneficiary: { name: 'Nordlicht Logistik GmbH', iban: 'DE89370400440532013000', country: 'DE' },
  amountMinor: 125_000,
  currency: 'EUR',
  reason: 'Invoice 2026-0117 for freight services',
  requestedBy: 'ap-team@example.com',
};

const PROMPT =
  'Decide whether to release payout 3f2b8c1e-7d4a-4e9b-9c1f-2a6d8e0b5c73. Check the beneficiary against the sanctions and\n' +
  "fraud tools you have, the amount against the requester's limits, and the reason against the payout policy.\n" +
  'Approve only if every check passes; otherwise reject and say which check failed.\n\n' +
  'Beneficiary: Nordlicht Logistik GmbH, DE89370400440532013000 (DE)\n' +
  'Amount: 125000 minor units of EUR\n' +
  'Requested by: ap-team@example.com\n' +
  'Reason: Invoice 2026-0117 for freight services';

const EXECUTION_ARN = 'arn:aws:states:us-east-1:111122223333:execution:bft-consensus:sim-1';
const APPROVE = { vote: 'approve', reasoning: 'All checks pass.' } as const;
const REJECT = { vote: 'reject', reasoning: 'Beneficiary matches a sanctions list entry.' } as const;
/** A Lambda service fault on every attempt: retried 6 times, then the validator abstains. */
const faulty = () => {
  throw failWith('Lambda.ServiceException', 'Lambda is unavailable');
};

const taken = new Set<string>();

interface Vote {
  readonly run: SimulationResult;
  readonly requests: Map<Validator, AgentRequest[]>;
  readonly ledger: Json[];
  readonly notified: Json[];
}

async function validate(casts: Record<Validator, Cast>, input: Input = INPUT, ledgerFault?: string): Promise<Vote> {
  const requests = new Map<Validator, AgentRequest[]>(VALIDATORS.map((v) => [v, []]));
  const agents: AgentMocks = Object.fromEntries(
    VALIDATORS.map((v, i) => [
      `validate-payout-validator-${v}`,
      reply(validators[i]!, (req, ctx) => {
        requests.get(v)!.push(req);
        const cast = casts[v];
        return typeof cast === 'function' ? cast(req, ctx) : cast;
      }),
    ]),
  );
  const ledger: Json[] = [];
  const notified: Json[] = [];
  const putItem = (args: Json) => {
    if (ledgerFault) throw failWith(ledgerFault, 'ledger write refused');
    ledger.push(args);
    return {};
  };
  const run = await simulate(bftConsensus, {
    input,
    agents,
    tasks: {
      'commit-payout': putItem,
      'record-rejection': putItem,
      'notify-rejection': (args) => (notified.push(args), { MessageId: 'm-1' }),
    },
  });
  for (const key of Object.keys(run.coverage.choiceRules)) taken.add(key);
  return { run, requests, ledger, notified };
}

const states = (run: SimulationResult) => run.trace.map((t) => t.state);
const VOTER_STATES = ['Validate Payout Validator A', 'Validate Payout Validator B', 'Validate Payout Validator C', 'Validate Payout Validator D'];
const ballotsOf = (ledger: Json[]) => JSON.parse(((ledger[0] as { Item: { ballots: { S: string } } }).Item.ballots.S)) as Json;

/** The ledger row both decisions write (docs: same row, the decision differs). */
const row = (decision: string, approvals: number, rejections: number, ballots: Json) => ({
  TableName: 'agentflow-payout-decisions',
  Item: {
    payoutId: { S: INPUT.payoutId },
    decision: { S: decision },
    approvals: { N: String(approvals) },
    rejections: { N: String(rejections) },
    amountMinor: { N: '125000' },
    currency: { S: 'EUR' },
    executionId: { S: EXECUTION_ARN },
    ballots: { S: JSON.stringify(ballots) },
  },
});

describe('bft-consensus: payout validation, n = 4, f = 1', () => {
  it('commits a payout all four validators approve', async () => {
    const { run, requests, ledger, notified } = await validate({ a: APPROVE, b: APPROVE, c: APPROVE, d: APPROVE });

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ payoutId: INPUT.payoutId, approved: true, approvals: 4, rejections: 0 });
    // Start, Validate Payout (Parallel), 4 validators, Consensus, Commit Payout, Done.
    // No Start Pass: the voters read the input from their branch's input, and the Parallel's Assign stores it.
    expect(states(run)).toEqual([...VOTER_STATES, 'Validate Payout', 'Consensus', 'Commit Payout', 'Done']);
    expect(run.transitions).toBe(8);
    expect(run.trace).toHaveLength(run.transitions);
    for (const v of VALIDATORS) {
      expect(requests.get(v)!.map((r) => [r.prompt, r.sessionId])).toEqual([[PROMPT, `sim-1:validate-payout-validator-${v}`]]);
    }
    const ballots = VALIDATORS.map((v) => ({ voter: `validator-${v}`, ...APPROVE }));
    expect(ledger).toEqual([row('approved', 4, 0, ballots)]);
    expect(notified).toEqual([]);
    expect(run.coverage.choiceRules).toEqual({ 'Consensus#0': 1 });
  });

  it('commits with 2f + 1 = 3 approvals when the faulty validator rejects', async () => {
    const { run, ledger } = await validate({ a: APPROVE, b: REJECT, c: APPROVE, d: APPROVE });
    expect(run.output).toEqual({ payoutId: INPUT.payoutId, approved: true, approvals: 3, rejections: 1 });
    expect(states(run).slice(-2)).toEqual(['Commit Payout', 'Done']);
    expect((ledger[0] as { Item: object }).Item).toMatchObject({ decision: { S: 'approved' }, approvals: { N: '3' }, rejections: { N: '1' } });
  });

  it('commits with 3 approvals when the faulty validator fails after its retries (abstains)', async () => {
    const { run, requests, ledger } = await validate({ a: APPROVE, b: APPROVE, c: faulty, d: APPROVE });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ payoutId: INPUT.payoutId, approved: true, approvals: 3, rejections: 0 });
    expect(requests.get('c')).toHaveLength(7);
    expect(run.durationSeconds).toBe(2 + 4 + 8 + 16 + 32 + 64);
    expect(run.coverage.catchers).toEqual({ 'Validate Payout Validator C#0': 1 });
    expect(ballotsOf(ledger)).toEqual([
      { voter: 'validator-a', ...APPROVE },
      { voter: 'validator-b', ...APPROVE },
      { voter: 'validator-c', vote: 'abstain', reasoning: 'The voter failed: Lambda.ServiceException' },
      { voter: 'validator-d', ...APPROVE },
    ]);
    // 9 for the happy path, the abstention state, 6 billed retries.
    expect(run.transitions).toBe(15);
  });

  it('commits with 3 approvals when the faulty validator never answers (3-minute timeout)', async () => {
    const { run, ledger } = await validate({ a: (_req, ctx) => ctx.never(), b: APPROVE, c: APPROVE, d: APPROVE });
    expect(run.output).toEqual({ payoutId: INPUT.payoutId, approved: true, approvals: 3, rejections: 0 });
    expect(run.durationSeconds).toBe(180);
    expect((ballotsOf(ledger) as Json[])[0]).toEqual({ voter: 'validator-a', vote: 'abstain', reasoning: 'The voter failed: States.Timeout' });
  });

  it('records a rejection 3 validators agree on and tells payment operations', async () => {
    const { run, ledger, notified } = await validate({ a: REJECT, b: REJECT, c: APPROVE, d: REJECT });

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ payoutId: INPUT.payoutId, approved: false, approvals: 1, rejections: 3 });
    expect(states(run)).toEqual([...VOTER_STATES, 'Validate Payout', 'Consensus', 'Record Rejection', 'Notify Rejection', 'Done']);
    expect(run.transitions).toBe(9);
    const ballots = [
      { voter: 'validator-a', ...REJECT },
      { voter: 'validator-b', ...REJECT },
      { voter: 'validator-c', ...APPROVE },
      { voter: 'validator-d', ...REJECT },
    ];
    expect(ledger).toEqual([row('rejected', 1, 3, ballots)]);
    expect(notified).toHaveLength(1);
    const sns = notified[0] as { TopicArn: string; Subject: string; Message: string };
    expect(sns.TopicArn).toBe('arn:aws:sns:us-east-1:111122223333:agentflow-payout-operations');
    expect(sns.Subject).toBe(`Payout ${INPUT.payoutId} rejected by validators`);
    expect(JSON.parse(sns.Message)).toEqual({ payoutId: INPUT.payoutId, requestedBy: 'ap-team@example.com', rejections: 3, ballots });
    expect(run.coverage.choiceRules).toEqual({ 'Consensus#1': 1 });
  });

  it('records a rejection with 3 rejections and one abstention', async () => {
    const { run, ledger } = await validate({ a: REJECT, b: faulty, c: REJECT, d: REJECT });
    expect(run.output).toEqual({ payoutId: INPUT.payoutId, approved: false, approvals: 0, rejections: 3 });
    expect((ledger[0] as { Item: object }).Item).toMatchObject({ decision: { S: 'rejected' } });
  });

  it('records a unanimous rejection', async () => {
    const { run } = await validate({ a: REJECT, b: REJECT, c: REJECT, d: REJECT });
    expect(run.output).toEqual({ payoutId: INPUT.payoutId, approved: false, approvals: 0, rejections: 4 });
  });

  it('fails with Payout.NoConsensus on a 2-2 split, writing nothing', async () => {
    const { run, ledger, notified } = await validate({ a: APPROVE, b: REJECT, c: REJECT, d: APPROVE });

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Payout.NoConsensus');
    expect(run.cause).toBe('The validators split 2-2, short of the 3 matching votes BFT (f = 1) needs; the payout stays on hold for manual review.');
    expect(states(run)).toEqual([...VOTER_STATES, 'Validate Payout', 'Consensus', 'Consensus No Match']);
    expect(run.transitions).toBe(7);
    expect(ledger).toEqual([]);
    expect(notified).toEqual([]);
    expect(run.coverage.choiceRules).toEqual({ 'Consensus#default': 1 });
    expect(run.events.at(-1)).toMatchObject({ type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Payout.NoConsensus' } });
  });

  // Fewer than 2f + 1 agree either way: undecided, whatever the abstentions.
  const undecided: [string, Record<Validator, Cast>][] = [
    ['2 approvals, 1 rejection, 1 abstention', { a: APPROVE, b: APPROVE, c: REJECT, d: faulty }],
    ['2 rejections, 1 approval, 1 abstention', { a: REJECT, b: faulty, c: REJECT, d: APPROVE }],
    ['2 approvals and 2 abstentions (more than f faulty)', { a: faulty, b: APPROVE, c: faulty, d: APPROVE }],
    ['every validator abstaining', { a: faulty, b: faulty, c: faulty, d: faulty }],
  ];
  for (const [name, casts] of undecided) {
    it(`is undecided with ${name}`, async () => {
      const { run, ledger } = await validate(casts);
      expect(run.status).toBe('FAILED');
      expect(run.error).toBe('Payout.NoConsensus');
      expect(states(run).at(-1)).toBe('Consensus No Match');
      expect(ledger).toEqual([]);
    });
  }

  it('fails with the DynamoDB error when the ledger write fails (no retry, no catch)', async () => {
    const { run } = await validate({ a: APPROVE, b: APPROVE, c: APPROVE, d: APPROVE }, INPUT, 'DynamoDB.ProvisionedThroughputExceededException');
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('DynamoDB.ProvisionedThroughputExceededException');
    expect(run.cause).toBe('ledger write refused');
    expect(states(run).at(-1)).toBe('Commit Payout');
  });

  describe('maximum-size payout and ballots fit the payload limit', () => {
    // The same characters maximalAnswer fills answers with: control characters (6 JSON bytes each), CJK (3 UTF-8 bytes), quotes.
    const fills = { escapes: '\u0001\u001f\u0007', cjk: '漢字測試', quotes: '"' } as const;
    const fill = (style: keyof typeof fills, n: number) => fills[style].repeat(Math.ceil(n / fills[style].length)).slice(0, n);

    for (const style of ['escapes', 'cjk', 'quotes'] as const) {
      for (const outcome of ['approve', 'reject'] as const) {
        it(`${style} text, ${outcome === 'approve' ? 'approved' : 'rejected'}`, async () => {
          const input: Input = {
            payoutId: INPUT.payoutId,
            beneficiary: { name: fill(style, 200), iban: `DE89${'A'.repeat(30)}`, country: 'DE' },
            amountMinor: 1_000_000_000_00,
            currency: 'CHF',
            reason: fill(style, 1000),
            requestedBy: fill(style, 254),
          };
          const maximal = maximalAnswer(validators[0]!, { text: style });
          expect(maximal.reasoning).toHaveLength(2000);
          const ballot = { ...maximal, vote: outcome };
          const { run, ledger, notified } = await validate({ a: ballot, b: ballot, c: ballot, d: ballot }, input);
          expect(run.error).toBeUndefined();
          expect(run.status).toBe('SUCCEEDED');
          expect(largestPayload(run)).toBeGreaterThan(FLOOR[style]);
          expect(largestPayload(run)).toBeLessThanOrEqual(LIMIT);
          const approved = outcome === 'approve';
          expect(run.output).toEqual({ payoutId: INPUT.payoutId, approved, approvals: approved ? 4 : 0, rejections: approved ? 0 : 4 });
          expect((ledger[0] as { Item: object }).Item).toMatchObject({ amountMinor: { N: '100000000000' } });
          expect((ballotsOf(ledger) as Json[])).toHaveLength(4);
          expect(notified).toHaveLength(approved ? 0 : 1);
        });
      }
    }
  });

  // Runs last (tests in a file run in order): the scenarios above took every route of the Consensus choice.
  it('covers every route of the Consensus choice', () => {
    expect([...taken].sort()).toEqual(['Consensus#0', 'Consensus#1', 'Consensus#default']);
  });
});

