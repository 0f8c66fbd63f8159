import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { contractErrors, FIXTURES, goldens, ROOT, statesOf, type State } from './compiled-requests.js';
import { AGENT_ADAPTER_REQUEST_SCHEMA, APPROVAL_REQUEST_KIND, APPROVAL_REQUEST_SCHEMA } from '@agentflow/compiler';

// strictRequired off: the `oneOf` branches (message or messageParts) name fields `properties` defines at the top.
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(APPROVAL_REQUEST_SCHEMA);

interface Approval {
  readonly file: string;
  readonly workflow: string;
  readonly name: string;
  readonly state: State;
  readonly payload: Record<string, unknown>;
}

/** Every callback Task at any depth (branches, iterations) whose Payload is an approval request. */
function approvalStates(file: string): Approval[] {
  const workflow = file.slice(file.lastIndexOf('/') + 1, -'.asl.json'.length);
  return statesOf(file).flatMap(({ name, state }) => {
    const payload = (state['Arguments'] as { Payload?: Record<string, unknown> } | undefined)?.Payload;
    return state['Type'] === 'Task' && String(state['Resource']).endsWith('.waitForTaskToken') && payload?.['kind'] === APPROVAL_REQUEST_KIND ? [{ file, workflow, name, state, payload }] : [];
  });
}

const approvals = goldens().flatMap(approvalStates);

describe('approval request contract (approval-request.schema.json)', () => {
  it('finds the approvals of the compiled goldens, a seed workflow among them, with every optional field in use', () => {
    expect(approvals.length).toBeGreaterThanOrEqual(3);
    expect(approvals.some((a) => a.file.includes('/fixtures/workflows/'))).toBe(true);
    const keys = new Set(approvals.flatMap((a) => Object.keys(a.payload)));
    expect([...keys].sort()).toEqual(Object.keys(APPROVAL_REQUEST_SCHEMA['properties'] as object).sort());
    // No compiled approval publishes the token to its topic any more.
    expect(goldens().filter((f) => readFileSync(f, 'utf8').includes('sns:publish.waitForTaskToken'))).toEqual([]);
  });

  it.each(approvals.map((a) => [`${a.file.slice(FIXTURES.length + 1)} › ${a.name}`, a] as const))('%s invokes the responder with a request the contract accepts', (_, a) => {
    expect(contractErrors(validate, a.payload)).toEqual([]);
    expect(a.state['Resource']).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect((a.state['Arguments'] as { FunctionName: string }).FunctionName).toMatch(new RegExp(`^arn:aws:lambda:[a-z0-9-]+:\\d{12}:function:agentflow-approval-responder-${a.workflow}$`));
    expect(a.payload['workflow']).toBe(a.workflow);
    // The request carries the state's own bounds, which the responder turns into link lifetimes.
    expect(a.payload['timeoutSeconds']).toBe(a.state['TimeoutSeconds']);
    expect(a.payload['heartbeatSeconds']).toBe(a.state['HeartbeatSeconds']);
    // The token is in the request once, as taskToken, and nowhere else in the arguments.
    expect(a.payload['taskToken']).toBe('{% $states.context.Task.Token %}');
    expect(JSON.stringify(a.state['Arguments']).split('Task.Token')).toHaveLength(2);
    // A retry would mint a new token and notify the reviewers again: only the author's retriers apply.
    expect(JSON.stringify(a.state['Retry'] ?? [])).not.toContain('Lambda.');
    expect(a.state['Output'] ?? a.state['Assign']).toBeDefined();
  });

  it('rejects a field the contract does not define, a wrong kind, and a request without its timeout', () => {
    const request = approvals[0]!.payload;
    expect(contractErrors(validate, { ...request, reviewers: ['ana'] }).map((e) => e.keyword)).toContain('additionalProperties');
    expect(contractErrors(validate, { ...request, kind: 'agentflow.adapter-request' }).map((e) => e.keyword)).toContain('const');
    const { timeoutSeconds: _, ...untimed } = request;
    expect(contractErrors(validate, untimed).map((e) => e.message)).toContain("must have required property 'timeoutSeconds'");
    expect(contractErrors(validate, { ...request, topicArn: 'reviewers' }).map((e) => e.keyword)).toContain('pattern');
    expect(contractErrors(validate, { ...request, taskToken: 'x'.repeat(2049) }).map((e) => e.keyword)).toContain('maxLength');
  });

  it('sends research-report\'s offloaded draft body as messageParts, never its s3:// pointer as text', () => {
    const approve = approvals.find((a) => a.workflow === 'research-report' && a.name === 'Approve Draft')!;
    expect(approve.payload).not.toHaveProperty('message');
    expect(approve.payload['messageParts']).toEqual(["{% 'Please review the report \"' & $draft.title & '\".\\n\\n' %}", { expand: "{% {'$s3': $draft.`$s3`} %}", path: ['body'] }]);
    expect(JSON.stringify(approve.payload)).not.toContain('#body');
  });

  it('takes exactly one of message and messageParts', () => {
    const { message: _, messageParts: __, ...bare } = approvals[0]!.payload;
    expect(contractErrors(validate, bare).map((e) => e.keyword)).toContain('oneOf');
    expect(contractErrors(validate, { ...bare, message: 'text', messageParts: ['text'] }).map((e) => e.keyword)).toContain('oneOf');
    expect(contractErrors(validate, { ...bare, messageParts: ['text', { expand: {}, path: ['body'] }] })).toEqual([]);
    expect(contractErrors(validate, { ...bare, messageParts: [] }).map((e) => e.keyword)).toContain('minItems');
  });

  it('defines the messageParts items exactly as the adapter request defines its inputParts items, so the two cannot drift', () => {
    const items = (schema: Readonly<Record<string, unknown>>, field: string) => (schema['properties'] as Record<string, { items?: unknown }>)[field]?.items;
    expect(items(APPROVAL_REQUEST_SCHEMA, 'messageParts')).toBeDefined();
    expect(items(APPROVAL_REQUEST_SCHEMA, 'messageParts')).toEqual(items(AGENT_ADAPTER_REQUEST_SCHEMA, 'inputParts'));
  });

  it('documents every field of the schema in docs/agent-adapter.md', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'agent-adapter.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Approvals'));
    const rows = section.split('\n').filter((line) => line.startsWith('| `'));
    const missing = Object.keys(APPROVAL_REQUEST_SCHEMA['properties'] as object).filter((f) => !rows.some((row) => row.split('|')[1]!.includes(`\`${f}\``)));
    expect(missing).toEqual([]);
  });
});
