import type { SourceLocation } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';

export const MAX_NAME = 80;

/** `approve-draft` → `Approve Draft`: readable state names in the console and in history. */
export function stateNameOf(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** `approve-draft` → `approveDraft`: a JSONata-friendly variable name. Injective over kebab-case ids. */
export function variableNameOf(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

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
    const at = { ...(owner.path ? { path: owner.path } : {}), ...(owner.loc ? { loc: owner.loc } : {}) };
    if (previous) {
      this.diagnostics.push({
        code: this.kind === 'state' ? 'state-name-clash' : 'variable-name-clash',
        severity: 'error',
        message: `${owner.what} needs the ${this.kind} name '${name}', which ${previous.what} already uses.`,
        ...at,
        hint: 'Rename one of the steps (its id decides the name).',
        related: [{ message: `${previous.what} is declared here`, ...(previous.loc ? { loc: previous.loc } : {}) }],
      });
      return name;
    }
    if (this.kind === 'state' && [...name].length > MAX_NAME) {
      this.diagnostics.push({
        code: 'state-name-too-long',
        severity: 'error',
        message: `${owner.what} yields the state name '${name}', longer than ${MAX_NAME} characters.`,
        ...at,
        hint: 'Use a shorter step id.',
      });
    }
    if (this.kind === 'variable' && name === 'states') {
      this.diagnostics.push({ code: 'reserved-variable-name', severity: 'error', message: `${owner.what} would be stored in the variable 'states', which Step Functions reserves.`, ...at, hint: 'Use another step id.' });
    }
    this.owners.set(name, owner);
    return name;
  }
}
