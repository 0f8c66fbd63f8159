/**
 * Rules AWS documents exactly enough to decide a mutant without the validator under test: each returns why
 * the definition must be rejected, or nothing. Written from the spec and the AWS guide (see
 * /work/shared/reference/asl-facts.md §1), independently of src/validate-asl, so the fuzz test compares two
 * readings of the same rules. Placeholders and CloudFormation intrinsics are skipped where they could still
 * become a valid value.
 */

type Obj = Record<string, unknown>;

const TYPES = ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'];
const NEEDS_TRANSITION = ['Task', 'Pass', 'Wait', 'Parallel', 'Map'];
const WHOLE_PLACEHOLDER = /^\$\{[^{}\n]{1,512}\}$/;
const JSONATA = /^\{%[\s\S]*%\}$/;
/** Fields whose value is an array or an object in every query language: a quoted placeholder stays a string. */
const NEVER_STRING = ['Retry', 'Catch', 'Branches', 'Choices', 'Assign', 'Credentials', 'ItemProcessor', 'Iterator', 'ItemReader', 'ItemBatcher', 'ResultWriter'];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const isPlaceholder = (v: unknown) => typeof v === 'string' && WHOLE_PLACEHOLDER.test(v);
const isIntrinsic = (v: unknown) => isObj(v) && Object.keys(v).length === 1 && /^(?:Ref|Fn::\w+)$/.test(Object.keys(v)[0]!);

export function mustReject(definition: unknown): string[] {
  const why: string[] = [];
  if (!isObj(definition)) return ['the definition is not a JSON object'];
  const names = new Map<string, number>();
  scope(definition, '', why, names, 0);
  for (const [name, count] of names) if (count > 1) why.push(`state name ${JSON.stringify(name)} is used ${count} times`);
  return why;
}

function scope(node: Obj, at: string, why: string[], names: Map<string, number>, depth: number): void {
  if (depth > 40) return;
  if (!has(node, 'StartAt')) why.push(`${at || '/'}: no StartAt`);
  if (!has(node, 'States')) why.push(`${at || '/'}: no States`);
  const states = node['States'];
  if (!isObj(states) || Object.keys(states).length === 0) {
    if (has(node, 'States')) why.push(`${at}/States: not a non-empty object`);
    return;
  }
  const startAt = node['StartAt'];
  if (typeof startAt === 'string' && !isPlaceholder(startAt) && !has(states, startAt)) why.push(`${at}/StartAt: names no state`);
  for (const [name, state] of Object.entries(states)) {
    names.set(name, (names.get(name) ?? 0) + 1);
    const here = `${at}/States/${name}`;
    if (!isObj(state)) {
      why.push(`${here}: not an object`);
      continue;
    }
    oneState(state, here, states, why, names, depth);
  }
}

function oneState(state: Obj, here: string, siblings: Obj, why: string[], names: Map<string, number>, depth: number): void {
  const type = state['Type'];
  if (!TYPES.includes(type as string)) {
    why.push(`${here}/Type: missing or unknown`);
    return;
  }
  const next = state['Next'];
  if (typeof next === 'string' && !isPlaceholder(next) && !has(siblings, next)) why.push(`${here}/Next: names no state in its scope`);
  if (NEEDS_TRANSITION.includes(type as string) && !has(state, 'Next') && state['End'] !== true) why.push(`${here}: neither Next nor End`);
  if (type === 'Choice' && (has(state, 'Next') || has(state, 'End'))) why.push(`${here}: a Choice state has Next or End`);
  if (type === 'Task' && !has(state, 'Resource')) why.push(`${here}: a Task without Resource`);
  if (type === 'Choice' && !(Array.isArray(state['Choices']) && state['Choices'].length > 0)) why.push(`${here}: a Choice without Choices`);
  if (type === 'Parallel' && !Array.isArray(state['Branches'])) why.push(`${here}: a Parallel without Branches`);
  if (type === 'Map' && !has(state, 'ItemProcessor') && !has(state, 'Iterator')) why.push(`${here}: a Map without ItemProcessor`);
  for (const field of NEVER_STRING) {
    if (typeof state[field] === 'string') why.push(`${here}/${field}: a string where an array or object belongs`);
  }
  if (has(state, 'Arguments')) {
    const args = state['Arguments'];
    if (!isObj(args) && !(typeof args === 'string' && (JSONATA.test(args) || isPlaceholder(args)))) why.push(`${here}/Arguments: neither an object nor one expression`);
  }
  if (Array.isArray(state['Choices'])) for (const rule of state['Choices']) condition(rule, `${here}/Choices`, why, 0);
  if (has(state, 'ItemReader')) itemReader(state['ItemReader'], `${here}/ItemReader`, why);
  if (type === 'Parallel' && Array.isArray(state['Branches'])) {
    state['Branches'].forEach((branch, i) => (isObj(branch) ? scope(branch, `${here}/Branches/${i}`, why, names, depth + 1) : why.push(`${here}/Branches/${i}: not an object`)));
  }
  if (type === 'Map') {
    for (const field of ['ItemProcessor', 'Iterator']) {
      const processor = state[field];
      if (isObj(processor) && !isIntrinsic(processor)) scope(processor, `${here}/${field}`, why, names, depth + 1);
    }
  }
}

function condition(rule: unknown, at: string, why: string[], depth: number): void {
  if (!isObj(rule) || depth > 40) return;
  if (has(rule, 'Condition')) {
    const c = rule['Condition'];
    if (typeof c !== 'boolean' && !isIntrinsic(c) && !(typeof c === 'string' && (JSONATA.test(c) || isPlaceholder(c)))) why.push(`${at}: a Condition that is neither a boolean nor one expression`);
  }
  for (const key of ['And', 'Or']) if (Array.isArray(rule[key])) for (const child of rule[key]) condition(child, at, why, depth + 1);
  if (has(rule, 'Not')) condition(rule['Not'], at, why, depth + 1);
}

function itemReader(reader: unknown, at: string, why: string[]): void {
  if (isIntrinsic(reader)) return;
  if (!isObj(reader)) {
    why.push(`${at}: not an object`);
    return;
  }
  if (typeof reader['Resource'] !== 'string' && !isIntrinsic(reader['Resource'])) why.push(`${at}/Resource: missing or not a string`);
  for (const field of ['ReaderConfig', 'Parameters']) {
    if (has(reader, field) && !isObj(reader[field])) why.push(`${at}/${field}: not an object`);
  }
}
