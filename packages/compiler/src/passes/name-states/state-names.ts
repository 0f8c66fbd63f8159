import type { SourceLocation } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';

export const MAX_NAME = 80;

/** `approve-draft` → `Approve Draft`: readable state names in the console and in history. */
const stateNames = new Map<string, string>();
const variableNames = new Map<string, string>();

export function stateNameOf(id: string): string {
  let name = stateNames.get(id);
  if (name === undefined) stateNames.set(id, (name = titleCase(id)));
  return name;
}

function titleCase(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** `approve-draft` → `approveDraft`: a JSONata-friendly variable name. Injective over kebab-case ids. */
export function variableNameOf(id: string): string {
  let name = variableNames.get(id);
  if (name === undefined) variableNames.set(id, (name = id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())));
  return name;
}

/**
 * Step Functions binds variables into the same namespace as JSONata's functions: a variable named `string`
 * would shadow `$string(...)` and break every expression that calls it.
 */
const RESERVED_VARIABLES = new Set([
  'states', 'sum', 'count', 'max', 'min', 'average', 'string', 'substring', 'substringBefore', 'substringAfter', 'lowercase',
  'uppercase', 'length', 'trim', 'pad', 'contains', 'split', 'join', 'match', 'replace', 'now', 'millis', 'fromMillis',
  'toMillis', 'formatNumber', 'formatBase', 'formatInteger', 'parseInteger', 'number', 'abs', 'floor', 'ceil', 'round',
  'power', 'sqrt', 'random', 'boolean', 'not', 'exists', 'keys', 'lookup', 'spread', 'merge', 'sift', 'each', 'error',
  'assert', 'type', 'append', 'sort', 'reverse', 'shuffle', 'distinct', 'zip', 'map', 'filter', 'single', 'reduce', 'eval',
  'base64encode', 'base64decode', 'encodeUrlComponent', 'encodeUrl', 'decodeUrlComponent', 'decodeUrl', 'clone',
  'partition', 'range', 'hash', 'uuid', 'parse',
]);

interface Owner {
  readonly what: string;
  readonly loc: SourceLocation | undefined;
  readonly path?: string;
}

/**
 * Hands out names that must be unique across the whole state machine (states) or execution (variables).
 * A clash or an over-long name becomes a diagnostic naming both owners.
 */
export class NameRegistry {
  private readonly owners = new Map<string, Owner>();
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly kind: 'state' | 'variable') {}

  reserve(name: string, owner: Owner): string {
    const previous = this.owners.get(name);
    if (previous) {
      this.diagnostics.push({
        code: this.kind === 'state' ? 'state-name-clash' : 'variable-name-clash',
        severity: 'error',
        message: `${owner.what} needs the ${this.kind} name '${name}', which ${previous.what} already uses.`,
        ...placeOf(owner),
        hint: 'Rename one of the steps (its id decides the name).',
        related: [{ message: `${previous.what} is declared here`, ...(previous.loc ? { loc: previous.loc } : {}) }],
      });
      return name;
    }
    // Code points never outnumber UTF-16 units: only a long name needs counting.
    if (this.kind === 'state' && name.length > MAX_NAME && [...name].length > MAX_NAME) {
      this.diagnostics.push({
        code: 'state-name-too-long',
        severity: 'error',
        message: `${owner.what} yields the state name '${name}', longer than ${MAX_NAME} characters.`,
        ...placeOf(owner),
        hint: 'Use a shorter step id.',
      });
    }
    if (this.kind === 'variable' && RESERVED_VARIABLES.has(name)) {
      this.diagnostics.push({
        code: 'reserved-variable-name',
        severity: 'error',
        message: `${owner.what} would be stored in the variable $${name}, which ${name === 'states' ? 'Step Functions reserves' : `would hide the JSONata function $${name}()`}.`,
        ...placeOf(owner),
        hint: "Use a more specific step id (e.g. 'count-words').",
      });
    }
    this.owners.set(name, owner);
    return name;
  }
}

/** Where a diagnostic about `owner` points (built only for a diagnostic: most names are reserved without one). */
function placeOf(owner: Owner): { path?: string; loc?: SourceLocation } {
  return { ...(owner.path ? { path: owner.path } : {}), ...(owner.loc ? { loc: owner.loc } : {}) };
}
