import { compareCodePoints } from '@agentflow/compiler';
import type { DefinitionDiff, StateChange, StateRef } from '../plan-types.js';
import { DeployError } from '../problem.js';
import { diffJson, isPlainObject, pointerToken } from './json-fields.js';

/** One state of a definition, reached through the graph walk. */
interface WalkedState {
  /** Names and types of the state and its ancestors, with the branch index under a Parallel: equal keys match. */
  readonly identity: string;
  readonly ref: StateRef;
  /** The state without the States of its nested graphs, which are compared as states of their own. */
  readonly shell: unknown;
}

/**
 * The semantic difference of two parsed ASL definitions. States match by name within their graph and by Type (a
 * state whose Type changed is removed and added); nested graphs (Parallel `Branches[i]`, Map `ItemProcessor` or the
 * legacy `Iterator`) are walked as graphs of their own. Re-indenting or reordering keys changes nothing.
 */
export function diffDefinitions(before: unknown, after: unknown): DefinitionDiff {
  const old = walkDefinition(before, 'deployed');
  const now = walkDefinition(after, 'compiled');
  const oldByIdentity = new Map(old.map((s) => [s.identity, s]));
  const nowIdentities = new Set(now.map((s) => s.identity));

  const added: StateRef[] = [];
  const changed: StateChange[] = [];
  for (const state of now) {
    const match = oldByIdentity.get(state.identity);
    if (match === undefined) {
      added.push(state.ref);
      continue;
    }
    const fields = diffJson(match.shell, state.shell);
    if (fields.length > 0) changed.push({ ...state.ref, fields });
  }
  const removed = old.filter((s) => !nowIdentities.has(s.identity)).map((s) => s.ref);
  const top = diffJson(withoutKey(before as Record<string, unknown>, 'States'), withoutKey(after as Record<string, unknown>, 'States'));
  return { top, added, removed, changed };
}

export function isEmptyDiff(diff: DefinitionDiff): boolean {
  return diff.top.length === 0 && diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

/** How many states a definition has, nested ones included (a plan shows it for a machine it creates). */
export function countStates(definition: unknown): number {
  return walkDefinition(definition, 'compiled').length;
}

function walkDefinition(definition: unknown, which: 'deployed' | 'compiled'): WalkedState[] {
  if (!isPlainObject(definition)) {
    throw new DeployError({
      code: 'deploy-definition-not-object',
      message: `The ${which} definition is not a JSON object (it is ${definition === null ? 'null' : Array.isArray(definition) ? 'an array' : typeof definition}).`,
      hint: 'Compare parsed ASL definitions: JSON.parse the definition string first.',
    });
  }
  const out: WalkedState[] = [];
  walkGraph(definition, '', [], '', out);
  return out;
}

/**
 * Appends the states of one graph in reading order: depth first from StartAt along Choices, Default, Next and Catch
 * transitions, each state followed by its nested graphs; states no transition reaches follow in code-point order.
 * The order depends only on the graph, not on the order of keys in States.
 */
function walkGraph(graph: Record<string, unknown>, pointer: string, path: readonly string[], identity: string, out: WalkedState[]): void {
  const states = isPlainObject(graph['States']) ? graph['States'] : {};
  for (const name of readingOrder(states, graph['StartAt'])) {
    const state = states[name];
    const type = isPlainObject(state) && typeof state['Type'] === 'string' ? state['Type'] : '';
    const statePointer = `${pointer}/States/${pointerToken(name)}`;
    const statePath = [...path, name];
    const stateIdentity = `${identity}${JSON.stringify([name, type])}`;
    out.push({ identity: stateIdentity, ref: { path: statePath, pointer: statePointer, type }, shell: shellOf(state, type) });
    for (const nested of nestedGraphs(state, type)) {
      const nestedPath = nested.segment === undefined ? statePath : [...statePath, nested.segment];
      walkGraph(nested.graph, `${statePointer}${nested.pointer}`, nestedPath, `${stateIdentity}${JSON.stringify(nested.key)}`, out);
    }
  }
}

function readingOrder(states: Record<string, unknown>, startAt: unknown): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const stack: string[] = typeof startAt === 'string' ? [startAt] : [];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name) || !Object.hasOwn(states, name)) continue;
    seen.add(name);
    order.push(name);
    // Pushed in reverse so the first transition is walked first.
    stack.push(...transitions(states[name]).reverse());
  }
  const rest = Object.keys(states).filter((name) => !seen.has(name)).sort(compareCodePoints);
  return [...order, ...rest];
}

function transitions(state: unknown): string[] {
  if (!isPlainObject(state)) return [];
  const out: string[] = [];
  const nextOf = (item: unknown): void => {
    if (isPlainObject(item) && typeof item['Next'] === 'string') out.push(item['Next']);
  };
  if (Array.isArray(state['Choices'])) state['Choices'].forEach(nextOf);
  if (typeof state['Default'] === 'string') out.push(state['Default']);
  nextOf(state);
  if (Array.isArray(state['Catch'])) state['Catch'].forEach(nextOf);
  return out;
}

interface NestedGraph {
  /** What pairs it with the same graph of the other definition. */
  readonly key: string;
  /** Path segment it adds (`branch 2`); a Map's processor adds none. */
  readonly segment?: string;
  readonly pointer: string;
  readonly graph: Record<string, unknown>;
}

function nestedGraphs(state: unknown, type: string): NestedGraph[] {
  if (!isPlainObject(state)) return [];
  if (type === 'Parallel' && Array.isArray(state['Branches'])) {
    return state['Branches'].flatMap((graph: unknown, i) =>
      isPlainObject(graph) ? [{ key: `branch ${i + 1}`, segment: `branch ${i + 1}`, pointer: `/Branches/${i}`, graph }] : [],
    );
  }
  if (type === 'Map') {
    // A Map written with the legacy Iterator and one with ItemProcessor hold the same graph.
    for (const field of ['ItemProcessor', 'Iterator']) {
      const graph = state[field];
      if (isPlainObject(graph)) return [{ key: 'items', pointer: `/${field}`, graph }];
    }
  }
  return [];
}

function shellOf(state: unknown, type: string): unknown {
  if (!isPlainObject(state)) return state;
  if (type === 'Parallel' && Array.isArray(state['Branches'])) {
    return { ...state, Branches: state['Branches'].map((b: unknown) => (isPlainObject(b) ? withoutKey(b, 'States') : b)) };
  }
  if (type === 'Map') {
    const shell: Record<string, unknown> = { ...state };
    for (const field of ['ItemProcessor', 'Iterator']) {
      const graph = state[field];
      if (isPlainObject(graph)) shell[field] = withoutKey(graph, 'States');
    }
    return shell;
  }
  return state;
}

function withoutKey(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _, ...rest } = object;
  return rest;
}
