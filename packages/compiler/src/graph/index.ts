import { buildGraph, type Graph } from './model.js';
import type { GraphFacts } from './facts.js';
import { renderMermaid } from './mermaid.js';
import { renderDot } from './dot.js';
import { renderAscii } from './ascii.js';

export { buildGraph, type Graph, type GraphCluster, type GraphEdge, type GraphItem, type GraphLimits, type GraphNode, type NodeShape } from './model.js';
export { graphFacts, type GraphFacts, type GraphStep } from './facts.js';
export { renderMermaid, mermaidText } from './mermaid.js';
export { renderDot, dotString } from './dot.js';
export { renderAscii } from './ascii.js';
export { workflowsMarkdown, type WorkflowDiagram } from './markdown.js';

export type GraphFormat = 'mermaid' | 'dot' | 'ascii';

/** The file extension of each format's output: `<workflow>.mmd`, `.dot`, `.txt`. */
export const GRAPH_EXTENSIONS: Readonly<Record<GraphFormat, string>> = { mermaid: 'mmd', dot: 'dot', ascii: 'txt' };

/** Mermaid refuses a diagram longer than its default `maxTextSize`; kept under it with room to spare. */
export const MERMAID_MAX_TEXT = 50_000;
const TEXT_BUDGET = 45_000;

/**
 * One workflow's diagram in a format. A Mermaid text over the budget is drawn again with smaller bodies collapsed,
 * until it fits or every container is one node.
 */
export function graphText(name: string, definition: Record<string, unknown>, facts: GraphFacts | undefined, format: GraphFormat): string {
  const render = (g: Graph) => (format === 'mermaid' ? renderMermaid(g) : format === 'dot' ? renderDot(g) : renderAscii(g));
  let body: number | undefined;
  for (;;) {
    const graph = buildGraph(name, definition, facts, body === undefined ? {} : { maxBodyStates: body });
    const text = render(graph);
    if (format !== 'mermaid' || text.length <= TEXT_BUDGET || body === 0) return text;
    body = Math.floor((body ?? 40) / 2);
  }
}
