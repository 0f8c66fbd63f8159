import { DslError } from '../errors.js';
import type { SourceLocation } from '../source-location.js';

/**
 * zod 3 schemas (the `zod` 3.x package, or `zod/v3`) keep their definition in `_def`; zod 4 keeps it in `_zod.def`,
 * which is what agentflow reads to type references and bound payload sizes.
 */
function isZod3(value: unknown): boolean {
  return typeof value === 'object' && value !== null && '_def' in value && !('_zod' in value);
}

/** Refuses a zod 3 schema where agentflow reads one, before anything reads its (missing) zod 4 definition. */
export function requireZod4(schema: unknown, what: string, loc?: SourceLocation): void {
  if (!isZod3(schema)) return;
  throw new DslError('zod-3-schema', `${what} is a zod 3 schema: agentflow needs zod 4 schemas.`, {
    ...(loc ? { loc } : {}),
    hint: "Import z from 'zod' with zod 4 installed (pnpm add zod@^4), not from 'zod/v3' or a zod 3 package.",
  });
}
