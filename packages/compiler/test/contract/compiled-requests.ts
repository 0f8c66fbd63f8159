import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

/**
 * What the contract tests of the Lambda requests the emitter builds share: the compiled goldens, the Task states in
 * them at any depth, and schema errors that are not about a value computed at run time.
 */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const FIXTURES = join(ROOT, 'fixtures');

/** Every compiled golden: the construct fixtures and the seed workflows (the ASL corpus is hand-written input). */
export function goldens(): string[] {
  const dirs = readdirSync(FIXTURES, { withFileTypes: true }).filter((e) => e.isDirectory() && (e.name === 'workflows' || existsSync(join(FIXTURES, e.name, 'workflow.ts'))));
  return dirs.flatMap((d) => readdirSync(join(FIXTURES, d.name)).filter((f) => f.endsWith('.asl.json')).map((f) => join(FIXTURES, d.name, f)));
}

export type State = Record<string, unknown>;

/** Every state of a golden at any depth (Parallel branches, Map iterations), with its name. */
export function statesOf(file: string): { name: string; state: State }[] {
  const found: { name: string; state: State }[] = [];
  const visit = (states: Record<string, State>) => {
    for (const [name, state] of Object.entries(states)) {
      found.push({ name, state });
      for (const branch of (state['Branches'] as { States: Record<string, State> }[] | undefined) ?? []) visit(branch.States);
      const processor = (state['ItemProcessor'] ?? state['Iterator']) as { States: Record<string, State> } | undefined;
      if (processor) visit(processor.States);
    }
  };
  visit((JSON.parse(readFileSync(file, 'utf8')) as { States: Record<string, State> }).States);
  return found;
}

const isJsonata = (value: unknown) => typeof value === 'string' && value.startsWith('{%') && value.endsWith('%}');

function at(value: unknown, pointer: string): unknown {
  return pointer.split('/').slice(1).reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], value);
}

/**
 * Schema errors of a request as compiled. A JSONata value (`{% … %}`) is computed when the state runs, so only
 * its key is checked here: an error about the value itself is not one (the simulator checks evaluated requests).
 */
export function contractErrors(validate: ValidateFunction, payload: Record<string, unknown>): ErrorObject[] {
  if (validate(payload)) return [];
  return (validate.errors ?? []).filter((e) => !isJsonata(at(payload, e.instancePath)));
}
