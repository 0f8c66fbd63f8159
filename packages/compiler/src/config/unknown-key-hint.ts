import { closest } from '../validate-asl/model/json-value.js';
import { configJsonSchema } from './config-json-schema.js';

type Node = Record<string, unknown>;

let schema: Node | undefined;

/**
 * The hint of an unknown key in a project config: the likely intended key, and every key allowed where it stands,
 * so a key such as `functions` can be found from the error alone. The keys come from the JSON Schema, which is
 * generated from the zod schema and so lists exactly what the loader accepts.
 */
export function unknownKeyHint(path: readonly PropertyKey[], keys: readonly string[]): string {
  const allowed = keysAt(path);
  if (allowed.length === 0) return 'Remove it; docs/configuration.md lists every key.';
  const guesses = keys.flatMap((key) => {
    const guess = closest(key, allowed);
    return guess === undefined ? [] : [keys.length === 1 ? `'${guess}'` : `'${guess}' for '${key}'`];
  });
  return `${guesses.length > 0 ? `Did you mean ${guesses.join(', ')}? ` : ''}The keys allowed here: ${allowed.join(', ')} (docs/configuration.md describes each).`;
}

/** The named properties of the object at `path`; a name the user chose (an environment, an agent) walks into the map's values. */
function keysAt(path: readonly PropertyKey[]): string[] {
  schema ??= configJsonSchema();
  let node: Node | undefined = schema;
  for (const segment of path) {
    const properties = node['properties'] as Record<string, Node> | undefined;
    const values: unknown = node['additionalProperties'];
    const next: Node | undefined = properties && Object.hasOwn(properties, String(segment)) ? properties[String(segment)] : typeof values === 'object' && values !== null ? (values as Node) : undefined;
    if (next === undefined) return [];
    node = next;
  }
  return Object.keys((node['properties'] ?? {}) as Node);
}
