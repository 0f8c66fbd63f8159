import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import adapterRequestCopy from '../../src/contract/agent-adapter-request.schema.js';
import approvalRequestCopy from '../../src/contract/approval-request.schema.js';

// The runtime package holds the source of each request schema; the compiler's copy must stay equal to it, since the
// compiler checks what it emits against the copy and the deployed handler checks what it receives against the source.
const source = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../runtime/src/contract/${name}`, import.meta.url), 'utf8'));

describe('the compiler\'s copies of the request schemas', () => {
  it.each([
    ['agent-adapter-request.schema.json', adapterRequestCopy],
    ['approval-request.schema.json', approvalRequestCopy],
  ])('%s: equal to the runtime package\'s source (after editing the JSON, paste it into the .schema.ts copy)', (name, copy) => {
    expect(copy).toEqual(source(name));
  });
});
