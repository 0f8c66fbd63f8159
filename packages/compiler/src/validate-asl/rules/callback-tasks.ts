import type { AslModel, AslState } from '../model/asl-model.js';
import { own } from '../model/json-value.js';
import type { JsonObject } from '../model/json-value.js';

/** True for a Task that waits for SendTask* (`….waitForTaskToken`). */
export function isCallbackTask(state: Pick<AslState, 'type' | 'node'>): state is AslState & { node: JsonObject } {
  if (state.type !== 'Task' || !state.node) return false;
  const resource = own(state.node, 'Resource');
  return typeof resource === 'string' && resource.endsWith('.waitForTaskToken');
}

/** The callback Tasks of a definition, for the rules about tokens and timeouts. */
export function callbackTasks(model: AslModel): (AslState & { node: JsonObject })[] {
  return model.states.filter(isCallbackTask);
}
