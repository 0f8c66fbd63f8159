import { joinPointer } from './json-pointer.js';

export interface DuplicateKey {
  readonly key: string;
  /** Pointer of the object holding the key twice. */
  readonly parent: string;
  /** Offset of the later occurrence's opening quote. */
  readonly offset: number;
}

interface Frame {
  readonly keys: Set<string> | undefined;
  /** The key or index this container sits under in its parent. */
  readonly at: string | number | undefined;
  index: number;
  lastKey: string | undefined;
}

/**
 * Finds keys repeated within one object in text that is already known to be valid JSON, in one pass and
 * without building a syntax tree (JSON.parse silently keeps the last of them).
 */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Frame[] = [];
  const pointerOf = (): string => joinPointer('', ...stack.slice(1).map((f) => f.at!));
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x5c) {
          escaped = true;
          i++;
        } else if (c === 0x22) break;
      }
      const frame = stack[stack.length - 1];
      if (!frame?.keys) continue;
      let j = i + 1;
      while (j < text.length && isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== 0x3a /* : */) continue;
      const raw = text.slice(start, i + 1);
      const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      if (frame.keys.has(key)) found.push({ key, parent: pointerOf(), offset: start });
      frame.keys.add(key);
      frame.lastKey = key;
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      const parent = stack[stack.length - 1];
      const at = parent ? (parent.keys ? parent.lastKey : parent.index) : undefined;
      stack.push({ keys: ch === 0x7b ? new Set() : undefined, at, index: 0, lastKey: undefined });
    } else if (ch === 0x7d || ch === 0x5d) {
      stack.pop();
    } else if (ch === 0x2c /* , */) {
      const frame = stack[stack.length - 1];
      if (frame && !frame.keys) frame.index++;
    }
  }
  return found;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
