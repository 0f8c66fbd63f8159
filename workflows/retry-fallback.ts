/**
 * Knowledge-base answer with a fallback: the primary agent (a large model with retrieval over the product
 * knowledge base) answers a customer question. When it keeps failing, a lighter fallback agent answers from
 * the question alone, so the customer still gets a reply, flagged as lower confidence.
 *
 * Shape: the primary step retries transient failures with exponential backoff (2 s, 4 s, 8 s), and anything
 * still failing after that (including a timeout, which States.TaskFailed does not match) is caught by the
 * attempt around it, whose handler runs the fallback step. Both paths yield the same record.
 */
import { agent, text, workflow } from '@agentflow/dsl';
import { z } from 'zod';

const Answer = z.object({
  answer: z.string().max(6000),
  citations: z.array(z.object({ title: z.string().max(300), url: z.string().max(2048) })).max(10),
  confidence: z.enum(['low', 'medium', 'high']),
});

export const primary = agent('primary', {
  agentName: 'kb-answer',
  alias: 'live',
  output: Answer,
  timeout: { minutes: 3 },
});

export const fallback = agent('fallback', {
  agentName: 'kb-answer-lite',
  alias: 'live',
  output: Answer,
  // The fallback must answer quickly: the customer has already waited for the primary and its retries.
  timeout: { minutes: 1 },
});

export default workflow(
  'retry-fallback',
  {
    input: z.object({
      question: z.string().min(3).max(4000),
      product: z.enum(['console', 'mobile-app', 'api', 'billing-portal']),
      locale: z.string().max(10),
    }),
    // Primary: up to 4 attempts of 3 minutes plus 14 s of backoff; fallback: 1 minute.
    timeout: { minutes: 20 },
    comment: 'Answer from the knowledge base; retry transient failures, then fall back to a lighter agent.',
  },
  (flow) => {
    const q = flow.input;
    // Either path's record is the workflow's result: the attempt ends the execution on the primary's state, or on
    // the fallback's when the catch leads there.
    return flow.attempt(
      'answer',
      (f) => {
        const answered = f.invoke(primary, {
          prompt: text`Answer this customer question about our ${q.product} product, in the ${q.locale} locale. Use the
knowledge base and cite the articles you rely on.

Question: ${q.question}`,
          retry: [{ errors: ['States.TaskFailed'], interval: 2, maxAttempts: 3, backoff: 2 }],
        });
        return { answer: answered, answeredBy: 'primary' };
      },
      {
        catch: [
          {
            errors: ['States.ALL'],
            // The caught error tells the fallback why it is answering.
            handler: (failure, f) => {
              const rescued = f.invoke(fallback, {
                prompt: text`Answer this customer question about our ${q.product} product, in the ${q.locale} locale, as well as
you can without the knowledge base (it failed with ${failure.error}). Say so if you are unsure, and set confidence
accordingly.

Question: ${q.question}`,
              });
              return { answer: rescued, answeredBy: 'fallback' };
            },
          },
        ],
      },
    );
  },
);
