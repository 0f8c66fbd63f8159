import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/config-json-schema.js';
import { schemaKeys } from './config-schema-keys.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');

/** A key as the docs write it, in backticks, a `<placeholder>` where the schema has `*`: `environments.<env>.region`. */
function documented(path: string): RegExp {
  const parts = path.split('.').map((part) => (part === '*' ? '<[a-z]+>' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`\`${parts.join('\\.')}\``);
}

/** Every dotted key path the docs write in backticks from the root (`defaultEnvironment`, `environments.<env>.…`). */
function pathsInDocs(): string[] {
  return [...DOC.matchAll(/`((?:defaultEnvironment|environments|pricing)(?:\.[A-Za-z0-9<>]+)*)`/g)].map((m) => m[1]!.replace(/<[a-z]+>/g, '*'));
}

describe('docs/configuration.md', () => {
  const keys = schemaKeys(configJsonSchema()).map((k) => k.path);

  it('names every key of the config schema by its full path', () => {
    expect(keys.filter((path) => !documented(path).test(DOC))).toEqual([]);
  });

  it('names no key the schema lacks', () => {
    expect(pathsInDocs().length).toBeGreaterThanOrEqual(keys.length);
    expect([...new Set(pathsInDocs())].filter((path) => !keys.includes(path))).toEqual([]);
  });
});
