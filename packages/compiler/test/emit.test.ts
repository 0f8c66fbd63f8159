import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, Ballot, text, workflow, type WorkflowDef } from '@agentflow/dsl';
import { compileWorkflow } from '../src/index.js';
import { TEST_ENV } from './test-env.js';

const worker = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ answer: z.string().max(100) }) });
const judge = agent('judge', { agentName: 'judge', alias: 'live', output: Ballot });
const Input = z.object({ q: z.string().max(100), groups: z.array(z.array(z.string().max(10)).max(3)).max(3) });

type State = Record<string, unknown> & { Assign?: Record<string, unknown>; Arguments?: { Payload?: Record<string, unknown> } };

function compile(def: WorkflowDef) {
  const result = compileWorkflow(def, { env: TEST_ENV, envName: 'test' });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { result, asl: result.definition as { StartAt: string; States: Record<string, State> } };
}

describe('ASL emission', () => {
  it('assigns a step result to a variable only when something reads it', () => {
    const { asl } = compile(
      workflow('vars', { input: Input }, (flow) => {
        const a = flow.invoke(worker, { id: 'first', prompt: flow.input.q });
        flow.invoke(worker, { id: 'unused', prompt: a.answer });
        flow.succeed('done');
      }),
    );
    expect(asl.States['First']!.Assign).toEqual({ first: '{% $states.result.Payload %}' });
    expect(asl.States['Unused']!.Assign).toBeUndefined();
    expect(asl.States['Unused']!.Arguments!.Payload!['inputText']).toBe('{% $first.answer %}');
  });

  it('reads the workflow input from $states.input on the first state and from $input later', () => {
    const { asl } = compile(
      workflow('binding', { input: Input }, (flow) => {
        flow.invoke(worker, { id: 'one', prompt: flow.input.q });
        flow.invoke(worker, { id: 'two', prompt: flow.input.q });
      }),
    );
    expect(asl.States['One']!.Arguments!.Payload!['inputText']).toBe('{% $states.input.q %}');
    expect(asl.States['Two']!.Arguments!.Payload!['inputText']).toBe('{% $input.q %}');
  });

  it('keeps the input in a catcher too, since a failed state skips its own Assign', () => {
    const { asl } = compile(
      workflow('catching', { input: Input }, (flow) => {
        flow.invoke(worker, { id: 'try', prompt: 'x', catch: [{ goto: 'recover' }] });
        flow.succeed('ok');
        flow.invoke(worker, { id: 'recover', prompt: flow.input.q });
      }),
    );
    const catcher = (asl.States['Try']!['Catch'] as State[])[0]!;
    expect(catcher.Assign).toEqual({ input: '{% $states.input %}' });
    expect(catcher['Next']).toBe('Recover');
  });

  it('gives each nested map iteration its own agent session', () => {
    const { asl } = compile(
      workflow('sessions', { input: Input }, (flow) =>
        flow.map('outer', flow.input.groups, { maxConcurrency: 2 }, (group, f) =>
          f.map('inner', group, { maxConcurrency: 2 }, (item, g) => g.invoke(worker, { prompt: item }).answer),
        ),
      ),
    );
    const outer = asl.States['Outer'] as { ItemProcessor: { States: Record<string, { ItemProcessor: { States: Record<string, State> } }> } };
    const task = outer.ItemProcessor.States['Inner']!.ItemProcessor.States['Worker']!;
    expect(task.Arguments!.Payload!['sessionId']).toBe("{% $states.context.Execution.Name & ':worker:' & $outerIndex & ':' & $states.input.index %}");
  });

  it('quotes literals safely inside JSONata and keeps "{%" text literal', () => {
    const { asl } = compile(
      workflow('quotes', { input: Input }, (flow) => {
        flow.invoke(worker, { id: 'quoted', prompt: text`It's "fine": ${flow.input.q}` });
        flow.set('raw', '{% not an expression %}');
      }),
    );
    expect(asl.States['Quoted']!.Arguments!.Payload!['inputText']).toBe(`{% "It's \\"fine\\": " & $states.input.q %}`);
    // The set rides on the agent's Assign (plan-folds.ts); its text stays a JSONata string literal there too.
    expect(asl.States['Raw']).toBeUndefined();
    expect(asl.States['Quoted']!.Assign).toEqual({ raw: "{% '{% not an expression %}' %}" });
  });

  it.each([
    [{ threshold: 0.66 } as const, 3, 2],
    ['majority' as const, 4, 3],
    ['unanimous' as const, 3, 3],
    [{ bft: { f: 1 } } as const, 4, 3],
  ])('tallies rule %j over %i voters with %i approvals needed', (rule, voters, needed) => {
    const { asl } = compile(
      workflow('votes', { input: Input }, (flow) => {
        const t = flow.vote('decide', { voters: Array.from({ length: voters }, () => judge), proposal: flow.input.q, rule });
        return t.approved;
      }),
    );
    const state = asl.States['Decide']!;
    expect(state['Type']).toBe('Parallel');
    expect((state['Branches'] as unknown[]).length).toBe(voters);
    expect(String(state['Output'])).toContain(`'approved': $approvals >= ${needed}`);
    if (typeof rule === 'object' && 'bft' in rule) expect(String(state['Output'])).toContain(`'decided': $approvals >= 3 or $rejections >= 3`);
  });

  it('emits the same bytes every time', () => {
    const def = workflow('same', { input: Input }, (flow) => flow.invoke(worker, { prompt: flow.input.q }));
    expect(compileWorkflow(def, { env: TEST_ENV, envName: 'test' }).aslText).toBe(compileWorkflow(def, { env: TEST_ENV, envName: 'test' }).aslText);
  });

  it('orders state fields canonically: Type first, transitions last', () => {
    const { asl } = compile(workflow('order', { input: Input }, (flow) => void flow.invoke(worker, { prompt: flow.input.q, comment: 'why' })));
    expect(Object.keys(asl.States['Worker']!)).toEqual(['Type', 'Comment', 'Resource', 'Arguments', 'TimeoutSeconds', 'Retry', 'End']);
  });

  it('rejects state names longer than 80 characters', () => {
    const id = Array.from({ length: 20 }, (_, i) => `word${i}`).join('-');
    const result = compileWorkflow(workflow('long', { input: Input }, (flow) => void flow.set(id, 1)), { env: TEST_ENV, envName: 'test' });
    expect(result.definition).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['state-name-too-long']);
  });
});
