/**
 * `${...}` placeholders left in templated definitions: SAM DefinitionSubstitutions, Terraform templatefile,
 * CloudFormation Fn::Sub and CDK tokens (`${Token[TOKEN.12]}`).
 */

const PLACEHOLDER_SOURCE = String.raw`\$\{[^{}\n]{1,512}\}`;
const ANY_PLACEHOLDER = new RegExp(PLACEHOLDER_SOURCE);
const WHOLE_PLACEHOLDER = new RegExp(`^${PLACEHOLDER_SOURCE}$`);

export function containsPlaceholder(value: unknown): value is string {
  return typeof value === 'string' && value.includes('${') && ANY_PLACEHOLDER.test(value);
}

export function isWholePlaceholder(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('${') && WHOLE_PLACEHOLDER.test(value);
}

/**
 * A CloudFormation intrinsic standing in for a value, as in inline `Definition` objects:
 * `{"Ref": "Table"}`, `{"Fn::GetAtt": ["Fn", "Arn"]}`, `{"Fn::Sub": "..."}`.
 */
export function isCloudFormationIntrinsic(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // Own keys counted up to two rather than Object.keys: this runs on every object of the definition.
  let only: string | undefined;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (only !== undefined) return false;
    only = key;
  }
  return only !== undefined && (only === 'Ref' || /^Fn::[A-Za-z]+$/.test(only));
}

/**
 * False when JSON text provably holds no `${...}` placeholder (in a key or a string) and no CloudFormation intrinsic:
 * JSON can write `$`, `{`, `Ref` and `Fn::` only literally or as `\u` escapes, so four native searches answer for the
 * whole text and spare a search of every value and key of the parsed definition. The key `"Ref"` is searched as
 * `Ref"`: a pattern that starts with a quote is 25 times slower to find (quotes are everywhere in JSON).
 */
export function mayHoldTemplates(text: string): boolean {
  return text.includes('${') || text.includes('Ref"') || text.includes('Fn::') || text.includes('\\u');
}

export function placeholdersIn(value: string): string[] {
  return value.match(new RegExp(PLACEHOLDER_SOURCE, 'g')) ?? [];
}

/** Every placeholder replaced by `x`, for checks that only need the literal text around them. */
export function maskPlaceholders(value: string, replacement = 'x'): string {
  // Most values hold none: no regular expression built per call for them (this runs on every Task's Resource).
  if (!value.includes('${')) return value;
  return value.replace(new RegExp(PLACEHOLDER_SOURCE, 'g'), replacement);
}

export interface UnquotedPlaceholder {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/**
 * Replaces placeholders that stand outside JSON strings (`"TimeoutSeconds": ${timeout}`) with a neutral
 * number of the same length, keeping line breaks, so the text parses and every offset stays put.
 */
export function substituteUnquotedPlaceholders(text: string): { text: string; placeholders: UnquotedPlaceholder[] } {
  const placeholders: UnquotedPlaceholder[] = [];
  if (!text.includes('${')) return { text, placeholders };
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      i = skipString(text, i);
      continue;
    }
    if (ch === 0x24 /* $ */ && text.charCodeAt(i + 1) === 0x7b /* { */) {
      const end = placeholderEnd(text, i);
      if (end !== -1) {
        const raw = text.slice(i, end);
        placeholders.push({ offset: i, length: raw.length, text: raw });
        out += text.slice(copiedUpTo, i) + '1' + raw.slice(1).replace(/[^\r\n]/g, ' ');
        copiedUpTo = end;
        i = end;
        continue;
      }
    }
    i++;
  }
  out += text.slice(copiedUpTo);
  return { text: out, placeholders };
}

function skipString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5c /* \ */) i += 2;
    else if (ch === 0x22 || ch === 0x0a) return i + 1;
    else i++;
  }
  return i;
}

/** End offset (exclusive) of the `${...}` starting at `start`, allowing nested braces and quoted strings. */
function placeholderEnd(text: string, start: number): number {
  let depth = 0;
  const limit = Math.min(text.length, start + 4096);
  for (let i = start + 1; i < limit; i++) {
    const ch = text[i];
    if (ch === '"') {
      const next = skipString(text, i);
      if (text[next - 1] !== '"') return -1;
      i = next - 1;
    } else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
