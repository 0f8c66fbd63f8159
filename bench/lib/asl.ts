/** Helpers over ASL definitions (plain JSON). */

/** States in a definition, nested graphs (Parallel branches, Map processors) included. */
export function countStates(definition: unknown): number {
  let n = 0;
  const visit = (graph: unknown) => {
    const states = (graph as { States?: Record<string, Record<string, unknown>> } | undefined)?.States;
    if (!states || typeof states !== 'object') return;
    for (const state of Object.values(states)) {
      n++;
      if (!state || typeof state !== 'object') continue;
      for (const b of (Array.isArray(state['Branches']) ? state['Branches'] : []) as unknown[]) visit(b);
      if (state['ItemProcessor']) visit(state['ItemProcessor']);
      if (state['Iterator']) visit(state['Iterator']);
    }
  };
  visit(definition);
  return n;
}
