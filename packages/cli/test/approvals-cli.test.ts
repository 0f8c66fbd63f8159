import type { FakeStepFunctions, HistoryEventInput } from '@agentflow/aws-fakes';
import type { waitingInHistory } from '@agentflow/deploy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalPayload, HistoryBuilder } from '../../deploy/test/approvals/approval-history.js';
import { ACCOUNT, REGION, runDeployCli, startCliFakes, writeConfig, type CliFakes } from './deploy-cli.js';

/**
 * `agentflow approvals`, `approve` and `reject` through the CLI, against the Step Functions and STS fakes holding
 * executions whose histories have the shape GetExecutionHistory returns.
 */
const MACHINE = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:research-report`;
const executionArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:execution:research-report:${name}`;

let fakes: CliFakes;
let config: string;
beforeAll(async () => {
  fakes = await startCliFakes();
  config = writeConfig();
});
afterAll(async () => {
  await fakes?.close();
});

type HistoryEvent = Parameters<typeof waitingInHistory>[1][number];

function asInput(events: readonly HistoryEvent[]): HistoryEventInput[] {
  return events.map(({ id: _id, timestamp, ...rest }) => ({ ...rest, ...(timestamp ? { timestamp: timestamp.getTime() / 1000 } : {}) }) as HistoryEventInput);
}

/** An execution waiting at `steps` (one approval each, in parallel branches); returns the tokens the fake knows. */
function waitingExecution(sfn: FakeStepFunctions, name: string, steps: readonly string[], options: { withToken?: boolean } = {}): string[] {
  const arn = executionArn(name);
  const h = new HistoryBuilder();
  const tokens: string[] = [];
  const parallel = h.push({ type: 'ParallelStateEntered', stateEnteredEventDetails: { name: 'Reviews' } });
  for (const step of steps) {
    const token = sfn.openTask({ executionArn: arn, stateName: step });
    tokens.push(token);
    const payload = approvalPayload(step, token, 'research-report');
    if (options.withToken === false) delete payload['taskToken'];
    h.approval(step, payload, parallel);
  }
  sfn.addExecution({ stateMachineArn: MACHINE, name, startDate: Date.UTC(2026, 11, 1, 9) / 1000, events: asInput(h.events) });
  return tokens;
}

describe('agentflow approvals / approve / reject', () => {
  it('lists the waiting approvals without their tokens, then approves one by execution ARN', async () => {
    const [token] = waitingExecution(fakes.sfn, 'run-1', ['review']);
    const listed = await runDeployCli(['approvals', 'research-report', 'never-deployed', '--config', config]);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('research-report  step review  execution run-1');
    expect(listed.stdout).toContain(executionArn('run-1'));
    expect(listed.stdout).not.toContain(token!);
    const json = await runDeployCli(['approvals', 'research-report', '--config', config, '--json']);
    expect(json.stdout).not.toContain(token!);
    expect(JSON.parse(json.stdout).waiting).toContainEqual(expect.objectContaining({ step: 'review', executionArn: executionArn('run-1'), stateName: 'review', tokenInHistory: true }));

    const approved = await runDeployCli(['approve', executionArn('run-1'), '--comments', 'ship <it>', '--config', config]);
    expect(approved.stderr).toBe('');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('Approved: research-report step review');
    expect(fakes.sfn.task(token!)).toMatchObject({ status: 'succeeded' });
    expect(JSON.parse(fakes.sfn.task(token!)!.output!)).toEqual({ approved: true, comments: 'ship <it>', reviewer: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/session` });

    // The task is closed now: a second decision is refused by Step Functions, and said so.
    const again = await runDeployCli(['reject', executionArn('run-1'), '--config', config]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error[approval-not-waiting]');
  });

  it('rejects by execution name with --workflow, and names the step when several wait', async () => {
    const [legal, editor] = waitingExecution(fakes.sfn, 'run-2', ['legal', 'editor']);
    const ambiguous = await runDeployCli(['reject', 'run-2', '--workflow', 'research-report', '--config', config]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('error[approval-ambiguous]');
    expect(ambiguous.stderr).toContain('legal, editor');
    const rejected = await runDeployCli(['reject', 'run-2', '--workflow', 'research-report', '--step', 'editor', '--config', config, '--json']);
    expect(rejected.code).toBe(0);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ ok: true, output: { approved: false }, approval: { step: 'editor' } });
    expect(fakes.sfn.task(editor!)?.status).toBe('succeeded');
    expect(fakes.sfn.task(legal!)?.status).toBe('open');
    // The fake's history still shows 'editor' waiting (as a history read just before the decision would): Step
    // Functions' TaskTimedOut is what tells the second decision apart.
    const raced = await runDeployCli(['approve', executionArn('run-2'), '--step', 'editor', '--config', config]);
    expect(raced.stderr).toContain("Step 'editor' of");
    expect(raced.stderr).toContain('stopped waiting before the decision arrived');
    const wrongStep = await runDeployCli(['approve', executionArn('run-2'), '--step', 'publish', '--config', config]);
    expect(wrongStep.code).toBe(1);
    expect(wrongStep.stderr).toContain("Step 'publish' of");
    expect(wrongStep.stderr).toContain('Waiting: legal, editor.');
  });

  it('says what is wrong: no token in the history, a timed-out task, a finished or unknown execution, long comments, a bad argument', async () => {
    waitingExecution(fakes.sfn, 'run-3', ['review'], { withToken: false });
    const noToken = await runDeployCli(['approve', executionArn('run-3'), '--config', config]);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('error[approval-token-unavailable]');

    const [late] = waitingExecution(fakes.sfn, 'run-4', ['review']);
    fakes.sfn.timeOutTask(late!);
    const timedOut = await runDeployCli(['approve', executionArn('run-4'), '--config', config]);
    expect(timedOut.stderr).toContain('error[approval-not-waiting]');
    expect(timedOut.stderr).toContain('stopped waiting');

    waitingExecution(fakes.sfn, 'run-5', ['review']);
    fakes.sfn.setExecutionStatus(executionArn('run-5'), 'ABORTED');
    const finished = await runDeployCli(['approve', executionArn('run-5'), '--config', config]);
    expect(finished.stderr).toContain('is ABORTED');

    const unknown = await runDeployCli(['approve', executionArn('nope'), '--config', config]);
    expect(unknown.stderr).toContain('error[approval-execution-not-found]');

    const long = await runDeployCli(['approve', executionArn('run-4'), '--comments', 'x'.repeat(4001), '--config', config]);
    expect(long.code).toBe(1);
    expect(long.stderr).toContain('error[approval-comments-too-long]');

    const bad = await runDeployCli(['approve', 'not an execution', '--config', config]);
    expect(bad.code).toBe(2);
    const nameOnly = await runDeployCli(['approve', 'run-4', '--config', config]);
    expect(nameOnly.code).toBe(2);
    expect(nameOnly.stderr).toContain('--workflow');
  });
});
