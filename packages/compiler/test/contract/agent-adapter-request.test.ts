import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { AGENT_ADAPTER_REQUEST_SCHEMA } from '@agentflow/compiler';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const FIXTURES = join(ROOT, 'fixtures');
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(AGENT_ADAPTER_REQUEST_SCHEMA);

/** Every compiled golden: the construct fixtures and the seed workflows (the ASL corpus is hand-written input). */
function goldens(): string[] {
  const dirs = readdirSync(FIXTURES, { withFileTypes: true }).filter((e) => e.isDirectory() && (e.name === 'workflows' || existsSync(join(FIXTURES, e.name, 'workflow.ts'))));
  return dirs.flatMap((d) => readdirSync(join(FIXTURES, d.name)).filter((f) => f.endsWith('.asl.json')).map((f) => join(FIXTURES, d.name, f)));
}

interface Request {
  readonly file: string;
  readonly state: string;
  readonly payload: Record<string, unknown>;
}

/** The `Arguments.Payload` of every Task that invokes the adapter, at any depth (branches, iterations). */
function adapterRequests(file: string): Request[] {
  const found: Request[] = [];
  const visit = (states: Record<string, Record<string, unknown>>) => {
    for (const [state, def] of Object.entries(states)) {
      const payload = (def['Arguments'] as { Payload?: unknown } | undefined)?.Payload;
      if (def['Type'] === 'Task' && String(def['Resource']).endsWith(':lambda:invoke') && isAdapterPayload(payload)) found.push({ file, state, payload });
      for (const branch of (def['Branches'] as { States: Record<string, Record<string, unknown>> }[] | undefined) ?? []) visit(branch.States);
      const processor = (def['ItemProcessor'] ?? def['Iterator']) as { States: Record<string, Record<string, unknown>> } | undefined;
      if (processor) visit(processor.States);
    }
  };
  visit((JSON.parse(readFileSync(file, 'utf8')) as { States: Record<string, Record<string, unknown>> }).States);
  return found;
}

function isAdapterPayload(payload: unknown): payload is Record<string, unknown> {
  return !!payload && typeof payload === 'object' && 'agentId' in payload;
}

const isJsonata = (value: unknown) => typeof value === 'string' && value.startsWith('{%') && value.endsWith('%}');

function at(value: unknown, pointer: string): unknown {
  return pointer.split('/').slice(1).reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], value);
}

/**
 * Schema errors of a request as compiled. A JSONata value (`{% … %}`) is computed when the state runs, so only
 * its key is checked here: an error about the value itself is not one (the simulator checks evaluated requests).
 */
function contractErrors(payload: Record<string, unknown>): ErrorObject[] {
  if (validate(payload)) return [];
  return (validate.errors ?? []).filter((e) => !isJsonata(at(payload, e.instancePath)));
}

const requests = goldens().flatMap(adapterRequests);

describe('agent adapter request contract (docs/agent-adapter.md)', () => {
  it('finds the adapter requests of every compiled golden, with every optional field in use somewhere', () => {
    expect(requests.length).toBeGreaterThanOrEqual(60);
    const keys = new Set(requests.flatMap((r) => [...Object.keys(r.payload), ...Object.keys((r.payload['offload'] as object | undefined) ?? {}).map((k) => `offload.${k}`)]));
    expect([...keys].sort()).toEqual(['agentAliasId', 'agentId', 'inputParts', 'inputText', 'maxOutputBytes', 'offload', 'offload.arrays', 'offload.bucket', 'offload.inline', 'offload.key', 'outputSchema', 'sessionId']);
  });

  it.each(requests.map((r) => [`${r.file.slice(FIXTURES.length + 1)} › ${r.state}`, r] as const))('%s sends only what the contract defines', (_, request) => {
    expect(contractErrors(request.payload)).toEqual([]);
  });

  it('documents every field of the schema in docs/agent-adapter.md', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'agent-adapter.md'), 'utf8');
    const properties = (schema: unknown) => Object.keys((schema as { properties: object }).properties);
    const offload = (AGENT_ADAPTER_REQUEST_SCHEMA['properties'] as Record<string, unknown>)['offload'];
    const fields = [...properties(AGENT_ADAPTER_REQUEST_SCHEMA), ...properties(offload).map((f) => `offload.${f}`)];
    expect(fields.length).toBeGreaterThanOrEqual(12);
    const rows = doc.split('\n').filter((line) => line.startsWith('| `'));
    const missing = fields.filter((f) => !rows.some((row) => row.split('|')[1]!.includes(`\`${f}\``)));
    expect(missing).toEqual([]);
  });

  it('rejects a field the contract does not define, and a request without its byte budget', () => {
    const request = requests.find((r) => r.payload['offload'])!.payload;
    const offload = request['offload'] as Record<string, unknown>;
    expect(contractErrors({ ...request, offload: { ...offload, compress: true } }).map((e) => e.keyword)).toContain('additionalProperties');
    expect(contractErrors({ ...request, temperature: 0 }).map((e) => e.keyword)).toContain('additionalProperties');
    const { maxOutputBytes: _, ...unbudgeted } = request;
    expect(contractErrors(unbudgeted).map((e) => e.message)).toContain("must have required property 'maxOutputBytes'");
    expect(contractErrors({ ...request, inputParts: ['x'] }).map((e) => e.keyword)).toContain('oneOf');
  });
});
