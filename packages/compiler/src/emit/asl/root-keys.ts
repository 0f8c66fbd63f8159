import type { RefRoot } from '@agentflow/dsl';
import { variableNameOf } from '../../passes/name-states/state-names.js';

/** A stable key per variable-backed reference root; `undefined` for roots read from the context object. */
export function rootKey(root: RefRoot): string | undefined {
  switch (root.kind) {
    case 'workflow-input':
      return 'input';
    case 'step-result':
      return `result:${root.stepId}`;
    case 'step-error':
      return `error:${root.stepId}`;
    case 'map-item':
      return `item:${root.mapId}`;
    case 'map-index':
      return `index:${root.mapId}`;
    case 'loop-iteration':
      return `result:${root.loopId}`;
    case 'execution':
    case 'task-token':
      return undefined;
  }
}

/** The workflow execution's fields a Distributed Map child receives with its item (see `parentExecution`). */
export const EXECUTION_FIELDS = ['Id', 'Name', 'StartTime'] as const;

export function executionKey(field: string): string {
  return `execution:${field}`;
}

/**
 * The variable that holds a root's value. Every reference asks, in the analysis and the emitter alike: each key is
 * worked out once (as `stateNameOf` caches names).
 */
export function variableOf(key: string): string {
  let variable = variables.get(key);
  if (variable === undefined) variables.set(key, (variable = variableOfKey(key)));
  return variable;
}

const variables = new Map<string, string>();

function variableOfKey(key: string): string {
  if (key === 'input') return 'input';
  const [kind, id] = key.split(':') as [string, string];
  if (kind === 'execution') return `execution${id}`;
  const base = variableNameOf(id);
  switch (kind) {
    case 'error':
      return `${base}Error`;
    case 'item':
      return `${base}Item`;
    case 'index':
      return `${base}Index`;
    default:
      return base;
  }
}
