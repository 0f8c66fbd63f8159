import { joinPointer } from '../json/json-pointer.js';
import type { AslModel, AslScope, AslState, QueryLanguage } from './asl-model.js';
import { closest, isObject, own, type JsonObject } from './json-value.js';

/** "the state machine", "branch 2 of Parallel state "Fan out"", "the ItemProcessor of Map state "Each"". */
export function describeScope(scope: AslScope): string {
  if (!scope.owner) return 'the state machine';
  if (scope.kind === 'branch') {
    const index = /\/Branches\/(\d+)$/.exec(scope.pointer)?.[1] ?? '?';
    return `branch ${index} of Parallel state "${scope.owner.name}"`;
  }
  return `the ${scope.pointer.endsWith('/Iterator') ? 'Iterator' : 'ItemProcessor'} of Map state "${scope.owner.name}"`;
}

export function onlyIn(state: AslState, language: QueryLanguage): boolean {
  return state.queryLanguages.length === 1 && state.queryLanguages[0] === language;
}

export function mayBe(state: AslState, language: QueryLanguage): boolean {
  return state.queryLanguages.includes(language);
}

export interface Located<T> {
  readonly value: T;
  readonly pointer: string;
}

/** Array items of `field` that are objects, with their pointers. */
export function objectItems(state: AslState, field: string): Located<JsonObject>[] {
  const array = state.node ? own(state.node, field) : undefined;
  if (!Array.isArray(array)) return [];
  const out: Located<JsonObject>[] = [];
  array.forEach((item, index) => {
    if (isObject(item)) out.push({ value: item, pointer: joinPointer(state.pointer, field, index) });
  });
  return out;
}

export function objectField(object: JsonObject | undefined, field: string, pointer: string): Located<JsonObject> | undefined {
  const value = object ? own(object, field) : undefined;
  return isObject(value) ? { value, pointer: joinPointer(pointer, field) } : undefined;
}

export interface ChoiceRuleSite {
  readonly rule: JsonObject;
  readonly pointer: string;
  /** Inside And/Or/Not rather than directly in Choices. */
  readonly nested: boolean;
}

/** Every Choice rule of a state, top-level and nested, depth first. */
export function choiceRules(state: AslState): ChoiceRuleSite[] {
  const out: ChoiceRuleSite[] = [];
  const visit = (rule: unknown, pointer: string, nested: boolean, depth: number): void => {
    if (!isObject(rule) || depth > 64) return;
    out.push({ rule, pointer, nested });
    for (const combinator of ['And', 'Or']) {
      const list = own(rule, combinator);
      if (Array.isArray(list)) list.forEach((child, i) => visit(child, joinPointer(pointer, combinator, i), true, depth + 1));
    }
    if (own(rule, 'Not') !== undefined) visit(own(rule, 'Not'), joinPointer(pointer, 'Not'), true, depth + 1);
  };
  if (state.type === 'Choice') {
    for (const { value, pointer } of objectItems(state, 'Choices')) visit(value, pointer, false, 0);
  }
  return out;
}

export interface AssignSite {
  readonly assign: JsonObject;
  readonly pointer: string;
}

/** Every Assign block of a state: the state's own, its top-level Choice rules' and its catchers'. */
export function assignBlocks(state: AslState): AssignSite[] {
  const out: AssignSite[] = [];
  const own_ = objectField(state.node, 'Assign', state.pointer);
  if (own_) out.push({ assign: own_.value, pointer: own_.pointer });
  for (const list of ['Choices', 'Catch']) {
    for (const item of objectItems(state, list)) {
      const block = objectField(item.value, 'Assign', item.pointer);
      if (block) out.push({ assign: block.value, pointer: block.pointer });
    }
  }
  return out;
}

/** The variable an Assign key sets (`name.$` sets `name` in JSONPath). */
export function variableOfKey(key: string): string {
  return key.endsWith('.$') ? key.slice(0, -2) : key;
}

/** Fields where a JSONata string in a JSONPath state is a type error, reported by the query-language rule. */
export const JSONATA_VALUE_FIELDS = new Set([
  'TimeoutSeconds',
  'HeartbeatSeconds',
  'Seconds',
  'MaxConcurrency',
  'ToleratedFailurePercentage',
  'ToleratedFailureCount',
  'Items',
]);

/** Where each scope assigns each variable name (first assignment wins). */
export function assignmentsByScope(model: AslModel): Map<AslScope, Map<string, string>> {
  const byScope = new Map<AslScope, Map<string, string>>();
  for (const state of model.states) {
    for (const { assign, pointer } of assignBlocks(state)) {
      let names = byScope.get(state.scope);
      if (!names) byScope.set(state.scope, (names = new Map()));
      for (const key of Object.keys(assign)) {
        const name = variableOfKey(key);
        if (!names.has(name)) names.set(name, joinPointer(pointer, key));
      }
    }
  }
  return byScope;
}

/**
 * Edit distances computed per scope for "did you mean" guesses. A fuzzy lookup costs one per state of the scope,
 * so a file full of dangling transitions would be quadratic: once this is spent, only case-insensitive matches
 * are suggested (100 fuzzy lookups in a scope of 2,500 states).
 */
const FUZZY_COMPARISONS_PER_SCOPE = 250_000;

interface ScopeNames {
  readonly byLowerCase: Map<string, string>;
  readonly guesses: Map<string, string | undefined>;
  fuzzyLeft: number;
}

const scopeNames = new WeakMap<AslScope, ScopeNames>();

/**
 * The state of `scope` that `target` probably meant, memoised per scope and target, so the transition and
 * reachability rules always agree on the guess.
 */
export function suggestStateName(scope: AslScope, target: string): string | undefined {
  let names = scopeNames.get(scope);
  if (!names) {
    const byLowerCase = new Map<string, string>();
    for (const name of scope.byName.keys()) if (!byLowerCase.has(name.toLowerCase())) byLowerCase.set(name.toLowerCase(), name);
    names = { byLowerCase, guesses: new Map(), fuzzyLeft: FUZZY_COMPARISONS_PER_SCOPE };
    scopeNames.set(scope, names);
  }
  if (names.guesses.has(target)) return names.guesses.get(target);
  let guess = names.byLowerCase.get(target.toLowerCase());
  if (guess === undefined && names.fuzzyLeft >= scope.byName.size) {
    names.fuzzyLeft -= scope.byName.size;
    guess = closest(target, scope.byName.keys());
  }
  names.guesses.set(target, guess);
  return guess;
}

/** Names that a dangling transition probably meant; the reachability rule stays quiet about them. */
export function likelyTypoTargets(model: AslModel, scope: AslScope): Set<string> {
  const out = new Set<string>();
  const consider = (target: unknown, pointer: string): void => {
    if (typeof target !== 'string' || scope.byName.has(target) || model.isPlaceholder(pointer, target)) return;
    const guess = suggestStateName(scope, target);
    if (guess) out.add(guess);
  };
  consider(scope.startAt, joinPointer(scope.pointer, 'StartAt'));
  for (const state of scope.states) for (const t of state.transitions) consider(t.target, t.pointer);
  return out;
}
