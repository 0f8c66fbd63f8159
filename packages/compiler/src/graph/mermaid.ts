import type { Graph, GraphItem, NodeShape } from './model.js';

/**
 * Mermaid's own entity codes (`#35;` is `#`): inside a quoted label they stand for the characters that would end the
 * string or be read as HTML. Control characters and line breaks become spaces; the renderer joins lines with `<br/>`.
 */
export function mermaidText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += ' ';
    else if (ch === '"' || ch === '#' || ch === '<' || ch === '>' || ch === '&' || ch === '`' || ch === '\\' || ch === '|') out += `#${code};`;
    else out += ch;
  }
  return out;
}

const OPEN: Record<NodeShape, readonly [string, string]> = {
  task: ['[', ']'],
  choice: ['{', '}'],
  approval: ['{{', '}}'],
  voter: ['[/', '/]'],
  pass: ['(', ')'],
  wait: ['([', '])'],
  succeed: ['((', '))'],
  fail: ['(((', ')))'],
  terminal: ['((', '))'],
  collapsed: ['[[', ']]'],
};

const label = (lines: readonly string[]) => `"${lines.map(mermaidText).join('<br/>')}"`;

/** A Mermaid flowchart of the graph: every id synthetic, every label quoted, the same bytes for the same graph. */
export function renderMermaid(graph: Graph): string {
  const out = ['flowchart TD'];
  const offloaded: string[] = [];
  const item = (it: GraphItem, indent: string): void => {
    if (it.type === 'node') {
      const [open, close] = OPEN[it.shape];
      out.push(`${indent}${it.id}${open}${label(it.lines)}${close}`);
      if (it.offloaded) offloaded.push(it.id);
      return;
    }
    const title = it.role === 'branch' ? it.lines : [`${it.role}: ${it.lines[0] ?? ''}`, ...it.lines.slice(1)];
    out.push(`${indent}subgraph ${it.id}[${label(title)}]`);
    out.push(`${indent}  direction TB`);
    for (const child of it.items) item(child, `${indent}  `);
    out.push(`${indent}end`);
  };
  for (const it of graph.items) item(it, '  ');
  for (const e of graph.edges) {
    const arrow = e.style === 'dashed' ? '-.->' : e.back ? '==>' : '-->';
    out.push(`  ${e.from} ${arrow}${e.label ? `|${label([e.label])}|` : ''} ${e.to}`);
  }
  out.push('  classDef offloaded stroke-dasharray: 5 3,stroke-width:2px');
  if (offloaded.length > 0) out.push(`  class ${offloaded.join(',')} offloaded`);
  return `${out.join('\n')}\n`;
}
