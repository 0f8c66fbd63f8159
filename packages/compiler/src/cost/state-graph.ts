/** One scope of an ASL definition (the top level, a Parallel branch or a Map's processor) as a graph of states. */

export type AslState = Readonly<Record<string, unknown>> & { readonly Type: string };

export interface AslScope {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
}

/** Every state a state can hand over to: the normal successors, then each Catch[].Next. */
export function successors(state: AslState): string[] {
  const out = normalSuccessors(state);
  for (const catcher of arrayOf(state['Catch'])) if (typeof catcher['Next'] === 'string' && !out.includes(catcher['Next'])) out.push(catcher['Next']);
  return out;
}

/** The states the normal (no error) flow reaches: Next, Choices[].Next and Default, without catchers. */
export function normalSuccessors(state: AslState): string[] {
  const out: string[] = [];
  const add = (value: unknown): void => {
    if (typeof value === 'string' && !out.includes(value)) out.push(value);
  };
  add(state['Next']);
  for (const choice of arrayOf(state['Choices'])) add(choice['Next']);
  add(state['Default']);
  return out;
}

/** A state that ends the execution (or the branch/iteration) when entered. */
export function isTerminal(state: AslState): boolean {
  return state.Type === 'Succeed' || state.Type === 'Fail' || state['End'] === true;
}

export function arrayOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? (value.filter((v) => typeof v === 'object' && v !== null) as Record<string, unknown>[]) : [];
}

/** Strongly connected components (Tarjan), each as a list of state names; a state on no cycle is a component of one. */
export function components(scope: AslScope): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  const visit = (name: string): void => {
    index.set(name, counter);
    low.set(name, counter);
    counter += 1;
    stack.push(name);
    onStack.add(name);
    const state = scope.States[name];
    for (const next of state ? successors(state) : []) {
      if (!(next in scope.States)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(name, Math.min(low.get(name)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(name, Math.min(low.get(name)!, index.get(next)!));
      }
    }
    if (low.get(name) === index.get(name)) {
      const component: string[] = [];
      let top: string | undefined;
      do {
        top = stack.pop()!;
        onStack.delete(top);
        component.push(top);
      } while (top !== name);
      out.push(component);
    }
  };
  for (const name of Object.keys(scope.States)) if (!index.has(name)) visit(name);
  return out;
}

/** Whether a component is a cycle: more than one state, or a state that hands over to itself. */
export function isCycle(scope: AslScope, component: readonly string[]): boolean {
  if (component.length > 1) return true;
  const only = component[0]!;
  const state = scope.States[only];
  return state !== undefined && successors(state).includes(only);
}
