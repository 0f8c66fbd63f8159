/**
 * Canonical ASL text: ASL's own fields in a fixed, readable order (Type first, transitions last), user data in the
 * order it was written, 2-space indent, trailing newline. Same definition, same bytes.
 */
const TOP = ['Comment', 'QueryLanguage', 'Version', 'TimeoutSeconds', 'StartAt', 'States'];
const STATE = [
  'Type', 'Comment', 'QueryLanguage', 'Resource', 'Arguments', 'Items', 'ItemSelector', 'ItemReader', 'ItemBatcher', 'ItemProcessor',
  'ResultWriter', 'Branches', 'MaxConcurrency', 'ToleratedFailurePercentage', 'ToleratedFailureCount', 'Label', 'Seconds', 'Timestamp',
  'Choices', 'Default', 'TimeoutSeconds', 'HeartbeatSeconds', 'Credentials', 'Retry', 'Catch', 'Assign', 'Output', 'Error', 'Cause', 'Next', 'End',
];
const RETRIER = ['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy'];
const CATCHER = ['ErrorEquals', 'Assign', 'Output', 'Next'];
const RULE = ['Condition', 'Assign', 'Output', 'Next'];
const GRAPH = ['ProcessorConfig', 'StartAt', 'States'];

type Json = Record<string, unknown>;

/** Each order's keys by position: most values come with their ASL fields in that order already. */
const RANKS = new Map<readonly string[], ReadonlyMap<string, number>>([TOP, STATE, RETRIER, CATCHER, RULE, GRAPH].map((order) => [order, new Map(order.map((key, i) => [key, i]))]));

function ordered(value: Json, order: readonly string[]): Json {
  const out: Json = {};
  const keys = Object.keys(value);
  if (inOrder(keys, RANKS.get(order)!)) {
    // The order's fields first, as written, then the others as written: a copy in key order gives the same.
    for (const key of keys) out[key] = value[key];
    return out;
  }
  for (const key of order) if (key in value) out[key] = value[key];
  for (const key of keys) if (!(key in out)) out[key] = value[key];
  return out;
}

/** True when the keys the order names come first and in its order (the others after them, in any order). */
function inOrder(keys: readonly string[], ranks: ReadonlyMap<string, number>): boolean {
  let last = -1;
  let others = false;
  for (const key of keys) {
    const rank = ranks.get(key);
    if (rank === undefined) others = true;
    else if (others || rank < last) return false;
    else last = rank;
  }
  return true;
}

function graph(value: Json): Json {
  const out = ordered(value, GRAPH);
  const states = out['States'] as Record<string, Json> | undefined;
  if (states) {
    // One pass over the names: an entry pair per state (twice) was a visible cost for workflows of thousands of states.
    const canonical: Record<string, Json> = {};
    for (const name of Object.keys(states)) canonical[name] = canonicalState(states[name]!);
    out['States'] = canonical;
  }
  return out;
}

function canonicalState(state: Json): Json {
  const out = ordered(state, STATE);
  if (Array.isArray(out['Retry'])) out['Retry'] = (out['Retry'] as Json[]).map((r) => ordered(r, RETRIER));
  if (Array.isArray(out['Catch'])) out['Catch'] = (out['Catch'] as Json[]).map((c) => ordered(c, CATCHER));
  if (Array.isArray(out['Choices'])) out['Choices'] = (out['Choices'] as Json[]).map((c) => ordered(c, RULE));
  if (Array.isArray(out['Branches'])) out['Branches'] = (out['Branches'] as Json[]).map(graph);
  if (out['ItemProcessor']) out['ItemProcessor'] = graph(out['ItemProcessor'] as Json);
  return out;
}

/** Orders a definition's ASL fields canonically. */
export function canonicalDefinition(definition: Json): Json {
  return ordered(graph(definition), TOP);
}

/** Stable JSON text for any value: 2-space indent and a trailing newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
