import { isEmptyDiff } from '../diff/definition-diff.js';
import type { AliasPlan, DeployPlan, FieldChange, MachinePlan, Route, StateRef } from '../plan-types.js';

/** Characters of a compact JSON value shown in a `before → after` line; the rest is counted. */
export const MAX_VALUE = 80;
/** An expression longer than this (or on several lines) is shown as a word or line diff instead of two whole lines. */
export const LONG_EXPRESSION = 80;
/** Fields shown per changed state; a state rewritten wholesale is summarised, not dumped. */
export const MAX_FIELDS = 30;

/** An ASL JSONata expression: a string value wrapped in `{%` and `%}` (asl-facts §1, JSONata query language). */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('{%') && value.endsWith('%}');
}

/** Compact JSON cut to `max` characters (code points, so no surrogate pair is split), with a count of what was cut. */
export function compactJson(value: unknown, max = MAX_VALUE): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max).join('')}… (+${(chars.length - max).toLocaleString('en-US')} chars)`;
}

/** `sha256:` and the first 12 hex digits: enough to tell two definitions apart in a log. */
export function shortHash(hash: string): string {
  const m = /^sha256:([0-9a-f]{12})[0-9a-f]+$/.exec(hash);
  return m === null ? hash : `sha256:${m[1]}…`;
}

/** Line breaks and tabs inside a name or value would break the layout; they are shown as escapes. */
export function oneLine(text: string): string {
  return text.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

export function stateLabel(state: StateRef, escape: (text: string) => string): string {
  return `${state.path.map(escape).join(' › ')} (${escape(state.type)})`;
}

/** Routes as `v3 90% / new 10%`; version 0 is the version this run publishes. */
export function routesText(routes: readonly Route[]): string {
  if (routes.length === 1 && routes[0]!.version === 0) return `new version ${routes[0]!.weight}%`;
  return routes.map((r) => `${r.version === 0 ? 'new' : `v${r.version}`} ${r.weight}%`).join(' / ');
}

export function aliasChange(alias: AliasPlan): string {
  return `${alias.before === undefined ? '(new alias)' : routesText(alias.before)} → ${routesText(alias.after)}`;
}

export function versionsText(versions: readonly number[]): string {
  return `${versions.length === 1 ? 'version' : 'versions'} ${versions.join(', ')}`;
}

/** Names and value formats of the settings diffSettings reports; an unknown pointer is shown as itself. */
const SETTING_VIEW: Readonly<Record<string, { readonly label: string; readonly show: (value: unknown) => string }>> = {
  '/roleArn': { label: 'role', show: (v) => (v === undefined ? '(none)' : String(v)) },
  '/logging/level': { label: 'logging level', show: (v) => (v === undefined ? 'OFF' : String(v)) },
  '/logging/includeExecutionData': { label: 'logging execution data', show: (v) => (v === true ? 'included' : 'excluded') },
  '/logging/logGroupArn': { label: 'log group', show: (v) => (v === undefined ? '(none)' : String(v)) },
  '/tracing': { label: 'tracing', show: (v) => (v === true ? 'on' : 'off') },
  '/kmsKeyId': { label: 'encryption', show: (v) => (v === undefined ? 'AWS owned key' : `customer managed key ${String(v)}`) },
};

export interface SettingLine {
  readonly label: string;
  readonly before?: string;
  readonly after: string;
}

/**
 * The settings as label and values. A machine to create shows what it gets (no before); its encryption is named
 * even when no key is set, since an AWS owned key is then what encrypts its data.
 */
export function settingLines(machine: MachinePlan): SettingLine[] {
  const lines: SettingLine[] = machine.settings.map((change) => settingLine(change, machine.action === 'create'));
  if (machine.action === 'create' && !machine.settings.some((c) => c.pointer === '/kmsKeyId')) {
    lines.push({ label: 'encryption', after: SETTING_VIEW['/kmsKeyId']!.show(undefined) });
  }
  return lines;
}

function settingLine(change: FieldChange, creating: boolean): SettingLine {
  const view = SETTING_VIEW[change.pointer] ?? { label: change.pointer, show: (v: unknown) => compactJson(v) };
  const after = view.show(change.after);
  return creating ? { label: view.label, after } : { label: view.label, before: view.show(change.before), after };
}

/** Whether an update touches the definition (an update of settings, tags or alias alone may carry an empty diff). */
export function definitionChanged(machine: MachinePlan): boolean {
  const hashes = machine.deployedHash !== undefined && machine.deployedHash !== machine.definitionHash;
  return hashes || (machine.definition !== undefined && !isEmptyDiff(machine.definition));
}

export function planCounts(plan: DeployPlan): string {
  const count = (action: MachinePlan['action']): number => plan.machines.filter((m) => m.action === action).length;
  const n = plan.machines.length;
  return `${n} ${n === 1 ? 'workflow' : 'workflows'}: ${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged`;
}

export function stateCounts(added: number, removed: number, changed: number): string {
  return `${added} added, ${removed} removed, ${changed} changed`;
}
