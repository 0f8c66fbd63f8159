/**
 * Random well-typed agentflow workflows for property tests.
 *
 * A workflow is generated as a plain-data *plan* (fast-check shrinks it to small counterexamples and it prints as
 * JSON), then built into a `workflow(...)` with the DSL by {@link buildWorkflow}. Places where the plan refers to a
 * value hold a *pick* (a natural number) that the builder resolves, modulo the list of references that are in scope
 * and have a fitting type at that point, so every plan builds a program that type-checks against the DSL: shrinking
 * a pick towards 0 moves to the first candidate, shrinking a list removes steps, and a pick with no candidate falls
 * back to a literal or drops the step. The builder also renders the program as TypeScript source, which is what a
 * failing property prints.
 *
 * Coverage: agents (`agent(...)`, agentName worker/helper/judge, alias live) with random zod outputs — objects of
 * bounded strings (now and then 50,000 characters, so answers are offloaded to S3), enums with quotes and non-ASCII
 * members, integer/float ranges, booleans, optional fields, nested objects, bounded arrays of scalars or small
 * objects, or plain text; field names that JSONata must quote. Steps: `invoke` (prompt: a `text` template or a
 * reference), `set`/`assign` (same-typed values), `sns.publish`, `sqs.sendMessage`, `events.putEvents`,
 * `dynamodb.putItem` (S/N attributes), `lambda.invoke`, `wait` (seconds or until a timestamp), `approval`, `map`
 * (inline, or distributed with a failure tolerance) with an agent in its body, `choice` (eq/ne/lt/lte/gt/gte against
 * literals or same-typed references, isPresent, matches, and/or/not; otherwise continue, fail or steps), `parallel`
 * (2–3 branches), `loop` with an approval and `exitWhen`, and `succeed`/`fail` at the end of a block; the workflow's
 * result. References: workflow input fields, the execution's name/id/start time, earlier results and their fields
 * (agents, sets, tasks, maps, parallels, approvals, the loop's return value), map items and indexes, loop
 * iterations — optional fields included (as whole values wrapped in `orElse`, alone in templates). Scoping follows the DSL: a result made inside a choice arm, a loop body,
 * a branch or an iteration is not used after it (the compiler rejects that with ref-out-of-scope, also for choice
 * arms and loop bodies after exitWhen: see the regression tests 'reading a choice arm result …').
 *
 * Known compiler and simulator bugs are excluded by named flags ({@link KNOWN_COMPILER_BUGS},
 * {@link KNOWN_SIMULATOR_BUGS}): each flag keeps the generator general but stops it from producing the one shape
 * that triggers the bug. Set a flag to `false` once its bug is fixed (its `it.fails` test in
 * random-workflows.test.ts then starts passing and must become a plain `it`).
 */
import fc from 'fast-check';
import { z } from 'zod';
import {
  agent,
  and,
  Ballot,
  dynamodb,
  eq,
  events,
  gt,
  gte,
  isPresent,
  lambda,
  lt,
  lte,
  matches,
  ne,
  not,
  or,
  orElse,
  sns,
  sqs,
  text,
  when,
  workflow,
  type AgentDef,
  type Condition,
  type Flow,
  type LoopFlow,
  type VoteRuleInput,
  type WorkflowDef,
} from '@agentflow/dsl';

// ───────────────────────────── known bugs (exclusions) ─────────────────────────────

/**
 * Compiler bugs found by this generator. While a flag is `true`, the generator avoids the shape that triggers it.
 * Each has a minimal `it.fails` reproduction in random-workflows.test.ts (comment `COMPILER-BUG:`).
 */
export const KNOWN_COMPILER_BUGS = {
  /**
   * An optional reference (`r.note` with `note: z.string().optional()`) used as a whole value — a record or list
   * leaf, a `set` value, a task message, a prompt, a returned value, or a `text` template made of that one reference
   * — compiles to a field `"{% $r.note %}"` (or `"{% $string($r.note) %}"`), which returns nothing when the field is
   * absent: States.QueryEvaluationError. (Inside a longer template JSONata's `&` turns it into '' and all is well —
   * except in a prompt that splices offloaded data: it becomes `inputParts`, and a reference standing between two
   * offloaded parts is again an element `"{% $x.note %}"` of its own.)
   * Fixed: tsc refuses an optional reference where a whole value is required and `orElse(ref, fallback)` gives it
   * one (the generator now wraps such references in it); a value that reaches the compiler untyped is the error
   * optional-value (check-optional-values.ts); a template of that one reference compiles to `'' & $r.note`.
   */
  optionalRefAsValue: false,
  /**
   * `flow.map(id, r.list, …)` over an optional array (tsc accepts `Ref<T[] | undefined>`): `Items` is
   * `"{% $r.list %}"`, undefined when the array is absent: States.QueryEvaluationError.
   * Fixed: an absent optional array maps nothing, as an empty one does: `Items` is
   * `"{% ($exists($r.list) ? $r.list : []) %}"` (emit-containers.ts).
   */
  mapOverOptionalArray: false,
  /**
   * A field whose name contains a backtick (`a\`b`) is read as `` $input.`ab` ``: pathStep in emit/asl/jsonata.ts
   * drops the backtick (a backtick-quoted JSONata name cannot contain one; `$lookup($input, 'a`b')` could read it),
   * so the path names another field and returns nothing: States.QueryEvaluationError.
   * Fixed: such a field is read with `$lookup(…, 'a`b')` (withPath in emit/asl/jsonata.ts).
   */
  backtickFieldNames: false,
  /**
   * A field named `$s3` — the offload pointer's own key — in an agent answer that is offloaded: the adapter is told
   * to keep it inline ("offload": {…, "inline": ["$s3"]}) and returns `{ …inline fields, "$s3": "s3://…" }`, so
   * the pointer replaces the field: `Items` = "{% $draft.`$s3` %}" returns "s3://fixture-offload/runs/…/draft.json",
   * which is not an array: States.QueryEvaluationError (a prompt or record reading it gets the S3 URI).
   * Fixed: a top-level agent or model output field named `$s3` is rejected at compile time (reserved-output-field,
   * passes/check-structure/check-output-fields.ts); the generator renames it.
   */
  pointerFieldName: false,
  /**
   * A scope whose last step is `flow.set(...)` and whose result (the workflow's return value, a branch's or an
   * iteration's returned value) reads that set: the result is put in the `Output` of the set's own Pass state, whose
   * `Assign` creates the variable, but Output sees variables as they were at state entry: `$keep` is undefined,
   * States.QueryEvaluationError. (After `assign` as last step the Output silently reads the old value.)
   * Fixed: such a scope ends in a Succeed exit state that carries the result (emit-block.ts).
   */
  resultReadsLastSet: false,
  /**
   * `const n = flow.loop(…)` returns a `Ref<number>` (the loop's iteration), and the compiler has a result schema
   * and a variable for it, but reading it after the loop is rejected: `ref-out-of-scope: … reads the iteration of
   * loop 'x' outside that loop` — a well-typed program that does not compile.
   * Fixed: after the loop it reads the loop's counter, the last round's index (check-refs).
   */
  loopResultAfterLoop: false,
  /**
   * The value a scope returns — the workflow's result, a branch's or an iteration's — is written into the `Output`
   * of the scope's last state, but the payload analysis (passes/payload/analyze-payloads.ts) never measures it: a
   * result that can exceed 256 KiB (e.g. `text\`${flow.input.text}${flow.input.text}${flow.input.text}\`` with
   * `text: z.string().max(50_000)`) compiles without payload-over-budget and fails with States.DataLimitExceeded.
   * While set, results read no value that could be large (unbounded or > 10,000-character strings).
   * Fixed: analyze-payloads.ts measures each scope's result as the `output` of the state that carries it, so it is
   * offloaded (through its producers) or reported as payload-over-budget at the workflow, parallel or map step.
   */
  resultNotMeasured: false,
  /**
   * A distributed map inside a distributed map — the outer one has a failure tolerance (or is made distributed by
   * the compiler), the inner one too, or is an inline map whose results can exceed the payload budget, which the
   * compiler turns into a distributed map: the inner child's states re-assign the outer values they read
   * ("Assign": {"first": "{% $states.input.outer.first %}"}, also `input`, `executionId` …), which the enclosing
   * child already assigned — a nested scope must not assign a variable of an enclosing one, so compiling fails with
   * internal-invalid-asl (VARIABLE_SCOPE: Variable "first" is assigned in the ItemProcessor of Map state "Inner" but
   * also in the ItemProcessor of Map state "Outer", which encloses it). As the compiler's choice cannot be foreseen,
   * while set no map is generated inside a distributed map.
   * Fixed: every Distributed Map child is an execution with variables of its own, nested in another child or not, so
   * the self-check's scope rule stops at each Distributed Map processor (variable-scope-rule.ts).
   */
  mapInDistributedMap: false,
  /**
   * A map over the result of a map whose result the compiler moved to S3 (a map whose results can exceed the
   * payload budget becomes a Distributed Map with a ResultWriter, and its variable holds `{"$s3": "s3://…/manifest.json"}`):
   * the second map's `Items` is `"{% $drafts %}"`, that pointer object, not an array (AWS: States.QueryEvaluationError;
   * the simulator refuses to iterate a JSON object). While set, map results (and values holding them) are never
   * iterated.
   * Fixed: a map's result is bounded by items × the measured iteration result, so results that fit stay inline; a
   * map over results that really must go to S3 is the located error map-over-offloaded-results (check-map-items.ts),
   * a refusal the property accepts like payload-over-budget.
   */
  mapOverOffloadedMapResult: false,
  /**
   * A block that always ends the flow leaves the states the compiler chains after it unreachable, and the
   * self-check fails with internal-invalid-asl (UNREACHABLE_STATE):
   * - a choice where every path ends (each arm ends with fail/succeed, the otherwise fails): the scope's exit state
   *   ('Done', when the choice is the last step) — a valid program — or the next step, for which the compiler should
   *   report unreachable-step instead (check-blocks only looks at direct succeed/fail steps);
   * - a loop whose body ends with fail/succeed after its exitWhen: the loop's 'Round Next Round' and
   *   'Round Exhausted' states.
   * While set, the first arm of every choice, and the part of a loop body after exitWhen, never end the flow.
   * Fixed: nothing is chained after a block that always ends (check-blocks.ts stepAlwaysEnds), and a step after one
   * is reported as unreachable-step.
   */
  blockThatAlwaysEnds: false,
  /**
   * A scope (workflow, branch, iteration) that returns a value but ends through a `succeed` step: its value is then
   * the succeed's output (or, without one, whatever the Succeed state's input was), not the returned value — while
   * the result's reference is typed by the returned value. E.g. a branch typed `Ref<string>` that holds an object, so
   * a prompt reading it fails with Agentflow.InvalidRequest (inputText is not a string); or a branch that succeeds
   * early in a choice arm, so `$fork.right.left` returns nothing: States.QueryEvaluationError.
   * While set, no succeed step is generated in a scope that returns a value.
   * Fixed by a rule: a branch or iteration that returns a value and can end through succeed (other than a last
   * succeed without output) is rejected (succeed-skips-result); the workflow itself may succeed early. The generator
   * keeps to the rule: no succeed in a branch or iteration that returns a value.
   */
  succeedInScopeWithResult: false,
  /**
   * A distributed map whose body starts with `fail`/`succeed` reading an outer value that is also kept in a
   * variable elsewhere: the compiler stores the outer values the child reads on the child's first state
   * ("Assign": {"input": "{% $states.input.outer.input %}"}), but Fail and Succeed states have no Assign:
   * internal-invalid-asl (SCHEMA_VALIDATION_FAILED: Field "Assign" is not supported in a Fail state).
   * Fixed: a scope whose first state is a Succeed or Fail assigns no bound values — that state reads its input
   * itself and nothing runs after it (emit-block.ts emitScope).
   */
  distributedBodyStartsWithEnd: false,
};

/** Simulator bugs found by this generator (comment `SIMULATOR-BUG:` on their reproductions). */
export const KNOWN_SIMULATOR_BUGS = {
  /**
   * autoMock crashes (TypeError: Cannot use 'in' operator to search for 'agentId' in {% … %}) on a
   * `lambda.invoke` whose payload is a reference, because the state's `Arguments.Payload` is then a JSONata string,
   * not an object (mocks/auto-mocks.ts).
   */
  autoMockLambdaStringPayload: false,
};

export type KnownBug = keyof typeof KNOWN_COMPILER_BUGS | keyof typeof KNOWN_SIMULATOR_BUGS;
export type BugFlags = Readonly<Record<KnownBug, boolean>>;
export const KNOWN_BUGS: BugFlags = { ...KNOWN_COMPILER_BUGS, ...KNOWN_SIMULATOR_BUGS };

// ───────────────────────────── value types ─────────────────────────────

/** The generator's model of a zod schema: enough to build the schema, type references and make literals. */
export type Ty =
  | { readonly t: 'string'; readonly max: number | undefined }
  | { readonly t: 'enum'; readonly values: readonly string[] }
  | { readonly t: 'number'; readonly int: boolean; readonly min: number; readonly max: number }
  | { readonly t: 'boolean' }
  | { readonly t: 'literal'; readonly value: string | number | boolean | null }
  | { readonly t: 'object'; readonly fields: readonly FieldTy[] }
  | { readonly t: 'array'; readonly max: number | undefined; readonly item: Ty; /** The result of a flow.map. */ readonly mapResult?: true }
  | { readonly t: 'unknown' };

export interface FieldTy {
  readonly name: string;
  readonly optional: boolean;
  readonly type: Ty;
}

export type ObjectTy = Extract<Ty, { t: 'object' }>;

/** Field names: ordinary ones, plus names JSONata must quote or that collide with keywords and ASL fields. */
const PLAIN_NAMES = ['title', 'body', 'score', 'kind', 'tags', 'note', 'ok', 'items', 'count', 'label', 'level', 'id'] as const;
const TRICKY_NAMES = ['and', 'or', 'in', 'true', 'false', 'null', 'a-b', 'a b', 'é', '漢字', '$x', 'Error', 'Payload', 'input', 'function', 'a`b', 'a.b', "it's", '$s3'] as const;
/** Enum members, including quotes, spaces, non-ASCII text and the empty string. */
const ENUM_VALUES = ['low', 'high', 'mid', "it's", 'a"b', 'x y', 'é', '漢字', '', '0', 'true', 'null', '\\'] as const;
/** Literal strings in set values, messages and prompts. */
const LITERAL_STRINGS = ['hello', "it's", 'say "hi"', 'line\nbreak', '{% 1 + 1 %}', '$states', '漢字', '', 'tab\there', 'back\\slash'] as const;

/** Field names (of schemas, records and parallel branches) the generator may use. */
function names(pool: readonly string[], bugs: BugFlags): string[] {
  return pool.filter((n) => !(bugs.backtickFieldNames && n.includes('`')));
}

function typeArbs(tricky: boolean, bugs: BugFlags) {
  const fieldName = fc.constantFrom(...names(tricky ? [...PLAIN_NAMES, ...TRICKY_NAMES] : PLAIN_NAMES, bugs));
  const scalar: fc.Arbitrary<Ty> = fc.oneof(
    fc.record({
      t: fc.constant('string' as const),
      // Now and then a string too large for a state payload, so agent answers get offloaded to S3.
      max: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 40 }) }, { weight: 3, arbitrary: fc.constantFrom(0, 200, 2000) }, { weight: 1, arbitrary: fc.constant(50_000) }),
    }),
    fc.record({ t: fc.constant('enum' as const), values: fc.uniqueArray(fc.constantFrom(...ENUM_VALUES), { minLength: 1, maxLength: 3 }) }),
    fc
      .record({ t: fc.constant('number' as const), int: fc.boolean(), a: fc.constantFrom(-1_000_000, -1.5, 0, 1, 10, 1e9), span: fc.constantFrom(0, 1, 10, 1000, 1e6) })
      .map(({ t, int, a, span }) => ({ t, int, min: int ? Math.ceil(a) : a, max: int ? Math.ceil(a) + Math.ceil(span) : a + span })),
    fc.constant({ t: 'boolean' as const }),
  );
  /** Objects of 1–n fields with unique names; `inner` makes the field types. */
  const object = (inner: fc.Arbitrary<Ty>, maxFields: number): fc.Arbitrary<ObjectTy> =>
    fc
      .uniqueArray(fc.record({ name: fieldName, optional: fc.boolean(), type: inner }), { minLength: 1, maxLength: maxFields, selector: (f) => f.name })
      .map((fields) => ({ t: 'object' as const, fields }));
  const array: fc.Arbitrary<Ty> = fc.record({
    t: fc.constant('array' as const),
    max: fc.integer({ min: 0, max: 3 }),
    item: fc.oneof({ weight: 3, arbitrary: object(scalar, 2) }, { weight: 1, arbitrary: scalar }),
  });
  /** An agent's output: mostly an object of scalars, bounded arrays of small objects and nested objects; sometimes text. */
  const field = fc.oneof({ weight: 5, arbitrary: scalar }, { weight: 2, arbitrary: array }, { weight: 1, arbitrary: object(scalar, 2) });
  // A top-level answer field named `$s3`, the offload pointer's key, is rejected by design (reserved-output-field):
  // it is renamed here; deeper down, and in inputs, records and branch names, `$s3` is an ordinary name.
  const answerObject = object(field, 4).map((o) => ({ ...o, fields: o.fields.map((f) => (f.name === '$s3' ? { ...f, name: '$s3_' } : f)) }));
  const agentOutput: fc.Arbitrary<Ty> = fc.oneof(
    { weight: 6, arbitrary: answerObject },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('string' as const), max: fc.integer({ min: 0, max: 300 }) }) },
  );
  /** The execution input: an object whose first field is a required scalar (so conditions always have something to test). */
  const input: fc.Arbitrary<ObjectTy> = fc
    .tuple(scalar, fc.array(fc.record({ name: fieldName, optional: fc.boolean(), type: fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 2, arbitrary: array }) }), { maxLength: 3 }))
    .map(([first, rest]) => {
      const fields: FieldTy[] = [{ name: 'text', optional: false, type: first }];
      for (const f of rest) if (!fields.some((g) => g.name === f.name)) fields.push(f);
      return { t: 'object' as const, fields };
    });
  return { agentOutput, input };
}

export function zodOf(ty: Ty): z.ZodType {
  switch (ty.t) {
    case 'string':
      return ty.max === undefined ? z.string() : z.string().max(ty.max);
    case 'enum':
      return z.enum(ty.values as [string, ...string[]]);
    case 'number': {
      const n = ty.int ? z.number().int() : z.number();
      return n.min(ty.min).max(ty.max);
    }
    case 'boolean':
      return z.boolean();
    case 'literal':
      return ty.value === null ? z.null() : z.literal(ty.value);
    case 'object':
      return z.object(Object.fromEntries(ty.fields.map((f) => [f.name, f.optional ? zodOf(f.type).optional() : zodOf(f.type)])));
    case 'array':
      return ty.max === undefined ? z.array(zodOf(ty.item)) : z.array(zodOf(ty.item)).max(ty.max);
    case 'unknown':
      return z.unknown();
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const js = (value: unknown): string => JSON.stringify(value);
const prop = (name: string): string => (IDENT.test(name) ? `.${name}` : `[${js(name)}]`);
const key = (name: string): string => (IDENT.test(name) ? name : js(name));

export function zodSource(ty: Ty): string {
  switch (ty.t) {
    case 'string':
      return ty.max === undefined ? 'z.string()' : `z.string().max(${ty.max})`;
    case 'enum':
      return `z.enum(${js(ty.values)})`;
    case 'number':
      return `z.number()${ty.int ? '.int()' : ''}.min(${ty.min}).max(${ty.max})`;
    case 'boolean':
      return 'z.boolean()';
    case 'literal':
      return ty.value === null ? 'z.null()' : `z.literal(${js(ty.value)})`;
    case 'object':
      return `z.object({ ${ty.fields.map((f) => `${key(f.name)}: ${zodSource(f.type)}${f.optional ? '.optional()' : ''}`).join(', ')} })`;
    case 'array':
      return `z.array(${zodSource(ty.item)})${ty.max === undefined ? '' : `.max(${ty.max})`}`;
    case 'unknown':
      return 'z.unknown()';
  }
}

// ───────────────────────────── plans ─────────────────────────────

/** Resolved modulo the candidates in scope; shrinks towards the first candidate. */
export type Pick = number;

/** A piece of a `text` template: literal text or a reference. */
export type PartPlan = { readonly lit: number } | { readonly ref: Pick };

/** A value handed to a builder: a reference, a literal, a template, a record or a list. */
export type ValuePlan =
  | { readonly k: 'ref'; readonly pick: Pick }
  | { readonly k: 'lit'; readonly lit: number }
  | { readonly k: 'text'; readonly parts: readonly PartPlan[] }
  | { readonly k: 'record'; readonly fields: readonly (readonly [string, ValuePlan])[] }
  | { readonly k: 'list'; readonly items: readonly ValuePlan[] };

export type CondPlan =
  | { readonly k: 'cmp'; readonly pick: Pick; readonly op: number; readonly lit: number }
  | { readonly k: 'present'; readonly pick: Pick }
  | { readonly k: 'matches'; readonly pick: Pick; readonly pattern: string }
  | { readonly k: 'and' | 'or'; readonly terms: readonly CondPlan[] }
  | { readonly k: 'not'; readonly term: CondPlan };

export interface BranchPlan {
  readonly name: string;
  readonly body: readonly StepPlan[];
  readonly result: ValuePlan | null;
}

export type StepPlan =
  | { readonly k: 'invoke'; readonly agent: Pick; readonly prompt: readonly PartPlan[] | { readonly ref: Pick } }
  | { readonly k: 'set'; readonly value: ValuePlan }
  | { readonly k: 'assign'; readonly target: Pick; readonly picks: readonly number[] }
  | { readonly k: 'task'; readonly service: 'sns' | 'events' | 'sqs' | 'dynamodb' | 'lambda'; readonly value: ValuePlan; readonly extra: readonly PartPlan[] }
  | { readonly k: 'wait'; readonly seconds: number | 'start' }
  | { readonly k: 'approval'; readonly message: readonly PartPlan[] }
  /** `flow.vote` among 1–4 of the voter agents (repeats allowed); `rule` 0 majority, 1 unanimous, 2 threshold, 3 bft. */
  | { readonly k: 'vote'; readonly voters: readonly number[]; readonly rule: number; readonly proposal: readonly PartPlan[] }
  /** Only as the last step of a block (anything after it would be unreachable); elsewhere it is skipped. */
  | { readonly k: 'end'; readonly how: 'succeed' | 'fail'; readonly value: ValuePlan | null; readonly cause: readonly PartPlan[] | null }
  | {
      readonly k: 'map';
      readonly items: Pick;
      readonly maxConcurrency: number;
      /** A failure tolerance makes the map distributed (children are separate executions). */
      readonly tolerated: { readonly count: number } | { readonly percentage: number } | null;
      readonly body: readonly StepPlan[];
      readonly result: ValuePlan | null;
    }
  | {
      readonly k: 'choice';
      readonly cases: readonly { readonly cond: CondPlan; readonly body: readonly StepPlan[] }[];
      readonly otherwise: 'continue' | 'fail' | readonly StepPlan[];
    }
  | { readonly k: 'parallel'; readonly branches: readonly BranchPlan[] }
  | {
      readonly k: 'loop';
      readonly maxIterations: number;
      readonly onExhausted: 'fail' | 'continue';
      readonly before: readonly StepPlan[];
      readonly message: readonly PartPlan[];
      readonly exit: CondPlan | null;
      readonly after: readonly StepPlan[];
    };

export interface AgentPlan {
  readonly name: string;
  readonly agentName: 'worker' | 'helper' | 'judge';
  readonly output: Ty;
}

export interface WorkflowPlan {
  readonly input: ObjectTy;
  readonly agents: readonly AgentPlan[];
  readonly body: readonly StepPlan[];
  readonly output: ValuePlan | null;
}

export interface PlanOptions {
  /** Nesting depth of choice/map/parallel/loop (default 2). */
  readonly depth?: number;
  /** Field names that JSONata must quote or that look like keywords (default true). */
  readonly trickyNames?: boolean;
  /** Which known bugs to steer around (default {@link KNOWN_BUGS}). */
  readonly bugs?: BugFlags;
}

const pickArb = fc.nat({ max: 1000 });
const partArb: fc.Arbitrary<PartPlan> = fc.oneof({ weight: 1, arbitrary: fc.record({ lit: fc.nat({ max: LITERAL_STRINGS.length - 1 }) }) }, { weight: 2, arbitrary: fc.record({ ref: pickArb }) });
const partsArb = fc.array(partArb, { minLength: 1, maxLength: 4 });

const condArb: fc.Arbitrary<CondPlan> = fc.letrec<{ cond: CondPlan }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: fc.record({ k: fc.constant('cmp' as const), pick: pickArb, op: fc.nat({ max: 5 }), lit: fc.nat({ max: 7 }) }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('present' as const), pick: pickArb }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('matches' as const), pick: pickArb, pattern: fc.constantFrom('*', 'a*', '*é*', '\\**', '漢*') }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('and' as const, 'or' as const), terms: fc.array(tie('cond'), { minLength: 2, maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('not' as const), term: tie('cond') }) },
  ),
})).cond;

function planArbs(bugs: BugFlags) {
  const recordKey = fc.constantFrom(...names(['a', 'b', 'c', 'value', 'a b', 'Error', 'true'], bugs));
  const branchName = fc.constantFrom(...names(['left', 'right', 'third', 'a b', 'and', 'null'], bugs));
  const value: fc.Arbitrary<ValuePlan> = fc.letrec<{ value: ValuePlan }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 4, arbitrary: fc.record({ k: fc.constant('ref' as const), pick: pickArb }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('lit' as const), lit: fc.nat({ max: 20 }) }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('text' as const), parts: partsArb }) },
      {
        weight: 2,
        arbitrary: fc.record({
          k: fc.constant('record' as const),
          fields: fc.uniqueArray(fc.tuple(recordKey, tie('value')), { minLength: 1, maxLength: 3, selector: (f) => f[0] }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('list' as const), items: fc.array(tie('value'), { maxLength: 2 }) }) },
    ),
  })).value;

  const cache = new Map<number, fc.Arbitrary<StepPlan>>();
  const steps = (depth: number, min: number, max: number): fc.Arbitrary<StepPlan[]> => fc.array(step(depth), { minLength: min, maxLength: max });
  const step = (depth: number): fc.Arbitrary<StepPlan> => {
    const cached = cache.get(depth);
    if (cached) return cached;
    const leaves: fc.WeightedArbitrary<StepPlan>[] = [
      { weight: 6, arbitrary: fc.record({ k: fc.constant('invoke' as const), agent: pickArb, prompt: fc.oneof({ weight: 4, arbitrary: partsArb }, { weight: 1, arbitrary: fc.record({ ref: pickArb }) }) }) },
      { weight: 2, arbitrary: fc.record({ k: fc.constant('set' as const), value }) },
      { weight: 2, arbitrary: fc.record({ k: fc.constant('assign' as const), target: pickArb, picks: fc.array(pickArb, { maxLength: 6 }) }) },
      {
        weight: 2,
        arbitrary: fc.record({
          k: fc.constant('task' as const),
          service: fc.constantFrom('sns' as const, 'events' as const, 'sqs' as const, 'dynamodb' as const, 'lambda' as const),
          value,
          extra: fc.array(partArb, { maxLength: 3 }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('wait' as const), seconds: fc.constantFrom<number | 'start'>(1, 60, 3600, 'start') }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('approval' as const), message: partsArb }) },
      {
        weight: 1,
        arbitrary: fc.record({ k: fc.constant('vote' as const), voters: fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 4 }), rule: fc.nat({ max: 3 }), proposal: partsArb }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          k: fc.constant('end' as const),
          how: fc.constantFrom('succeed' as const, 'fail' as const),
          value: fc.option(value, { nil: null }),
          cause: fc.option(partsArb, { nil: null }),
        }),
      },
    ];
    let arb: fc.Arbitrary<StepPlan>;
    if (depth <= 0) arb = fc.oneof(...leaves);
    else {
      const inner = steps(depth - 1, 1, 3);
      const result = fc.option(value, { nil: null, freq: 4 });
      const containers: fc.WeightedArbitrary<StepPlan>[] = [
        {
          weight: 2,
          arbitrary: fc.record({
            k: fc.constant('map' as const),
            items: pickArb,
            maxConcurrency: fc.constantFrom(0, 1, 2),
            tolerated: fc.option(fc.oneof(fc.record({ count: fc.constantFrom(0, 1) }), fc.record({ percentage: fc.constantFrom(0, 50, 100) })), { nil: null, freq: 4 }),
            body: inner,
            result,
          }),
        },
        {
          weight: 2,
          arbitrary: fc.record({
            k: fc.constant('choice' as const),
            cases: fc.array(fc.record({ cond: condArb, body: inner }), { minLength: 1, maxLength: 3 }),
            otherwise: fc.oneof(fc.constant('continue' as const), fc.constant('fail' as const), inner),
          }),
        },
        {
          weight: 2,
          arbitrary: fc.record({
            k: fc.constant('parallel' as const),
            branches: fc.uniqueArray(fc.record({ name: branchName, body: inner, result }), { minLength: 2, maxLength: 3, selector: (b) => b.name }),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            k: fc.constant('loop' as const),
            maxIterations: fc.integer({ min: 1, max: 3 }),
            onExhausted: fc.constantFrom('fail' as const, 'continue' as const),
            before: steps(depth - 1, 0, 2),
            message: partsArb,
            exit: fc.option(condArb, { nil: null, freq: 2 }),
            after: steps(depth - 1, 0, 2),
          }),
        },
      ];
      arb = fc.oneof({ depthSize: 'small', withCrossShrink: true }, ...leaves, ...containers);
    }
    cache.set(depth, arb);
    return arb;
  };
  return { value, steps };
}

/** Plans of random workflows. */
export function workflowPlanArb(options: PlanOptions = {}): fc.Arbitrary<WorkflowPlan> {
  const bugs = options.bugs ?? KNOWN_BUGS;
  const types = typeArbs(options.trickyNames ?? true, bugs);
  const plans = planArbs(bugs);
  const agentArb = fc.record({ agentName: fc.constantFrom('worker' as const, 'helper' as const, 'judge' as const), output: types.agentOutput });
  return fc.record({
    input: types.input,
    agents: fc.array(agentArb, { minLength: 1, maxLength: 3 }).map((as) => as.map((a, i) => ({ name: `agent-${i}`, ...a }))),
    body: plans.steps(options.depth ?? 2, 1, 5),
    output: fc.option(plans.value, { nil: null, freq: 5 }),
  });
}

// ───────────────────────────── building ─────────────────────────────

/** A reference in scope: how to write it, the DSL value, its type, and whether it may be absent at run time. */
interface Candidate {
  readonly code: string;
  readonly ref: unknown;
  readonly ty: Ty;
  readonly optional: boolean;
  /** The step whose result this is a part of. */
  readonly stepId?: string;
  /** Part of a value that may be large enough to be offloaded to S3. */
  readonly inLargeRoot?: boolean;
}

/** A root value (step result, input, map item …) visible in a block. */
interface Root extends Candidate {
  /** For `flow.set` results: the ASL variable scope it lives in (assign must happen in the same scope). */
  readonly setScope?: number;
}

interface Block {
  readonly flow: Flow;
  readonly flowCode: string;
  readonly roots: Root[];
  /** ASL variable scope: the root, or one parallel branch / map iteration. */
  readonly scope: number;
  /** Inside the body of a distributed map (a child execution). */
  readonly distributed: boolean;
  /** The block must not end the flow (no succeed/fail at its end): the part of a loop body before its exitWhen. */
  readonly mustContinue: boolean;
  /** The scope (workflow, branch or iteration) this block belongs to returns a value. */
  readonly hasResult: boolean;
  /** The block is the body of a distributed map (not a block nested in it). */
  readonly distributedBody?: boolean;
  readonly indent: string;
}

export interface BuiltWorkflow {
  readonly def: WorkflowDef;
  /** The workflow as TypeScript source, for printing counterexamples. */
  readonly source: string;
}

/** Expands a root into itself and its fields (recursively through objects, not into arrays). */
function expand(root: Candidate, out: Candidate[]): void {
  if (root.inLargeRoot === undefined) root = { ...root, inLargeRoot: isLarge(root.ty) };
  out.push(root);
  if (root.ty.t !== 'object') return;
  for (const f of root.ty.fields) {
    const ref = (root.ref as Record<string, unknown>)[f.name];
    expand({ code: `${root.code}${prop(f.name)}`, ref, ty: f.type, optional: root.optional || f.optional, ...(root.stepId ? { stepId: root.stepId } : {}), inLargeRoot: root.inLargeRoot }, out);
  }
}

/** `ApprovalOutcome`. */
const APPROVAL_TY: ObjectTy = {
  t: 'object',
  fields: [
    { name: 'approved', optional: false, type: { t: 'boolean' } },
    { name: 'comments', optional: true, type: { t: 'string', max: 4000 } },
    { name: 'reviewer', optional: true, type: { t: 'string', max: 256 } },
  ],
};

/** Whether a value of this type may be large: a string without a bound or over 10,000 characters, or a container of one. */
function isLarge(ty: Ty): boolean {
  switch (ty.t) {
    case 'string':
      return ty.max === undefined || ty.max > 10_000;
    case 'object':
      return ty.fields.some((f) => isLarge(f.type));
    case 'array':
      return isLarge(ty.item);
    default:
      return false;
  }
}

const isScalar = (ty: Ty): boolean => ty.t === 'string' || ty.t === 'enum' || ty.t === 'number' || ty.t === 'boolean';

/** Turns a plan into a workflow; deterministic, so a failing plan rebuilds the same program. */
export function buildWorkflow(plan: WorkflowPlan, options: { readonly name?: string; readonly bugs?: BugFlags } = {}): BuiltWorkflow {
  const name = options.name ?? 'prop';
  const bugs = options.bugs ?? KNOWN_BUGS;
  /**
   * Optional references where a whole value is expected, given a fallback with `orElse` (as tsc requires), and
   * alone in templates (see KNOWN_COMPILER_BUGS.optionalRefAsValue).
   */
  const optionalValues = !bugs.optionalRefAsValue;
  const lines: string[] = [];
  let counter = 0;
  let scopes = 0;
  const nextId = (prefix: string) => `${prefix}-${++counter}`;
  const camel = (id: string) => id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

  const agents = plan.agents.map((a) => ({ plan: a, def: agent(a.name, { agentName: a.agentName, alias: 'live', output: zodOf(a.output) }) as AgentDef<unknown> }));
  const voterNames = ['worker', 'helper', 'judge'] as const;
  const voters = voterNames.map((n, i) => agent(`voter-${i}`, { agentName: n, alias: 'live', output: Ballot }));
  const header = [
    "import { agent, and, Ballot, dynamodb, eq, events, gt, gte, isPresent, lambda, lt, lte, matches, ne, not, or, orElse, sns, sqs, text, when, workflow } from '@agentflow/dsl';",
    "import { z } from 'zod';",
    '',
    ...plan.agents.map((a, i) => `const a${i} = agent(${js(a.name)}, { agentName: ${js(a.agentName)}, alias: 'live', output: ${zodSource(a.output)} });`),
    ...voterNames.map((n, i) => `const v${i} = agent('voter-${i}', { agentName: '${n}', alias: 'live', output: Ballot });`),
    '',
  ];

  const candidates = (b: Block): Candidate[] => {
    const out: Candidate[] = [];
    for (const r of b.roots) expand(r, out);
    return out;
  };
  const choose = <T>(items: readonly T[], pick: number): T | undefined => (items.length === 0 ? undefined : items[pick % items.length]);
  const emit = (b: Block, line: string) => lines.push(b.indent + line);

  // ── values ──
  const literal = (n: number): string | number | boolean | null => {
    const pool: (string | number | boolean | null)[] = [...LITERAL_STRINGS, 0, -1.5, 42, 1e21, true, false, null];
    return pool[n % pool.length]!;
  };
  const litTy = (v: string | number | boolean | null): Ty => ({ t: 'literal', value: v });

  /** A template (`text\`…\``): literal chunks and references of any type (non-strings are spliced as JSON). */
  const template = (b: Block, parts: readonly PartPlan[], allow: (c: Candidate) => boolean = () => true, prompt = false): { value: unknown; code: string } => {
    const strings: string[] = [''];
    const values: unknown[] = [];
    const codes: string[] = [];
    // KNOWN_COMPILER_BUGS.optionalRefAsValue: a template of one reference and no text is that reference itself; and
    // a prompt splicing offloaded data becomes `inputParts`, where each reference between offloaded parts stands alone.
    const bare = parts.filter((p) => 'ref' in p).length === 1 && parts.every((p) => 'ref' in p || LITERAL_STRINGS[p.lit % LITERAL_STRINGS.length] === '');
    let all = candidates(b).filter((c) => (optionalValues || !bare || !c.optional) && allow(c));
    if (!optionalValues && prompt && parts.some((p) => 'ref' in p && choose(all, p.ref)?.inLargeRoot)) all = all.filter((c) => !c.optional);
    for (const part of parts) {
      if ('lit' in part) {
        strings[strings.length - 1] += LITERAL_STRINGS[part.lit % LITERAL_STRINGS.length]!;
        continue;
      }
      const c = choose(all, part.ref);
      if (!c) continue;
      values.push(c.ref);
      codes.push(c.code);
      strings.push('');
    }
    const raw = Object.assign([...strings], { raw: [...strings] }) as unknown as TemplateStringsArray;
    const code = 'text`' + strings.map((s, i) => s.replace(/[`\\]|\$\{/g, (m) => '\\' + m).replace(/\n/g, '\\n').replace(/\t/g, '\\t') + (i < codes.length ? '${' + codes[i] + '}' : '')).join('') + '`';
    return { value: text(raw, ...(values as never[])), code };
  };

  /** A candidate as a whole value: an optional one gets a fallback of its type (`orElse`), as tsc demands. */
  const whole = (b: Block, c: Candidate): { value: unknown; code: string } => {
    if (!c.optional) return { value: c.ref, code: c.code };
    const fallback = valueOfType(b, c.ty, [], { i: 0 });
    return { value: orElse(c.ref as never, fallback.value as never), code: `orElse(${c.code}, ${fallback.code})` };
  };

  /** Builds a value plan; returns the DSL input, its source and its type (as the DSL infers it). */
  const value = (b: Block, v: ValuePlan, allow: (c: Candidate) => boolean = () => true): { value: unknown; code: string; ty: Ty; optional: boolean } => {
    switch (v.k) {
      case 'ref': {
        const c = choose(
          candidates(b).filter((c) => (optionalValues || !c.optional) && allow(c)),
          v.pick,
        );
        if (c) return { ...whole(b, c), ty: c.ty, optional: false };
        const l = literal(v.pick);
        return { value: l, code: js(l), ty: litTy(l), optional: false };
      }
      case 'lit': {
        const l = literal(v.lit);
        return { value: l, code: js(l), ty: litTy(l), optional: false };
      }
      case 'text': {
        const t = template(b, v.parts, allow);
        return { ...t, ty: { t: 'string', max: undefined }, optional: false };
      }
      case 'record': {
        const fields = v.fields.map(([k, f]) => [k, value(b, f, allow)] as const);
        return {
          value: Object.fromEntries(fields.map(([k, f]) => [k, f.value])),
          code: `{ ${fields.map(([k, f]) => `${key(k)}: ${f.code}`).join(', ')} }`,
          ty: { t: 'object', fields: fields.map(([k, f]) => ({ name: k, optional: f.optional, type: f.ty })) },
          optional: false,
        };
      }
      case 'list': {
        const items = v.items.map((i) => value(b, i, allow));
        const first = items[0];
        return {
          value: items.map((i) => i.value),
          code: `[${items.map((i) => i.code).join(', ')}]`,
          ty: { t: 'array', max: items.length, item: items.length === 1 && first ? first.ty : { t: 'unknown' } },
          optional: false,
        };
      }
    }
  };

  /** A value of exactly the given type (for `assign`): a fitting reference, else a literal or a record of such. */
  const valueOfType = (b: Block, ty: Ty, picks: readonly number[], at: { i: number }): { value: unknown; code: string } => {
    const next = () => picks[at.i++ % Math.max(1, picks.length)] ?? 0;
    const fits = candidates(b).filter((c) => !c.optional && sameType(c.ty, ty));
    const p = next();
    if (fits.length > 0 && p % 2 === 1) {
      const c = fits[Math.floor(p / 2) % fits.length]!;
      return { value: c.ref, code: c.code };
    }
    const lit = (l: unknown) => ({ value: l, code: js(l) });
    switch (ty.t) {
      case 'string':
        return lit('é"\n'.slice(0, ty.max ?? 3));
      case 'enum':
        return lit(ty.values[p % ty.values.length]);
      case 'number':
        return lit(ty.max);
      case 'boolean':
        return lit(p % 2 === 0);
      case 'literal':
        return lit(ty.value);
      case 'object': {
        const fields = ty.fields.filter((f) => !f.optional || next() % 2 === 0).map((f) => [f.name, valueOfType(b, f.type, picks, at)] as const);
        return { value: Object.fromEntries(fields.map(([k, f]) => [k, f.value])), code: `{ ${fields.map(([k, f]) => `${key(k)}: ${f.code}`).join(', ')} }` };
      }
      case 'array':
        return { value: [], code: '[]' };
      case 'unknown': {
        // Input<unknown> takes only a computed value: any reference.
        const any = choose(
          candidates(b).filter((c) => !c.optional),
          p,
        );
        return any ? { value: any.ref, code: any.code } : lit(null);
      }
    }
  };

  // ── conditions ──
  const condition = (b: Block, c: CondPlan): { cond: Condition; code: string } => {
    const all = candidates(b);
    switch (c.k) {
      case 'cmp': {
        const scalars = all.filter((x) => isScalar(x.ty));
        const x = choose(scalars, c.pick)!; // the input's first field is a scalar
        return compare(x, c.op, c.lit, scalars);
      }
      case 'present': {
        const x = choose(
          all.filter((x) => x.optional),
          c.pick,
        );
        if (!x) return condition(b, { k: 'cmp', pick: c.pick, op: 0, lit: 0 });
        return { cond: isPresent(x.ref as never), code: `isPresent(${x.code})` };
      }
      case 'matches': {
        const x = choose(
          all.filter((x) => x.ty.t === 'string' || x.ty.t === 'enum'),
          c.pick,
        );
        if (!x) return condition(b, { k: 'cmp', pick: c.pick, op: 0, lit: 0 });
        return { cond: matches(x.ref as never, c.pattern), code: `matches(${x.code}, ${js(c.pattern)})` };
      }
      case 'and':
      case 'or': {
        const terms = c.terms.map((t) => condition(b, t));
        const f = c.k === 'and' ? and : or;
        return { cond: f(...terms.map((t) => t.cond)), code: `${c.k}(${terms.map((t) => t.code).join(', ')})` };
      }
      case 'not': {
        const t = condition(b, c.term);
        return { cond: not(t.cond), code: `not(${t.code})` };
      }
    }
  };

  const compare = (x: Candidate, op: number, litPick: number, others: readonly Candidate[] = []): { cond: Condition; code: string } => {
    const ops = [eq, ne, lt, lte, gt, gte] as const;
    const names = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'] as const;
    let lit: unknown;
    let o = op % 6;
    switch (x.ty.t) {
      case 'boolean':
        if (o >= 2) {
          // A boolean reference is itself a condition.
          if (o % 2 === 0) return { cond: x.ref as Condition, code: x.code };
          return { cond: not(x.ref as never), code: `not(${x.code})` };
        }
        lit = litPick % 2 === 0;
        break;
      case 'enum':
        o = o % 2; // eq / ne: the literal must be a member
        lit = x.ty.values[litPick % x.ty.values.length];
        break;
      case 'number': {
        const pool = [x.ty.min, x.ty.max, (x.ty.min + x.ty.max) / 2, 0, -1, 1e21, 0.1, x.ty.int ? Math.round(x.ty.max) : x.ty.max];
        lit = pool[litPick % pool.length];
        break;
      }
      default:
        lit = ['', 'm', 'é', "it's", '漢字', 'a"b', 'hello', 'zzz'][litPick % 8];
    }
    // Every other time, compare with another reference of the same type (tsc requires the right side's type).
    const peers = others.filter((y) => y !== x && comparable(x.ty, y.ty));
    const peer = litPick % 2 === 1 ? choose(peers, litPick >> 1) : undefined;
    if (peer) return { cond: (ops[o] as (l: never, r: never) => Condition)(x.ref as never, peer.ref as never), code: `${names[o]}(${x.code}, ${peer.code})` };
    return { cond: (ops[o] as (l: never, r: never) => Condition)(x.ref as never, lit as never), code: `${names[o]}(${x.code}, ${js(lit)})` };
  };

  // ── steps ──
  const child = (b: Block, flow: Flow, flowCode: string, scope: false | { readonly hasResult: boolean; readonly distributed?: boolean }, mustContinue = false): Block => ({
    flow,
    flowCode,
    roots: [...b.roots],
    scope: scope ? ++scopes : b.scope,
    distributed: scope ? (scope.distributed ?? b.distributed) : b.distributed,
    mustContinue,
    hasResult: scope ? scope.hasResult : b.hasResult,
    indent: b.indent + '  ',
  });

  /**
   * Builds the steps of a block; a block left empty (every step dropped for want of candidates) gets a wait.
   * Returns whether the block always ends the flow; steps after one that always ends would be dead code and are
   * dropped.
   */
  const steps = (b: Block, plans: readonly StepPlan[], mayBeEmpty = false): boolean => {
    const before = b.flow.steps.length;
    for (const [i, p] of plans.entries()) if (step(b, p, i === plans.length - 1)) return true;
    if (!mayBeEmpty && b.flow.steps.length === before) step(b, { k: 'wait', seconds: 1 });
    return false;
  };

  /** Builds one step; returns whether it always ends the flow (succeed, fail, a choice whose every path ends). */
  const step = (b: Block, p: StepPlan, last = false): boolean => {
    const f = b.flow;
    const fc_ = b.flowCode;
    switch (p.k) {
      case 'invoke': {
        const a = choose(agents, p.agent)!;
        const id = nextId('ask');
        let prompt: { value: unknown; code: string };
        if ('ref' in p.prompt) {
          const c = choose(
            candidates(b).filter((c) => (c.ty.t === 'string' || c.ty.t === 'enum') && (optionalValues || !c.optional)),
            p.prompt.ref,
          );
          prompt = c ? whole(b, c) : template(b, [{ lit: 0 }]);
        } else prompt = template(b, p.prompt, undefined, true);
        const ref = f.invoke(a.def, { id, prompt: prompt.value as never });
        const v = camel(id);
        emit(b, `const ${v} = ${fc_}.invoke(a${agents.indexOf(a)}, { id: ${js(id)}, prompt: ${prompt.code} });`);
        b.roots.push({ code: v, ref, ty: a.plan.output, optional: false, stepId: id });
        return false;
      }
      case 'set': {
        const id = nextId('keep');
        const v = value(b, p.value);
        const ref = f.set(id, v.value as never);
        const name = camel(id);
        emit(b, `const ${name} = ${fc_}.set(${js(id)}, ${v.code});`);
        b.roots.push({ code: name, ref, ty: v.ty, optional: v.optional, setScope: b.scope, stepId: id });
        return false;
      }
      case 'assign': {
        const target = choose(
          b.roots.filter((r) => r.setScope === b.scope),
          p.target,
        );
        if (!target) return false;
        const id = nextId('update');
        const v = valueOfType(b, target.ty, p.picks, { i: 0 });
        f.assign(id, target.ref as never, v.value as never);
        emit(b, `${fc_}.assign(${js(id)}, ${target.code}, ${v.code});`);
        return false;
      }
      case 'task': {
        const id = nextId(p.service);
        const v = value(b, p.value);
        const extra = p.extra.length ? template(b, p.extra) : { value: 'fixed', code: "'fixed'" };
        let spec: unknown;
        let code: string;
        let ty: Ty | undefined;
        switch (p.service) {
          case 'sns':
            spec = sns.publish({ topic: 'reviewers', message: v.value as never, subject: extra.value as never });
            code = `sns.publish({ topic: 'reviewers', message: ${v.code}, subject: ${extra.code} })`;
            ty = { t: 'object', fields: [{ name: 'MessageId', optional: false, type: { t: 'string', max: 100 } }] };
            break;
          case 'sqs':
            spec = sqs.sendMessage({ queue: 'work', body: v.value as never });
            code = `sqs.sendMessage({ queue: 'work', body: ${v.code} })`;
            ty = { t: 'object', fields: [{ name: 'MessageId', optional: false, type: { t: 'string', max: 100 } }] };
            break;
          case 'events':
          {
            const detailType = LITERAL_STRINGS[p.extra.length % LITERAL_STRINGS.length]!;
            spec = events.putEvents({ entries: [{ bus: 'audit', source: 'prop.test', detailType, detail: v.value as never }] });
            code = `events.putEvents({ entries: [{ bus: 'audit', source: 'prop.test', detailType: ${js(detailType)}, detail: ${v.code} }] })`;
          }
            ty = { t: 'object', fields: [{ name: 'FailedEntryCount', optional: false, type: { t: 'number', int: true, min: 0, max: 10 } }] };
            break;
          case 'dynamodb': {
            // Attribute values: S from a string, N from a number's text, BOOL from a boolean.
            const all = candidates(b).filter((c) => optionalValues || !c.optional);
            const str = choose(
              all.filter((c) => c.ty.t === 'string' || c.ty.t === 'enum'),
              p.extra.length,
            );
            const num = choose(
              all.filter((c) => c.ty.t === 'number'),
              p.extra.length,
            );
            const item: Record<string, unknown> = { id: { S: extra.value } };
            const parts = [`id: { S: ${extra.code} }`];
            if (str) {
              const name = whole(b, str);
              item['name'] = { S: name.value };
              parts.push(`name: { S: ${name.code} }`);
            }
            if (num) {
              // A number's text: absent it would be '', which DynamoDB refuses as an N value.
              const n = whole(b, num);
              item['n'] = { N: text`${n.value as never}` };
              parts.push(`n: { N: text\`\${${n.code}}\` }`);
            }
            spec = dynamodb.putItem({ table: 'items', item: item as never });
            code = `dynamodb.putItem({ table: 'items', item: { ${parts.join(', ')} } })`;
            ty = undefined;
            break;
          }
          case 'lambda': {
            // A payload that is not a record makes Arguments.Payload a JSONata string (KNOWN_SIMULATOR_BUGS.autoMockLambdaStringPayload).
            const wrap = bugs.autoMockLambdaStringPayload && p.value.k !== 'record';
            const payload = wrap ? { data: v.value } : v.value;
            const payloadCode = wrap ? `{ data: ${v.code} }` : v.code;
            spec = lambda.invoke({ function: 'render', payload: payload as never });
            code = `lambda.invoke({ function: 'render', payload: ${payloadCode} })`;
            ty = undefined;
            break;
          }
        }
        const ref = f.task(id, spec as never);
        const name = camel(id);
        emit(b, `const ${name} = ${fc_}.task(${js(id)}, ${code});`);
        if (ty) b.roots.push({ code: name, ref, ty, optional: false, stepId: id });
        return false;
      }
      case 'wait': {
        const id = nextId('pause');
        if (p.seconds === 'start') {
          // A timestamp in the past: no wait at all.
          f.wait(id, { until: b.roots.find((r) => r.code === 'flow.execution.startTime')!.ref as never });
          emit(b, `${fc_}.wait(${js(id)}, { until: flow.execution.startTime });`);
        } else {
          f.wait(id, { seconds: p.seconds });
          emit(b, `${fc_}.wait(${js(id)}, { seconds: ${p.seconds} });`);
        }
        return false;
      }
      case 'vote': {
        const id = nextId('poll');
        const rules: VoteRuleInput[] = ['majority', 'unanimous', { threshold: 0.5 }, { bft: { f: 1 } }];
        // BFT with f = 1 needs at least 4 voters; with fewer, majority.
        const rule = p.voters.length < 4 && p.rule === 3 ? 'majority' : rules[p.rule % rules.length]!;
        const proposal = template(b, p.proposal);
        const ref = f.vote(id, { voters: p.voters.map((i) => voters[i % voters.length]!), proposal: proposal.value as never, rule });
        const v = camel(id);
        emit(b, `const ${v} = ${fc_}.vote(${js(id)}, { voters: [${p.voters.map((i) => `v${i % voters.length}`).join(', ')}], proposal: ${proposal.code}, rule: ${js(rule)} });`);
        const n = p.voters.length;
        const tally: ObjectTy = {
          t: 'object',
          fields: [
            { name: 'approvals', optional: false, type: { t: 'number', int: true, min: 0, max: n } },
            { name: 'rejections', optional: false, type: { t: 'number', int: true, min: 0, max: n } },
            { name: 'abstentions', optional: false, type: { t: 'number', int: true, min: 0, max: n } },
            { name: 'total', optional: false, type: { t: 'literal', value: n } },
            { name: 'ratio', optional: false, type: { t: 'number', int: false, min: 0, max: 1 } },
            { name: 'approved', optional: false, type: { t: 'boolean' } },
            { name: 'decided', optional: false, type: { t: 'boolean' } },
            {
              name: 'ballots',
              optional: false,
              type: {
                t: 'array',
                max: n,
                item: {
                  t: 'object',
                  fields: [
                    { name: 'voter', optional: false, type: { t: 'string', max: 80 } },
                    { name: 'vote', optional: false, type: { t: 'enum', values: ['approve', 'reject', 'abstain'] } },
                    { name: 'reasoning', optional: true, type: { t: 'string', max: 2000 } },
                  ],
                },
              },
            },
          ],
        };
        b.roots.push({ code: v, ref, ty: tally, optional: false, stepId: id });
        return false;
      }
      case 'approval': {
        const id = nextId('review');
        const message = template(b, p.message);
        const ref = f.approval(id, { notify: 'reviewers', message: message.value as never, timeout: { hours: 1 } });
        const v = camel(id);
        emit(b, `const ${v} = ${fc_}.approval(${js(id)}, { notify: 'reviewers', message: ${message.code}, timeout: { hours: 1 } });`);
        b.roots.push({ code: v, ref, ty: APPROVAL_TY, optional: false, stepId: id });
        return false;
      }
      case 'end': {
        if (!last || b.mustContinue) return false;
        // KNOWN_COMPILER_BUGS.distributedBodyStartsWithEnd
        if (bugs.distributedBodyStartsWithEnd && b.distributedBody && b.flow.steps.length === 0) return false;
        const id = nextId(p.how === 'succeed' ? 'done' : 'stop');
        // A branch or iteration that returns a value may not end through succeed (succeed-skips-result); while
        // KNOWN_COMPILER_BUGS.succeedInScopeWithResult is set, neither may the workflow.
        if (p.how === 'succeed' && b.hasResult && (b.scope !== 0 || bugs.succeedInScopeWithResult)) return false;
        if (p.how === 'succeed') {
          const v = p.value === null ? undefined : value(b, p.value);
          f.succeed(id, v === undefined ? {} : { output: v.value as never });
          emit(b, `${fc_}.succeed(${js(id)}${v === undefined ? '' : `, { output: ${v.code} }`});`);
        } else {
          const cause = p.cause === null ? undefined : template(b, p.cause);
          f.fail(id, { error: 'Prop.Stopped', ...(cause === undefined ? {} : { cause: cause.value as never }) });
          emit(b, `${fc_}.fail(${js(id)}, { error: 'Prop.Stopped'${cause === undefined ? '' : `, cause: ${cause.code}`} });`);
        }
        return true;
      }
      case 'map': {
        const arrays = candidates(b).filter(
          (c) => c.ty.t === 'array' && c.ty.item.t !== 'unknown' && !(bugs.mapOverOptionalArray && c.optional) && !(bugs.mapOverOffloadedMapResult && c.ty.mapResult),
        );
        const items = choose(arrays, p.items);
        if (!items || items.ty.t !== 'array') return false;
        const id = nextId('each');
        const v = camel(id);
        const itemCode = `${v}Item`;
        const indexCode = `${v}Index`;
        const flowCode = `${v}Flow`;
        const start = lines.length;
        let resultTy: Ty = { t: 'unknown' };
        let resultOptional = false;
        const itemTy = items.ty.item;
        // KNOWN_COMPILER_BUGS.mapInDistributedMap: no map inside a distributed one.
        if (bugs.mapInDistributedMap && b.distributed) return false;
        const distributed = p.tolerated !== null;
        const tolerated = !distributed || p.tolerated === null ? {} : 'count' in p.tolerated ? { toleratedFailureCount: p.tolerated.count } : { toleratedFailurePercentage: p.tolerated.percentage };
        const options = { maxConcurrency: p.maxConcurrency, ...tolerated };
        const optionsCode = `{ ${Object.entries(options).map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
        const ref = f.map(id, items.ref as never, options, (item, inner, index) => {
          const body: Block = { ...child(b, inner, flowCode, { hasResult: p.result !== null, distributed: b.distributed || distributed }), distributedBody: distributed };
          body.roots.push({ code: itemCode, ref: item, ty: itemTy, optional: false }, { code: indexCode, ref: index, ty: { t: 'number', int: true, min: 0, max: 1e6 }, optional: false });
          steps(body, p.body);
          if (p.result === null) return undefined;
          const r = value(body, p.result);
          resultTy = r.ty;
          resultOptional = r.optional;
          emit(body, `return ${r.code};`);
          return r.value as never;
        });
        lines.splice(start, 0, `${b.indent}const ${v} = ${fc_}.map(${js(id)}, ${items.code}, ${optionsCode}, (${itemCode}, ${flowCode}, ${indexCode}) => {`);
        emit(b, '});');
        b.roots.push({ code: v, ref, ty: { t: 'array', max: items.ty.max, item: resultOptional ? { t: 'unknown' } : resultTy, mapResult: true }, optional: false, stepId: id });
        return false;
      }
      case 'choice': {
        const id = nextId('route');
        emit(b, `${fc_}.choice(${js(id)}, [`);
        let ends = true;
        const cases = p.cases.map((c, i) => {
          const cond = condition(b, c.cond);
          const flowCode = `${camel(id)}Case${i}`;
          emit(b, `  when(${cond.code}, (${flowCode}) => {`);
          const arm = when(cond.cond, (inner) => {
            const body = child(b, inner, flowCode, false, b.mustContinue);
            if (!steps({ ...body, indent: body.indent + '  ' }, c.body)) ends = false;
          });
          emit(b, '  }),');
          return arm;
        });
        let otherwise: Parameters<Flow['choice']>[2]['otherwise'];
        if (p.otherwise === 'continue') {
          ends = false;
          otherwise = 'continue';
          emit(b, `], { otherwise: 'continue' });`);
        } else if (p.otherwise === 'fail') {
          otherwise = { fail: { error: 'Prop.NoCase', cause: 'no case matched' } };
          emit(b, `], { otherwise: { fail: { error: 'Prop.NoCase', cause: 'no case matched' } } });`);
        } else {
          const body = p.otherwise;
          const flowCode = `${camel(id)}Else`;
          emit(b, `], { otherwise: (${flowCode}) => {`);
          otherwise = (inner: Flow) => {
            if (!steps(child(b, inner, flowCode, false, b.mustContinue), body)) ends = false;
          };
          // Built by f.choice below; the source lines are emitted while it runs.
        }
        const mark = lines.length;
        f.choice(id, cases, { otherwise });
        if (typeof otherwise === 'function') {
          if (lines.length === mark) emit(b, '  // (empty)');
          emit(b, '} });');
        }
        return ends;
      }
      case 'parallel': {
        const id = nextId('fork');
        const v = camel(id);
        emit(b, `const ${v} = ${fc_}.parallel(${js(id)}, {`);
        const fields: FieldTy[] = [];
        const branches: Record<string, (flow: Flow) => unknown> = {};
        for (const br of p.branches) {
          const flowCode = `${v}${br.name.replace(/[^A-Za-z0-9]/g, '_')}`;
          branches[br.name] = (inner) => {
            emit(b, `  ${key(br.name)}: (${flowCode}) => {`);
            const body = child(b, inner, flowCode, { hasResult: br.result !== null });
            const indented = { ...body, indent: body.indent + '  ' };
            steps(indented, br.body);
            let out: unknown;
            if (br.result === null) fields.push({ name: br.name, optional: false, type: { t: 'unknown' } });
            else {
              const r = value(indented, br.result);
              emit(indented, `return ${r.code};`);
              fields.push({ name: br.name, optional: r.optional, type: r.ty });
              out = r.value;
            }
            emit(b, '  },');
            return out;
          };
        }
        const ref = f.parallel(id, branches as never);
        emit(b, '});');
        b.roots.push({ code: v, ref, ty: { t: 'object', fields }, optional: false, stepId: id });
        return false;
      }
      case 'loop': {
        const id = nextId('round');
        const v = camel(id);
        const flowCode = `${v}Flow`;
        emit(b, `const ${v} = ${fc_}.loop(${js(id)}, { maxIterations: ${p.maxIterations}, onExhausted: ${js(p.onExhausted)} }, (${flowCode}) => {`);
        const ref = f.loop(id, { maxIterations: p.maxIterations, onExhausted: p.onExhausted }, (inner: LoopFlow) => {
          const body = child(b, inner, flowCode, false, b.mustContinue);
          body.roots.push({ code: `${flowCode}.iteration`, ref: inner.iteration, ty: { t: 'number', int: true, min: 0, max: p.maxIterations - 1 }, optional: false });
          steps({ ...body, mustContinue: true }, p.before, true);
          const approvalId = nextId('review');
          const message = template(body, p.message);
          const verdict = inner.approval(approvalId, { notify: 'reviewers', message: message.value as never, timeout: { days: 1 } });
          const verdictCode = camel(approvalId);
          emit(body, `const ${verdictCode} = ${flowCode}.approval(${js(approvalId)}, { notify: 'reviewers', message: ${message.code}, timeout: { days: 1 } });`);
          body.roots.push({ code: verdictCode, ref: verdict, ty: APPROVAL_TY, optional: false, stepId: approvalId });
          if (p.exit === null) {
            inner.exitWhen(verdict.approved);
            emit(body, `${flowCode}.exitWhen(${verdictCode}.approved);`);
          } else {
            const c = condition(body, p.exit);
            const cond = or(verdict.approved, c.cond);
            inner.exitWhen(cond);
            emit(body, `${flowCode}.exitWhen(or(${verdictCode}.approved, ${c.code}));`);
          }
          steps(body, p.after, true);
        });
        emit(b, '});');
        if (!bugs.loopResultAfterLoop) b.roots.push({ code: v, ref, ty: { t: 'number', int: true, min: 0, max: p.maxIterations - 1 }, optional: false, stepId: id });
        return false;
      }
    }
  };

  const def = workflow(name, { input: zodOf(plan.input) }, (flow) => {
    // The body runs on every build (here and in the compiler): start from the same ids and an empty source.
    lines.length = 0;
    counter = 0;
    scopes = 0;
    const top: Block = { flow, flowCode: 'flow', roots: [], scope: 0, distributed: false, mustContinue: false, hasResult: plan.output !== null, indent: '  ' };
    top.roots.push({ code: 'flow.input', ref: flow.input, ty: plan.input, optional: false });
    top.roots.push({ code: 'flow.execution.name', ref: flow.execution.name, ty: { t: 'string', max: 80 }, optional: false });
    top.roots.push({ code: 'flow.execution.id', ref: flow.execution.id, ty: { t: 'string', max: 2048 }, optional: false });
    top.roots.push({ code: 'flow.execution.startTime', ref: flow.execution.startTime, ty: { t: 'string', max: 40 }, optional: false });
    steps(top, plan.body);
    if (plan.output === null) return undefined;
    const out = value(top, plan.output);
    emit(top, `return ${out.code};`);
    return out.value as never;
  });
  // Build once now so the source is complete; a DslError here is a generator mistake.
  def.build();
  const source = [
    ...header,
    `export default workflow(${js(name)}, { input: ${zodSource(plan.input)} }, (flow) => {`,
    ...lines,
    '});',
  ].join('\n');
  return { def, source };
}

/**
 * The largest value of a type (every optional field present, arrays full, strings at their maximum length), for
 * runs with `answers: 'maximal'`. Strings are made of `fill`; the default, U+0001, is the costliest JSON escape.
 */
export function maximalValue(ty: Ty, fill = '\u0001'): unknown {
  switch (ty.t) {
    case 'string':
      return fill.repeat(ty.max ?? 64);
    case 'enum':
      return [...ty.values].sort((a, b) => JSON.stringify(b).length - JSON.stringify(a).length)[0];
    case 'number':
      return ty.max;
    case 'boolean':
      return false;
    case 'literal':
      return ty.value;
    case 'object':
      return Object.fromEntries(ty.fields.map((f) => [f.name, maximalValue(f.type, fill)]));
    case 'array':
      return Array.from({ length: ty.max ?? 3 }, () => maximalValue(ty.item, fill));
    case 'unknown':
      return null;
  }
}

/** An execution input as large as Step Functions accepts (256 KiB), or undefined when the schema's maximum is larger. */
export function maximalInput(ty: ObjectTy): unknown {
  for (const fill of ['\u0001', 'é', 'a']) {
    const value = maximalValue(ty, fill);
    if (Buffer.byteLength(JSON.stringify(value)) <= 262_144) return value;
  }
  return undefined;
}

/** Whether tsc accepts `eq(x, y)` for references of these types (the right side must fit the left side's type). */
function comparable(x: Ty, y: Ty): boolean {
  if (x.t === 'string') return y.t === 'string' || y.t === 'enum';
  if (x.t === 'enum') return y.t === 'enum' && y.values.every((v) => x.values.includes(v));
  return x.t === y.t && (x.t === 'number' || x.t === 'boolean');
}

/** Structural type equality, for values handed to `assign`. */
function sameType(a: Ty, b: Ty): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
