import { describe, expect, it } from 'vitest';
import { waitingInHistory } from '../../src/index.js';
import { approvalPayload, HistoryBuilder } from './approval-history.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:w:e1';

describe('waitingInHistory', () => {
  it('finds the approval that waits, with its token, state name and deadline', () => {
    const h = new HistoryBuilder();
    const id = h.approval('Review', approvalPayload('review', 'TOKEN+/=1'));
    const [w, ...rest] = waitingInHistory(ARN, h.events);
    expect(rest).toEqual([]);
    expect(w).toEqual({ workflow: 'w', step: 'review', stateName: 'Review', executionArn: ARN, since: '2026-12-01T09:00:03.000Z', timesOutAt: '2026-12-02T09:00:03.000Z', eventId: id, token: 'TOKEN+/=1' });
  });

  it('an answered, failed or timed-out approval no longer waits; a retry after a failure does', () => {
    for (const end of ['TaskSucceeded', 'TaskFailed', 'TaskTimedOut'] as const) {
      const h = new HistoryBuilder();
      h.end(h.approval('Review', approvalPayload('review', 'T1')), end);
      expect(waitingInHistory(ARN, h.events), end).toEqual([]);
      const retried = h.approval('Review', approvalPayload('review', 'T2'));
      expect(waitingInHistory(ARN, h.events).map((w) => [w.eventId, w.token]), end).toEqual([[retried, 'T2']]);
    }
  });

  it('tells concurrent waits apart by their own chain of events (parallel branches)', () => {
    const h = new HistoryBuilder();
    const parallel = h.push({ type: 'ParallelStateEntered', stateEnteredEventDetails: { name: 'Both' } });
    const legal = h.approval('Legal', approvalPayload('legal', 'TL'), parallel);
    const editor = h.approval('Editor', approvalPayload('editor', 'TE'), parallel);
    h.end(legal);
    expect(waitingInHistory(ARN, h.events).map((w) => [w.step, w.eventId])).toEqual([['editor', editor]]);
  });

  it('ignores other callback tasks, malformed parameters, and requests of another kind', () => {
    const h = new HistoryBuilder();
    h.push({ type: 'TaskScheduled', taskScheduledEventDetails: { resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', region: 'us-east-1', parameters: '{"MessageBody":{"token":"x"}}' } });
    h.push({ type: 'TaskScheduled', taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', region: 'us-east-1', parameters: 'not json' } });
    h.approval('Other', { ...approvalPayload('other', 'T'), kind: 'something-else' });
    h.push({ type: 'TaskScheduled', taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: JSON.stringify({ Payload: approvalPayload('sync', 'T') }) } });
    expect(waitingInHistory(ARN, h.events)).toEqual([]);
  });

  it('a history without the token still lists the wait, without a token', () => {
    const h = new HistoryBuilder();
    const { taskToken: _t, ...noToken } = approvalPayload('review', 'T');
    h.approval('Review', noToken);
    const [w] = waitingInHistory(ARN, h.events);
    expect(w?.step).toBe('review');
    expect(w && 'token' in w).toBe(false);
  });

  it('does not loop on a cycle of previousEventId', () => {
    const h = new HistoryBuilder();
    h.approval('Review', approvalPayload('review', 'T'));
    // TaskScheduled (3) → TaskSubmitted (5) → TaskStarted (4) → TaskScheduled (3): no TaskStateEntered is reachable.
    const events = h.events.map((e) => (e.id === 3 ? { ...e, previousEventId: 5 } : e));
    const waiting = waitingInHistory(ARN, events);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]?.stateName).toBeUndefined();
  });
});
