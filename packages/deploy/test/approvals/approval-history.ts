import type { HistoryEvent } from '@aws-sdk/client-sfn';

/**
 * Execution histories shaped as GetExecutionHistory returns them for `lambda:invoke.waitForTaskToken` Tasks
 * (API reference, HistoryEvent / TaskScheduledEventDetails: `resourceType` lambda, `resource`
 * invoke.waitForTaskToken, `parameters` the resolved Arguments as a JSON string; each event's previousEventId is
 * the one before it in its branch).
 */
export class HistoryBuilder {
  readonly events: HistoryEvent[] = [];
  private clock = Date.UTC(2026, 11, 1, 9, 0, 0);

  constructor(input = '{}') {
    this.push({ type: 'ExecutionStarted', executionStartedEventDetails: { input } });
  }

  push(event: Omit<HistoryEvent, 'id' | 'timestamp'>, previous?: number): number {
    const id = this.events.length + 1;
    this.clock += 1000;
    this.events.push({ ...event, id, timestamp: new Date(this.clock), ...(id > 1 ? { previousEventId: previous ?? id - 1 } : {}) } as HistoryEvent);
    return id;
  }

  /** Enters an approval state and asks the responder; returns the TaskScheduled event id. */
  approval(stateName: string, payload: Record<string, unknown>, previous?: number, timeoutInSeconds = 86400): number {
    const entered = this.push({ type: 'TaskStateEntered', stateEnteredEventDetails: { name: stateName, input: '{}' } }, previous);
    const scheduled = this.push({
      type: 'TaskScheduled',
      taskScheduledEventDetails: {
        resourceType: 'lambda',
        resource: 'invoke.waitForTaskToken',
        region: 'us-east-1',
        parameters: JSON.stringify({ FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:agentflow-approval-responder-w', Payload: payload }),
        timeoutInSeconds,
      },
    }, entered);
    const started = this.push({ type: 'TaskStarted', taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' } }, scheduled);
    this.push({ type: 'TaskSubmitted', taskSubmittedEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', output: '{"StatusCode":200}' } }, started);
    return scheduled;
  }

  /** The callback arrived (or the task ended otherwise) for the approval scheduled at `scheduled`. */
  end(scheduled: number, type: 'TaskSucceeded' | 'TaskFailed' | 'TaskTimedOut' = 'TaskSucceeded'): number {
    const submitted = scheduled + 2;
    const detail = type === 'TaskSucceeded' ? { taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', output: '{"approved":true}' } } : type === 'TaskFailed' ? { taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', error: 'States.HeartbeatTimeout' } } : { taskTimedOutEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', error: 'States.Timeout' } };
    return this.push({ type, ...detail } as Omit<HistoryEvent, 'id' | 'timestamp'>, submitted);
  }
}

export function approvalPayload(step: string, token: string, workflow = 'w'): Record<string, unknown> {
  return { kind: 'agentflow.approval-request', version: 1, taskToken: token, workflow, step, execution: 'arn:aws:states:us-east-1:123456789012:execution:w:e1', topicArn: 'arn:aws:sns:us-east-1:123456789012:reviewers', message: 'Ready?', timeoutSeconds: 86400 };
}
