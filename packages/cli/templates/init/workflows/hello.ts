/**
 * A first workflow: an agent drafts an answer to a customer's question, a person approves it, and the approved
 * answer is the result. A rejection fails the execution with the reviewer's comments.
 *
 * Compile it with `npm run compile` (ASL and IAM into build/), run it offline with `npm test`.
 */
import { agent, orElse, text, when, workflow } from '@agentflow/dsl';
import { z } from 'zod';

// `agentName` and `alias` are logical names: agentflow.config.yaml maps them to a Bedrock agent per environment.
// The output schema is what the agent must answer; `.max()` bounds keep every state under the payload limit.
export const drafter = agent('draft-answer', {
  agentName: 'support-drafter',
  alias: 'live',
  output: z.object({ answer: z.string().max(4000), confidence: z.enum(['high', 'low']) }),
  timeout: { minutes: 5 },
});

export default workflow(
  'hello',
  {
    input: z.object({ customer: z.string().max(200), question: z.string().min(1).max(2000) }),
    timeout: { days: 3 },
    comment: 'Draft an answer with an agent, have a person approve it.',
  },
  (flow) => {
    // `text` splices step results into the prompt at run time (a plain template literal would not).
    const draft = flow.invoke(drafter, {
      prompt: text`Answer ${flow.input.customer}'s question in a few friendly sentences: ${flow.input.question}`,
    });

    // Waits (up to two days) until a reviewer approves or rejects the draft from the message sent to `reviewers`.
    const verdict = flow.approval('approve-answer', {
      notify: 'reviewers',
      subject: 'Approve an answer',
      message: text`Question from ${flow.input.customer}: ${flow.input.question}\n\nDraft (${draft.confidence} confidence): ${draft.answer}`,
      timeout: { days: 2 },
    });

    // Decisions on run-time values are choices (never `if`): the body runs once, at compile time.
    flow.choice('on-review', [when(verdict.approved, () => {})], {
      otherwise: { fail: { error: 'Answer.Rejected', cause: 'The reviewer rejected the draft.' } },
    });
    return { answer: draft.answer, approvedBy: orElse(verdict.reviewer, 'unknown') };
  },
);
