import type { Graph, GraphItem } from './model.js';

/**
 * Control characters as `\u{…}` so a hostile state name cannot move the cursor or break a line; the model's own
 * separators (` · `, `…`) in ASCII.
 */
const plain = (text: string) =>
  text
    .replace(/ \u00b7 /g, ', ')
    .replace(/\u2026/g, '...')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);

/**
 * A plain-text outline: states in definition order, containers indented, and under each state where it goes
 * (`->` a transition, `-.->` a catch, `=>` a loop's next round).
 */
export function renderAscii(graph: Graph): string {
  const names = new Map<string, string>();
  const collect = (it: GraphItem) => {
    names.set(it.id, plain(it.lines[0] ?? it.id));
    if (it.type === 'cluster') it.items.forEach(collect);
  };
  graph.items.forEach(collect);
  const out = [`${plain(graph.name)}`];
  const item = (it: GraphItem, indent: string): void => {
    const detail = it.lines.slice(1).map(plain).join(', ');
    const head = it.type === 'cluster' ? `[${it.role}] ${names.get(it.id)}` : it.shape === 'terminal' ? `(${names.get(it.id)})` : `${names.get(it.id)}`;
    out.push(`${indent}${head}${detail ? `  (${detail})` : ''}`);
    if (it.type === 'cluster') for (const child of it.items) item(child, `${indent}|   `);
    for (const e of graph.edges) {
      if (e.from !== it.id) continue;
      const arrow = e.style === 'dashed' ? '-.->' : e.back ? '=>' : '->';
      out.push(`${indent}    ${arrow} ${names.get(e.to)}${e.label ? `  [${plain(e.label)}]` : ''}`);
    }
  };
  for (const it of graph.items) item(it, '');
  return `${out.join('\n')}\n`;
}
