import { joinPointer } from '../json/json-pointer.js';
import type { AslState } from './asl-model.js';
import { jsonataBody } from '../syntax/jsonata-analyzer.js';
import { walkStrings } from './json-value.js';

/** A string holding `{%` in one of a state's fields: where JSONata expressions (and attempts at one) sit. */
export interface ExpressionSite {
  readonly value: string;
  /** The state's field the string sits in. */
  readonly field: string;
  /** Keys from the field's value down to the string (empty when the field's value is the string). */
  readonly keys: readonly (string | number)[];
  /** The expression when the whole string is one `{% ... %}` (see jsonataBody), else undefined. */
  readonly body: string | undefined;
}

/**
 * Fields neither rule that reads expressions searches (jsonata-expressions and variable-references): structure,
 * and nested scopes whose states are visited on their own.
 */
const NEVER_EXPRESSIONS = new Set(['Type', 'Comment', 'QueryLanguage', 'Next', 'End', 'Default', 'Resource', 'Branches', 'ItemProcessor', 'Iterator', 'Label']);

const sites = new WeakMap<AslState, readonly ExpressionSite[]>();

/**
 * Every string holding `{%` in the state's fields, in document order, found by one walk that both rules reading
 * expressions share: each walked every string of an 11 MB definition on its own. Each expression's text is cut out
 * once, so the analysis cache hashes one copy. Each rule still skips the fields and keys it does not search (see
 * `field` and `keys`). Only strings within 256 levels of their field are listed, as the rules' own walks went no deeper.
 */
export function expressionSites(state: AslState): readonly ExpressionSite[] {
  const known = sites.get(state);
  if (known) return known;
  const found: ExpressionSite[] = [];
  const node = state.node;
  if (node) {
    for (const field of Object.keys(node)) {
      if (NEVER_EXPRESSIONS.has(field)) continue;
      walkStrings(node[field], '', (value, path) => {
        if (value.includes('{%')) found.push({ value, field, keys: path.keys.slice(), body: jsonataBody(value) });
      });
    }
  }
  sites.set(state, found);
  return found;
}

/** Where a site sits, for findings (a pointer is built only when one is reported). */
export function sitePointer(state: AslState, site: ExpressionSite): string {
  return joinPointer(state.pointer, site.field, ...site.keys);
}
