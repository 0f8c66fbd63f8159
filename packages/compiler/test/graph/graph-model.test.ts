import { describe, expect, it } from 'vitest';
import { buildGraph, graphText, renderDot, renderMermaid, type GraphFacts, type GraphItem, type GraphNode } from '../../src/index.js';

const task = (next?: string, extra: Record<string, unknown> = {}) => ({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', ...(next ? { Next: next } : { End: true }), ...extra });

/** Every node of a graph, clusters' contents included, in order. */
function nodes(items: readonly GraphItem[]): GraphNode[] {
  return items.flatMap((it) => (it.type === 'node' ? [it] : nodes(it.items)));
}

const byState = (items: readonly GraphItem[], state: string) => {
  const all = (list: readonly GraphItem[]): GraphItem[] => list.flatMap((it) => (it.type === 'node' ? [it] : [it, ...all(it.items)]));
  const found = all(items).find((it) => it.lines[0] === state);
  if (!found) throw new Error(`no ${state}`);
  return found;
};

describe('graph model', () => {
  it('draws catches dashed, labelled with their errors', () => {
    const g = buildGraph('w', {
      StartAt: 'Primary',
      States: { Primary: task(undefined, { Catch: [{ ErrorEquals: ['States.Timeout', 'Agentflow.AnswerTooLarge'], Next: 'Fallback' }] }), Fallback: task() },
    });
    const primary = byState(g.items, 'Primary').id;
    const fallback = byState(g.items, 'Fallback').id;
    expect(g.edges.find((e) => e.from === primary && e.to === fallback)).toEqual({ from: primary, to: fallback, style: 'dashed', label: 'catch States.Timeout, Agentflow.AnswerTooLarge', back: false });
    expect(renderMermaid(g)).toContain(`${primary} -.->|"catch States.Timeout, Agentflow.AnswerTooLarge"| ${fallback}`);
    expect(renderDot(g)).toContain(`"${primary}" -> "${fallback}" [label="catch States.Timeout, Agentflow.AnswerTooLarge", style=dashed];`);
  });

  it('labels a loop back edge with the bound of the innermost loop around both ends', () => {
    const definition = {
      StartAt: 'Draft',
      States: {
        Draft: task('Check'),
        Check: { Type: 'Choice', Choices: [{ Condition: '{% $ok %}', Next: 'Done' }, { Condition: '{% $review >= 4 %}', Next: 'Review Exhausted' }], Default: 'Revise' },
        Revise: task('Check'),
        'Review Exhausted': { Type: 'Fail', Error: 'Agentflow.LoopExhausted' },
        Done: { Type: 'Succeed' },
      },
    };
    const facts: GraphFacts = {
      steps: [
        { id: 'draft', path: 'w/draft', kind: 'agent', state: 'Draft' },
        { id: 'review', path: 'w/review', kind: 'loop', state: 'Review', maxIterations: 5 },
        { id: 'check', path: 'w/review/check', kind: 'exit-loop', state: 'Check' },
        { id: 'revise', path: 'w/review/revise', kind: 'agent', state: 'Revise' },
      ],
      offloaded: [],
    };
    const g = buildGraph('w', definition, facts);
    const back = g.edges.filter((e) => e.back);
    expect(back).toEqual([{ from: byState(g.items, 'Revise').id, to: byState(g.items, 'Check').id, style: 'solid', label: 'loop review: at most 5 rounds', back: true }]);
    // The exhaustion state belongs to its loop's step.
    expect(byState(g.items, 'Review Exhausted').lines).toEqual(['Review Exhausted', 'review · fail']);
    // Without facts the edge is still a loop, without a bound.
    expect(buildGraph('w', definition).edges.filter((e) => e.back).map((e) => e.label)).toEqual(['loop']);
  });

  it('draws a Map body and Parallel branches as clusters that edges enter and leave', () => {
    const g = buildGraph('w', {
      StartAt: 'Each',
      States: {
        Each: { Type: 'Map', ItemProcessor: { StartAt: 'Work', States: { Work: task() } }, Next: 'Both' },
        Both: { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: task() } }, { StartAt: 'B', States: { B: task() } }], End: true },
      },
    });
    const each = byState(g.items, 'Each');
    const both = byState(g.items, 'Both');
    expect(each).toMatchObject({ type: 'cluster', role: 'map' });
    expect(both).toMatchObject({ type: 'cluster', role: 'parallel' });
    expect(both.type === 'cluster' && both.items.map((b) => b.lines[0])).toEqual(['branch 1', 'branch 2']);
    expect(g.edges).toContainEqual({ from: each.id, to: both.id, style: 'solid', back: false });
    const text = renderMermaid(g);
    expect(text).toContain(`subgraph ${each.id}["map: Each<br/>map"]`);
    expect(renderDot(g)).toContain(`lhead="cluster_${both.id}", ltail="cluster_${each.id}"`);
  });

  it('collapses a body larger than the limit into one node that says so', () => {
    const states: Record<string, unknown> = {};
    for (let i = 0; i < 30; i++) states[`S${i}`] = i < 29 ? task(`S${i + 1}`) : task();
    const definition = { StartAt: 'Each', States: { Each: { Type: 'Map', ItemProcessor: { StartAt: 'S0', States: states }, End: true } } };
    const g = buildGraph('w', definition, undefined, { maxBodyStates: 10 });
    expect(g.collapsed).toBe(1);
    expect(byState(g.items, 'Each')).toMatchObject({ type: 'node', shape: 'collapsed', lines: ['Each', 'map', 'map body: 30 states, collapsed'] });
    expect(buildGraph('w', definition, undefined, { maxBodyStates: 30 }).collapsed).toBe(0);
  });

  it("stays under Mermaid's edge and text limits for a very large workflow", () => {
    const body = (n: number, prefix: string) => {
      const states: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) states[`${prefix} ${i} ${'x'.repeat(40)}`] = i < n - 1 ? task(`${prefix} ${i + 1} ${'x'.repeat(40)}`) : task();
      return { StartAt: `${prefix} 0 ${'x'.repeat(40)}`, States: states };
    };
    const maps: Record<string, unknown> = {};
    for (let m = 0; m < 30; m++) maps[`Map ${m}`] = { Type: 'Map', ItemProcessor: body(35, `M${m}`), ...(m < 29 ? { Next: `Map ${m + 1}` } : { End: true }) };
    const definition = { StartAt: 'Map 0', States: maps };
    expect(buildGraph('w', definition, undefined, { maxBodyStates: 100, maxEdges: 10_000 }).edges.length).toBeGreaterThan(500);
    expect(buildGraph('w', definition).edges.length).toBeLessThanOrEqual(400);
    const text = graphText('w', definition, undefined, 'mermaid');
    expect(text.length).toBeLessThan(50_000);
    expect(text).toContain('collapsed');
  });

  it('never uses a state name as an id, and escapes hostile names with Mermaid entity codes', () => {
    const hostile = ['end', 'a"b', '(x)', '<script>alert(1)</script>', 'x#y;', 'graph', 'new\nline', 'back`tick\\'];
    const states: Record<string, unknown> = {};
    hostile.forEach((name, i) => (states[name] = i < hostile.length - 1 ? task(hostile[i + 1]) : task()));
    const g = buildGraph('w', { StartAt: 'end', States: states });
    expect(nodes(g.items).map((n) => n.id)).toEqual(nodes(g.items).map((_, i) => `n${i + 1}`));
    const text = renderMermaid(g);
    expect(text).toContain('["a#34;b<br/>task"]');
    expect(text).toContain('["(x)<br/>task"]');
    expect(text).toContain('["#60;script#62;alert(1)#60;/script#62;<br/>task"]');
    expect(text).toContain('["x#35;y;<br/>task"]');
    expect(text).toContain('["new line<br/>task"]');
    expect(text).toContain('["back#96;tick#92;<br/>task"]');
    expect(text).not.toMatch(/^\s*end\b/m);
    expect(renderDot(g)).toContain('[label="a\\"b\\ntask", shape=box]');
  });

  it('marks offloaded states, from the facts or from the definition itself', () => {
    const g = buildGraph(
      'w',
      {
        StartAt: 'A',
        States: { A: task('B', { Arguments: { Payload: { offload: { bucket: 'b', key: 'k', inline: [] } } } }), B: task('C'), C: task() },
      },
      { steps: [], offloaded: ['B'] },
    );
    expect(nodes(g.items).filter((n) => n.offloaded).map((n) => n.lines[0])).toEqual(['A', 'B']);
    expect(renderMermaid(g)).toMatch(/class n2,n3 offloaded\n$/);
  });

  it('gives choices, approvals and voters shapes of their own', () => {
    const facts: GraphFacts = {
      steps: [
        { id: 'ask', path: 'w/ask', kind: 'approval', state: 'Ask' },
        { id: 'board', path: 'w/board', kind: 'vote', state: 'Board', voters: ['board-alice'] },
      ],
      offloaded: [],
    };
    const g = buildGraph(
      'w',
      {
        StartAt: 'Ask',
        States: {
          Ask: task('Board'),
          Board: { Type: 'Parallel', Branches: [{ StartAt: 'Board Alice', States: { 'Board Alice': task() } }], Next: 'Pick' },
          Pick: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'Done' }], Default: 'Done' },
          Done: { Type: 'Succeed' },
        },
      },
      facts,
    );
    expect(Object.fromEntries(nodes(g.items).map((n) => [n.lines[0], n.shape]))).toEqual({ start: 'terminal', Ask: 'approval', 'Board Alice': 'voter', Pick: 'choice', Done: 'succeed', end: 'terminal' });
    expect(byState(g.items, 'Board')).toMatchObject({ type: 'cluster', role: 'vote' });
    const text = renderMermaid(g);
    expect(text).toContain('{{"Ask<br/>ask · approval"}}');
    expect(text).toContain('[/"Board Alice<br/>board-alice · voter"/]');
  });

  it('is deterministic: the same definition gives the same bytes', () => {
    const definition = { StartAt: 'A', States: { A: task('B'), B: { Type: 'Wait', Seconds: 5, Next: 'C' }, C: { Type: 'Pass', End: true } } };
    for (const format of ['mermaid', 'dot', 'ascii'] as const) expect(graphText('w', definition, undefined, format)).toBe(graphText('w', structuredClone(definition), undefined, format));
  });
});
