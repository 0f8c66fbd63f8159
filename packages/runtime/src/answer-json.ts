/**
 * Finds the JSON value in an agent's answer: the whole text, else each fenced code block, else each balanced
 * `{…}`/`[…]` in the prose, in that order; the first that parses wins. Returns undefined when none does.
 */
export function extractJson(text: string): { value: unknown } | undefined {
  for (const candidate of candidates(text)) {
    try {
      return { value: JSON.parse(candidate) as unknown };
    } catch {
      // Not this one: parse errors quote the text, so they are never kept.
    }
  }
  return undefined;
}

/** Starts of balanced spans tried, so a long answer of brackets that never close costs bounded time. */
const MAX_SPANS = 64;

function* candidates(text: string): Generator<string> {
  yield text.trim();
  for (const fence of text.matchAll(/```[\w-]*[ \t]*\r?\n?([\s\S]*?)```/g)) yield fence[1]!.trim();
  let spans = 0;
  for (let start = 0; start < text.length && spans < MAX_SPANS; start++) {
    const open = text[start];
    if (open !== '{' && open !== '[') continue;
    spans += 1;
    const end = balancedEnd(text, start);
    if (end !== undefined) yield text.slice(start, end + 1);
  }
}

/** The index closing the bracket at `start`, skipping brackets inside JSON strings. */
function balancedEnd(text: string, start: number): number | undefined {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') stack.push('}');
    else if (c === '[') stack.push(']');
    else if (c === '}' || c === ']') {
      if (stack.pop() !== c) return undefined;
      if (stack.length === 0) return i;
    }
  }
  return undefined;
}
