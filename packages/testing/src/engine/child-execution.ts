import type { Graph } from './asl.js';
import { StatesError } from './errors.js';
import { event, type ExecutionState, type Frame } from './frame.js';
import { History, NOT_TRUNCATED } from './history.js';
import { checkPayload } from './payload-limit.js';

/** A child execution of a Distributed Map: its own history (not the parent's), context and bill; the same clock. */
export interface ChildExecution extends ExecutionState {
  /** Runs the child's graph as a whole execution: `ExecutionStarted` … `ExecutionSucceeded|Failed` in its own history. */
  runExecution(frame: Frame, graph: Graph, input: unknown): Promise<unknown>;
}

/**
 * `$states.context.Execution.Id` of a child is `arn:aws:states:<region>:<account>:execution:<sm>/<label>:<uuid>`
 * (docs/simulator.md §11; developer guide, "input-output-resultwriter").
 */
export function childExecution(parent: ExecutionState, label: string, input: unknown): ChildExecution {
  const id = parent.uuid();
  const machine = `${parent.machineName}/${label}`;
  const history = new History(parent.startMs, () => parent.clock.now, parent.history.trace);
  const exec: ChildExecution = {
    ...parent,
    history,
    context: {
      Execution: {
        Id: `arn:aws:states:${parent.region}:${parent.account}:execution:${machine}:${id}`,
        Input: input,
        Name: id,
        RoleArn: parent.context.Execution['RoleArn'],
        StartTime: history.timestamp(),
        RedriveCount: 0,
      },
      StateMachine: { Id: `arn:aws:states:${parent.region}:${parent.account}:stateMachine:${machine}`, Name: machine },
    },
    transitions: 0,
    childTransitions: 0,
    otherWorkflowTransitions: 0,
    async runExecution(frame: Frame, graph: Graph, value: unknown): Promise<unknown> {
      try {
        event(frame, 'ExecutionStarted', { executionStartedEventDetails: { input: JSON.stringify(value) ?? 'null', inputDetails: NOT_TRUNCATED, roleArn: exec.context.Execution['RoleArn'] } });
        frame.lastEvent = 0;
        checkPayload(value, 'execution input', '(execution)');
        const output = await exec.runGraph(frame, graph, value);
        const sizedOutput = checkPayload(output, 'execution output', '(execution)');
        event(frame, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: sizedOutput.text, outputDetails: NOT_TRUNCATED } });
        return output;
      } catch (error) {
        if (error instanceof StatesError && !error.recorded && !history.closed && !frame.cancelled()) {
          event(frame, 'ExecutionFailed', { executionFailedEventDetails: failedDetails(error) });
        }
        throw error;
      }
    },
  };
  return exec;
}

/** `executionFailedEventDetails`: `cause` only when there is one (timeouts have none). */
export function failedDetails(error: StatesError): Record<string, unknown> {
  return error.causeText === undefined ? { error: error.error } : { error: error.error, cause: error.causeText };
}
