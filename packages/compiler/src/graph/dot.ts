import type { Graph, GraphItem, NodeShape } from './model.js';

/** A DOT string literal: quotes and backslashes escaped, control characters as spaces. */
export function dotString(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) out += ' ';
    else if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else out += ch;
  }
  return `"${out}"`;
}

const SHAPE: Record<NodeShape, string> = {
  task: 'box',
  choice: 'diamond',
  approval: 'hexagon',
  voter: 'parallelogram',
  pass: 'box, style=rounded',
  wait: 'oval',
  succeed: 'circle',
  fail: 'doublecircle',
  terminal: 'circle',
  collapsed: 'box3d',
};

/** `label` with DOT's line breaks (`\n` centred). */
const label = (lines: readonly string[]) => `"${lines.map((l) => dotString(l).slice(1, -1)).join('\\n')}"`;

/**
 * A Graphviz digraph. A cluster has an anchor point inside it, so edges into and out of a Map or Parallel end at
 * the cluster's border (`lhead`/`ltail` with `compound=true`).
 */
export function renderDot(graph: Graph): string {
  const out = [`digraph ${dotString(graph.name)} {`, '  compound=true;', '  node [fontname="Helvetica"];'];
  const clusters = new Set<string>();
  const item = (it: GraphItem, indent: string): void => {
    if (it.type === 'node') {
      const style = it.offloaded ? ', style=dashed, penwidth=2' : '';
      out.push(`${indent}"${it.id}" [label=${label(it.lines)}, shape=${SHAPE[it.shape]}${style}];`);
      return;
    }
    clusters.add(it.id);
    const title = it.role === 'branch' ? it.lines : [`${it.role}: ${it.lines[0] ?? ''}`, ...it.lines.slice(1)];
    out.push(`${indent}subgraph "cluster_${it.id}" {`);
    out.push(`${indent}  label=${label(title)};`);
    out.push(`${indent}  "${it.id}" [shape=point, width=0.05];`);
    for (const child of it.items) item(child, `${indent}  `);
    out.push(`${indent}}`);
  };
  for (const it of graph.items) item(it, '  ');
  for (const e of graph.edges) {
    const attrs: string[] = [];
    if (e.label) attrs.push(`label=${dotString(e.label)}`);
    if (e.style === 'dashed') attrs.push('style=dashed');
    if (e.back) attrs.push('penwidth=2');
    if (clusters.has(e.to)) attrs.push(`lhead="cluster_${e.to}"`);
    if (clusters.has(e.from)) attrs.push(`ltail="cluster_${e.from}"`);
    out.push(`  "${e.from}" -> "${e.to}"${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
