import { terminalSafe } from '@agentflow/compiler';
import { diffLines } from 'diff';
import type { DefinitionDiff, DeployPlan, FieldChange, MachinePlan, StateChange, TagChanges } from '../plan-types.js';
import {
  MAX_FIELDS,
  aliasChange,
  compactJson,
  definitionChanged,
  isExpression,
  oneLine,
  planCounts,
  settingLines,
  shortHash,
  stateCounts,
  stateLabel,
  versionsText,
} from './plan-values.js';

/** Rendered lines of changed fields above which a workflow's field changes fold into `<details>`. */
const FOLD_LINES = 15;
/** Characters of a name or value shown in Markdown; a PR comment is capped at 65,536 characters. */
const MAX_MD_TEXT = 200;

/**
 * Text from a definition or AWS as Markdown inline text: control characters and bidi overrides escaped (a PR
 * comment is read in a browser, where bidi overrides reorder text as much as in a terminal), HTML neutralised, and
 * the characters Markdown would read as syntax (emphasis, code, links, table cells, strike-through) backslash-escaped.
 */
export function markdownText(text: string): string {
  return oneLine(terminalSafe(text, MAX_MD_TEXT))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, '\\$&');
}

/** A code span that its content cannot close: the delimiter is one backtick longer than any run inside. */
export function markdownCode(text: string): string {
  const safe = oneLine(terminalSafe(text, MAX_MD_TEXT));
  const longest = Math.max(0, ...Array.from(safe.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = safe.startsWith('`') || safe.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${safe}${pad}${fence}`;
}

/**
 * The plan as a pull-request comment: a summary table, then a section per workflow that changes (or warns), with
 * expression changes in ```diff blocks and long field lists folded into `<details>`. Deterministic: no timestamps.
 */
export function renderPlanMarkdown(plan: DeployPlan): string {
  const out = [
    `## Deploy plan: ${markdownText(plan.environment)}`,
    '',
    `Region ${markdownCode(plan.region)}, account ${markdownCode(plan.account)}. ${planCounts(plan)}.`,
  ];
  if (plan.machines.length > 0) {
    out.push('', '| Workflow | Action | State machine | Changes |', '| --- | --- | --- | --- |');
    for (const m of plan.machines) {
      out.push(`| ${markdownText(m.workflow)} | ${actionText(m)} | ${markdownText(m.stateMachineName)} | ${markdownText(changeSummary(m))} |`);
    }
  }
  for (const m of plan.machines) {
    if (m.action !== 'unchanged' || m.warnings.length > 0) out.push('', ...machineSection(m));
  }
  return `${out.join('\n')}\n`;
}

function actionText(m: MachinePlan): string {
  return m.action === 'unchanged' ? 'unchanged' : `**${m.action}**`;
}

/** What changes, in a few words, for the table. */
function changeSummary(m: MachinePlan): string {
  if (m.action === 'create') return m.stateCount === undefined ? 'new state machine' : `new state machine, ${m.stateCount} states`;
  const parts: string[] = [];
  const d = m.definition;
  if (d !== undefined && d.added.length + d.removed.length + d.changed.length > 0) parts.push(`states ${stateCounts(d.added.length, d.removed.length, d.changed.length)}`);
  else if (d !== undefined && d.top.length > 0) parts.push('definition');
  for (const s of settingLines(m)) if (!parts.includes(s.label)) parts.push(s.label);
  if (Object.keys(m.tags.added).length + Object.keys(m.tags.changed).length + m.tags.removed.length > 0) parts.push('tags');
  if (m.alias !== undefined) parts.push(`alias ${m.alias.name}`);
  if (m.prune.length > 0) parts.push(`prune ${versionsText(m.prune)}`);
  return parts.length === 0 ? 'none' : parts.join('; ');
}

function machineSection(m: MachinePlan): string[] {
  const out = [`### ${markdownText(m.workflow)}: ${m.action}`, ''];
  const items: string[] = [];
  if (m.action === 'create') {
    const states = m.stateCount === undefined ? '' : ` (${m.stateCount} ${m.stateCount === 1 ? 'state' : 'states'})`;
    items.push(`- State machine ${markdownCode(m.stateMachineName)}, definition ${markdownCode(shortHash(m.definitionHash))}${states}`);
  } else if (definitionChanged(m)) {
    const from = m.deployedHash === undefined ? '' : `${markdownCode(shortHash(m.deployedHash))} → `;
    items.push(`- Definition ${from}${markdownCode(shortHash(m.definitionHash))}`);
    if (m.definition !== undefined) items.push(...definitionItems(m.definition));
  }
  for (const s of settingLines(m)) {
    items.push(`- ${capitalised(s.label)}: ${s.before === undefined ? '' : `${markdownCode(s.before)} → `}${markdownCode(s.after)}`);
  }
  const tags = tagsText(m.tags);
  if (tags !== '') items.push(`- Tags: ${tags}`);
  if (m.publish) items.push('- Publishes a new version');
  if (m.alias !== undefined) items.push(`- Alias ${markdownCode(m.alias.name)}: ${aliasChange(m.alias)}`);
  if (m.prune.length > 0) items.push(`- Prunes ${versionsText(m.prune)}`);
  for (const w of m.warnings) items.push(`- **Warning:** ${markdownText(w)}`);
  out.push(...items);
  const changed = m.definition?.changed ?? [];
  if (changed.length > 0) out.push('', ...foldable(changed));
  return out;
}

function definitionItems(diff: DefinitionDiff): string[] {
  const items = diff.top.flatMap((f) => fieldItem(f, '  '));
  const { added, removed, changed } = diff;
  if (added.length + removed.length + changed.length === 0) return items.length > 0 ? ['- Definition fields:', ...items] : [];
  if (items.length > 0) items.unshift('- Definition fields:');
  items.push(`- States: ${stateCounts(added.length, removed.length, changed.length)}`);
  for (const s of added) items.push(`  - added: ${stateLabel(s, markdownText)}`);
  for (const s of removed) items.push(`  - removed: ${stateLabel(s, markdownText)}`);
  for (const s of changed) items.push(`  - changed: ${stateLabel(s, markdownText)}`);
  return items;
}

/** The fields of the changed states, folded into `<details>` when they would make the comment long. */
function foldable(changed: readonly StateChange[]): string[] {
  const body: string[] = [];
  for (const s of changed) {
    body.push(`**${stateLabel(s, markdownText)}**`, '');
    for (const f of s.fields.slice(0, MAX_FIELDS)) body.push(...fieldItem(f, ''));
    const more = s.fields.length - MAX_FIELDS;
    if (more > 0) body.push(`- … ${more} more changed ${more === 1 ? 'field' : 'fields'}`);
    body.push('');
  }
  while (body.at(-1) === '') body.pop();
  if (body.length <= FOLD_LINES) return body;
  const states = `${changed.length} changed ${changed.length === 1 ? 'state' : 'states'}`;
  return [`<details><summary>Fields of ${states}</summary>`, '', ...body, '', '</details>'];
}

/** One field as a list item; an expression change as a ```diff block under it. */
function fieldItem(f: FieldChange, indent: string): string[] {
  const label = `${markdownCode(f.pointer)}${f.kind === 'changed' ? '' : ` (${f.kind})`}`;
  if (!isExpression(f.before) && !isExpression(f.after)) {
    const value = f.kind === 'added' ? markdownCode(compactJson(f.after)) : f.kind === 'removed' ? markdownCode(compactJson(f.before)) : `${markdownCode(compactJson(f.before))} → ${markdownCode(compactJson(f.after))}`;
    return [`${indent}- ${label}: ${value}`];
  }
  const side = (value: unknown): string => (typeof value === 'string' ? value : compactJson(value));
  const lines: string[] = [];
  if (f.kind !== 'added') lines.push(...diffSide(side(f.before), '-'));
  if (f.kind !== 'removed') lines.push(...diffSide(side(f.after), '+'));
  if (f.kind === 'changed' && (side(f.before).includes('\n') || side(f.after).includes('\n'))) {
    lines.length = 0;
    for (const part of diffLines(side(f.before), side(f.after))) {
      lines.push(...diffSide(part.value.replace(/\n$/, ''), part.added ? '+' : part.removed ? '-' : ' '));
    }
  }
  const fence = '`'.repeat(Math.max(3, ...lines.map((l) => longestRun(l, '`') + 1)));
  const block = [`${fence}diff`, ...lines, fence].map((l) => `${indent}  ${l}`);
  return [`${indent}- ${label}:`, '', ...block, ''];
}

/** Lines of a diff block: escaped for control characters and bidi overrides, each behind its marker. */
function diffSide(text: string, marker: string): string[] {
  return text.split('\n').map((line) => `${marker} ${terminalSafe(line).replace(/\r/g, '\\r')}`);
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

function tagsText(tags: TagChanges): string {
  const code = (k: string, v?: string): string => markdownCode(v === undefined ? k : `${k}=${v}`);
  const parts = [
    ...Object.entries(tags.added).map(([k, v]) => `added ${code(k, v)}`),
    ...Object.entries(tags.changed).map(([k, c]) => `changed ${code(k)} ${markdownCode(c.before)} → ${markdownCode(c.after)}`),
    ...tags.removed.map((k) => `removed ${code(k)}`),
  ];
  return parts.join(', ');
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
