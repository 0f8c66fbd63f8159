import type { Expr, MapStep, ParallelStep, RefExpr, S3ItemSource, Step, VoteStep } from '@agentflow/dsl';
import { eachStep } from '../../passes/block-steps.js';
import { stateNameOf } from '../../passes/name-states/state-names.js';
import { applyCont, type AslState, type EmitContext, type NamedState } from './emit-context.js';
import type { StepEmit } from './emit-block.js';
import { emitScope } from './emit-block.js';
import { agentInvocation } from './emit-tasks.js';
import { executionField, jsonata, stringLiteral, valueMayBeAbsent } from './jsonata.js';
import { EXECUTION_FIELDS, executionKey, variableOf } from './root-keys.js';
import { arrayKeyExpr, objectKeyExpr } from './offload-fields.js';
import { POINTER_FIELD } from '../../passes/payload/pointer.js';
import { outerReadsOf, type PathTree } from '../../passes/payload/outer-reads.js';
import { z } from 'zod';
import { parallelRecord, tallyExpr } from './self-result.js';
import { errorHandling, timeouts } from './task-fields.js';
import { refsOf } from '@agentflow/dsl';
import { stepExprs } from '../../passes/step-exprs.js';

export function emitParallel(step: ParallelStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const name = stateNameOf(step.id);
  const branches = step.branches.map((branch) =>
    emitScope(branch.body, branch.result, ctx, {
      exitName: `${name} ${stateNameOf(branch.name)} Done`,
      ...(at.exprs.binding ? { inherited: at.exprs.binding } : {}),
      succeedReturnsValue: true,
      owner: { what: `branch '${branch.name}' of parallel '${step.id}'`, loc: step.loc },
    }),
  );
  const state: AslState = { Type: 'Parallel', Branches: branches, ...errorHandling(step, false, ctx) };
  ctx.produce(`result:${step.id}`, state, `{% ${parallelRecord(step.branches.map((b) => b.name))} %}`);
  return [[name, applyCont(state, at.cont)]];
}

/**
 * Agent sessions and offload keys inside an iteration need the iteration index (and, in a Distributed Map, the
 * indexes and rounds around it), so the map passes it in with the item (model steps: for the keys of offloaded
 * responses).
 */
function needsIndex(step: MapStep): boolean {
  let needed = false;
  eachStep(step.body, (inner: Step) => {
    if (inner.kind === 'agent' || inner.kind === 'vote' || inner.kind === 'model') needed = true;
    for (const { expr } of stepExprs(inner)) {
      if (refsOf(expr).some((r) => r.root.kind === 'map-index' && r.root.mapId === step.id)) needed = true;
    }
  });
  if (step.result && refsOf(step.result).some((r) => r.root.kind === 'map-index' && r.root.mapId === step.id)) needed = true;
  return needed;
}

export function emitMap(step: MapStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const name = stateNameOf(step.id);
  const dist = step.distributed;
  const withIndex = dist !== undefined || needsIndex(step);
  const binding = new Map<string, string>([[`item:${step.id}`, withIndex ? '$states.input.value' : '$states.input']]);
  if (withIndex) binding.set(`index:${step.id}`, '$states.input.index');
  // Distributed children are separate executions: the parts of outer values they read travel in with each item.
  const reads = dist ? outerReadsOf(step) : [];
  const outer = reads.map((r) => r.key);
  if (dist) outer.push(...EXECUTION_FIELDS.map(executionKey));
  // Agent session ids and offload keys name the index of every enclosing map and the round of every enclosing loop
  // (docs/agent-adapter.md), so a child also receives them: without them, iterations of different outer items, or
  // different rounds, would share sessions and objects.
  if (dist && needsIndex(step)) {
    const scopes = ctx.enclosingOf(step.id).map((s) => (s.kind === 'map' ? `index:${s.id}` : `result:${s.id}`));
    outer.push(...scopes.filter((key) => !outer.includes(key)));
  }
  for (const key of outer) binding.set(key, `$states.input.outer.${variableOf(key)}`);
  const inChild = ctx.inDistributedChild;
  ctx.inDistributedChild = inChild || dist !== undefined;
  const processor = emitScope(step.body, step.result, ctx, {
    exitName: `${name} Done`,
    binding,
    prologueName: `${name} Item`,
    succeedReturnsValue: true,
    owner: { what: `the body of map '${step.id}'`, loc: step.loc },
  });
  ctx.inDistributedChild = inChild;
  const state: AslState = { Type: 'Map' };
  if (step.itemsFrom) {
    state['ItemReader'] = s3ItemReader(step.itemsFrom, ctx, at);
  } else if (dist?.reader && ctx.offload) {
    const key = arrayKeyExpr(objectKeyExpr(dist.reader.producer, ctx, at.exprs), dist.reader.field);
    state['ItemReader'] = { Resource: ctx.integration('s3:getObject'), ReaderConfig: { InputType: 'JSON' }, Arguments: { Bucket: ctx.offload.bucket, Key: key } };
  } else if (step.items) {
    state['Items'] = `{% ${jsonataOf(itemsOrEmpty(step.items), ctx, at)} %}`;
  }
  if (withIndex) {
    const selector: AslState = { index: '{% $states.context.Map.Item.Index %}', value: '{% $states.context.Map.Item.Value %}' };
    if (outer.length > 0) {
      const parts = new Map(reads.map((r) => [r.key, r.whole ? rootExpr(r.key, at) : treeExpr(r.tree, at)]));
      selector['outer'] = Object.fromEntries(outer.map((key) => [variableOf(key), `{% ${parts.get(key) ?? rootExpr(key, at)} %}`]));
    }
    state['ItemSelector'] = selector;
  }
  state['ItemProcessor'] = { ProcessorConfig: dist ? { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } : { Mode: 'INLINE' }, ...processor };
  state['MaxConcurrency'] = step.maxConcurrency;
  if (step.toleratedFailurePercentage !== undefined) state['ToleratedFailurePercentage'] = step.toleratedFailurePercentage;
  if (step.toleratedFailureCount !== undefined) state['ToleratedFailureCount'] = step.toleratedFailureCount;
  if (dist) state['Label'] = labelOf(step.id);
  if (dist?.writer && ctx.offload) {
    state['ResultWriter'] = {
      Resource: ctx.integration('s3:putObject'),
      Arguments: { Bucket: ctx.offload.bucket, Prefix: objectKeyExpr(step.id, ctx, at.exprs, '', '') },
      WriterConfig: { OutputType: 'JSON', Transformation: 'COMPACT' },
    };
  }
  Object.assign(state, errorHandling(step, false, ctx));
  const value = dist?.writer
    ? `{% {${stringLiteral(POINTER_FIELD)}: 's3://' & $states.result.ResultWriterDetails.Bucket & '/' & $states.result.ResultWriterDetails.Key} %}`
    : '{% $states.result %}';
  ctx.produce(`result:${step.id}`, state, value);
  return [[name, applyCont(state, at.cont)]];
}

/** Map Run labels: letters and digits only, at most 40 characters. */
function labelOf(id: string): string {
  return id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('').slice(0, 40);
}

/** A record of only the paths a child reads: `{'topic': $input.topic}` instead of the whole `$input`. */
function treeExpr(tree: PathTree, at: StepEmit): string {
  const fields = [...tree.fields].map(([name, sub]) => `${stringLiteral(name)}: ${sub.leaf.length > 0 ? jsonata(sub.leaf[0]!, at.exprs) : treeExpr(sub, at)}`);
  return `{${fields.join(', ')}}`;
}

const INPUT_TYPES = { json: 'JSON', jsonl: 'JSONL', csv: 'CSV' } as const;

/** A Distributed Map reading its items from the user's S3 object (`s3Items(...)`). */
function s3ItemReader(source: S3ItemSource, ctx: EmitContext, at: StepEmit): AslState {
  const config: AslState = { InputType: INPUT_TYPES[source.format] };
  if (source.format === 'csv') config['CSVHeaderLocation'] = 'FIRST_ROW';
  if (source.maxItems !== undefined) config['MaxItems'] = source.maxItems;
  const key = source.key.kind === 'literal' ? source.key.value : ctx.json(source.key, at.exprs);
  return { Resource: ctx.integration('s3:getObject'), ReaderConfig: config, Arguments: { Bucket: source.bucket, Key: key } };
}

/** Reads a root's current value in the parent (through its variable, or the parent state's own input binding). */
function rootExpr(key: string, at: StepEmit): string {
  const [kind, id] = key.includes(':') ? (key.split(':') as [string, string]) : [key, ''];
  if (kind === 'execution') return executionField(id as (typeof EXECUTION_FIELDS)[number], at.exprs);
  const root =
    kind === 'input' ? ({ kind: 'workflow-input' } as const)
    : kind === 'error' ? ({ kind: 'step-error', stepId: id } as const)
    : kind === 'item' ? ({ kind: 'map-item', mapId: id } as const)
    : kind === 'index' ? ({ kind: 'map-index', mapId: id } as const)
    : ({ kind: 'step-result', stepId: id } as const);
  return jsonata({ kind: 'ref', root, path: [], schema: z.unknown() }, at.exprs);
}

/** An optional array that is absent maps nothing, as an empty one does: `Items` must evaluate to an array. */
function itemsOrEmpty(items: RefExpr): Expr {
  return valueMayBeAbsent(items) ? { kind: 'or-else', value: items, fallback: { kind: 'list', items: [] } } : items;
}

function jsonataOf(ref: Expr, ctx: EmitContext, at: StepEmit): string {
  const value = ctx.json(ref, at.exprs) as string;
  return value.slice(3, -3);
}

/** Voters answer in parallel branches; each branch returns a ballot, and the Parallel state tallies them. */
export function emitVote(step: VoteStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const name = stateNameOf(step.id);
  const branches = step.voters.map((voter) => {
    const owner = { what: `voter '${voter.id}' of vote '${step.id}'`, loc: step.loc };
    const voterName = ctx.states.reserve(stateNameOf(voter.id), owner);
    const abstained = ctx.states.reserve(`${stateNameOf(voter.id)} Abstained`, owner);
    // A voter's branch starts from the Parallel's input: as the first state of its scope, the Parallel binds roots to it.
    const exprs = ctx.exprs(at.exprs.binding ? { binding: at.exprs.binding } : {});
    const voterId = stringLiteral(voter.agent.name);
    const task: AslState = {
      Type: 'Task',
      Resource: ctx.integration('lambda:invoke'),
      Arguments: agentInvocation(voter.agent, voter.id, step.proposal, ctx, exprs),
      ...timeouts(step.timeoutSeconds, undefined),
      ...errorHandling({ ...step, catch: [] }, 'agent', ctx),
      // A voter that still fails after its retries abstains instead of failing the vote: BFT tolerates f faulty voters.
      Catch: [
        {
          ErrorEquals: ['States.ALL'],
          Output: `{% {'voter': ${voterId}, 'vote': 'abstain', 'reasoning': 'The voter failed: ' & $states.errorOutput.Error} %}`,
          Next: abstained,
        },
      ],
      Output: `{% {'voter': ${voterId}, 'vote': $states.result.Payload.vote, 'reasoning': $states.result.Payload.reasoning} %}`,
      End: true,
    };
    return { StartAt: voterName, States: { [voterName]: task, [abstained]: { Type: 'Succeed' } } };
  });
  const state: AslState = { Type: 'Parallel', Branches: branches, ...errorHandling({ ...step, retry: [], defaultRetry: false }, false, ctx) };
  ctx.produce(`result:${step.id}`, state, `{% ${tallyExpr(step)} %}`);
  return [[name, applyCont(state, at.cont)]];
}
