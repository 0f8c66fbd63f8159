/**
 * Definition checks made before a run, for what AWS rejects when the state machine is created (or what the
 * simulator does not simulate): a mistake here is a SimulationSetupError, never a failed execution.
 */
import type { AslDefinition, AslState, Graph } from './asl.js';
import { isPredefinedError } from '@agentflow/compiler';
import { SimulationSetupError } from './errors.js';
import { compile, expressionOf } from './jsonata/evaluate.js';

const STATE_TYPES = new Set(['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);
/** Fields that are never evaluated (or are graphs, checked on their own). */
const NOT_EVALUATED = new Set(['Type', 'Comment', 'Next', 'End', 'Default', 'QueryLanguage', 'Resource', 'Retry', 'Catch', 'Choices', 'Branches', 'ItemProcessor', 'Iterator', 'Label', 'Assign', 'Output']);
/** Fields a Map accepts only in DISTRIBUTED mode (developer guide, "state-map-distributed"). */
const DISTRIBUTED_ONLY = ['ItemReader', 'ItemBatcher', 'ResultWriter', 'ToleratedFailurePercentage', 'ToleratedFailureCount', 'Label'];

type Reserved = 'result' | 'errorOutput';

const checked = new WeakSet<object>();

export function validateDefinition(definition: AslDefinition): void {
  if (checked.has(definition)) return;
  checkGraph(definition, '/States');
  shadowCheck(definition, '/States', new Set());
  checked.add(definition);
}

function checkGraph(graph: Graph, path: string): void {
  if (!graph.States || typeof graph.States !== 'object') throw setup(path, 'has no States.');
  if (!Object.hasOwn(graph.States, graph.StartAt)) throw setup(path, `starts at '${graph.StartAt}', which is not one of its states.`);
  for (const [name, state] of Object.entries(graph.States)) checkState(graph, state, `${path}/${name}`);
}

function checkState(graph: Graph, state: AslState, path: string): void {
  if (!STATE_TYPES.has(state.Type)) throw setup(path, `has the unknown Type ${JSON.stringify(state.Type)}.`);
  const targets = [state.Next, state.Default, ...(state.Choices ?? []).map((r) => r.Next), ...(state.Catch ?? []).map((c) => c.Next)];
  for (const target of targets) {
    if (target !== undefined && !Object.hasOwn(graph.States, target)) throw setup(path, `goes to '${target}', which is not a state of its scope.`);
  }
  // SPEC "State Types": Fail has no Output/Assign; Succeed has no Assign.
  if (state.Type === 'Fail' && (state.Output !== undefined || state.Assign !== undefined)) throw setup(path, 'is a Fail state with Output or Assign, which it cannot have.');
  if (state.Type === 'Succeed' && state.Assign !== undefined) throw setup(path, 'is a Succeed state with Assign, which it cannot have.');
  const resultAllowed = state.Type === 'Task' || state.Type === 'Map' || state.Type === 'Parallel';
  for (const [field, value] of Object.entries(state)) {
    if (!NOT_EVALUATED.has(field)) checkExpressions(value, `${path}/${field}`, new Set());
  }
  const own: ReadonlySet<Reserved> = new Set(resultAllowed ? ['result'] : []);
  checkExpressions(state.Output, `${path}/Output`, own);
  for (const [key, value] of Object.entries(state.Assign ?? {})) checkExpressions(value, `${path}/Assign/${key}`, own);
  if (state.Type === 'Choice' && (!Array.isArray(state.Choices) || state.Choices.length === 0)) throw setup(path, 'is a Choice without Choices.');
  (state.Choices ?? []).forEach((rule, i) => {
    if (rule.Condition === undefined) throw setup(`${path}/Choices[${i}]`, 'has no Condition (JSONata Choice rules need one).');
    checkExpressions(rule.Condition, `${path}/Choices[${i}]/Condition`, new Set());
    checkExpressions(rule.Output, `${path}/Choices[${i}]/Output`, new Set());
    for (const [key, value] of Object.entries(rule.Assign ?? {})) checkExpressions(value, `${path}/Choices[${i}]/Assign/${key}`, new Set());
  });
  (state.Catch ?? []).forEach((catcher, i) => {
    checkErrorEquals(catcher.ErrorEquals, `${path}/Catch[${i}]`);
    checkExpressions(catcher.Output, `${path}/Catch[${i}]/Output`, new Set(['errorOutput']));
    for (const [key, value] of Object.entries(catcher.Assign ?? {})) checkExpressions(value, `${path}/Catch[${i}]/Assign/${key}`, new Set(['errorOutput']));
  });
  (state.Retry ?? []).forEach((retrier, i) => checkErrorEquals(retrier.ErrorEquals, `${path}/Retry[${i}]`));
  if (state.Type === 'Parallel') {
    (state.Branches ?? []).forEach((branch, i) => checkGraph(branch, `${path}/Branches[${i}]/States`));
  }
  if (state.Type === 'Map') checkMap(state, path);
}

function checkMap(state: AslState, path: string): void {
  const processor = state.ItemProcessor ?? state.Iterator;
  if (!processor) throw setup(path, 'is a Map without an ItemProcessor.');
  const distributed = state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
  if (!distributed) {
    for (const field of DISTRIBUTED_ONLY) {
      if (state[field] !== undefined) throw setup(path, `has "${field}", which needs a Distributed Map (ProcessorConfig.Mode DISTRIBUTED).`);
    }
  }
  if (state.ItemReader !== undefined && state.Items !== undefined) {
    throw new SimulationSetupError(`State ${path} has both ItemReader and Items: selecting items from what an ItemReader read is not simulated.`);
  }
  checkGraph(processor, `${path}/ItemProcessor/States`);
}

/** Custom error names must not start with `States.`; `States.ALL` must be alone and last (ASL spec, "Error names"). */
function checkErrorEquals(names: readonly string[] | undefined, path: string): void {
  if (!Array.isArray(names) || names.length === 0) throw setup(path, 'has no ErrorEquals.');
  for (const name of names) {
    if (name.startsWith('States.') && !isPredefinedError(name)) throw setup(path, `matches '${name}', which is no predefined error; custom names must not start with 'States.'.`);
  }
  if (names.includes('States.ALL') && names.length > 1) throw setup(path, "uses 'States.ALL' together with other names; it must appear alone.");
}

/** Variable names a state's `Assign` blocks (its own, its Choice rules', its catchers') set in its scope. */
function assignedNames(state: AslState): string[] {
  const out = Object.keys(state.Assign ?? {});
  for (const rule of state.Choices ?? []) out.push(...Object.keys(rule.Assign ?? {}));
  for (const catcher of state.Catch ?? []) out.push(...Object.keys(catcher.Assign ?? {}));
  return out;
}

/**
 * The inner scope of a Parallel branch or inline Map must not assign a name its outer scopes assign (SPEC
 * "Variable Scope"); a Distributed Map child is a separate execution that starts with no variables.
 */
function shadowCheck(graph: Graph, path: string, outer: ReadonlySet<string>): void {
  const own = new Set<string>();
  for (const [name, state] of Object.entries(graph.States)) {
    for (const variable of assignedNames(state)) {
      if (outer.has(variable)) {
        throw setup(`${path}/${name}`, `assigns '${variable}', a variable of an outer scope; a Parallel branch or Map iteration may only read it (SPEC "Variable Scope").`);
      }
      own.add(variable);
    }
  }
  const visible = new Set([...outer, ...own]);
  for (const [name, state] of Object.entries(graph.States)) {
    (state.Branches ?? []).forEach((branch, i) => shadowCheck(branch, `${path}/${name}/Branches[${i}]/States`, visible));
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) shadowCheck(processor, `${path}/${name}/ItemProcessor/States`, state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED' ? new Set() : visible);
  }
}

/** Every `{% %}` string in a field value: it must parse, use `$states.result`/`errorOutput` only where bound, and not start from `$`, `$$` or a field name. */
function checkExpressions(value: unknown, path: string, allowed: ReadonlySet<Reserved>): void {
  if (typeof value === 'string') {
    const source = expressionOf(value);
    if (source === undefined) return;
    let ast: AstNode;
    try {
      ast = compile(source).ast() as AstNode;
    } catch (error) {
      throw setup(path, (error as Error).message);
    }
    const reserved = reservedReference(ast);
    for (const name of reserved) {
      if (!allowed.has(name)) {
        const where = name === 'result' ? "only in the Output and Assign of a Task, Map or Parallel state" : "only in a catcher's Output and Assign";
        throw setup(path, `references $states.${name}, which is bound ${where} (SPEC "Reserved states Variable with JSONata").`);
      }
    }
    const unqualified = topLevelContextReference(ast);
    if (unqualified !== undefined) {
      throw setup(path, `starts from ${unqualified}; a JSONata expression in Step Functions has no context value: use $states.input (SPEC "JSONata Restrictions").`);
    }
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => checkExpressions(v, `${path}[${i}]`, allowed));
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) if (key !== 'States') checkExpressions(v, `${path}/${key}`, allowed);
  }
}

interface AstNode {
  readonly type?: string;
  readonly value?: unknown;
  readonly steps?: readonly AstNode[];
  readonly [key: string]: unknown;
}

/** `$states.result` / `$states.errorOutput` anywhere in the expression. */
function reservedReference(ast: AstNode): Set<Reserved> {
  const found = new Set<Reserved>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const n = node as AstNode;
    if (n.type === 'path' && n.steps && n.steps[0]?.type === 'variable' && n.steps[0].value === 'states' && n.steps[1]?.type === 'name') {
      const field = n.steps[1].value;
      if (field === 'result' || field === 'errorOutput') found.add(field);
    }
    for (const [key, child] of Object.entries(n)) if (key !== 'position' && key !== 'value') walk(child);
  };
  walk(ast);
  return found;
}

/**
 * What the top level of an expression reads from the (absent) context value: `$`, `$$` or a field name
 * (`{% name %}`), through operators, blocks, conditions, constructors and function arguments. Predicates,
 * paths after their first step and function bodies have a context of their own and are not inspected.
 */
function topLevelContextReference(ast: AstNode): string | undefined {
  const visit = (node: unknown): string | undefined => {
    if (node === null || typeof node !== 'object') return undefined;
    const n = node as AstNode;
    switch (n.type) {
      case 'name':
        return `the field name '${String(n.value)}'`;
      case 'variable':
        return n.value === '' ? "'$'" : n.value === '$' ? "'$$'" : undefined;
      case 'path':
        return visit(n.steps?.[0]);
      case 'binary':
      case 'apply':
        return visit(n['lhs']) ?? visit(n['rhs']);
      case 'bind':
        return visit(n['rhs']);
      case 'condition':
        return visit(n['condition']) ?? visit(n['then']) ?? visit(n['else']);
      case 'block':
        return first(n['expressions']);
      case 'function':
        return first(n['arguments']);
      case 'unary':
        if (n.value === '[') return first(n['expressions']);
        if (n.value === '{') return first(((n['lhs'] as unknown[][] | undefined) ?? []).map((pair) => pair[1]));
        return visit(n['expression']);
      default:
        return undefined;
    }
  };
  const first = (nodes: unknown): string | undefined => {
    if (!Array.isArray(nodes)) return undefined;
    for (const node of nodes) {
      const found = visit(node);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(ast);
}

function setup(path: string, message: string): SimulationSetupError {
  return new SimulationSetupError(`State ${path} ${message}`);
}
