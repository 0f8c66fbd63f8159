/** One workflow's entry in the generated page. */
export interface WorkflowDiagram {
  readonly name: string;
  /** The definition's `Comment`, when it has one. */
  readonly comment?: string;
  readonly mermaid: string;
}

/**
 * `docs/workflows.md`: every workflow's Mermaid diagram in a ```mermaid block, which GitHub renders. Sorted by name,
 * so the page only changes when a diagram does.
 */
export function workflowsMarkdown(diagrams: readonly WorkflowDiagram[], command: string): string {
  const sorted = [...diagrams].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts = [
    '# Workflows',
    '',
    'Generated from the compiled definitions; do not edit by hand (a test regenerates it and compares). After changing',
    'a workflow, run:',
    '',
    '```sh',
    command,
    '```',
    '',
    'Dashed edges are catches, labelled with their errors; thick edges start a loop\'s next round, labelled with its',
    'bound; boxes with a dashed border are states whose result is offloaded to S3 (a `$s3` pointer). Diamonds are',
    'choices, hexagons approvals, parallelograms voters, double circles failures.',
    '',
    ...sorted.map((d) => `- [${d.name}](#${d.name})`),
    '',
  ];
  for (const d of sorted) {
    parts.push(`## ${d.name}`, '');
    if (d.comment) parts.push(d.comment.replace(/[\u0000-\u001f]/g, ' '), '');
    parts.push('```mermaid', d.mermaid.trimEnd(), '```', '');
  }
  return parts.join('\n');
}
