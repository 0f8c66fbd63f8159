/**
 * Quorum commit for runtime configuration changes, after Raft's log replication: a leader agent turns a change
 * request into a concrete configuration entry (key, new value, rollback value), three follower agents each
 * validate it against the service's constraints and acknowledge or refuse it, and the entry is committed to
 * the configuration log only when a majority of followers acknowledge it. The config service applies entries
 * from that log, so nothing reaches production without a quorum.
 *
 * With the leader and three followers the cluster has four members; two follower acks plus the leader make
 * three, a majority of four, which is what the 'majority' rule over the followers (2 of 3) enforces. No quorum
 * fails the execution with a named error so callers and alarms can tell it apart from an infrastructure fault.
 */
import { agent, Ballot, dynamodb, events, text, when, workflow } from '@agentflow/dsl';
import { z } from 'zod';

export const leader = agent('propose-entry', {
  agentName: 'config-leader',
  alias: 'live',
  output: z.object({
    key: z.string().regex(/^[a-z0-9]+(\.[a-z0-9-]+)*$/).max(200),
    value: z.string().max(4000),
    rollbackValue: z.string().max(4000),
    risk: z.enum(['low', 'medium', 'high']),
    rationale: z.string().max(2000),
  }),
  timeout: { minutes: 3 },
});

const follower = (name: string, agentName: string) =>
  agent(name, { agentName, alias: 'live', output: Ballot, timeout: { minutes: 2 } });

export const followers = [
  follower('follower-a', 'config-follower-a'),
  follower('follower-b', 'config-follower-b'),
  follower('follower-c', 'config-follower-c'),
];

export default workflow(
  'quorum-commit',
  {
    input: z.object({
      service: z.string().regex(/^[a-z][a-z0-9-]*$/).max(64),
      environment: z.enum(['staging', 'production']),
      change: z.string().min(10).max(4000),
      requestedBy: z.string().max(254),
    }),
    timeout: { minutes: 15 },
    comment: 'Leader agent proposes a config entry, a majority of follower agents must acknowledge it, then it is committed.',
  },
  (flow) => {
    const req = flow.input;
    const entry = flow.invoke(leader, {
      prompt: text`Turn this change request for the ${req.service} service in ${req.environment} into one configuration
entry: the dotted key, the new value, the value to roll back to, a risk rating, and your rationale.

Request from ${req.requestedBy}: ${req.change}`,
    });

    const acks = flow.vote('replicate-entry', {
      voters: followers,
      proposal: text`The leader proposes this configuration entry for ${req.service} in ${req.environment}. Approve
(acknowledge) it only if the key exists for this service, the value is valid for it, and the rollback value
restores the current behaviour; otherwise reject and say why.

Key: ${entry.key}
New value: ${entry.value}
Rollback value: ${entry.rollbackValue}
Risk: ${entry.risk}
Rationale: ${entry.rationale}`,
      rule: 'majority',
    });

    flow.choice(
      'quorum',
      [
        when(acks.approved, (f) => {
          // The config service applies entries from this table; the execution name makes the entry id unique.
          f.task(
            'commit-entry',
            dynamodb.putItem({
              table: 'config-log',
              item: {
                service: { S: req.service },
                entryId: { S: flow.execution.name },
                environment: { S: req.environment },
                key: { S: entry.key },
                value: { S: entry.value },
                rollbackValue: { S: entry.rollbackValue },
                risk: { S: entry.risk },
                acks: { N: text`${acks.approvals}` },
                requestedBy: { S: req.requestedBy },
                proposedAt: { S: flow.execution.startTime },
              },
            }),
          );
          f.task(
            'announce-commit',
            events.putEvents({
              entries: [
                {
                  bus: 'governance',
                  source: 'agentflow.config-quorum-commit',
                  detailType: 'ConfigEntryCommitted',
                  detail: { service: req.service, environment: req.environment, key: entry.key, entryId: flow.execution.name },
                },
              ],
            }),
          );
        }),
      ],
      {
        otherwise: (f) => {
          f.fail('no-quorum', {
            error: 'Config.NoQuorum',
            cause: text`Only ${acks.approvals} of ${acks.total} followers acknowledged ${entry.key} for ${req.service}; a majority is required. Ballots: ${acks.ballots}`,
          });
        },
      },
    );

    return { committed: true, key: entry.key, entryId: flow.execution.name, acks: acks.approvals };
  },
);
