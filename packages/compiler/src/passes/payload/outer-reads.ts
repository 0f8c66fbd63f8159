import type { Expr, MapStep, RefExpr, Step } from '@agentflow/dsl';
import { refsOf } from '@agentflow/dsl';
import { eachStep } from '../block-steps.js';
import { rootKey } from '../../emit/asl/root-keys.js';
import { stepExprs } from '../step-exprs.js';
import { containsPointer } from './pointer.js';
import { compareCodePoints } from '../../text/compare-code-points.js';

/**
 * What a Distributed Map child reads of one outer value. The child is a separate execution, so the outer values
 * it reads travel in its `ItemSelector`, once per child: only the parts read are copied, so that each child's
 * input (which the payload analysis bounds) carries what the body uses and nothing more.
 */
export interface OuterRead {
  /** The value's root key (`input`, `result:<step>`, `item:<map>` …). */
  readonly key: string;
  /** The whole value is read (or a part of it cannot be copied alone): it travels whole. */
  readonly whole: boolean;
  /** Otherwise the paths read, as a tree of field names; a leaf holds the references that read it. */
  readonly tree: PathTree;
  /** Every reference of the body to this value. */
  readonly refs: readonly RefExpr[];
}

export interface PathTree {
  readonly fields: Map<string, PathTree>;
  /** The references that read exactly this path (a leaf: copied whole). */
  readonly leaf: RefExpr[];
}

/** Outer values a map's body reads, by root key, sorted by key: the same list the emitter and the analysis use. */
export function outerReadsOf(step: MapStep): OuterRead[] {
  const inner = new Set<string>();
  eachStep(step.body, (s: Step) => inner.add(s.id));
  const byKey = new Map<string, RefExpr[]>();
  const add = (expr: Expr | undefined) => {
    for (const ref of expr ? refsOf(expr) : []) {
      const key = rootKey(ref.root);
      if (!key) continue;
      const [kind, id] = key.split(':');
      if ((kind === 'result' || kind === 'error') && inner.has(id!)) continue;
      if ((kind === 'item' || kind === 'index') && (id === step.id || inner.has(id!))) continue;
      byKey.set(key, [...(byKey.get(key) ?? []), ref]);
    }
  };
  eachStep(step.body, (s: Step) => {
    for (const { expr } of stepExprs(s)) add(expr);
  });
  add(step.result);
  return [...byKey.keys()].sort(compareCodePoints).map((key) => {
    const refs = byKey.get(key)!;
    // A read inside an offloaded value (or of a field the schema does not know) is emitted from the pointer object
    // or the raw value, so the value travels whole; so does a value read whole somewhere.
    const whole = refs.some((r) => r.path.length === 0 || r.inS3 !== undefined || r.unknownField || containsPointer(r.schema));
    return { key, whole, tree: whole ? emptyTree() : treeOf(refs), refs };
  });
}

function emptyTree(): PathTree {
  return { fields: new Map(), leaf: [] };
}

/** The read paths as a tree; a path read whole absorbs the longer paths under it. */
function treeOf(refs: readonly RefExpr[]): PathTree {
  const root = emptyTree();
  for (const ref of [...refs].sort((a, b) => a.path.length - b.path.length)) {
    let node = root;
    let covered = false;
    for (const field of ref.path) {
      if (node !== root && node.leaf.length > 0) {
        covered = true;
        break;
      }
      let next = node.fields.get(field);
      if (!next) {
        next = emptyTree();
        node.fields.set(field, next);
      }
      node = next;
    }
    if (covered || node.leaf.length > 0) {
      if (!covered) node.leaf.push(ref);
      continue;
    }
    node.leaf.push(ref);
    node.fields.clear();
  }
  return root;
}
