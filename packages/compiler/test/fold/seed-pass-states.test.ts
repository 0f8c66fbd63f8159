// Seed workflows carry no Pass state that only copies a value: such a step rides on the Assign of the state before
// it (plan-folds.ts). Checked on the golden ASL, nested states included.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../../..');
const GOLDENS = join(ROOT, 'fixtures', 'workflows');

type State = { Type: string; Assign?: Record<string, unknown>; Output?: unknown; Branches?: Graph[]; ItemProcessor?: Graph };
type Graph = { States: Record<string, State> };

/** `$x`, `$x.a.b`, `$states.input.a`: a value read as it is, with no computation (as jsonata parses it). */
function isPlainReference(expr: string): boolean {
  const ast = jsonata(expr).ast() as { type: string; steps?: { type: string; stages?: unknown[]; predicate?: unknown[] }[] };
  if (ast.type === 'variable') return true;
  if (ast.type !== 'path' || !ast.steps) return false;
  const [head, ...rest] = ast.steps;
  return head?.type === 'variable' && rest.every((s) => s.type === 'name' && !s.stages && !s.predicate);
}

/**
 * A value copied as it is: a literal (no `{% %}` anywhere) or one `{% %}` expression that is a plain reference. A
 * record or list with a computed or referenced leaf builds a new value, which is not a copy.
 */
function isCopy(value: unknown): boolean {
  if (typeof value === 'string') {
    const m = /^\{%([\s\S]*)%\}$/.exec(value);
    return m ? isPlainReference(m[1]!.trim()) : true;
  }
  if (value !== null && typeof value === 'object') return !JSON.stringify(value).includes('{%');
  return true;
}

/** Paths (`file#State/Nested`) of Pass states whose every Assign entry is a copy and that have no Output. */
function copyingPassStates(graph: Graph, at: string): string[] {
  const out: string[] = [];
  for (const [name, state] of Object.entries(graph.States)) {
    const path = `${at}/${name}`;
    if (state.Type === 'Pass' && state.Output === undefined && Object.values(state.Assign ?? {}).every(isCopy)) out.push(path);
    for (const branch of state.Branches ?? []) out.push(...copyingPassStates(branch, path));
    if (state.ItemProcessor) out.push(...copyingPassStates(state.ItemProcessor, path));
  }
  return out;
}

describe('seed goldens: no Pass state that only copies a value', () => {
  const files = readdirSync(GOLDENS).filter((f) => f.endsWith('.asl.json'));

  it('finds the seed goldens', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s', (file) => {
    const graph = JSON.parse(readFileSync(join(GOLDENS, file), 'utf8')) as Graph;
    expect(copyingPassStates(graph, file)).toEqual([]);
  });

  it('the check finds copying Pass states (a variable, an input path, a constant), nested ones too', () => {
    const graph: Graph = {
      States: {
        Copy: { Type: 'Pass', Assign: { draft: '{% $writeDraft %}' } },
        Start: { Type: 'Pass', Assign: { input: '{% $states.input %}' } },
        Counter: { Type: 'Pass', Assign: { review: 0 } },
        Built: { Type: 'Pass', Assign: { summary: '{% $a & $b %}', record: { id: '{% $item.id %}' } } },
        Map: { Type: 'Map', ItemProcessor: { States: { Inner: { Type: 'Pass', Assign: { x: '{% $y.z %}' } } } } },
      },
    };
    expect(copyingPassStates(graph, 'g')).toEqual(['g/Copy', 'g/Start', 'g/Counter', 'g/Map/Inner']);
  });
});
