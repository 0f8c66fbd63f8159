import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphText, MERMAID_MAX_TEXT } from '@agentflow/compiler';
import { ROOT, runCli } from './run-cli.js';
import { parseMermaid } from './mermaid-parse.js';

const SEEDS = readdirSync(join(ROOT, 'workflows')).filter((f) => f.endsWith('.ts')).length;
const FIXTURES = readdirSync(join(ROOT, 'fixtures'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && readdirSync(join(ROOT, 'fixtures', e.name)).includes('workflow.ts'))
  .map((e) => join('fixtures', e.name, 'workflow.ts'));
const TEMP = mkdtempSync(join(tmpdir(), 'agentflow-graph-'));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));

/** `==> name.mmd <==`-headed diagrams printed for several workflows, by file name. */
function split(stdout: string): Map<string, string> {
  const parts = new Map<string, string>();
  const chunks = stdout.split(/^==> (.+) <==\n/m);
  for (let i = 1; i < chunks.length; i += 2) parts.set(chunks[i]!, chunks[i + 1]!);
  return parts;
}

describe('agentflow graph', () => {
  it('the seed workflows match their diagram goldens and docs/workflows.md', async () => {
    const run = await runCli(['graph', 'workflows', '--out', 'fixtures/workflows', '--markdown', 'docs/workflows.md', '--check']);
    expect(run.stderr).toContain('diagram files up to date');
    expect(run.code).toBe(0);
  });

  it('the text outline of research-report matches its golden', async () => {
    const run = await runCli(['graph', 'workflows/research-report.ts', '--format', 'ascii', '--out', 'fixtures/graph-text', '--check']);
    expect(run.stderr).toContain('diagram files up to date');
    expect(run.code).toBe(0);
  });

  it('every seed diagram, and every diagram in docs/workflows.md, parses with the real Mermaid parser', async () => {
    const goldens = readdirSync(join(ROOT, 'fixtures/workflows')).filter((f) => f.endsWith('.mmd'));
    expect(goldens).toHaveLength(SEEDS);
    for (const name of goldens) {
      const text = readFileSync(join(ROOT, 'fixtures/workflows', name), 'utf8');
      expect(text.length, name).toBeLessThan(MERMAID_MAX_TEXT);
      await expect(parseMermaid(text), name).resolves.toBe('flowchart-v2');
    }
    const page = readFileSync(join(ROOT, 'docs/workflows.md'), 'utf8');
    const blocks = [...page.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
    expect(blocks).toHaveLength(SEEDS);
    for (const block of blocks) await expect(parseMermaid(block)).resolves.toBe('flowchart-v2');
  });

  it('every construct fixture that compiles draws a diagram the Mermaid parser accepts', async () => {
    const run = await runCli(['graph', ...FIXTURES, '--config', 'fixtures/agentflow.config.yaml']);
    expect(run.code, run.stderr).toBe(0);
    const diagrams = split(run.stdout);
    expect(diagrams.size).toBe(FIXTURES.length);
    for (const [name, text] of diagrams) {
      expect(text.length, name).toBeLessThan(MERMAID_MAX_TEXT);
      await expect(parseMermaid(text), name).resolves.toBe('flowchart-v2');
    }
  }, 120_000);

  it('hostile state names (Mermaid keywords, quotes, parentheses, HTML, entities) still parse', async () => {
    const names = ['end', 'subgraph', 'a"b', '(x)', '[y]', '{z}', '<script>alert(1)</script>', '#quot;', 'a|b', 'x --> y', 'click', 'style', '%%', ';'];
    const states: Record<string, unknown> = {};
    names.forEach((name, i) => (states[name] = { Type: 'Pass', ...(i < names.length - 1 ? { Next: names[i + 1] } : { End: true }) }));
    const definition = { StartAt: 'end', States: { ...states, 'end end': { Type: 'Map', ItemProcessor: { StartAt: 'end', States: { end: { Type: 'Pass', End: true } } }, End: true } } };
    await expect(parseMermaid(graphText('w', definition, undefined, 'mermaid'))).resolves.toBe('flowchart-v2');
  });

  it('the parser used by these tests does reject a broken diagram', async () => {
    await expect(parseMermaid('flowchart TD\n  end --> a(x)y\n')).rejects.toThrow(/Parse error/);
  });

  it('draws DOT with balanced braces, quoted ids and one digraph per workflow', async () => {
    const run = await runCli(['graph', 'workflows', '--format', 'dot']);
    expect(run.code).toBe(0);
    const diagrams = split(run.stdout);
    expect(diagrams.size).toBe(SEEDS);
    for (const [name, text] of diagrams) {
      expect(name.endsWith('.dot')).toBe(true);
      // Braces outside quoted strings open and close the graph and its clusters.
      const bare = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
      expect(bare.split('{').length, name).toBe(bare.split('}').length);
      expect(text.startsWith('digraph "')).toBe(true);
      for (const line of text.split('\n').slice(3)) {
        if (/->/.test(line)) expect(line, name).toMatch(/^ *"n\d+" -> "n\d+"( \[.*\])?;$/);
        else if (/\[label=/.test(line)) expect(line, name).toMatch(/^ *"n\d+" \[label=".*", shape=[a-z0-9]+.*\];$/);
      }
    }
  });

  it('reports drift and diagrams whose workflow is gone', async () => {
    const out = join(TEMP, 'stale');
    cpSync(join(ROOT, 'fixtures/workflows'), out, { recursive: true });
    writeFileSync(join(out, 'routing.mmd'), 'flowchart TD\n');
    writeFileSync(join(out, 'deleted-workflow.mmd'), 'flowchart TD\n');
    const run = await runCli(['graph', 'workflows', '--out', out, '--check']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('routing.mmd (checked in)');
    expect(run.stderr).toContain('deleted-workflow.mmd has no workflow');
    expect(run.stderr).toContain('2 diagram file(s) out of date');
  });

  it('writes one file per workflow into --out', async () => {
    const out = join(TEMP, 'written');
    const run = await runCli(['graph', 'workflows/sequential.ts', 'workflows/retry-fallback.ts', '--format', 'dot', '--out', out]);
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['retry-fallback.dot', 'sequential.dot']);
  });

  it('writes nothing when a workflow has errors, and still prints the ones that compiled', async () => {
    const out = join(TEMP, 'failed');
    const broken = 'fixtures/_error_/approval-without-timeout/workflow.ts';
    const run = await runCli(['graph', 'fixtures/map-basic/workflow.ts', broken, '--config', 'fixtures/agentflow.config.yaml', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1/2 workflow(s) drawn; nothing was written');
    expect(() => readdirSync(out)).toThrow();
    const printed = await runCli(['graph', 'fixtures/map-basic/workflow.ts', broken, '--config', 'fixtures/agentflow.config.yaml']);
    const alone = await runCli(['graph', 'fixtures/map-basic/workflow.ts', '--config', 'fixtures/agentflow.config.yaml']);
    expect(printed.code).toBe(1);
    expect(alone.stdout).toMatch(/^flowchart TD\n/);
    expect(printed.stdout).toContain(alone.stdout);
  });

  it('refuses an unknown format and --check without a destination, as usage errors', async () => {
    const format = await runCli(['graph', 'workflows', '--format', 'svg']);
    expect(format.code).toBe(2);
    const check = await runCli(['graph', 'workflows', '--check']);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('--check compares against files');
  });
});
