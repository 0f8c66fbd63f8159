import type { Node } from 'jsonc-parser';
import { splitPointer } from './json-pointer.js';
import { syntaxTree } from './parse-text.js';

export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps offsets and JSON pointers to 1-based line:column (UTF-16 columns, as editors and SARIF count).
 * The line table and syntax tree are built on first use: a clean file never pays for them.
 */
export class SourceLocator {
  private lines: number[] | undefined;
  private treeBuilt = false;
  private syntax: Node | undefined;

  constructor(private readonly text: string) {}

  get tree(): Node | undefined {
    if (!this.treeBuilt) {
      this.treeBuilt = true;
      this.syntax = syntaxTree(this.text);
    }
    return this.syntax;
  }

  private get lineStarts(): number[] {
    if (this.lines) return this.lines;
    const text = this.text;
    const lines = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 0x0a) lines.push(i + 1);
      else if (ch === 0x0d) {
        if (text.charCodeAt(i + 1) === 0x0a) i++;
        lines.push(i + 1);
      }
    }
    return (this.lines = lines);
  }

  position(offset: number): LineColumn {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }

  /** The offset of the value at `pointer` (or of its property name), falling back to the deepest existing ancestor. */
  offsetOf(pointer: string, target: 'key' | 'value' = 'value'): number {
    let node = this.tree;
    if (!node) return 0;
    let keyOffset: number | undefined;
    for (const segment of splitPointer(pointer)) {
      const child = childOf(node, segment);
      if (!child) return keyOffset ?? node.offset;
      keyOffset = child.key;
      node = child.value;
    }
    return target === 'key' && keyOffset !== undefined ? keyOffset : node.offset;
  }

  locate(pointer: string, target: 'key' | 'value' = 'value'): LineColumn {
    return this.position(this.offsetOf(pointer, target));
  }
}

interface Child {
  readonly key?: number;
  readonly value: Node;
}

/**
 * Property lookup by name, one Map per object node, built the first time the object is searched: a lookup
 * costs O(depth), so locating every finding of a file stays linear in its size (a scan of the properties
 * on each lookup made 38,000 findings in one States object take minutes).
 */
const propertyIndex = new WeakMap<Node, Map<string, Child>>();

function propertiesOf(node: Node): Map<string, Child> {
  let index = propertyIndex.get(node);
  if (index) return index;
  index = new Map();
  // JSON.parse keeps the last of duplicated keys, so the later property overwrites the earlier one here too.
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key && typeof key.value === 'string') index.set(key.value, { key: property.offset, value: value ?? key });
  }
  propertyIndex.set(node, index);
  return index;
}

function childOf(node: Node, segment: string): Child | undefined {
  if (node.type === 'object') return propertiesOf(node).get(segment);
  if (node.type === 'array' && /^(0|[1-9]\d*)$/.test(segment)) {
    const item = node.children?.[Number(segment)];
    return item ? { value: item } : undefined;
  }
  return undefined;
}
