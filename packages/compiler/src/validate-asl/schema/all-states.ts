import { joinPointer } from '../json/json-pointer.js';
import { isObject, own } from '../model/json-value.js';

/** A state found in a definition, at any depth: its pointer and its raw value (not necessarily an object). */
export interface RawState {
  readonly pointer: string;
  readonly value: unknown;
}

/**
 * Every state of a definition, however deeply nested, in the order the ASL schema reaches them: each entry of an
 * object `States`, then the scopes of that state (a Parallel's `Branches`, a Map's `ItemProcessor` and `Iterator`).
 * The model (build-model.ts) stops at 64 levels of scopes; the schema check needs the states below too, and checks
 * them one at a time like the others instead of running a second, whole-definition validator (see schema-check.ts).
 * Iterative, so that nesting depth cannot exhaust the stack.
 */
export function allStates(definition: unknown): RawState[] {
  const out: RawState[] = [];
  // Scopes still to visit, last first, so that states come out in document order.
  const pending: { readonly node: unknown; readonly pointer: string }[] = [{ node: definition, pointer: '' }];
  while (pending.length > 0) {
    const scope = pending.pop()!;
    const states = isObject(scope.node) ? own(scope.node, 'States') : undefined;
    if (!isObject(states)) continue;
    const below: { readonly node: unknown; readonly pointer: string }[] = [];
    for (const name of Object.keys(states)) {
      const value = states[name];
      const pointer = joinPointer(scope.pointer, 'States', name);
      out.push({ pointer, value });
      below.push(...scopesOf(value, pointer));
    }
    for (let i = below.length - 1; i >= 0; i--) pending.push(below[i]!);
  }
  return out;
}

/** The scopes the schema descends into from one state: those of its `Type` only, as its if/then branches do. */
function scopesOf(value: unknown, pointer: string): { readonly node: unknown; readonly pointer: string }[] {
  if (!isObject(value)) return [];
  const type = own(value, 'Type');
  if (type === 'Parallel') {
    const branches = own(value, 'Branches');
    return Array.isArray(branches) ? branches.map((node, index) => ({ node, pointer: joinPointer(pointer, 'Branches', index) })) : [];
  }
  if (type === 'Map') {
    return ['ItemProcessor', 'Iterator'].flatMap((field) => {
      const node = own(value, field);
      return node === undefined ? [] : [{ node, pointer: joinPointer(pointer, field) }];
    });
  }
  return [];
}
