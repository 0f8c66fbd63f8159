import { terminalSafe } from '@agentflow/compiler';
import { diffLines, diffWords } from 'diff';
import type { DefinitionDiff, DeployPlan, FieldChange, MachinePlan, TagChanges } from '../plan-types.js';
import {
  LONG_EXPRESSION,
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

type Paint = (code: string, text: string) => string;
const plainPaint: Paint = (_, text) => text;
const ansiPaint: Paint = (code, text) => `\u001b[${code}m${text}\u001b[0m`;

/** ANSI SGR codes used when colour is asked for. */
const RED = '31';
const GREEN = '32';
const YELLOW = '33';
const DIM = '2';
const BOLD = '1';
/** Changed words are shown inverted, so they stand out inside a long line even without a diff tool. */
const RED_INVERSE = '31;7';
const GREEN_INVERSE = '32;7';

/** Common text longer than this inside a word diff is shortened to its ends: the change is what matters. */
const MAX_COMMON = 60;
/** Unchanged lines kept around a change in a line diff. */
const CONTEXT_LINES = 1;

/** Text from a definition or AWS, safe for a terminal and kept on one line. */
function esc(text: string): string {
  return oneLine(terminalSafe(text));
}

/**
 * The plan for terminals and CI logs: one block per workflow (create / update / unchanged) with a semantic diff of
 * the definition, settings, tags, alias routing and pruned versions, then the counts. No colour unless asked for.
 */
export function renderPlanText(plan: DeployPlan, options: { color?: boolean } = {}): string {
  const paint: Paint = options.color === true ? ansiPaint : plainPaint;
  const blocks = [`Environment ${esc(plan.environment)} (${esc(plan.region)}, account ${esc(plan.account)})`];
  for (const machine of plan.machines) blocks.push(machineBlock(machine, paint).join('\n'));
  blocks.push(planCounts(plan));
  return `${blocks.join('\n\n')}\n`;
}

function machineBlock(machine: MachinePlan, paint: Paint): string[] {
  const actionColour = machine.action === 'create' ? GREEN : machine.action === 'update' ? YELLOW : DIM;
  const lines = [`${paint(BOLD, esc(machine.workflow))}  ${paint(actionColour, machine.action)}  ${esc(machine.stateMachineName)}`];
  if (machine.action === 'create') {
    const states = machine.stateCount === undefined ? '' : ` (${machine.stateCount} ${machine.stateCount === 1 ? 'state' : 'states'})`;
    lines.push(`  definition ${shortHash(machine.definitionHash)}${states}`);
  } else if (definitionChanged(machine)) {
    const from = machine.deployedHash === undefined ? '' : `${shortHash(machine.deployedHash)} → `;
    lines.push(`  definition ${from}${shortHash(machine.definitionHash)}`);
    if (machine.definition !== undefined) lines.push(...definitionLines(machine.definition, paint));
  }
  for (const s of settingLines(machine)) lines.push(`  ${s.label}: ${s.before === undefined ? '' : `${esc(s.before)} → `}${esc(s.after)}`);
  const tags = tagsText(machine.tags, paint);
  if (tags !== '') lines.push(`  tags: ${tags}`);
  if (machine.publish) lines.push('  publish a new version');
  if (machine.alias !== undefined) lines.push(`  alias ${esc(machine.alias.name)}: ${aliasChange(machine.alias)}`);
  if (machine.prune.length > 0) lines.push(`  prune ${versionsText(machine.prune)}`);
  for (const warning of machine.warnings) lines.push(`  ${paint(YELLOW, 'warning:')} ${esc(warning)}`);
  return lines;
}

function definitionLines(diff: DefinitionDiff, paint: Paint): string[] {
  const lines: string[] = [];
  for (const field of diff.top) lines.push(...fieldLines(field, '    ', paint));
  const { added, removed, changed } = diff;
  if (added.length + removed.length + changed.length === 0) return lines;
  lines.push(`  states: ${stateCounts(added.length, removed.length, changed.length)}`);
  for (const s of added) lines.push(`    ${paint(GREEN, '+')} ${stateLabel(s, esc)}`);
  for (const s of removed) lines.push(`    ${paint(RED, '-')} ${stateLabel(s, esc)}`);
  for (const s of changed) {
    lines.push(`    ${paint(YELLOW, '~')} ${stateLabel(s, esc)}`);
    for (const field of s.fields.slice(0, MAX_FIELDS)) lines.push(...fieldLines(field, '        ', paint));
    const more = s.fields.length - MAX_FIELDS;
    if (more > 0) lines.push(`        … ${more} more changed ${more === 1 ? 'field' : 'fields'}`);
  }
  return lines;
}

function fieldLines(field: FieldChange, indent: string, paint: Paint): string[] {
  const pointer = esc(field.pointer);
  const label = field.kind === 'changed' ? pointer : `${pointer} (${field.kind})`;
  if (!isExpression(field.before) && !isExpression(field.after)) {
    const value =
      field.kind === 'added' ? compactJson(field.after) : field.kind === 'removed' ? compactJson(field.before) : `${compactJson(field.before)} → ${compactJson(field.after)}`;
    return [`${indent}${label}: ${esc(value)}`];
  }
  return [`${indent}${label}`, ...expressionLines(field, paint).map((line) => `${indent}  ${line}`)];
}

/** The two sides of an expression change, one under the other; long ones as a word or line diff. */
function expressionLines(field: FieldChange, paint: Paint): string[] {
  const side = (value: unknown): string => (typeof value === 'string' ? value : compactJson(value));
  if (field.kind === 'added') return [`${paint(GREEN, '+')} ${esc(side(field.after))}`];
  if (field.kind === 'removed') return [`${paint(RED, '-')} ${esc(side(field.before))}`];
  const before = side(field.before);
  const after = side(field.after);
  if (before.includes('\n') || after.includes('\n')) return lineDiff(before, after, paint);
  if (before.length <= LONG_EXPRESSION && after.length <= LONG_EXPRESSION) {
    return [`${paint(RED, '-')} ${esc(before)}`, `${paint(GREEN, '+')} ${esc(after)}`];
  }
  return wordDiff(before, after, paint);
}

/**
 * A long one-line expression: the `-` line marks removed words `[-…-]`, the `+` line marks added words `{+…+}` (as
 * `git diff --word-diff` does), and long unchanged stretches are shortened to their ends.
 */
function wordDiff(before: string, after: string, paint: Paint): string[] {
  const parts = diffWords(before, after);
  const last = parts.length - 1;
  // Keep more of an unchanged stretch on the side that touches a change.
  const common = (value: string, index: number): string => {
    const chars = Array.from(value);
    if (chars.length <= MAX_COMMON) return esc(value);
    const [head, tail] = index === last ? [MAX_COMMON / 2, 10] : [10, MAX_COMMON / 2];
    return `${esc(chars.slice(0, head).join(''))} … ${esc(chars.slice(-tail).join(''))}`;
  };
  let minus = '';
  let plus = '';
  parts.forEach((part, index) => {
    if (part.removed) minus += paint(RED_INVERSE, paint === plainPaint ? `[-${esc(part.value)}-]` : esc(part.value));
    else if (part.added) plus += paint(GREEN_INVERSE, paint === plainPaint ? `{+${esc(part.value)}+}` : esc(part.value));
    else {
      minus += common(part.value, index);
      plus += common(part.value, index);
    }
  });
  return [`${paint(RED, '-')} ${minus}`, `${paint(GREEN, '+')} ${plus}`];
}

/** A multi-line expression: changed lines with `-`/`+`, a line of context around them, the rest counted. */
function lineDiff(before: string, after: string, paint: Paint): string[] {
  const out: string[] = [];
  const parts = diffLines(before, after);
  parts.forEach((part, index) => {
    const lines = part.value.replace(/\n$/, '').split('\n');
    if (part.removed) out.push(...lines.map((l) => `${paint(RED, '-')} ${esc(l)}`));
    else if (part.added) out.push(...lines.map((l) => `${paint(GREEN, '+')} ${esc(l)}`));
    else {
      const head = index === 0 ? 0 : CONTEXT_LINES;
      const tail = index === parts.length - 1 ? 0 : CONTEXT_LINES;
      if (lines.length <= head + tail + 1) out.push(...lines.map((l) => `  ${esc(l)}`));
      else {
        out.push(...lines.slice(0, head).map((l) => `  ${esc(l)}`));
        const hidden = lines.length - head - tail;
        out.push(`  … ${hidden} unchanged ${hidden === 1 ? 'line' : 'lines'}`);
        out.push(...lines.slice(lines.length - tail).map((l) => `  ${esc(l)}`));
      }
    }
  });
  return out;
}

function tagsText(tags: TagChanges, paint: Paint): string {
  const parts = [
    ...Object.entries(tags.added).map(([k, v]) => `${paint(GREEN, '+')} ${esc(k)}=${esc(v)}`),
    ...Object.entries(tags.changed).map(([k, c]) => `${paint(YELLOW, '~')} ${esc(k)} ${esc(c.before)} → ${esc(c.after)}`),
    ...tags.removed.map((k) => `${paint(RED, '-')} ${esc(k)}`),
  ];
  return parts.join(', ');
}
