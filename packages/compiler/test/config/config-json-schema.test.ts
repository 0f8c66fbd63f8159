import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/config-json-schema.js';
import { schemaKeys } from './config-schema-keys.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
// Strict: an unknown keyword (a meta key zod passes through) or a malformed pattern fails the compile.
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(configJsonSchema());

const REPOSITORY_CONFIGS = ['agentflow.config.yaml', 'fixtures/agentflow.config.yaml'];

/** The repository's main config as data, to misspell one key of. */
function mainConfig(): Record<string, any> {
  return parse(readFileSync(join(ROOT, 'agentflow.config.yaml'), 'utf8')) as Record<string, any>;
}

/** The schema's errors for `config`, as `instancePath keyword params` (empty: accepted). */
function errorsOf(config: unknown): string[] {
  validate(config);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`);
}

describe('the JSON Schema of agentflow.config.yaml', () => {
  it.each(REPOSITORY_CONFIGS)('accepts %s', (file) => {
    expect(errorsOf(parse(readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
  });

  it('rejects a misspelled key at the top, in an environment and in a nested setting', () => {
    const top = mainConfig();
    top['defaultEnviroment'] = top['defaultEnvironment'];
    delete top['defaultEnvironment'];
    expect(errorsOf(top)).toEqual([
      ' required {"missingProperty":"defaultEnvironment"}',
      ' additionalProperties {"additionalProperty":"defaultEnviroment"}',
    ]);

    const env = mainConfig();
    env['environments'].dev['function'] = { render: 'agentflow-render' };
    expect(errorsOf(env)).toEqual(['/environments/dev additionalProperties {"additionalProperty":"function"}']);

    const nested = mainConfig();
    nested['environments'].prod.kms['topic'] = nested['environments'].prod.kms.topics;
    expect(errorsOf(nested)).toEqual(['/environments/prod/kms additionalProperties {"additionalProperty":"topic"}']);
  });

  it('rejects values of the wrong shape, as the loader does', () => {
    const config = mainConfig();
    config['environments'].dev.account = 111122223333;
    config['environments'].dev.logging = { level: 'WARN', logGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:x' };
    expect(errorsOf(config)).toEqual([
      '/environments/dev/account type {"type":"string"}',
      '/environments/dev/logging/level enum {"allowedValues":["ALL","ERROR","FATAL","OFF"]}',
      '/environments/dev/logging/logGroupArn pattern {"pattern":"^arn:(aws|aws-cn|aws-us-gov):logs:[a-z]{2}(-[a-z]+)+-\\\\d:\\\\d{12}:log-group:[A-Za-z0-9_\\\\-/.#]{1,512}:\\\\*$"}',
    ]);
  });

  it('leaves keys with defaults optional: a config needs only what has no default', () => {
    const minimal = { defaultEnvironment: 'dev', environments: { dev: { region: 'us-east-1', account: '111122223333', adapterFunction: 'agentflow-agent-adapter' } } };
    expect(errorsOf(minimal)).toEqual([]);
  });

  it('gives every key a description, which editors show on hover and completion', () => {
    const keys = schemaKeys(configJsonSchema());
    expect(keys.length).toBeGreaterThan(30);
    expect(keys.filter((k) => typeof k.schema['description'] !== 'string' || k.schema['description'] === '').map((k) => k.path)).toEqual([]);
  });

  it('declares draft 2020-12, which ajv/dist/2020 and the YAML language server read', () => {
    expect(configJsonSchema()['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
  });
});
