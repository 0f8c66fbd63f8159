import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { contractErrors, FIXTURES, goldens, ROOT, statesOf } from './compiled-requests.js';
import { AGENT_ADAPTER_REQUEST_SCHEMA } from '@agentflow/compiler';

const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(AGENT_ADAPTER_REQUEST_SCHEMA);

interface Request {
  readonly file: string;
  readonly state: string;
  readonly payload: Record<string, unknown>;
}

/** The `Arguments.Payload` of every Task that invokes the adapter, at any depth (branches, iterations). */
function adapterRequests(file: string): Request[] {
  return statesOf(file).flatMap(({ name, state }) => {
    const payload = (state['Arguments'] as { Payload?: unknown } | undefined)?.Payload;
    return state['Type'] === 'Task' && String(state['Resource']).endsWith(':lambda:invoke') && isAdapterPayload(payload) ? [{ file, state: name, payload }] : [];
  });
}

function isAdapterPayload(payload: unknown): payload is Record<string, unknown> {
  return !!payload && typeof payload === 'object' && 'agentId' in payload;
}

const requests = goldens().flatMap(adapterRequests);

describe('agent adapter request contract (docs/agent-adapter.md)', () => {
  it('finds the adapter requests of every compiled golden, with every optional field in use somewhere', () => {
    expect(requests.length).toBeGreaterThanOrEqual(60);
    const keys = new Set(requests.flatMap((r) => [...Object.keys(r.payload), ...Object.keys((r.payload['offload'] as object | undefined) ?? {}).map((k) => `offload.${k}`)]));
    expect([...keys].sort()).toEqual(['agentAliasId', 'agentId', 'inputParts', 'inputText', 'maxOutputBytes', 'offload', 'offload.arrays', 'offload.bucket', 'offload.inline', 'offload.key', 'outputSchema', 'sessionId']);
  });

  it.each(requests.map((r) => [`${r.file.slice(FIXTURES.length + 1)} › ${r.state}`, r] as const))('%s sends only what the contract defines', (_, request) => {
    expect(contractErrors(validate, request.payload)).toEqual([]);
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
    expect(contractErrors(validate, { ...request, offload: { ...offload, compress: true } }).map((e) => e.keyword)).toContain('additionalProperties');
    expect(contractErrors(validate, { ...request, temperature: 0 }).map((e) => e.keyword)).toContain('additionalProperties');
    const { maxOutputBytes: _, ...unbudgeted } = request;
    expect(contractErrors(validate, unbudgeted).map((e) => e.message)).toContain("must have required property 'maxOutputBytes'");
    expect(contractErrors(validate, { ...request, inputParts: ['x'] }).map((e) => e.keyword)).toContain('oneOf');
  });
});
