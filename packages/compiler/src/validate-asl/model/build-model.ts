import { joinPointer } from '../json/json-pointer.js';
import { mayHoldDollarKeys } from '../json/dollar-keys.js';
import { containsPlaceholder, isCloudFormationIntrinsic, isWholePlaceholder, mayHoldTemplates, placeholdersIn } from '../json/placeholders.js';
import {
  STATE_TYPES,
  type AslModel,
  type AslScope,
  type AslState,
  type AslTransition,
  type PlaceholderSite,
  type QueryLanguage,
  type ScopeKind,
  type StateType,
} from './asl-model.js';
import { isObject, own, walkValues, type JsonObject } from './json-value.js';

export interface ModelInput {
  readonly definition: unknown;
  readonly byteLength: number;
  readonly strict: boolean;
  /** Pointers of values that were unquoted placeholders in the source text. */
  readonly unquoted: ReadonlyMap<string, string>;
  /**
   * The JSON text `definition` was parsed from, if any: when it holds no template syntax, no value is searched for
   * it, and when it holds no key ending in `$`, no object is searched for one.
   */
  readonly source?: string;
}

interface MutableScope extends AslScope {
  readonly states: AslState[];
  readonly byName: Map<string, AslState>;
}

export function buildModel(input: ModelInput): AslModel {
  const root = isObject(input.definition) ? input.definition : undefined;
  const queryLanguage = queryLanguageOf(root ? own(root, 'QueryLanguage') : undefined) ?? 'JSONPath';
  const scopes: AslScope[] = [];
  const states: AslState[] = [];

  const addScope = (
    node: unknown,
    pointer: string,
    kind: ScopeKind,
    parent: AslScope | undefined,
    owner: AslState | undefined,
    distributed: boolean,
  ): AslScope => {
    const object = isObject(node) ? node : undefined;
    const scope: MutableScope = {
      id: scopes.length,
      kind,
      pointer,
      node: object,
      parent,
      owner,
      depth: parent ? parent.depth + 1 : 0,
      distributed,
      startAt: object ? own(object, 'StartAt') : undefined,
      states: [],
      byName: new Map(),
    };
    scopes.push(scope);
    const statesNode = object ? own(object, 'States') : undefined;
    if (!isObject(statesNode) || scope.depth > 64) return scope;
    for (const name of Object.keys(statesNode)) {
      const state = buildState(name, statesNode[name], joinPointer(pointer, 'States', name), scope);
      scope.states.push(state);
      scope.byName.set(name, state);
      states.push(state);
    }
    return scope;
  };

  const buildState = (name: string, value: unknown, pointer: string, scope: AslScope): AslState => {
    const node = isObject(value) ? value : undefined;
    const rawType = node ? own(node, 'Type') : undefined;
    const type = (STATE_TYPES as readonly unknown[]).includes(rawType) ? (rawType as StateType) : undefined;
    const children: AslScope[] = [];
    const explicit = queryLanguageOf(node ? own(node, 'QueryLanguage') : undefined);
    const enclosing = scope.owner?.queryLanguage;
    const state: AslState = {
      name,
      pointer,
      scope,
      node,
      type,
      queryLanguage: explicit ?? queryLanguage,
      queryLanguages: explicit ? [explicit] : enclosing && enclosing !== queryLanguage ? [queryLanguage, enclosing] : [queryLanguage],
      children,
      transitions: node ? transitionsOf(node, type, pointer) : [],
      isTerminal: type === 'Succeed' || type === 'Fail' || (node !== undefined && own(node, 'End') === true),
    };
    if (!node) return state;
    if (type === 'Parallel') {
      const branches = own(node, 'Branches');
      if (Array.isArray(branches)) {
        branches.forEach((branch, index) => {
          children.push(addScope(branch, joinPointer(pointer, 'Branches', index), 'branch', scope, state, scope.distributed));
        });
      }
    } else if (type === 'Map') {
      for (const field of ['ItemProcessor', 'Iterator']) {
        const processor = own(node, field);
        if (processor === undefined) continue;
        const config = isObject(processor) ? own(processor, 'ProcessorConfig') : undefined;
        const distributed = isObject(config) && own(config, 'Mode') === 'DISTRIBUTED';
        children.push(addScope(processor, joinPointer(pointer, field), 'item-processor', scope, state, distributed || scope.distributed));
      }
    }
    return state;
  };

  addScope(root, '', 'machine', undefined, undefined, false);

  const templated = input.source === undefined || mayHoldTemplates(input.source);
  const placeholders = findPlaceholders(input.definition, input.unquoted, templated);
  return {
    definition: input.definition,
    root,
    queryLanguage,
    scopes,
    states,
    byteLength: input.byteLength,
    strict: input.strict,
    placeholders,
    templated,
    dollarKeys: input.source === undefined || mayHoldDollarKeys(input.source),
    isPlaceholder: (pointer, value) => input.unquoted.has(pointer) || isWholePlaceholder(value) || isCloudFormationIntrinsic(value),
    placeholderKind: (pointer, value) =>
      input.unquoted.has(pointer) || isCloudFormationIntrinsic(value) ? 'any' : isWholePlaceholder(value) ? 'string' : undefined,
  };
}

function queryLanguageOf(value: unknown): QueryLanguage | undefined {
  return value === 'JSONata' || value === 'JSONPath' ? value : undefined;
}

function transitionsOf(node: JsonObject, type: StateType | undefined, pointer: string): AslTransition[] {
  const transitions: AslTransition[] = [];
  if (type === 'Choice') {
    const choices = own(node, 'Choices');
    if (Array.isArray(choices)) {
      choices.forEach((rule, index) => {
        if (isObject(rule) && own(rule, 'Next') !== undefined) {
          transitions.push({ target: own(rule, 'Next'), pointer: joinPointer(pointer, 'Choices', index, 'Next'), via: 'Choice' });
        }
      });
    }
    if (own(node, 'Default') !== undefined) {
      transitions.push({ target: own(node, 'Default'), pointer: joinPointer(pointer, 'Default'), via: 'Default' });
    }
  } else if (type !== 'Succeed' && type !== 'Fail' && own(node, 'Next') !== undefined) {
    transitions.push({ target: own(node, 'Next'), pointer: joinPointer(pointer, 'Next'), via: 'Next' });
  }
  const catchers = own(node, 'Catch');
  if (Array.isArray(catchers) && (type === 'Task' || type === 'Parallel' || type === 'Map')) {
    catchers.forEach((catcher, index) => {
      if (isObject(catcher) && own(catcher, 'Next') !== undefined) {
        transitions.push({ target: own(catcher, 'Next'), pointer: joinPointer(pointer, 'Catch', index, 'Next'), via: 'Catch' });
      }
    });
  }
  return transitions;
}

function findPlaceholders(definition: unknown, unquoted: ReadonlyMap<string, string>, templated: boolean): PlaceholderSite[] {
  const sites: PlaceholderSite[] = [];
  for (const [pointer, text] of unquoted) sites.push({ pointer, text, unquoted: true });
  if (!templated) return sites;
  walkValues(definition, '', (value, path, key) => {
    if (isCloudFormationIntrinsic(value)) {
      const text = JSON.stringify(value);
      sites.push({ pointer: path.pointer(), text: text.length > 60 ? `${text.slice(0, 57)}...` : text, unquoted: false });
      return 'skip';
    }
    if (typeof key === 'string' && containsPlaceholder(key)) {
      for (const text of placeholdersIn(key)) sites.push({ pointer: path.pointer(), text, unquoted: false });
    }
    if (containsPlaceholder(value)) {
      for (const text of placeholdersIn(value)) sites.push({ pointer: path.pointer(), text, unquoted: false });
    }
  });
  return sites;
}
