/**
 * Property: random well-typed workflows compile, and their simulated runs with random schema-valid mock answers
 * never fail with States.QueryEvaluationError, States.DataLimitExceeded or States.Runtime — those would be compiler
 * bugs (the emitted ASL is wrong), not user errors. Other outcomes (SUCCEEDED, a loop exhausted, a choice's explicit
 * fail …) are fine.
 *
 * The generator is in workflow-arbitrary.ts; the shapes that trigger known bugs are steered around by the flags
 * KNOWN_COMPILER_BUGS / KNOWN_SIMULATOR_BUGS there, and each known bug has a minimal `it.fails` reproduction below.
 *
 * Reproducing a failure: fast-check prints `seed` and `path`; rerun only this file with them, e.g.
 *   PROP_SEED=1234 PROP_PATH="17:3:0" npx vitest run packages/testing/test/property
 * (or put `seed: 1234, path: '17:3:0'` into the fc.assert options below). The failure message prints the shrunk
 * workflow as TypeScript, the plan, the simulator seed, the error and the failing state's ASL.
 * More runs: PROP_RUNS=500 npx vitest run packages/testing/test/property
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileWorkflow, type Diagnostic } from '@agentflow/compiler';
import { fixtureEnvironment } from '../fixture-environment.js';
import { agent, gt, lambda, orElse, text, when, workflow, type WorkflowDef } from '@agentflow/dsl';
import { simulate, type SimulationResult } from '@agentflow/testing';
import { buildWorkflow, maximalInput, workflowPlanArb, type WorkflowPlan } from './workflow-arbitrary.js';

const CONFIG = 'fixtures/agentflow.config.yaml';
/** Compile errors that refuse a program by design (docs/payload.md): not counterexamples. */
const REFUSALS = new Set(['payload-over-budget', 'input-over-budget', 'map-over-offloaded-results']);
/**
 * Errors that only a wrong definition produces: an expression returning nothing, an oversized payload, a runtime
 * fault — and, beyond the three the issue names, an agent adapter request the adapter cannot read
 * (Agentflow.InvalidRequest, docs/agent-adapter.md), which the compiler builds.
 */
const FORBIDDEN = new Set(['States.QueryEvaluationError', 'States.DataLimitExceeded', 'States.Runtime', 'Agentflow.InvalidRequest']);
/**
 * Runs per workflow: automatic mocks with random answers, approvals and input for three seeds, and one with
 * maximal answers (every field at its schema's maximum) and the largest input Step Functions accepts — the worst
 * case the compiler's payload analysis must have covered.
 */
const RUNS: readonly { readonly seed: number; readonly answers: 'random' | 'maximal' }[] = [
  { seed: 1, answers: 'random' },
  { seed: 2, answers: 'random' },
  { seed: 3, answers: 'random' },
  { seed: 4, answers: 'maximal' },
];
/**
 * Each plan compiles once and runs four times: 200 plans take 4–6 s on this 2-core machine with other test runs
 * going on (the whole file 7–9 s); 800 plans take 14–23 s.
 */
const NUM_RUNS = Number(process.env['PROP_RUNS'] ?? 200);
const SEED = process.env['PROP_SEED'] === undefined ? undefined : Number(process.env['PROP_SEED']);
const PATH = process.env['PROP_PATH'];

const environment = fixtureEnvironment(CONFIG);

function compile(def: WorkflowDef) {
  return compileWorkflow(def, environment);
}

const errorsOf = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.severity === 'error');

function run(def: WorkflowDef, seed: number, input?: unknown, answers: 'random' | 'maximal' = 'random'): Promise<SimulationResult> {
  return simulate(def, { config: CONFIG, ...(input === undefined ? {} : { input }), autoMock: { answers, approvals: 'random', seed } });
}

/**
 * The errors a run ended with: its own, and — since a map the compiler made distributed reports a failing child as
 * States.ExceedToleratedFailureThreshold — those of failed child executions, from the Map Run's FAILED_n.json files.
 */
function runErrors(result: SimulationResult): { error: string; cause: string | undefined }[] {
  const errors = result.error === undefined ? [] : [{ error: result.error, cause: result.cause }];
  for (const [key, body] of result.s3) {
    if (!/\/FAILED_\d+\.json$/.test(key)) continue;
    for (const record of JSON.parse(body) as { Error?: string; Cause?: string }[]) {
      if (record.Error !== undefined) errors.push({ error: record.Error, cause: `child execution of ${key}: ${record.Cause}` });
    }
  }
  return errors;
}

/** The state named in a States.* cause, found anywhere in the definition (branches and iterations included). */
function failingState(definition: unknown, cause: string | undefined): unknown {
  const name = /executing the state '([^']+)'/.exec(cause ?? '')?.[1];
  if (name === undefined) return undefined;
  const search = (graph: unknown): unknown => {
    const states = (graph as { States?: Record<string, { Branches?: unknown[]; ItemProcessor?: unknown }> } | undefined)?.States ?? {};
    if (name in states) return states[name];
    for (const state of Object.values(states)) {
      for (const child of [...(state.Branches ?? []), state.ItemProcessor]) {
        const found = search(child);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return search(definition);
}

function describePlan(plan: WorkflowPlan, source: string): string {
  return `--- workflow ---\n${source}\n--- plan ---\n${JSON.stringify(plan)}`;
}

describe('random well-typed workflows', () => {
  it('compile, and never fail at run time with QueryEvaluationError, DataLimitExceeded or Runtime', async () => {
    await fc.assert(
      fc.asyncProperty(workflowPlanArb(), async (plan) => {
        const built = buildWorkflow(plan);
        const compiled = compile(built.def);
        const errors = errorsOf(compiled.diagnostics);
        // Refusals by design (docs/payload.md), not counterexamples: a worst-case payload no offload can fix, an input
        // schema that admits more than an execution may be started with, a map over results that had to go to S3.
        fc.pre(!(errors.length > 0 && errors.every((d) => REFUSALS.has(d.code))));
        if (errors.length > 0 || !compiled.definition) {
          throw new Error(`A well-typed workflow does not compile:\n${errors.map((d) => `  ${d.code} at ${d.path}: ${d.message}`).join('\n')}\n${describePlan(plan, built.source)}`);
        }
        for (const { seed, answers } of RUNS) {
          const input = answers === 'maximal' ? maximalInput(plan.input) : undefined;
          if (answers === 'maximal' && input === undefined) continue; // the schema admits inputs over 256 KiB
          const what = `autoMock { answers: '${answers}', approvals: 'random', seed: ${seed} }${input === undefined ? '' : ' with the maximal input'}`;
          let result: SimulationResult;
          try {
            result = await run(built.def, seed, input, answers);
          } catch (error) {
            throw new Error(`simulate threw (${what}): ${(error as Error).stack}\n${describePlan(plan, built.source)}`);
          }
          const forbidden = runErrors(result).find((e) => FORBIDDEN.has(e.error));
          if (forbidden) {
            throw new Error(
              `${what}: ${forbidden.error}: ${forbidden.cause}\n--- failing state ---\n${JSON.stringify(failingState(compiled.definition, forbidden.cause), null, 2)}\n${describePlan(plan, built.source)}`,
            );
          }
        }
      }),
      // To replay a reported counterexample: { numRuns, seed: <seed>, path: '<path>' }.
      { numRuns: NUM_RUNS, ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH === undefined ? {} : { path: PATH }) },
    );
  });
});

// ───────────────────────── known bugs: minimal reproductions ─────────────────────────
// Each `it.fails` body states the correct behaviour. When the bug is fixed the body passes and vitest reports the
// `it.fails` as failed: then turn it into `it` (move it to the regression tests at the end) and delete its flag in
// workflow-arbitrary.ts (KNOWN_COMPILER_BUGS / KNOWN_SIMULATOR_BUGS) together with the code steering around it.

const Note = z.object({ title: z.string().max(20), note: z.string().max(20).optional() });
const writer = agent('writer', { agentName: 'worker', alias: 'live', output: Note });

/** Compiles without errors and runs without a forbidden error, for the given input. */
async function expectCompilesAndRuns(def: WorkflowDef, input: unknown): Promise<SimulationResult> {
  const compiled = compile(def);
  expect(errorsOf(compiled.diagnostics).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  const result = await run(def, 1, input);
  expect({ status: result.status, error: result.error, cause: result.cause }).toMatchObject({ status: 'SUCCEEDED' });
  return result;
}

describe('known compiler bugs', () => {
  // Was: an optional reference used as a whole value (record leaf, set value, message, prompt, returned value, or a
  // template of that one reference) compiled to a field "{% $x.note %}" that returns nothing when the field is
  // absent. Here: state 'Keep', field 'Assign/keep/note' = "{% $states.input.note %}" → States.QueryEvaluationError.
  // Fixed: tsc refuses an optional reference where a value is required and orElse(ref, fallback) gives it one; a
  // value that reaches the compiler untyped is the error optional-value. (KNOWN_COMPILER_BUGS.optionalRefAsValue)
  it('an optional field in a record value needs orElse, and then runs with the value or the fallback', async () => {
    const untyped = workflow('optional-ref-as-value', { input: z.object({ note: z.string().max(20).optional() }) }, (flow) => {
      flow.set('keep', { note: flow.input.note as never });
    });
    expect(errorsOf(compile(untyped).diagnostics).map((d) => d.code)).toEqual(['optional-value']);
    const wf = workflow('optional-ref-or-else', { input: z.object({ note: z.string().max(20).optional() }) }, (flow) => {
      const kept = flow.set('keep', { note: orElse(flow.input.note, 'none') });
      return kept.note;
    });
    expect((await expectCompilesAndRuns(wf, {})).output).toBe('none');
    expect((await expectCompilesAndRuns(wf, { note: 'hi' })).output).toBe('hi');
  });

  // Was: same class, in a prompt: `prompt: draft.note` → 'Arguments/Payload/inputText' = "{% $draft.note %}";
  // `text\`${draft.note}\`` compiled to the same expression. Fixed: the first fails tsc (or optional-value), the
  // template is "{% '' & $draft.note %}". (KNOWN_COMPILER_BUGS.optionalRefAsValue)
  it('a prompt that is an absent optional field is empty text, not an error', async () => {
    const wf = workflow('optional-ref-as-prompt', { input: z.object({ topic: z.string().max(20) }) }, (flow) => {
      const draft = flow.invoke(writer, { id: 'draft', prompt: flow.input.topic });
      flow.invoke(writer, { id: 'again', prompt: text`${draft.note}` });
    });
    const compiled = compile(wf);
    expect(errorsOf(compiled.diagnostics)).toEqual([]);
    const result = await simulate(wf, { config: CONFIG, input: { topic: 't' }, agents: { draft: [{ title: 'a' }], again: [{ title: 'b' }] } });
    expect({ status: result.status, error: result.error, cause: result.cause }).toMatchObject({ status: 'SUCCEEDED' });
  });

  // Was: same class, in a prompt that splices offloaded data: it becomes `inputParts`, and the text after the
  // offloaded part is an element of its own: state 'Again', field 'Arguments/Payload/inputParts[1]' =
  // "{% $input.note %}" → States.QueryEvaluationError. Fixed: a one-value template is "{% '' & $input.note %}".
  // (KNOWN_COMPILER_BUGS.optionalRefAsValue)
  it('an absent optional field after offloaded text in a prompt is empty text, not an error', async () => {
    const big = agent('big', { agentName: 'helper', alias: 'live', output: z.object({ body: z.string().max(50_000) }) });
    const wf = workflow('optional-in-prompt-parts', { input: z.object({ topic: z.string().max(20), note: z.string().max(20).optional() }) }, (flow) => {
      const draft = flow.invoke(big, { id: 'draft', prompt: flow.input.topic });
      flow.invoke(writer, { id: 'again', prompt: text`${draft.body}${flow.input.note}` });
    });
    expect(errorsOf(compile(wf).diagnostics)).toEqual([]);
    const result = await simulate(wf, { config: CONFIG, input: { topic: 't' }, agents: { draft: [{ body: 'b' }], again: [{ title: 'x' }] } });
    expect({ status: result.status, error: result.error, cause: result.cause }).toMatchObject({ status: 'SUCCEEDED' });
  });

  // Was: map over an optional array (tsc accepts Ref<T[] | undefined> as items): state 'Each Item', field 'Items' =
  // "{% $states.input.items %}" → States.QueryEvaluationError when the array is absent. Fixed: an absent optional
  // array maps nothing, as an empty one does: "{% ($exists($states.input.items) ? $states.input.items : []) %}".
  // (KNOWN_COMPILER_BUGS.mapOverOptionalArray)
  it('a map over an absent optional array maps nothing', async () => {
    const wf = workflow('map-over-optional', { input: z.object({ items: z.array(z.string().max(20)).max(3).optional() }) }, (flow) =>
      flow.map('each-item', flow.input.items, { maxConcurrency: 1 }, (item, f) => f.invoke(writer, { id: 'write', prompt: item }).title),
    );
    expect((await expectCompilesAndRuns(wf, {})).output).toEqual([]);
    const present = await simulate(wf, { config: CONFIG, input: { items: ['a', 'b'] }, agents: { write: [{ title: 'A' }, { title: 'B' }] } });
    expect({ status: present.status, output: present.output }).toEqual({ status: 'SUCCEEDED', output: ['A', 'B'] });
  });

  // Was: the workflow's result read the set that is its last step; the result went into the Output of that step's
  // own Pass state 'Kept' ("Assign": {"kept": …}, "Output": "{% $kept %}"), and Output sees variables as they were
  // at state entry → States.QueryEvaluationError (after an `assign`, silently the old value). Same in a branch or map
  // iteration whose last step is the set it returns. Fixed: such a scope ends in a Succeed state 'Done' carrying the
  // result, after the Assign took effect. (KNOWN_COMPILER_BUGS.resultReadsLastSet)
  it('a workflow can return the value its last step keeps', async () => {
    const wf = workflow('result-reads-last-set', { input: z.object({ topic: z.string().max(20) }) }, (flow) => {
      const kept = flow.set('kept', { topic: flow.input.topic });
      return kept;
    });
    const result = await expectCompilesAndRuns(wf, { topic: 't' });
    expect(result.output).toEqual({ topic: 't' });
  });

  it('a branch or iteration returns the value its last assign gives, not the old one', async () => {
    const wf = workflow('result-reads-last-assign', { input: z.object({ items: z.array(z.string().max(20)).max(3), topic: z.string().max(20) }) }, (flow) => {
      const both = flow.parallel('both', {
        a: (b) => {
          const kept = b.set('kept', { n: 1, topic: flow.input.topic });
          b.assign('bump', kept, { n: 2, topic: kept.topic });
          return kept.n;
        },
        b: (b) => b.wait('later', { seconds: 1 }),
      });
      const each = flow.map('each-item', flow.input.items, { maxConcurrency: 1 }, (item, f) => f.set('mark', { item }));
      return { n: both.a, each };
    });
    const result = await expectCompilesAndRuns(wf, { items: ['x', 'y'], topic: 't' });
    expect(result.output).toEqual({ n: 2, each: [{ item: 'x' }, { item: 'y' }] });
  });

  // Was: the value a scope returns was never measured by the payload analysis: here the workflow result is the
  // Output of the last state 'Pause' = "{% $states.input.text & $states.input.text & $states.input.text %}", up to
  // 3 × 256 KiB, yet compiling reported no payload-over-budget, and a 150,000-byte input made the run fail with
  // States.DataLimitExceeded ("The output of state 'Pause' is 450002 bytes"). (KNOWN_COMPILER_BUGS.resultNotMeasured)
  it('a workflow result that can exceed the payload limit is reported at compile time', () => {
    const wf = workflow('result-not-measured', { input: z.object({ text: z.string().max(50_000) }) }, (flow) => {
      flow.wait('pause', { seconds: 1 });
      return text`${flow.input.text}${flow.input.text}${flow.input.text}`;
    });
    expect(compile(wf).diagnostics.map((d) => d.code)).toContain('payload-over-budget');
  });

  // Was: a distributed map (here: any failure tolerance) inside another, whose body reads an outer result after its
  // first state: the inner child's first state 'Pause' re-assigns it ("Assign": {"first":
  // "{% $states.input.outer.first %}"}) although the outer child already assigns "first" — compiling failed with
  // internal-invalid-asl: VARIABLE_SCOPE at /States/Outer/ItemProcessor/States/Inner/ItemProcessor/States/Pause/Assign/first.
  // Fixed: each Distributed Map child is an execution with variables of its own, nested or not, so the self-check's
  // scope rule stops at every Distributed Map processor. (KNOWN_COMPILER_BUGS.mapInDistributedMap)
  it('a distributed map inside a distributed map compiles and runs', async () => {
    const wf = workflow('nested-distributed', { input: z.object({ items: z.array(z.string().max(20)).max(3), topic: z.string().max(20) }) }, (flow) => {
      const first = flow.invoke(writer, { id: 'first', prompt: flow.input.topic });
      flow.map('outer', flow.input.items, { maxConcurrency: 1, toleratedFailureCount: 0 }, (_item, f) => {
        f.map('inner', flow.input.items, { maxConcurrency: 1, toleratedFailureCount: 0 }, (_x, g) => {
          g.wait('pause', { seconds: 1 });
          g.invoke(writer, { id: 'write', prompt: first.title });
        });
      });
    });
    const result = await expectCompilesAndRuns(wf, { items: ['a', 'b'], topic: 't' });
    // 'first' once, then 'write' once per (outer, inner) pair: 2 × 2.
    expect(result.coverage.states['Write']).toBe(4);
  });

  // Was: the compiler made 'drafts' (4 × up to 64 KiB of text, the result schema's assumed size) a Distributed Map
  // with a ResultWriter and kept {"$s3": "s3://…/manifest.json"} in $drafts; the next map's 'Items' = "{% $drafts %}"
  // was that pointer object, not an array (AWS: States.QueryEvaluationError). Fixed: a map's result is bounded by
  // items × the measured iteration result (here 4 × ~1 KB, so it stays inline); and where the results really exceed
  // the budget, iterating them is the located error map-over-offloaded-results (a Map cannot read a ResultWriter's
  // output back in order). (KNOWN_COMPILER_BUGS.mapOverOffloadedMapResult)
  it('a map can iterate the results of a map whose iterations return measured text', async () => {
    const wf = workflow('map-over-offloaded-map', { input: z.object({ items: z.array(z.string().max(20)).max(4) }) }, (flow) => {
      const drafts = flow.map('drafts', flow.input.items, { maxConcurrency: 0 }, (item, f) => {
        f.invoke(writer, { id: 'write', prompt: item });
        return text`Draft on ${flow.input}`;
      });
      flow.map('reviews', drafts, { maxConcurrency: 0 }, (draft, f) => f.invoke(writer, { id: 'review', prompt: draft }).title);
    });
    const result = await expectCompilesAndRuns(wf, { items: ['a', 'b'] });
    expect(result.coverage.states['Review']).toBe(2);
  });

  it('iterating map results that must go to S3 is a located error, not a pointer in Items', () => {
    const wf = workflow('map-over-large-map', { input: z.object({ items: z.array(z.string().max(20_000)).max(2) }) }, (flow) => {
      const drafts = flow.map('drafts', flow.input.items, { maxConcurrency: 0 }, (item, f) => {
        f.wait('pause', { seconds: 1 });
        return text`${item}`;
      });
      flow.map('reviews', drafts, { maxConcurrency: 0 }, (draft, f) => f.invoke(writer, { id: 'review', prompt: draft }).title);
    });
    const errors = errorsOf(compile(wf).diagnostics);
    expect(errors.map((d) => `${d.code} ${d.path}`)).toEqual(['map-over-offloaded-results map-over-large-map/reviews']);
    expect(errors[0]!.loc?.file).toBe(import.meta.filename);
    expect(errors[0]!.hint).toContain("inside the body of 'drafts'");
  });

  // Was: a choice where every path ends the flow, as the last step: the exit state 'Done' the compiler appended was
  // unreachable, and compiling failed: internal-invalid-asl (UNREACHABLE_STATE at /States/Done); followed by another
  // step, that dead step was not reported. Fixed: nothing is chained after a block that always ends, and a step
  // after one is an unreachable-step error. (KNOWN_COMPILER_BUGS.blockThatAlwaysEnds)
  it('a choice whose every path ends the flow compiles', async () => {
    const wf = workflow('choice-always-ends', { input: z.object({ ok: z.boolean() }) }, (flow) => {
      flow.choice('route', [when(flow.input.ok, (b) => b.succeed('fine', { output: { ok: true } }))], { otherwise: { fail: { error: 'Prop.NoCase' } } });
    });
    const result = await expectCompilesAndRuns(wf, { ok: true });
    expect(result.output).toEqual({ ok: true });
    expect((await run(wf, 1, { ok: false })).error).toBe('Prop.NoCase');
  });

  it('a step after a choice whose every path ends the flow is reported as unreachable', () => {
    const wf = workflow('after-choice-always-ends', { input: z.object({ ok: z.boolean() }) }, (flow) => {
      flow.choice('route', [when(flow.input.ok, (b) => b.fail('stop', { error: 'Prop.Stopped' }))], {
        otherwise: (b) => b.choice('inner', [when(flow.input.ok, (c) => c.succeed('fine'))], { otherwise: { fail: { error: 'Prop.NoCase' } } }),
      });
      flow.wait('dead', { seconds: 1 });
    });
    const errors = errorsOf(compile(wf).diagnostics);
    expect(errors.map((d) => `${d.code} ${d.path}`)).toEqual(['unreachable-step after-choice-always-ends/dead']);
    expect(errors[0]!.message).toContain("choice 'route'");
  });

  // Was: the same class for a loop whose body ends the flow after exitWhen: the loop's 'Review Next Round' and
  // 'Review Exhausted' states were unreachable → internal-invalid-asl (UNREACHABLE_STATE at /States/Review Next Round).
  // Fixed: such a loop has no round check. (KNOWN_COMPILER_BUGS.blockThatAlwaysEnds)
  it('a loop whose body ends the flow after exitWhen compiles', async () => {
    const wf = workflow('loop-always-ends', { input: z.object({ doc: z.string().max(20) }) }, (flow) => {
      flow.loop('review', { maxIterations: 2 }, (loop) => {
        const verdict = loop.approval('approve', { notify: 'reviewers', message: flow.input.doc, timeout: { days: 1 } });
        loop.exitWhen(verdict.approved);
        loop.fail('rejected', { error: 'Prop.Rejected' });
      });
      flow.wait('after', { seconds: 1 });
    });
    expect(errorsOf(compile(wf).diagnostics).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    const approved = await simulate(wf, { config: CONFIG, input: { doc: 'd' }, approvals: { approve: [{ approved: true }] } });
    expect(approved.status).toBe('SUCCEEDED');
    const rejected = await simulate(wf, { config: CONFIG, input: { doc: 'd' }, approvals: { approve: [{ approved: false }] } });
    expect(rejected.error).toBe('Prop.Rejected');
  });

  // Was: a branch that returns a value and ends with succeed(id, { output }): the branch's Succeed state carried the
  // succeed's output and the returned value was dropped, while `both.a` is typed by the returned value (a string):
  // the prompt "{% $both.a %}" was the object {n: 1} → Agentflow.InvalidRequest. Fixed by a rule: a branch or
  // iteration that returns a value cannot end through succeed (succeed-skips-result), except a last succeed without
  // output, which returns the value. (KNOWN_COMPILER_BUGS.succeedInScopeWithResult)
  it('a branch that returns a value and ends with succeed(…, { output }) is rejected at compile time', () => {
    const wf = workflow('succeed-output', { input: z.object({ topic: z.string().max(20) }) }, (flow) => {
      const both = flow.parallel('both', {
        a: (b) => {
          b.wait('pause', { seconds: 1 });
          b.succeed('done', { output: { n: 1 } });
          return flow.input.topic;
        },
        b: (b) => b.wait('later', { seconds: 1 }),
      });
      flow.invoke(writer, { id: 'write', prompt: both.a });
    });
    const errors = errorsOf(compile(wf).diagnostics);
    expect(errors.map((d) => `${d.code} ${d.path}`)).toEqual(['succeed-skips-result succeed-output/both/done']);
    expect(errors[0]!.loc).toBeDefined();
    expect(errors[0]!.hint).toBeDefined();
  });

  // Was: the same class without an output: branch 'a' succeeded early in a choice arm, so its value was the input of
  // its Succeed state 'Early', not the returned `{ title }`: "{% $both.a.title %}" returned nothing →
  // States.QueryEvaluationError. Now succeed-skips-result. (KNOWN_COMPILER_BUGS.succeedInScopeWithResult)
  it('a branch or iteration that returns a value and succeeds early is rejected at compile time', () => {
    const wf = workflow('early-succeed', { input: z.object({ stop: z.boolean(), items: z.array(z.string().max(20)).max(3) }) }, (flow) => {
      const both = flow.parallel('both', {
        a: (b) => {
          b.choice('route', [when(flow.input.stop, (c) => c.succeed('early'))], { otherwise: 'continue' });
          const written = b.invoke(writer, { id: 'write', prompt: 'x' });
          return { title: written.title };
        },
        b: (b) => b.wait('later', { seconds: 1 }),
      });
      const titles = flow.map('each-item', flow.input.items, { maxConcurrency: 1 }, (item, f) => {
        f.loop('retry', { maxIterations: 2, onExhausted: 'continue' }, (loop) => {
          const verdict = loop.approval('approve', { notify: 'reviewers', message: item, timeout: { days: 1 } });
          loop.exitWhen(verdict.approved);
          loop.succeed('give-up');
        });
        return f.invoke(writer, { id: 'title', prompt: item }).title;
      });
      flow.invoke(writer, { id: 'again', prompt: both.a.title });
      return { titles };
    });
    expect(errorsOf(compile(wf).diagnostics).map((d) => `${d.code} ${d.path}`)).toEqual([
      'succeed-skips-result early-succeed/both/route/early',
      'succeed-skips-result early-succeed/each-item/retry/give-up',
    ]);
  });

  it('a branch that returns a value may end with succeed without output; one that returns nothing and the workflow may succeed early', async () => {
    const wf = workflow('succeed-last', { input: z.object({ topic: z.string().max(20), stop: z.boolean() }) }, (flow) => {
      const both = flow.parallel('both', {
        a: (b) => {
          b.wait('pause', { seconds: 1 });
          b.succeed('finish');
          return flow.input.topic;
        },
        b: (b) => {
          b.choice('skip', [when(flow.input.stop, (c) => c.succeed('quiet', { output: { x: 1 } }))], { otherwise: 'continue' });
          b.wait('later', { seconds: 1 });
        },
      });
      flow.choice('route', [when(flow.input.stop, (c) => c.succeed('early', { output: { early: both.a } }))], { otherwise: 'continue' });
      return { late: both.a };
    });
    expect((await expectCompilesAndRuns(wf, { topic: 't', stop: false })).output).toEqual({ late: 't' });
    expect((await expectCompilesAndRuns(wf, { topic: 't', stop: true })).output).toEqual({ early: 't' });
  });

  // Was: a distributed map whose body starts with fail (or succeed) and reads an outer value that is kept in a
  // variable elsewhere ($input, read by 'Write'): the compiler stored the outer values on the child's first state,
  // the Fail 'Stop' ("Assign": {"input": "{% $states.input.outer.input %}"}), and Fail/Succeed states have no
  // Assign: internal-invalid-asl (SCHEMA_VALIDATION_FAILED at /States/Each Item/ItemProcessor/States/Stop/Assign).
  // Fixed: a scope whose first state is a Succeed or Fail assigns no bound values (that state reads its input
  // itself, and nothing runs after it). (KNOWN_COMPILER_BUGS.distributedBodyStartsWithEnd)
  it('a distributed map body may start with fail', async () => {
    const wf = workflow('distributed-starts-with-fail', { input: z.object({ items: z.array(z.string().max(20)).max(3), topic: z.string().max(20) }) }, (flow) => {
      flow.wait('pause', { seconds: 1 });
      flow.invoke(writer, { id: 'write', prompt: flow.input.topic });
      flow.map('each-item', flow.input.items, { maxConcurrency: 1, toleratedFailureCount: 1 }, (_item, f) => {
        f.fail('stop', { error: 'Prop.Stopped', cause: flow.input.topic });
      });
    });
    const result = await expectCompilesAndRuns(wf, { items: ['a'], topic: 'the topic' });
    // The one child failed, within the tolerance, with the cause read from the outer input. A tolerated failure's
    // record (Error and Cause up to 33,024 characters) does not fit the payload budget, so the map writes its results
    // to S3 and outputs the Map Run's ResultWriterDetails: the record is in the manifest's FAILED files.
    const { Bucket, Key } = (result.trace.find((t) => t.state === 'Each Item')!.output as { ResultWriterDetails: { Bucket: string; Key: string } }).ResultWriterDetails;
    const manifest = JSON.parse(result.s3.get(`s3://${Bucket}/${Key}`)!) as { ResultFiles: Record<string, { Key: string }[]> };
    const failed = manifest.ResultFiles['FAILED']!.flatMap((f) => JSON.parse(result.s3.get(`s3://${Bucket}/${f.Key}`)!) as unknown[]);
    expect(failed).toMatchObject([{ Status: 'FAILED', Error: 'Prop.Stopped', Cause: 'the topic' }]);
    expect((await run(wf, 1, { items: ['a', 'b'], topic: 't' })).error).toBe('States.ExceedToleratedFailureThreshold');
  });

  it('a distributed map body may start with succeed', async () => {
    const wf = workflow('distributed-starts-with-succeed', { input: z.object({ items: z.array(z.string().max(20)).max(3), topic: z.string().max(20) }) }, (flow) => {
      flow.invoke(writer, { id: 'write', prompt: flow.input.topic });
      flow.map('each-item', flow.input.items, { maxConcurrency: 1, toleratedFailurePercentage: 50 }, (item, f) => {
        f.succeed('done', { output: { item, topic: flow.input.topic } });
      });
    });
    const result = await expectCompilesAndRuns(wf, { items: ['a', 'b'], topic: 't' });
    expect(result.trace.filter((t) => t.state === 'Done').map((t) => t.output)).toEqual([{ item: 'a', topic: 't' }, { item: 'b', topic: 't' }]);
  });
});

describe('bugs found by the generator, since fixed (regression tests)', () => {
  // Was: autoMock threw "TypeError: Cannot use 'in' operator to search for 'agentId'" for a lambda.invoke whose
  // payload is a reference ('Arguments/Payload' is then a JSONata string, not an object).
  it('autoMock answers a lambda.invoke whose payload is a reference', async () => {
    const wf = workflow('lambda-ref-payload', { input: z.object({ id: z.string().max(20) }) }, (flow) => {
      flow.task('render', lambda.invoke({ function: 'render', payload: flow.input.id }));
    });
    await expectCompilesAndRuns(wf, { id: 'x' });
  });

  // Was: an ordering comparison (or not(...), matches(...)) on an absent optional value is undefined in JSONata,
  // not false: state 'Route', field 'Choices[0]/Condition' = "{% $states.input.score > 5 %}" →
  // States.QueryEvaluationError. Fixed by 3781b32 ("conditions on absent optional values are false").
  it('a comparison with an absent optional number is false', async () => {
    const wf = workflow('optional-in-condition', { input: z.object({ score: z.number().min(0).max(10).optional() }) }, (flow) => {
      flow.choice('route', [when(gt(flow.input.score, 5), (b) => b.wait('high', { seconds: 1 }))], { otherwise: 'continue' });
    });
    await expectCompilesAndRuns(wf, {});
  });

  // Was: a field named null/true/false was written as a bare JSONata path step, which parses as a literal: state
  // 'Write', field 'Arguments/Payload/inputText' = "{% $states.input.null %}" was rejected as AWS would ("S0213 The
  // literal value null cannot be used as a step within a path expression"), elsewhere internal-invalid-asl.
  // Fixed by 614ddcf ("quote path steps that JSONata reads as literals or operators").
  it('fields named null, true or false can be read', async () => {
    const wf = workflow('literal-field-names', { input: z.object({ null: z.string().max(20) }) }, (flow) => {
      flow.invoke(writer, { id: 'write', prompt: flow.input.null });
    });
    await expectCompilesAndRuns(wf, { null: 'x' });
  });

  // Was: a field whose name contains a backtick was read through a path without it: state 'Write', field
  // 'Arguments/Payload/inputText' = "{% $states.input.`ab` %}" returned nothing → States.QueryEvaluationError.
  // A backtick-quoted JSONata name cannot contain a backtick; such fields are now read with `$lookup(…, 'a`b')`.
  it('fields whose name contains a backtick can be read', async () => {
    const wf = workflow('backtick-field', { input: z.object({ 'a`b': z.string().max(20) }) }, (flow) => {
      flow.invoke(writer, { id: 'write', prompt: flow.input['a`b'] });
    });
    await expectCompilesAndRuns(wf, { 'a`b': 'x' });
  });

  it('nested fields whose names contain backticks can be read', async () => {
    const Odd = z.object({ 'x`y': z.object({ '`': z.string().max(20), 'p q': z.object({ 'r`': z.string().max(20) }) }) });
    const odd = agent('odd', { agentName: 'worker', alias: 'live', output: Odd });
    const wf = workflow('backtick-nested', { input: z.object({ 'a`b': z.object({ c: z.string().max(20) }) }) }, (flow) => {
      const got = flow.invoke(odd, { id: 'ask', prompt: flow.input['a`b'].c });
      flow.invoke(writer, { id: 'write', prompt: text`${got['x`y']['`']}/${got['x`y']['p q']['r`']}` });
      return { both: got['x`y']['p q']['r`'] };
    });
    const prompts: string[] = [];
    const result = await simulate(wf, {
      config: CONFIG,
      input: { 'a`b': { c: 'in' } },
      agents: { ask: (req) => (prompts.push(req.prompt), { 'x`y': { '`': 'one', 'p q': { 'r`': 'two' } } }), write: (req) => (prompts.push(req.prompt), { title: 't' }) },
    });
    expect({ status: result.status, error: result.error, cause: result.cause }).toMatchObject({ status: 'SUCCEEDED' });
    expect(prompts).toEqual(['in', 'one/two']);
    expect(result.output).toEqual({ both: 'two' });
  });

  // Was: a field named `$s3`, the offload pointer's key, in an agent answer that is offloaded: 'Draft' asked the
  // adapter to keep it inline ("inline": ["$s3"]) and the pointer overwrote it, so state 'Each Item', field 'Items' =
  // "{% $draft.`$s3` %}" was "s3://fixture-offload/runs/sim-1/draft.json", not an array → States.QueryEvaluationError.
  // The name is now reserved in agent and model output schemas (reserved-output-field), offloaded or not.
  it('a field named $s3 in an agent output is rejected at compile time', () => {
    const big = agent('big', { agentName: 'helper', alias: 'live', output: z.object({ $s3: z.array(z.string().max(20)).max(2), body: z.string().max(50_000) }) });
    const wf = workflow('pointer-field-name', { input: z.object({ topic: z.string().max(20) }) }, (flow) => {
      const draft = flow.invoke(big, { id: 'draft', prompt: flow.input.topic });
      flow.map('each-item', draft.$s3, { maxConcurrency: 1 }, (item, f) => f.invoke(writer, { id: 'write', prompt: item }).title);
    });
    const errors = errorsOf(compile(wf).diagnostics);
    expect(errors.map((d) => d.code)).toEqual(['reserved-output-field']);
    expect(errors[0]!.loc).toBeDefined();
    expect(errors[0]!.hint).toBeDefined();
  });

  it('a field named $s3 deeper in an offloaded answer keeps its value', async () => {
    const big = agent('big', { agentName: 'helper', alias: 'live', output: z.object({ inner: z.object({ $s3: z.array(z.string().max(20)).max(2) }), body: z.string().max(50_000) }) });
    const wf = workflow('nested-pointer-field-name', { input: z.object({ topic: z.string().max(20) }) }, (flow) => {
      const draft = flow.invoke(big, { id: 'draft', prompt: flow.input.topic });
      flow.map('each-item', draft.inner.$s3, { maxConcurrency: 1 }, (item, f) => f.invoke(writer, { id: 'write', prompt: item }).title);
    });
    expect(errorsOf(compile(wf).diagnostics)).toEqual([]);
    const prompts: string[] = [];
    const result = await simulate(wf, { config: CONFIG, input: { topic: 't' }, agents: { draft: [{ inner: { $s3: ['a', 'b'] }, body: 'b' }], write: (req) => (prompts.push(req.prompt), { title: 'x' }) } });
    expect({ status: result.status, error: result.error, cause: result.cause }).toMatchObject({ status: 'SUCCEEDED' });
    expect(prompts).toEqual(['a', 'b']);
  });

  // Was: a result produced inside a choice arm was readable after the choice: check-refs treated choice arms (and
  // loop bodies) as the enclosing scope, so no ref-out-of-scope was reported, and when the arm was not taken the
  // variable was never assigned: state 'Done', field 'Output/title' = "{% $ask.title %}" →
  // States.QueryEvaluationError. The generator never does this (it keeps the DSL's scoping rule), so there was no flag.
  it('reading a choice arm result after the choice is rejected at compile time', () => {
    const wf = workflow('choice-arm-leak', { input: z.object({ go: z.boolean() }) }, (flow) => {
      let inArm: { title: unknown } | undefined;
      flow.choice('route', [when(flow.input.go, (b) => void (inArm = b.invoke(writer, { id: 'ask', prompt: 'x' })))], { otherwise: 'continue' });
      return { title: inArm!.title as never };
    });
    expect(compile(wf).diagnostics.map((d) => d.code)).toContain('ref-out-of-scope');
  });

  // Was: the same for a loop: a result produced after `exitWhen` does not exist when the loop exits in its first
  // round (here 'Done', 'Output/title' = "{% $fix.title %}" → States.QueryEvaluationError), yet it compiled.
  it('reading a loop result made after exitWhen outside the loop is rejected at compile time', () => {
    const wf = workflow('loop-body-leak', { input: z.object({ doc: z.string().max(20) }) }, (flow) => {
      let fixed: { title: unknown } | undefined;
      flow.loop('review', { maxIterations: 2, onExhausted: 'continue' }, (loop) => {
        const verdict = loop.approval('approve', { notify: 'reviewers', message: flow.input.doc, timeout: { days: 1 } });
        loop.exitWhen(verdict.approved);
        fixed = loop.invoke(writer, { id: 'fix', prompt: flow.input.doc });
      });
      return { title: fixed!.title as never };
    });
    expect(compile(wf).diagnostics.map((d) => d.code)).toContain('ref-out-of-scope');
  });

  it('a choice arm result is readable after the choice when every other path ends the flow', async () => {
    const wf = workflow('choice-arm-only-path', { input: z.object({ go: z.boolean() }) }, (flow) => {
      let inArm: { title: unknown } | undefined;
      flow.choice('route', [when(flow.input.go, (b) => void (inArm = b.invoke(writer, { id: 'ask', prompt: 'x' })))], { otherwise: { fail: { error: 'Prop.NoGo' } } });
      return { title: inArm!.title as never };
    });
    await expectCompilesAndRuns(wf, { go: true });
  });

  it('reading a result from another arm of the same choice is rejected at compile time', () => {
    const wf = workflow('sibling-arm-leak', { input: z.object({ go: z.boolean() }) }, (flow) => {
      let inArm: { title: unknown } | undefined;
      flow.choice('route', [when(flow.input.go, (b) => void (inArm = b.invoke(writer, { id: 'ask', prompt: 'x' })))], {
        otherwise: (b) => void b.invoke(writer, { id: 'other', prompt: inArm!.title as never }),
      });
    });
    const found = compile(wf).diagnostics.filter((d) => d.code === 'ref-out-of-scope');
    expect(found.map((d) => d.path)).toEqual(['sibling-arm-leak/route/other']);
    expect(found[0]!.hint).toContain('assign it in each arm');
  });

  it('a loop result made before exitWhen is readable after the loop', async () => {
    const wf = workflow('loop-before-exit', { input: z.object({ doc: z.string().max(20) }) }, (flow) => {
      let verdict: { approved: unknown } | undefined;
      flow.loop('review', { maxIterations: 2, onExhausted: 'continue' }, (loop) => {
        verdict = loop.approval('approve', { notify: 'reviewers', message: flow.input.doc, timeout: { days: 1 } });
        loop.exitWhen((verdict as { approved: never }).approved);
      });
      return { approved: verdict!.approved as never };
    });
    expect(errorsOf(compile(wf).diagnostics).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  });

  // Was: `flow.loop(...)` returns a Ref<number>, but reading it after the loop did not compile:
  // "ref-out-of-scope: workflow result reads the iteration of loop 'review' outside that loop". After the loop it is
  // the last round's index, which the loop's counter variable holds.
  it('the value flow.loop returns can be read after the loop', async () => {
    const wf = workflow('loop-result', { input: z.object({ doc: z.string().max(20) }) }, (flow) => {
      const rounds = flow.loop('review', { maxIterations: 2, onExhausted: 'continue' }, (loop) => {
        const verdict = loop.approval('approve', { notify: 'reviewers', message: flow.input.doc, timeout: { days: 1 } });
        loop.exitWhen(verdict.approved);
      });
      return { rounds };
    });
    await expectCompilesAndRuns(wf, { doc: 'd' });
  });

  it('after the loop, the value flow.loop returns is the index of the last round', async () => {
    const wf = workflow('loop-result-value', { input: z.object({ doc: z.string().max(20) }) }, (flow) => {
      const rounds = flow.loop('review', { maxIterations: 3, onExhausted: 'continue' }, (loop) => {
        const verdict = loop.approval('approve', { notify: 'reviewers', message: flow.input.doc, timeout: { days: 1 } });
        loop.exitWhen(verdict.approved);
      });
      flow.invoke(writer, { id: 'write', prompt: text`${rounds}` });
      return { rounds };
    });
    expect(errorsOf(compile(wf).diagnostics)).toEqual([]);
    const exited = await simulate(wf, { config: CONFIG, input: { doc: 'd' }, approvals: { approve: [{ approved: false }, { approved: true }] }, agents: { write: [{ title: 'x' }] } });
    expect({ status: exited.status, error: exited.error, output: exited.output }).toEqual({ status: 'SUCCEEDED', error: undefined, output: { rounds: 1 } });
    const exhausted = await simulate(wf, { config: CONFIG, input: { doc: 'd' }, approvals: { approve: [{ approved: false }, { approved: false }, { approved: false }] }, agents: { write: [{ title: 'x' }] } });
    expect({ status: exhausted.status, output: exhausted.output }).toEqual({ status: 'SUCCEEDED', output: { rounds: 2 } });
  });

  it('the value of a loop inside a choice arm is not readable after the choice', () => {
    const wf = workflow('loop-in-arm-result', { input: z.object({ go: z.boolean(), doc: z.string().max(20) }) }, (flow) => {
      let rounds: ReturnType<typeof flow.loop> | undefined;
      flow.choice('route', [
        when(flow.input.go, (b) => {
          rounds = b.loop('review', { maxIterations: 2, onExhausted: 'continue' }, (loop) => {
            loop.exitWhen(loop.approval('approve', { notify: 'reviewers', message: flow.input.doc, timeout: { days: 1 } }).approved);
          });
        }),
      ], { otherwise: 'continue' });
      return { rounds: rounds! };
    });
    expect(compile(wf).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['ref-out-of-scope']);
  });
});
