import { readFileSync } from 'node:fs';

/** A compiled definition from fixtures/workflows, parsed, as a fresh object the test may mutate. */
export function fixtureDefinition(name: string): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`../../../../fixtures/workflows/${name}.asl.json`, import.meta.url), 'utf8'));
}

export const FIXTURES = [
  'bft-consensus',
  'master-worker',
  'parallel',
  'pipeline',
  'quorum-commit',
  'research-report',
  'retry-fallback',
  'routing',
  'sequential',
  'voting',
] as const;
