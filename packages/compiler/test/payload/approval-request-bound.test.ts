import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { text, workflow } from '@agentflow/dsl';
import { compileWorkflow } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

/**
 * An approval's arguments are its request to the responder: the message and subject, escaped once as JSON values of
 * the Payload, plus fixed fields (task token up to 2,048 characters, execution and function ARNs, topic ARN, names;
 * 8,192 bytes allowed). The budget is 90% of 256 KiB, 235,929 bytes.
 */
function approvalOf(maxChars: number) {
  return workflow('approval-bound', { input: z.object({ note: z.string().max(maxChars) }) }, (flow) => {
    // Twice the note: the message alone comes near the budget while the input stays well under it.
    flow.approval('sign-off', { notify: 'reviewers', message: text`${flow.input.note}${flow.input.note}`, timeout: { days: 1 } });
  });
}

/** The approval state's report row: its largest measure, which is its arguments. */
const approvalRow = (result: ReturnType<typeof compileWorkflow>) => result.payload!.states.find((r) => r.state === 'Sign Off')!;

describe('the approval request bound', () => {
  it('fits when message and fixed fields fit: 2 × 18,000 characters (6 bytes each when escaped) + 8,192', () => {
    const result = compileWorkflow(approvalOf(18_000), { env: TEST_ENV, envName: 'test' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(approvalRow(result)).toMatchObject({ measure: 'arguments', offloaded: false });
    expect(approvalRow(result).bytes).toBeGreaterThan(2 * 6 * 18_000 + 8_192);
    expect(approvalRow(result).bytes).toBeLessThanOrEqual(result.payload!.budgetBytes);
    expect(result.payload!.budgetBytes).toBe(235_929);
  });

  it('is payload-over-budget when only the fixed fields push a message near 256 KiB over the budget', () => {
    // 2 × 6 × 19,200 = 230,400 bytes of message: under the budget alone, over it with the request's fixed fields.
    const result = compileWorkflow(approvalOf(19_200), { env: TEST_ENV, envName: 'test' });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['payload-over-budget']);
    expect(errors[0]!.message).toContain("'Sign Off'");
    expect(result.definition).toBeUndefined();
  });
});
