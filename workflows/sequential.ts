/**
 * Market brief: three agents in a row. A researcher gathers findings on a market question, an analyst turns
 * those findings into insights and risks, and a summarizer writes the executive summary.
 *
 * The shape is a plain sequence because each stage needs the whole typed output of the one before it: the
 * analyst reads the researcher's findings, the summarizer reads the analyst's insights. Nothing can start
 * early, so there is nothing to parallelize.
 */
import { agent, text, workflow } from '@agentflow/dsl';
import { z } from 'zod';

const Finding = z.object({
  claim: z.string().max(1000),
  evidence: z.string().max(2000),
  source: z.string().max(2048),
  confidence: z.enum(['low', 'medium', 'high']),
});

export const researcher = agent('research', {
  agentName: 'market-researcher',
  alias: 'live',
  output: z.object({ findings: z.array(Finding).min(1).max(20) }),
  // The researcher browses and reads documents through its action groups, so it gets the longest budget.
  timeout: { minutes: 10 },
});

export const analyst = agent('analysis', {
  agentName: 'market-analyst',
  alias: 'live',
  output: z.object({
    insights: z.array(z.object({ insight: z.string().max(1500), impact: z.enum(['low', 'medium', 'high']) })).max(10),
    risks: z.array(z.string().max(1000)).max(10),
    openQuestions: z.array(z.string().max(500)).max(5),
  }),
  timeout: { minutes: 5 },
});

export const summarizer = agent('summarization', {
  agentName: 'executive-summarizer',
  alias: 'live',
  output: z.object({
    headline: z.string().max(200),
    summary: z.string().max(4000),
    recommendation: z.enum(['proceed', 'investigate-further', 'do-not-proceed']),
  }),
  timeout: { minutes: 5 },
});

export default workflow(
  'sequential',
  {
    input: z.object({
      question: z.string().min(10).max(1000),
      market: z.string().max(200),
      audience: z.enum(['executive', 'product', 'investor']),
    }),
    // Three agent calls of at most 10 + 5 + 5 minutes, plus their retries.
    timeout: { hours: 1 },
    comment: 'Research, then analysis, then an executive summary; each agent reads the previous result.',
  },
  (flow) => {
    const research = flow.invoke(researcher, {
      prompt: text`Research this question about the ${flow.input.market} market: ${flow.input.question}
Return up to 20 findings. Cite a source for each and rate your confidence in it.`,
    });

    const analysis = flow.invoke(analyst, {
      prompt: text`Analyse these research findings on "${flow.input.question}" (${flow.input.market} market).
Separate insights from risks, rate each insight's impact, and list what the research leaves open.

Findings: ${research.findings}`,
    });

    const summary = flow.invoke(summarizer, {
      prompt: text`Write a summary for ${flow.input.audience} readers answering: ${flow.input.question}
Base it only on this analysis and end with a recommendation.

Insights: ${analysis.insights}
Risks: ${analysis.risks}
Open questions: ${analysis.openQuestions}`,
    });

    return {
      headline: summary.headline,
      summary: summary.summary,
      recommendation: summary.recommendation,
      risks: analysis.risks,
    };
  },
);
