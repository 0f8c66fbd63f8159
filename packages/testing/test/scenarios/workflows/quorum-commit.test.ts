import { describe, expect, it } from 'vitest';
import type { Ballot } from '@agentflow/dsl';
import { failWith, maximalAnswer, reply, simulate, type AgentMocks, type AgentRequest, type Answer, type Json, type MockContext, type MockFn, type SimulationResult, largestPayload } from '@agentflow/testing';
import quorumCommit, { followers, leader } from '../../../../../workflows/quorum-commit.js';

const LIMIT = 262_144;
// What the largest value of a maximal run reaches (a follower's request carrying the entry), so a shrunken answer cannot pass.
const FLOOR = { escapes: 60_000, cjk: 30_000, quotes: 20_000 };

type Input = NonNullable<(typeof quorumCommit)['__input']>;

const FOLLOWERS = ['a', 'b', 'c'] as const;
type Follower = (typeof FOLLOWERS)[number];
type Cast = Ballot | ((req: AgentRequest, ctx: MockContext) => Ballot | Promise<Ballot>);

const INPUT: Input = {
  service: 'checkout-api',
  environment: 'production',
  change: 'Raise the database connection pool from 20 to 50 connections.',
  requestedBy: 'sre@example.com',
};

const ENTRY = {
  key: 'db.pool.max-size',
  value: '50',
  rollbackValue: '20',
  risk: 'medium' as const,
  rationale: 'Peak traffic exhausts the pool; the database allows 200 connections.',
};

const LEADER_PROMPT =
  'Turn this change request for the checkout-api service in production into one configuration\n' +
  'entry: the dotted key, the new value, the value to roll back to, a risk rating, and your rationale.\n\n' +
  'Request from sre@example.com: Raise the database connection pool from 20 to 50 connections.';

const FOLLOWER_PROMPT =
  'The leader proposes this configuration entry for checkout-api in production. Approve\n' +
  '(acknowledge) it only if the key exists for this service, the value is valid for it, and the rollback value\n' +
  'restores the current behaviour; otherwise reject and say why.\n\n' +
  'Key: db.pool.max-size\nNew value: 50\nRollback value: 20\nRisk: medium\n' +
  'Rationale: Peak traffic exhausts the pool; the database allows 200 connections.';

const ACK = { vote: 'approve', reasoning: 'Key exists; 50 is within limits.' } as const;
const REFUSE = { vote: 'reject', reasoning: 'Rollback value does not match production.' } as const;
/** A Lambda service fault on every attempt: retried 6 times, then the follower abstains. */
const failing = () => {
  throw failWith('Lambda.ServiceException', 'Lambda is unavailable');
};

const taken = new Set<string>();

interface Round {
  readonly run: SimulationResult;
  readonly leaderRequests: AgentRequest[];
  readonly requests: Map<Follower, AgentRequest[]>;
  readonly committed: Json[];
  readonly announced: Json[];
}

interface Options {
  readonly input?: Input;
  /** The leader's mock; default: answers ENTRY. */
  readonly leader?: MockFn<AgentRequest, Answer>;
  readonly commitFault?: string;
}

async function replicate(casts: Record<Follower, Cast>, options: Options = {}): Promise<Round> {
  const leaderRequests: AgentRequest[] = [];
  const requests = new Map<Follower, AgentRequest[]>(FOLLOWERS.map((f) => [f, []]));
  const leaderMock = options.leader ?? reply(leader, ENTRY);
  const agents: AgentMocks = {
    'propose-entry': (req, ctx) => (leaderRequests.push(req), leaderMock(req, ctx)),
    ...Object.fromEntries(
      FOLLOWERS.map((f, i) => [
        `replicate-entry-follower-${f}`,
        reply(followers[i]!, (req, ctx) => {
          requests.get(f)!.push(req);
          const cast = casts[f];
          return typeof cast === 'function' ? cast(req, ctx) : cast;
        }),
      ]),
    ),
  };
  const committed: Json[] = [];
  const announced: Json[] = [];
  const run = await simulate(quorumCommit, {
    input: options.input ?? INPUT,
    agents,
    tasks: {
      'commit-entry': (args) => {
        if (options.commitFault) throw failWith(options.commitFault, 'write refused');
        committed.push(args);
        return {};
      },
      'announce-commit': (args) => (announced.push(args), { Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 }),
    },
  });
  for (const key of Object.keys(run.coverage.choiceRules)) taken.add(key);
  return { run, leaderRequests, requests, committed, announced };
}

const states = (run: SimulationResult) => run.trace.map((t) => t.state);
const FOLLOWER_STATES = ['Replicate Entry Follower A', 'Replicate Entry Follower B', 'Replicate Entry Follower C'];
const noQuorumCause = (approvals: number, ballots: Json) =>
  `Only ${approvals} of 3 followers acknowledged db.pool.max-size for checkout-api; a majority is required. Ballots: ${JSON.stringify(ballots)}`;

describe('quorum-commit: leader proposes, a majority of 3 followers must acknowledge', () => {
  it('commits and announces an entry all three followers acknowledge', async () => {
    const { run, leaderRequests, requests, committed, announced } = await replicate({ a: ACK, b: ACK, c: ACK });

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ committed: true, key: 'db.pool.max-size', entryId: 'sim-1', acks: 3 });
    // Propose Entry, Replicate Entry (Parallel), 3 followers, Quorum, Commit Entry, Announce Commit, Done.
    expect(states(run)).toEqual(['Propose Entry', ...FOLLOWER_STATES, 'Replicate Entry', 'Quorum', 'Commit Entry', 'Announce Commit', 'Done']);
    expect(run.transitions).toBe(9);
    expect(run.trace).toHaveLength(run.transitions);

    expect(leaderRequests.map((r) => [r.prompt, r.sessionId])).toEqual([[LEADER_PROMPT, 'sim-1:propose-entry']]);
    for (const f of FOLLOWERS) {
      expect(requests.get(f)!.map((r) => [r.prompt, r.sessionId])).toEqual([[FOLLOWER_PROMPT, `sim-1:replicate-entry-follower-${f}`]]);
    }
    expect(committed).toEqual([
      {
        TableName: 'agentflow-config-log',
        Item: {
          service: { S: 'checkout-api' },
          entryId: { S: 'sim-1' },
          environment: { S: 'production' },
          key: { S: 'db.pool.max-size' },
          value: { S: '50' },
          rollbackValue: { S: '20' },
          risk: { S: 'medium' },
          acks: { N: '3' },
          requestedBy: { S: 'sre@example.com' },
          proposedAt: { S: '2026-01-01T00:00:00.000Z' },
        },
      },
    ]);
    expect(announced).toEqual([
      {
        Entries: [
          {
            EventBusName: 'arn:aws:events:us-east-1:111122223333:event-bus/agentflow-governance',
            Source: 'agentflow.config-quorum-commit',
            DetailType: 'ConfigEntryCommitted',
            Detail: { service: 'checkout-api', environment: 'production', key: 'db.pool.max-size', entryId: 'sim-1' },
          },
        ],
      },
    ]);
    expect(run.coverage.choiceRules).toEqual({ 'Quorum#0': 1 });
  });

  it('commits with 2 of 3 acknowledgements when one follower refuses', async () => {
    const { run, committed } = await replicate({ a: ACK, b: REFUSE, c: ACK });
    expect(run.output).toEqual({ committed: true, key: 'db.pool.max-size', entryId: 'sim-1', acks: 2 });
    expect((committed[0] as { Item: object }).Item).toMatchObject({ acks: { N: '2' } });
  });

  it('commits with 2 of 3 acknowledgements when one follower fails after its retries', async () => {
    const { run, requests } = await replicate({ a: failing, b: ACK, c: ACK });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ committed: true, key: 'db.pool.max-size', entryId: 'sim-1', acks: 2 });
    expect(requests.get('a')).toHaveLength(7);
    expect(run.durationSeconds).toBe(126);
    expect(states(run)).toContain('Replicate Entry Follower A Abstained');
  });

  it('fails with Config.NoQuorum when 2 followers refuse, committing nothing', async () => {
    const { run, committed, announced } = await replicate({ a: REFUSE, b: ACK, c: REFUSE });

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Config.NoQuorum');
    expect(run.cause).toBe(
      noQuorumCause(1, [
        { voter: 'follower-a', ...REFUSE },
        { voter: 'follower-b', ...ACK },
        { voter: 'follower-c', ...REFUSE },
      ]),
    );
    expect(states(run)).toEqual(['Propose Entry', ...FOLLOWER_STATES, 'Replicate Entry', 'Quorum', 'No Quorum']);
    expect(run.transitions).toBe(7);
    expect(committed).toEqual([]);
    expect(announced).toEqual([]);
    expect(run.coverage.choiceRules).toEqual({ 'Quorum#default': 1 });
  });

  it('fails with Config.NoQuorum when acknowledgements are missing: 1 ack, 1 refusal, 1 failed follower', async () => {
    const { run, committed } = await replicate({ a: ACK, b: REFUSE, c: failing });
    expect(run.error).toBe('Config.NoQuorum');
    expect(run.cause).toBe(
      noQuorumCause(1, [
        { voter: 'follower-a', ...ACK },
        { voter: 'follower-b', ...REFUSE },
        { voter: 'follower-c', vote: 'abstain', reasoning: 'The voter failed: Lambda.ServiceException' },
      ]),
    );
    expect(committed).toEqual([]);
  });

  it('fails with Config.NoQuorum when two followers never answer (2-minute timeouts)', async () => {
    const silent: Cast = (_req, ctx) => ctx.never();
    const { run, committed } = await replicate({ a: silent, b: ACK, c: silent });
    expect(run.error).toBe('Config.NoQuorum');
    expect(run.durationSeconds).toBe(120);
    expect(run.cause).toContain('"vote":"abstain","reasoning":"The voter failed: States.Timeout"');
    expect(committed).toEqual([]);
  });

  it('fails with Config.NoQuorum and 0 acknowledgements when every follower refuses', async () => {
    const { run } = await replicate({ a: REFUSE, b: REFUSE, c: REFUSE });
    expect(run.error).toBe('Config.NoQuorum');
    expect(run.cause).toMatch(/^Only 0 of 3 followers acknowledged/);
  });

  it('fails with Agentflow.InvalidAgentOutput when the leader proposes a malformed key, before any follower votes', async () => {
    // A plain function: reply() would reject this answer as a test mistake; the adapter's ajv check is under test.
    const { run, leaderRequests, requests } = await replicate({ a: ACK, b: ACK, c: ACK }, { leader: () => ({ ...ENTRY, key: 'DB Pool Size' }) });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Agentflow.InvalidAgentOutput');
    expect(run.cause).toContain('pattern');
    expect(leaderRequests).toHaveLength(1);
    expect(states(run)).toEqual(['Propose Entry']);
    expect(FOLLOWERS.map((f) => requests.get(f)!.length)).toEqual([0, 0, 0]);
  });

  it('fails with Lambda.ServiceException after the leader’s 6 retries', async () => {
    const { run, leaderRequests } = await replicate({ a: ACK, b: ACK, c: ACK }, { leader: failing });
    expect(run.error).toBe('Lambda.ServiceException');
    expect(leaderRequests).toHaveLength(7);
    expect(run.durationSeconds).toBe(126);
    expect(run.transitions).toBe(7);
    expect(run.coverage.retriers).toEqual({ 'Propose Entry#0': 6 });
  });

  it('fails with Agentflow.AgentThrottled when the leader stays throttled through its 5 throttle retries', async () => {
    const throttled = () => {
      throw failWith('Agentflow.AgentThrottled', 'Too many requests');
    };
    const { run, leaderRequests } = await replicate({ a: ACK, b: ACK, c: ACK }, { leader: throttled });
    expect(run.error).toBe('Agentflow.AgentThrottled');
    // The adapter Lambda's function error: the cause is its JSON error payload.
    expect(JSON.parse(run.cause!)).toMatchObject({ errorMessage: 'Too many requests', errorType: 'Agentflow.AgentThrottled' });
    expect(leaderRequests).toHaveLength(6);
  });

  it('fails with the DynamoDB error when the config log write fails, announcing nothing', async () => {
    const { run, announced } = await replicate({ a: ACK, b: ACK, c: ACK }, { commitFault: 'DynamoDB.ConditionalCheckFailedException' });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('DynamoDB.ConditionalCheckFailedException');
    expect(states(run).at(-1)).toBe('Commit Entry');
    expect(announced).toEqual([]);
  });

  describe('maximum-size request, entry and ballots fit the payload limit', () => {
    // The same characters maximalAnswer fills answers with: control characters (6 JSON bytes each), CJK (3 UTF-8 bytes), quotes.
    const fills = { escapes: '\u0001\u001f\u0007', cjk: '漢字測試', quotes: '"' } as const;
    const fill = (style: keyof typeof fills, n: number) => fills[style].repeat(Math.ceil(n / fills[style].length)).slice(0, n);

    for (const style of ['escapes', 'cjk', 'quotes'] as const) {
      for (const outcome of ['commit', 'no quorum'] as const) {
        it(`${style} text, ${outcome}`, async () => {
          const input: Input = { service: `s${'a'.repeat(63)}`, environment: 'production', change: fill(style, 4000), requestedBy: fill(style, 254) };
          const entry = maximalAnswer(leader, { text: style });
          expect(entry.value).toHaveLength(4000);
          const ballot = { ...maximalAnswer(followers[0]!, { text: style }), vote: outcome === 'commit' ? 'approve' : 'reject' } as const;
          const { run, committed, requests } = await replicate({ a: ballot, b: ballot, c: ballot }, { input, leader: reply(leader, entry) });
          expect(requests.get('a')![0]!.prompt).toContain(entry.rationale);
          expect(largestPayload(run)).toBeGreaterThan(FLOOR[style]);
          expect(largestPayload(run)).toBeLessThanOrEqual(LIMIT);
          if (outcome === 'commit') {
            expect(run.error).toBeUndefined();
            expect(run.status).toBe('SUCCEEDED');
            expect(run.output).toEqual({ committed: true, key: entry.key, entryId: 'sim-1', acks: 3 });
            expect((committed[0] as { Item: { value: { S: string } } }).Item.value.S).toBe(entry.value);
          } else {
            expect(run.status).toBe('FAILED');
            expect(run.error).toBe('Config.NoQuorum');
            expect(run.cause).toMatch(/^Only 0 of 3 followers acknowledged /);
          }
        });
      }
    }
  });

  // Runs last (tests in a file run in order): the scenarios above took both routes of the Quorum choice.
  it('covers every route of the Quorum choice', () => {
    expect([...taken].sort()).toEqual(['Quorum#0', 'Quorum#default']);
  });
});

