/**
 * Support triage: a router agent classifies an incoming ticket, a Choice state sends it to the technical,
 * billing or general support agent, and anything the router cannot place (or marks as urgent) goes to the
 * escalation agent. Every resolution is then recorded in DynamoDB for reporting and follow-up.
 *
 * The route is decided by data (the router's typed `category`), not by the agent calling the next agent, so
 * the routing rules are visible in the state machine and testable on their own. All four handlers answer in
 * the same `Resolution` shape so that a single step after the Choice can record whichever one ran.
 */
import { agent, and, dynamodb, eq, text, when, workflow } from '@agentflow/dsl';
import { z } from 'zod';

export const router = agent('route-ticket', {
  agentName: 'support-router',
  alias: 'live',
  output: z.object({
    category: z.enum(['technical', 'billing', 'general']),
    urgency: z.enum(['low', 'normal', 'high', 'critical']),
    language: z.string().max(10),
    reason: z.string().max(500),
  }),
  // Classification is a single short model call.
  timeout: { minutes: 1 },
});

/** What every support agent (and the escalation agent) answers. */
const Resolution = z.object({
  reply: z.string().max(8000),
  status: z.enum(['resolved', 'needs-customer-input', 'escalated']),
  internalNote: z.string().max(2000).optional(),
});
type Resolution = z.infer<typeof Resolution>;
type Handler = 'technical' | 'billing' | 'general' | 'escalation';

const supportAgent = (name: string, agentName: string) =>
  agent(name, { agentName, alias: 'live', output: Resolution, timeout: { minutes: 5 } });

export const technical = supportAgent('technical-support', 'technical-support');
export const billing = supportAgent('billing-support', 'billing-support');
export const general = supportAgent('general-support', 'general-support');
export const escalation = supportAgent('escalate', 'support-escalation');

export default workflow(
  'routing',
  {
    input: z.object({
      ticketId: z.string().regex(/^T-\d{6,12}$/).max(14),
      customerId: z.string().max(64),
      subject: z.string().max(300),
      body: z.string().max(20_000),
      plan: z.enum(['free', 'pro', 'enterprise']),
    }),
    timeout: { minutes: 20 },
    comment: 'Classify a support ticket, route it to the matching support agent (or escalate), record the resolution.',
  },
  (flow) => {
    const ticket = flow.input;
    const route = flow.invoke(router, {
      prompt: text`Classify this support ticket as technical, billing or general, rate its urgency and detect its language.

Subject: ${ticket.subject}
${ticket.body}`,
    });

    // A Choice has no value of its own, so each arm keeps its agent's answer in this variable. Every arm
    // (the otherwise included) overwrites it; the initial value only fixes its type.
    const resolution = flow.set('resolution', {
      handledBy: 'escalation' as Handler,
      reply: 'Not handled yet.',
      status: 'escalated' as Resolution['status'],
    });

    const ask = text`Ticket ${ticket.ticketId} from a ${ticket.plan} customer, written in ${route.language}. Answer in that language.

Subject: ${ticket.subject}
${ticket.body}`;

    flow.choice(
      'route',
      [
        // Critical tickets from enterprise customers skip first-line support whatever their category.
        when(and(eq(route.urgency, 'critical'), eq(ticket.plan, 'enterprise')), (f) => {
          const answer = f.invoke(escalation, { id: 'escalate-critical', prompt: text`URGENT. ${ask}` });
          f.assign('keep-critical', resolution, { handledBy: 'escalation', reply: answer.reply, status: answer.status });
        }),
        when(eq(route.category, 'technical'), (f) => {
          const answer = f.invoke(technical, { prompt: ask });
          f.assign('keep-technical', resolution, { handledBy: 'technical', reply: answer.reply, status: answer.status });
        }),
        when(eq(route.category, 'billing'), (f) => {
          const answer = f.invoke(billing, { prompt: ask });
          f.assign('keep-billing', resolution, { handledBy: 'billing', reply: answer.reply, status: answer.status });
        }),
        when(eq(route.category, 'general'), (f) => {
          const answer = f.invoke(general, { prompt: ask });
          f.assign('keep-general', resolution, { handledBy: 'general', reply: answer.reply, status: answer.status });
        }),
      ],
      {
        // Unreachable while the router honours its enum; if it ever answers something else, a human looks at it.
        otherwise: (f) => {
          const answer = f.invoke(escalation, { prompt: text`The router could not classify this ticket (${route.reason}). ${ask}` });
          f.assign('keep-escalation', resolution, { handledBy: 'escalation', reply: answer.reply, status: answer.status });
        },
      },
    );

    flow.task(
      'record-resolution',
      dynamodb.putItem({
        table: 'support-resolutions',
        item: {
          ticketId: { S: ticket.ticketId },
          customerId: { S: ticket.customerId },
          category: { S: route.category },
          urgency: { S: route.urgency },
          handledBy: { S: resolution.handledBy },
          status: { S: resolution.status },
          reply: { S: resolution.reply },
          executionId: { S: flow.execution.id },
          triageStartedAt: { S: flow.execution.startTime },
        },
      }),
      { retry: [{ errors: ['DynamoDB.ProvisionedThroughputExceededException', 'DynamoDB.InternalServerErrorException'], interval: 1, maxAttempts: 5, backoff: 2 }] },
    );

    return { ticketId: ticket.ticketId, handledBy: resolution.handledBy, status: resolution.status, reply: resolution.reply };
  },
);
