import { describe, expect, it } from 'vitest';
import type { AgentDef } from '@agentflow/dsl';
import { failWith, maximalAnswer, reply, simulate, type AgentRequest, type Json, type SimulateOptions, type SimulationResult, largestPayload } from '@agentflow/testing';
import pipeline, { cleaner, enricher, extractor, formatter } from '../../../../../workflows/pipeline.js';

const BUCKET = 's3://agentflow-artifacts-dev/agentflow/pipeline/sim-1';
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/agentflow-catalog-ingest';
const SQS_RESULT = { MessageId: 'msg-1', MD5OfMessageBody: '0123456789abcdef0123456789abcdef' };
const LIMIT = 262_144;
// What the largest value of a maximal run reaches (the extractor request with a 30,000-character listing).
const FLOOR = { escapes: 180_000, cjk: 90_000, quotes: 75_000 };

const INPUT = { supplierId: 'sup-9', sku: 'LAMP-300', rawListing: 'Lumen Trail Lamp 300 - SUPER bright!!! 9 oz, only $24.99', marketplace: 'us' };
const EXTRACTED = { name: 'Trail Lamp 300', brand: 'Lumen', description: 'SUPER bright!!!', price: '$24.99', attributes: [{ name: 'Weight', value: '9 oz' }] };
const CLEANED = {
  name: 'Trail Lamp 300',
  brand: 'Lumen',
  description: 'A bright camping lamp.',
  priceMinor: 2499,
  currency: 'USD' as const,
  attributes: [{ name: 'weight', value: '255', unit: 'g' }],
  issues: ['Battery type not stated'],
};
const ENRICHED = { category: 'sports' as const, subcategory: 'camping lights', keywords: ['lamp', 'camping'], ageRestricted: false, hazmat: true };
const ENTRY = {
  sku: 'LAMP-300',
  title: 'Lumen Trail Lamp 300',
  bullets: ['Bright', 'Light: 255 g', 'Rechargeable'],
  descriptionHtml: '<p>A bright camping lamp.</p>',
  category: 'sports' as const,
  searchKeywords: ['lamp', 'camping'],
};

type Output<A> = A extends AgentDef<infer T> ? T : never;

const STAGES = ['Extract', 'Clean', 'Enrich', 'Format', 'Queue For Catalog'];

interface Calls {
  extract: AgentRequest[];
  clean: AgentRequest[];
  enrich: AgentRequest[];
  format: AgentRequest[];
  queued: Json[];
}

/** Mocks answering every stage, recording what each received; `agents` replaces any of them. */
function scenario(agents: SimulateOptions['agents'] = {}, answers: { cleaned?: Output<typeof cleaner> } = {}) {
  const calls: Calls = { extract: [], clean: [], enrich: [], format: [], queued: [] };
  const options: SimulateOptions = {
    input: INPUT,
    agents: {
      extract: reply(extractor, (req) => (calls.extract.push(req), EXTRACTED)),
      clean: reply(cleaner, (req) => (calls.clean.push(req), answers.cleaned ?? CLEANED)),
      enrich: reply(enricher, (req) => (calls.enrich.push(req), ENRICHED)),
      format: reply(formatter, (req) => (calls.format.push(req), ENTRY)),
      ...agents,
    },
    tasks: { 'queue-for-catalog': (args) => (calls.queued.push(args), SQS_RESULT) },
  };
  return { calls, options };
}

const states = (r: SimulationResult) => r.trace.map((t) => t.state);


describe('pipeline: happy path', () => {
  it('runs the four stages in order, each reading the previous answer, and queues the entry', async () => {
    const { calls, options } = scenario();
    const r = await simulate(pipeline, options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ sku: 'LAMP-300', category: 'sports', issues: ['Battery type not stated'] });
    expect(states(r)).toEqual(STAGES);
    expect(r.transitions).toBe(5);
    expect(r.coverage.choiceRules).toEqual({});

    expect(calls.extract[0]!.prompt).toBe(
      'Extract the product fields from this supplier listing. Copy values exactly as written; do not\nconvert units or fix spelling. Put every specification you find under attributes.\n\n' +
        INPUT.rawListing,
    );
    // The extraction is offloaded; the cleaner's prompt carries it expanded from S3.
    expect(JSON.parse(r.s3.get(`${BUCKET}/extract.json`)!)).toEqual(EXTRACTED);
    expect(calls.clean[0]!.prompt).toBe(
      'Normalise this extracted listing for the us marketplace: price in minor units of the\nlocal currency, metric units, consistent attribute names, and marketing superlatives removed from the name and\ndescription. Note anything you could not normalise under issues.\n\n' +
        JSON.stringify(EXTRACTED),
    );
    expect(calls.enrich[0]!.prompt).toBe(
      'Classify this product in our catalog taxonomy, suggest up to 25 search keywords, and flag it if it is\nage-restricted or hazardous to ship.\n\n' +
        `Name: Trail Lamp 300\nBrand: Lumen\nDescription: A bright camping lamp.\nAttributes: ${JSON.stringify(CLEANED.attributes)}`,
    );
    expect(calls.format[0]!.prompt).toBe(
      'Write the catalog entry for SKU LAMP-300 on the us marketplace: a title under\n150 characters, 3 to 6 bullet points, and an HTML description using only <p>, <ul>, <li> and <strong>.\n\n' +
        `Product: ${JSON.stringify(CLEANED)}\nCategory: sports / camping lights\nKeywords: ["lamp","camping"]`,
    );
    expect(calls.format[0]!.sessionId).toBe('sim-1:format');

    expect(calls.queued).toHaveLength(1);
    const sent = calls.queued[0] as { QueueUrl: string; MessageBody: string };
    expect(sent.QueueUrl).toBe(QUEUE_URL);
    expect(JSON.parse(sent.MessageBody)).toEqual({
      supplierId: 'sup-9',
      marketplace: 'us',
      entry: ENTRY,
      priceMinor: 2499,
      currency: 'USD',
      ageRestricted: false,
      hazmat: true,
      issues: ['Battery type not stated'],
    });
  });

  it('runs when the optional brand is absent', async () => {
    const { brand: _brand, ...unbranded } = CLEANED;
    const { calls, options } = scenario({}, { cleaned: unbranded });
    const r = await simulate(pipeline, options);

    expect(r.status).toBe('SUCCEEDED');
    expect(states(r)).toEqual(STAGES);
    expect(calls.enrich[0]!.prompt).toContain('\nName: Trail Lamp 300\nBrand: \nDescription: A bright camping lamp.\n');
    expect(calls.format[0]!.prompt).toContain(`Product: ${JSON.stringify(unbranded)}\n`);
  });
});

describe('pipeline: trace', () => {
  it("counts a task's arguments in its trace entry's maxBytes", async () => {
    const { options } = scenario();
    const r = await simulate(pipeline, options);

    const scheduled = r.events.filter((e) => e.type === 'TaskScheduled').map((e) => (e['taskScheduledEventDetails'] as { parameters: string }).parameters);
    const formatArguments = scheduled.find((p) => p.includes('"agentId":"4AWTY088O5"'))!;
    const format = r.trace.find((t) => t.state === 'Format')!;
    expect(Buffer.byteLength(formatArguments)).toBeGreaterThan(Math.max(Buffer.byteLength(JSON.stringify(format.input)), Buffer.byteLength(JSON.stringify(format.output))));
    expect(format.maxBytes).toBeGreaterThanOrEqual(Buffer.byteLength(formatArguments));
  });
});

describe('pipeline: failures', () => {
  it('retries a transient Lambda error on the cleaner and carries on', async () => {
    const { calls, options } = scenario({
      clean: reply(cleaner, (req, ctx) => {
        calls.clean.push(req);
        if (ctx.attempt === 0) throw failWith('Lambda.SdkClientException', 'Connection reset.');
        return CLEANED;
      }),
    });
    const r = await simulate(pipeline, options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ sku: 'LAMP-300', category: 'sports', issues: ['Battery type not stated'] });
    expect(calls.clean).toHaveLength(2);
    // A retried agent step keeps its Bedrock session.
    expect(calls.clean.map((c) => c.sessionId)).toEqual(['sim-1:clean', 'sim-1:clean']);
    expect(r.trace.find((t) => t.state === 'Clean')!.retries).toBe(1);
    expect(r.coverage.retriers).toEqual({ 'Clean#0': 1 });
    expect(r.durationSeconds).toBe(2);
    expect(r.transitions).toBe(6);
  });

  it('fails on a throttled enricher (no retry declared for it) and queues nothing', async () => {
    const { calls, options } = scenario({ enrich: () => Promise.reject(failWith('Agentflow.AgentThrottled', 'Too many requests.')) });
    const r = await simulate(pipeline, options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Agentflow.AgentThrottled');
    expect(states(r)).toEqual(['Extract', 'Clean', 'Enrich']);
    expect(calls.format).toHaveLength(0);
    expect(calls.queued).toHaveLength(0);
  });

  it('fails with InvalidAgentOutput when the formatter gives two bullets (three required)', async () => {
    const { calls, options } = scenario({ format: () => ({ ...ENTRY, bullets: ['One', 'Two'] }) });
    const r = await simulate(pipeline, options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Agentflow.InvalidAgentOutput');
    expect(states(r)).toEqual(['Extract', 'Clean', 'Enrich', 'Format']);
    expect(calls.queued).toHaveLength(0);
  });

  it('times out an enricher that never answers after its 3 minutes', async () => {
    const { calls, options } = scenario({ enrich: (_req, ctx) => ctx.never() });
    const r = await simulate(pipeline, options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Timeout');
    expect(r.durationSeconds).toBe(180);
    expect(r.events.find((e) => e.type === 'TaskTimedOut')).toMatchObject({ taskTimedOutEventDetails: { error: 'States.Timeout' } });
    expect(calls.format).toHaveLength(0);
    expect(calls.queued).toHaveLength(0);
  });

  it('fails when SQS rejects the message: the queue step declares no retry', async () => {
    const { options } = scenario();
    const r = await simulate(pipeline, { ...options, tasks: { 'queue-for-catalog': () => Promise.reject(failWith('SQS.SqsException', 'Service unavailable.')) } });

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('SQS.SqsException');
    expect(r.trace.at(-1)).toMatchObject({ state: 'Queue For Catalog', retries: 0 });
  });
});

describe('pipeline: maximum-size answers', () => {
  for (const text of ['escapes', 'cjk', 'quotes'] as const) {
    it(`fits the payload limit with every stage at its schema maxima (${text})`, async () => {
      const entry = maximalAnswer(formatter, { text });
      const cleaned = maximalAnswer(cleaner, { text });
      const { calls, options } = scenario({
        extract: reply(extractor, maximalAnswer(extractor, { text })),
        clean: reply(cleaner, cleaned),
        enrich: reply(enricher, maximalAnswer(enricher, { text })),
        format: reply(formatter, entry),
      });
      const input = { supplierId: maximalAnswer(cleaner, { text }).brand!.slice(0, 64), sku: 'A'.repeat(64), rawListing: maximalAnswer(extractor, { text }).description.repeat(6), marketplace: 'us' };
      const r = await simulate(pipeline, { ...options, input });

      expect(r.error).toBeUndefined();
      expect(r.status).toBe('SUCCEEDED');
      expect(r.output).toEqual({ sku: entry.sku, category: entry.category, issues: cleaned.issues });
      expect(calls.queued).toHaveLength(1);
      expect(JSON.parse((calls.queued[0] as { MessageBody: string }).MessageBody).entry).toEqual(entry);
      expect(largestPayload(r)).toBeGreaterThan(FLOOR[text]);
      expect(largestPayload(r)).toBeLessThanOrEqual(LIMIT);
    });
  }
});
