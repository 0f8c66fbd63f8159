/**
 * Vendor assessment: before procurement signs with a new vendor, three specialist agents look at it at the
 * same time: a data agent pulls the financial and operational figures, a research agent reads what is public
 * about the vendor, and a policy agent checks the engagement against our procurement and security policies.
 * A consolidation agent then weighs the three reports and recommends a decision.
 *
 * The three checks are independent of one another, so they run as branches of one Parallel state; the wall
 * time is the slowest branch, not the sum. The consolidator needs all three, so it runs after the join and
 * reads the typed record of branch results (`checks.data`, `checks.research`, `checks.policy`).
 */
import { agent, text, workflow } from '@agentflow/dsl';
import { z } from 'zod';

const Severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);

export const dataAgent = agent('vendor-data', {
  agentName: 'vendor-data',
  alias: 'live',
  output: z.object({
    annualRevenueUsd: z.number().min(0).max(1e13).optional(),
    employees: z.number().int().min(0).max(5_000_000).optional(),
    creditRating: z.enum(['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC', 'unrated']),
    uptimeLast12Months: z.number().min(0).max(100).optional(),
    notes: z.array(z.string().max(500)).max(10),
  }),
  timeout: { minutes: 5 },
});

export const researchAgent = agent('vendor-research', {
  agentName: 'vendor-research',
  alias: 'live',
  output: z.object({
    summary: z.string().max(3000),
    incidents: z
      .array(z.object({ date: z.string().max(40), description: z.string().max(1000), severity: Severity, source: z.string().max(2048) }))
      .max(15),
  }),
  // Web research is the slowest of the three checks.
  timeout: { minutes: 10 },
});

export const policyAgent = agent('vendor-policy', {
  agentName: 'vendor-policy',
  alias: 'live',
  output: z.object({
    compliant: z.boolean(),
    violations: z.array(z.object({ policy: z.string().max(200), finding: z.string().max(1000), severity: Severity })).max(20),
    requiredControls: z.array(z.string().max(300)).max(20),
  }),
  timeout: { minutes: 5 },
});

export const consolidator = agent('consolidate', {
  agentName: 'vendor-consolidator',
  alias: 'live',
  output: z.object({
    decision: z.enum(['approve', 'approve-with-conditions', 'reject']),
    rationale: z.string().max(4000),
    conditions: z.array(z.string().max(500)).max(10),
  }),
  timeout: { minutes: 5 },
});

export default workflow(
  'parallel',
  {
    input: z.object({
      vendor: z.string().min(2).max(200),
      website: z.string().url().max(2048),
      engagement: z.string().max(2000),
      dataClassification: z.enum(['public', 'internal', 'confidential', 'restricted']),
    }),
    timeout: { minutes: 30 },
    comment: 'Data, research and policy checks in parallel, then one consolidated recommendation.',
  },
  (flow) => {
    const checks = flow.parallel('vendor-checks', {
      data: (b) =>
        b.invoke(dataAgent, {
          prompt: text`Collect financial and operational figures for the vendor ${flow.input.vendor} (${flow.input.website}).
Leave a figure out rather than guess it.`,
        }),
      research: (b) =>
        b.invoke(researchAgent, {
          prompt: text`Research public information about ${flow.input.vendor} (${flow.input.website}): reputation, security
incidents, outages, lawsuits and regulatory actions in the last five years. Cite a source for every incident.`,
        }),
      policy: (b) =>
        b.invoke(policyAgent, {
          prompt: text`Check this engagement with ${flow.input.vendor} against our procurement and information-security
policies. The vendor will handle ${flow.input.dataClassification} data.

Engagement: ${flow.input.engagement}`,
        }),
    });

    const recommendation = flow.invoke(consolidator, {
      prompt: text`Recommend whether to engage ${flow.input.vendor} for: ${flow.input.engagement}
Weigh the three assessments below; any critical policy violation means reject.

Financial and operational data: ${checks.data}
Public research: ${checks.research}
Policy check: ${checks.policy}`,
    });

    return {
      vendor: flow.input.vendor,
      decision: recommendation.decision,
      rationale: recommendation.rationale,
      conditions: recommendation.conditions,
      policyCompliant: checks.policy.compliant,
    };
  },
);
