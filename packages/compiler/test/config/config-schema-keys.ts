/** One key a config may hold, found in the JSON Schema. */
export interface SchemaKey {
  /** Dotted, with `*` where a name of the user's choosing goes: `environments.*.agents.*.id`. */
  readonly path: string;
  readonly schema: Record<string, unknown>;
}

type Node = Record<string, unknown>;

/**
 * Every named property of the schema, at any depth, in schema order. Maps of user-chosen names (an environment, an
 * agent, a topic) are `additionalProperties` schemas: their level is `*` and their own keys are walked below it.
 */
export function schemaKeys(schema: Node): SchemaKey[] {
  const keys: SchemaKey[] = [];
  const visit = (node: Node, prefix: string[]) => {
    for (const [name, child] of Object.entries((node['properties'] ?? {}) as Record<string, Node>)) {
      keys.push({ path: [...prefix, name].join('.'), schema: child });
      visit(child, [...prefix, name]);
    }
    const values = node['additionalProperties'];
    if (typeof values === 'object' && values !== null) visit(values as Node, [...prefix, '*']);
    // A union (an agent's aliases: a map or a list) is walked branch by branch, a list's items as `*`.
    for (const branch of (node['anyOf'] ?? []) as Node[]) visit(branch, prefix);
    if (typeof node['items'] === 'object' && node['items'] !== null) visit(node['items'] as Node, [...prefix, '*']);
    // Other composition keywords would hide keys from this walk; the config schema has none, and must say so.
    for (const keyword of ['oneOf', 'allOf', '$ref', 'prefixItems']) {
      if (keyword in node) throw new Error(`schemaKeys does not walk '${keyword}' (at ${prefix.join('.') || '(root)'})`);
    }
  };
  visit(schema, []);
  return keys;
}
