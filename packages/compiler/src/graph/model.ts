import { stateNameOf } from '../passes/name-states/state-names.js';
import type { GraphFacts, GraphStep } from './facts.js';

/** How a node is drawn: Choice, approval and voter states each have a shape of their own. */
export type NodeShape = 'task' | 'choice' | 'approval' | 'voter' | 'pass' | 'wait' | 'succeed' | 'fail' | 'terminal' | 'collapsed';

export interface GraphNode {
  readonly type: 'node';
  /** Synthetic (`n1`, `n2`…): state names are not safe ids (`end`, spaces, parentheses). */
  readonly id: string;
  /** Label lines: the state name, then its step id and kind. */
  readonly lines: readonly string[];
  readonly shape: NodeShape;
  /** The state's result goes to S3 (a `$s3` pointer stays in the payload). */
  readonly offloaded: boolean;
}

/** A Map body, a Parallel (or vote) and its branches: drawn as a subgraph, which edges may enter and leave. */
export interface GraphCluster {
  readonly type: 'cluster';
  readonly id: string;
  readonly lines: readonly string[];
  readonly role: 'map' | 'parallel' | 'vote' | 'branch';
  readonly items: readonly GraphItem[];
}

export type GraphItem = GraphNode | GraphCluster;

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** Catch edges are dashed. */
  readonly style: 'solid' | 'dashed';
  readonly label?: string;
  /** Goes back to a state already on the path from the start: a loop's next round. */
  readonly back: boolean;
}

export interface Graph {
  readonly name: string;
  readonly items: readonly GraphItem[];
  readonly edges: readonly GraphEdge[];
  /** Containers drawn as one node because their body was too large. */
  readonly collapsed: number;
}

export interface GraphLimits {
  /** A Map, Parallel or vote with more states inside is drawn as one node (default 40). */
  readonly maxBodyStates?: number;
  /** Mermaid's default `maxEdges` is 500: while the graph has more (default limit 400), the body limit is halved, so the largest bodies collapse first. */
  readonly maxEdges?: number;
}

type StateMachine = { readonly StartAt?: unknown; readonly States?: Record<string, Record<string, unknown>> };

/** The step a state comes from, and what role it plays there. */
interface Owner {
  readonly step: GraphStep;
  /** `voter` for a vote's voter states; otherwise the step's own kind. */
  readonly kind: string;
  /** The voter's id, for voter states. */
  readonly id: string;
  /** The state is the step's own (not its exhaustion, no-match or abstention state). */
  readonly exact: boolean;
}

const DEFAULT_BODY = 40;
const DEFAULT_EDGES = 400;

/**
 * The graph of an ASL definition: a node per state (Map and Parallel states as clusters), an edge per transition
 * (Next, Choice rules, Default, Catch). The same definition and facts always give the same graph: ids are handed out
 * in the definition's own state order, depth first.
 */
export function buildGraph(name: string, definition: Record<string, unknown>, facts?: GraphFacts, limits: GraphLimits = {}): Graph {
  const maxEdges = limits.maxEdges ?? DEFAULT_EDGES;
  let body = limits.maxBodyStates ?? DEFAULT_BODY;
  for (;;) {
    const graph = new Builder(name, facts, body).build(definition as StateMachine);
    if (graph.edges.length <= maxEdges || body === 0) return graph;
    body = Math.floor(body / 2);
  }
}

class Builder {
  private next = 0;
  private readonly edges: GraphEdge[] = [];
  private readonly owners = new Map<string, Owner>();
  private readonly prefixes: GraphStep[];
  private readonly offloaded: ReadonlySet<string>;
  private collapsed = 0;

  constructor(
    private readonly name: string,
    private readonly facts: GraphFacts | undefined,
    private readonly maxBody: number,
  ) {
    for (const step of facts?.steps ?? []) {
      if (!this.owners.has(step.state)) this.owners.set(step.state, { step, kind: step.kind, id: step.id, exact: true });
      for (const voter of step.voters ?? []) this.owners.set(stateNameOf(voter), { step, kind: 'voter', id: voter, exact: true });
    }
    // Longest first: `Review Board Security Abstained` belongs to the voter `Review Board Security`, not the vote.
    this.prefixes = [...(facts?.steps ?? [])].sort((a, b) => b.state.length - a.state.length || (a.state < b.state ? -1 : a.state > b.state ? 1 : 0));
    this.offloaded = new Set(facts?.offloaded ?? []);
  }

  private id(): string {
    this.next += 1;
    return `n${this.next}`;
  }

  build(definition: StateMachine): Graph {
    const start: GraphNode = { type: 'node', id: this.id(), lines: ['start'], shape: 'terminal', offloaded: false };
    const { items, ids } = this.scope(definition);
    const end: GraphNode = { type: 'node', id: this.id(), lines: ['end'], shape: 'terminal', offloaded: false };
    const first = typeof definition.StartAt === 'string' ? ids.get(definition.StartAt) : undefined;
    const edges: GraphEdge[] = [];
    if (first) edges.push({ from: start.id, to: first, style: 'solid', back: false });
    // End edges of the top level only: a branch or iteration that ends returns to its container.
    for (const [state, body] of Object.entries(definition.States ?? {})) {
      if (body['End'] === true && ids.has(state)) this.edges.push({ from: ids.get(state)!, to: end.id, style: 'solid', back: false });
    }
    return { name: this.name, items: [start, ...items, end], edges: [...edges, ...this.edges], collapsed: this.collapsed };
  }

  /** The states of one `States` object, then its transitions. */
  private scope(machine: StateMachine): { items: GraphItem[]; ids: Map<string, string> } {
    const states = machine.States ?? {};
    const items: GraphItem[] = [];
    const ids = new Map<string, string>();
    for (const [state, body] of Object.entries(states)) {
      const item = this.state(state, body);
      ids.set(state, item.id);
      items.push(item);
    }
    this.transitions(machine, ids);
    return { items, ids };
  }

  private state(state: string, body: Record<string, unknown>): GraphItem {
    const owner = this.ownerOf(state);
    const type = typeof body['Type'] === 'string' ? body['Type'] : 'Unknown';
    const kind = owner?.exact ? owner.kind : type.toLowerCase();
    const lines = [state, owner ? `${owner.id} · ${kind}` : kind];
    const offloaded = this.offloaded.has(state) || isOffloaded(body);
    if (offloaded) lines.push('result in S3 ($s3)');
    const bodies = containerBodies(body);
    if (bodies.length > 0) {
      const size = bodies.reduce((n, b) => n + countStates(b), 0);
      if (size > this.maxBody) {
        this.collapsed += 1;
        const what = type === 'Map' ? 'map body' : `${bodies.length} branch(es)`;
        return { type: 'node', id: this.id(), lines: [...lines, `${what}: ${size} states, collapsed`], shape: 'collapsed', offloaded };
      }
      const id = this.id();
      const role = type === 'Map' ? 'map' : owner?.kind === 'vote' ? 'vote' : 'parallel';
      const items: GraphItem[] = [];
      if (role === 'parallel' && bodies.length > 1) {
        bodies.forEach((b, i) => {
          const branchId = this.id();
          items.push({ type: 'cluster', id: branchId, lines: [`branch ${i + 1}`], role: 'branch', items: this.scope(b).items });
        });
      } else for (const b of bodies) items.push(...this.scope(b).items);
      return { type: 'cluster', id, lines, role, items };
    }
    return { type: 'node', id: this.id(), lines, shape: shapeOf(type, owner), offloaded };
  }

  private ownerOf(state: string): Owner | undefined {
    const exact = this.owners.get(state);
    if (exact) return exact;
    for (const [name, owner] of this.owners) if (state.startsWith(`${name} `) && owner.kind === 'voter') return { ...owner, exact: false };
    const step = this.prefixes.find((s) => state.startsWith(`${s.state} `));
    return step ? { step, kind: step.kind, id: step.id, exact: false } : undefined;
  }

  /**
   * The transitions of one scope, in state order. A depth-first walk from StartAt marks edges back to a state on the
   * current path: a loop's next round, labelled with the loop's bound when the facts name it.
   */
  private transitions(machine: StateMachine, ids: ReadonlyMap<string, string>): void {
    const states = machine.States ?? {};
    const back = new Set<string>();
    const onPath = new Set<string>();
    const seen = new Set<string>();
    const visit = (state: string) => {
      seen.add(state);
      onPath.add(state);
      for (const t of targets(states[state] ?? {})) {
        if (!(t.to in states)) continue;
        if (onPath.has(t.to)) back.add(`${state}\u0000${t.to}`);
        else if (!seen.has(t.to)) visit(t.to);
      }
      onPath.delete(state);
    };
    if (typeof machine.StartAt === 'string' && machine.StartAt in states) visit(machine.StartAt);
    for (const state of Object.keys(states)) if (!seen.has(state)) visit(state);
    for (const [state, body] of Object.entries(states)) {
      for (const t of targets(body)) {
        const to = ids.get(t.to);
        if (to === undefined) continue;
        const isBack = back.has(`${state}\u0000${t.to}`);
        const label = isBack ? [t.label, this.loopLabel(state, t.to)].filter(Boolean).join(' · ') : t.label;
        this.edges.push({ from: ids.get(state)!, to, style: t.dashed ? 'dashed' : 'solid', ...(label ? { label } : {}), back: isBack });
      }
    }
  }

  /** The innermost loop around both ends of a back edge, and its bound. */
  private loopLabel(from: string, to: string): string {
    const a = this.ownerOf(from)?.step.path;
    const b = this.ownerOf(to)?.step.path;
    const within = (path: string | undefined, loop: string) => path !== undefined && (path === loop || path.startsWith(`${loop}/`));
    let best: GraphStep | undefined;
    for (const step of this.facts?.steps ?? []) {
      if (step.kind !== 'loop' || !within(a, step.path) || !within(b, step.path)) continue;
      if (!best || step.path.length > best.path.length) best = step;
    }
    return best?.maxIterations !== undefined ? `loop ${best.id}: at most ${best.maxIterations} rounds` : 'loop';
  }
}

interface Target {
  readonly to: string;
  readonly label?: string;
  readonly dashed?: boolean;
}

/** Where a state can go, in the order the definition lists it: Choice rules, Default, Next, then Catch. */
function targets(body: Record<string, unknown>): Target[] {
  const out: Target[] = [];
  const rules = Array.isArray(body['Choices']) ? (body['Choices'] as Record<string, unknown>[]) : [];
  rules.forEach((rule, i) => {
    if (typeof rule['Next'] === 'string') out.push({ to: rule['Next'], label: ruleLabel(rule, i) });
  });
  if (typeof body['Default'] === 'string') out.push({ to: body['Default'], label: 'default' });
  if (typeof body['Next'] === 'string') out.push({ to: body['Next'] });
  const catchers = Array.isArray(body['Catch']) ? (body['Catch'] as Record<string, unknown>[]) : [];
  for (const c of catchers) {
    if (typeof c['Next'] !== 'string') continue;
    const errors = Array.isArray(c['ErrorEquals']) ? (c['ErrorEquals'] as unknown[]).map(String).join(', ') : 'error';
    out.push({ to: c['Next'], label: `catch ${errors}`, dashed: true });
  }
  return out;
}

const MAX_RULE = 48;

/** A JSONata condition without its `{% %}`, shortened; a JSONPath rule by its position. */
function ruleLabel(rule: Record<string, unknown>, i: number): string {
  const condition = rule['Condition'];
  if (typeof condition !== 'string') return `rule ${i + 1}`;
  const text = condition.replace(/^\{%\s*/, '').replace(/\s*%\}$/, '');
  const chars = [...text];
  return chars.length > MAX_RULE ? `${chars.slice(0, MAX_RULE - 1).join('')}…` : text;
}

function shapeOf(type: string, owner: Owner | undefined): NodeShape {
  if (type === 'Choice') return 'choice';
  if (owner?.exact && owner.kind === 'approval') return 'approval';
  if (owner?.exact && owner.kind === 'voter') return 'voter';
  if (type === 'Pass') return 'pass';
  if (type === 'Wait') return 'wait';
  if (type === 'Succeed') return 'succeed';
  if (type === 'Fail') return 'fail';
  return 'task';
}

/** The state machines a Map (its ItemProcessor or Iterator) or a Parallel (its Branches) runs. */
function containerBodies(body: Record<string, unknown>): StateMachine[] {
  const processor = (body['ItemProcessor'] ?? body['Iterator']) as StateMachine | undefined;
  if (processor && typeof processor === 'object') return [processor];
  return Array.isArray(body['Branches']) ? (body['Branches'] as StateMachine[]) : [];
}

function countStates(machine: StateMachine): number {
  let n = 0;
  for (const body of Object.values(machine.States ?? {})) n += 1 + containerBodies(body).reduce((m, b) => m + countStates(b), 0);
  return n;
}

/**
 * The result goes to S3 even without facts: an adapter request with an `offload` directive, a model call with
 * `Output.S3Uri`, or a Distributed Map with a `ResultWriter` (docs/payload.md, "Offload").
 */
function isOffloaded(body: Record<string, unknown>): boolean {
  if (body['ResultWriter'] !== undefined) return true;
  const args = body['Arguments'] as Record<string, unknown> | undefined;
  if (!args || typeof args !== 'object') return false;
  const payload = args['Payload'] as Record<string, unknown> | undefined;
  if (payload && typeof payload === 'object' && payload['offload'] !== undefined) return true;
  const output = args['Output'] as Record<string, unknown> | undefined;
  return !!output && typeof output === 'object' && output['S3Uri'] !== undefined;
}
