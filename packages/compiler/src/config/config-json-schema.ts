import { z } from 'zod';
import { ProjectConfigSchema } from './project-config.js';

/**
 * The JSON Schema (draft 2020-12) of `agentflow.config.yaml`, derived from the zod schema so the two cannot disagree
 * on a key. Editors use it to complete and check a config as it is typed (`# yaml-language-server: $schema=...`).
 *
 * It describes what a config may contain, as written: keys with defaults are optional (`io: 'input'`). Checks that
 * JSON Schema cannot express (a `{workflow}` function pattern, `kms.topics` naming a defined topic,
 * `defaultEnvironment` naming an environment) stay with the loader, which remains the authority.
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ProjectConfigSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' }) as Record<string, unknown>;
}

/** The schema as its checked-in file holds it: two-space JSON in the zod schema's key order, ending in a newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
