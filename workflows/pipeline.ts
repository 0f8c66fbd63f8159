/**
 * Supplier listing pipeline: a raw product listing from a supplier feed (free text, inconsistent units, marketing
 * copy) passes through four agents in turn, like an assembly line: extract the structured fields, clean and
 * normalise them, enrich them with our taxonomy and search keywords, and format the catalog entry. The
 * finished entry is queued for the catalog ingester.
 *
 * Each stage has one narrow job and a typed output that is the next stage's only input, so a bad stage is easy
 * to spot in the execution history and to swap out. Stages run strictly in order because each transforms the
 * previous stage's result.
 */
import { agent, sqs, text, workflow } from '@agentflow/dsl';
import { z } from 'zod';

const Category = z.enum(['electronics', 'home', 'garden', 'apparel', 'sports', 'toys', 'beauty', 'grocery', 'other']);

// Stage 1: whatever the supplier wrote, as fields. Values stay as written (units and all).
const Extracted = z.object({
  name: z.string().max(300),
  brand: z.string().max(100).optional(),
  description: z.string().max(5000),
  price: z.string().max(40),
  attributes: z.array(z.object({ name: z.string().max(100), value: z.string().max(300) })).max(40),
});

// Stage 2: the same fields normalised: prices in minor units of one currency, metric units, no marketing copy.
const Cleaned = z.object({
  name: z.string().max(150),
  brand: z.string().max(100).optional(),
  description: z.string().max(3000),
  priceMinor: z.number().int().min(0).max(100_000_000),
  currency: z.enum(['USD', 'EUR', 'GBP']),
  attributes: z.array(z.object({ name: z.string().max(60), value: z.string().max(120), unit: z.string().max(20).optional() })).max(40),
  issues: z.array(z.string().max(300)).max(20),
});

// Stage 3: the cleaned listing plus what we add: category, keywords, safety flags.
const Enriched = z.object({
  category: Category,
  subcategory: z.string().max(80),
  keywords: z.array(z.string().max(40)).max(25),
  ageRestricted: z.boolean(),
  hazmat: z.boolean(),
});

// Stage 4: the catalog entry as the ingester expects it.
const CatalogEntry = z.object({
  sku: z.string().max(64),
  title: z.string().max(150),
  bullets: z.array(z.string().max(250)).min(3).max(6),
  descriptionHtml: z.string().max(10_000),
  category: Category,
  searchKeywords: z.array(z.string().max(40)).max(25),
});

export const extractor = agent('extract', { agentName: 'listing-extractor', alias: 'live', output: Extracted, timeout: { minutes: 2 } });
export const cleaner = agent('clean', { agentName: 'listing-cleaner', alias: 'live', output: Cleaned, timeout: { minutes: 2 } });
export const enricher = agent('enrich', { agentName: 'listing-enricher', alias: 'live', output: Enriched, timeout: { minutes: 3 } });
export const formatter = agent('format', { agentName: 'listing-formatter', alias: 'live', output: CatalogEntry, timeout: { minutes: 2 } });

export default workflow(
  'pipeline',
  {
    input: z.object({
      supplierId: z.string().max(64),
      sku: z.string().regex(/^[A-Z0-9-]{4,64}$/).max(64),
      rawListing: z.string().min(20).max(30_000),
      marketplace: z.enum(['us', 'uk', 'de', 'fr']),
    }),
    timeout: { minutes: 30 },
    comment: 'Extract, clean, enrich and format a supplier listing with four agents, then queue it for the catalog.',
  },
  (flow) => {
    const listing = flow.input;

    const extracted = flow.invoke(extractor, {
      prompt: text`Extract the product fields from this supplier listing. Copy values exactly as written; do not
convert units or fix spelling. Put every specification you find under attributes.

${listing.rawListing}`,
    });

    const cleaned = flow.invoke(cleaner, {
      prompt: text`Normalise this extracted listing for the ${listing.marketplace} marketplace: price in minor units of the
local currency, metric units, consistent attribute names, and marketing superlatives removed from the name and
description. Note anything you could not normalise under issues.

${extracted}`,
    });

    const enriched = flow.invoke(enricher, {
      prompt: text`Classify this product in our catalog taxonomy, suggest up to 25 search keywords, and flag it if it is
age-restricted or hazardous to ship.

Name: ${cleaned.name}
Brand: ${cleaned.brand}
Description: ${cleaned.description}
Attributes: ${cleaned.attributes}`,
    });

    const entry = flow.invoke(formatter, {
      prompt: text`Write the catalog entry for SKU ${listing.sku} on the ${listing.marketplace} marketplace: a title under
150 characters, 3 to 6 bullet points, and an HTML description using only <p>, <ul>, <li> and <strong>.

Product: ${cleaned}
Category: ${enriched.category} / ${enriched.subcategory}
Keywords: ${enriched.keywords}`,
    });

    flow.task(
      'queue-for-catalog',
      sqs.sendMessage({
        queue: 'catalog-ingest',
        body: {
          supplierId: listing.supplierId,
          marketplace: listing.marketplace,
          entry,
          priceMinor: cleaned.priceMinor,
          currency: cleaned.currency,
          ageRestricted: enriched.ageRestricted,
          hazmat: enriched.hazmat,
          issues: cleaned.issues,
        },
      }),
    );

    return { sku: entry.sku, category: entry.category, issues: cleaned.issues };
  },
);
