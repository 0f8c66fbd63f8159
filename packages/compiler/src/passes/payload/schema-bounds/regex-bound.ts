import { MAX_BYTES_PER_CHAR, rangeJsonBytes } from './json-bytes.js';

/** What an anchored pattern says about every string it accepts, in JSON string-content bytes (quotes excluded). */
export interface PatternBound {
  /** Most content bytes a matching string takes; Infinity when the pattern repeats without limit. */
  readonly contentBytes: number;
  /**
   * Most bytes any one character (code point, as zod counts length) of a matching string takes: 6 unless the
   * pattern narrows the characters. Without the `u` flag an atom matches a UTF-16 unit, and a unit that may be half a
   * pair counts as a lone surrogate (6), which covers the pair (4) it may belong to.
   */
  readonly bytesPerChar: number;
}

/** Max bytes one match of a node produces, and max bytes of one character it consumes. */
interface Size {
  readonly bytes: number;
  readonly perChar: number;
}

type Term = { readonly kind: 'start' | 'end' | 'other'; readonly size: Size };

const ZERO: Size = { bytes: 0, perChar: 0 };
const ANY: Size = { bytes: MAX_BYTES_PER_CHAR, perChar: MAX_BYTES_PER_CHAR };
const UNBOUNDED: Size = { bytes: Infinity, perChar: MAX_BYTES_PER_CHAR };

class Unsupported extends Error {}

/**
 * Bounds the strings a RegExp accepts through `test()`. Only a pattern whose every top-level alternative is
 * `^…$` (and without the `m` flag) constrains the whole string; anything else, and syntax this reader does not
 * model (`v` flag, inline modifiers), gives `undefined`: no information, never a guess.
 */
export function anchoredPatternBound(pattern: RegExp): PatternBound | undefined {
  if (pattern.multiline || pattern.flags.includes('v')) return undefined;
  try {
    const parser = new Parser(pattern.source, pattern.unicode, pattern.ignoreCase);
    const alternatives = parser.parseDisjunction();
    if (!parser.done()) return undefined;
    let bytes = 0;
    let perChar = 0;
    for (const terms of alternatives) {
      if (terms[0]?.kind !== 'start' || terms.at(-1)?.kind !== 'end') return undefined;
      const size = sequence(terms.map((term) => term.size));
      bytes = Math.max(bytes, size.bytes);
      perChar = Math.max(perChar, size.perChar);
    }
    return { contentBytes: bytes, bytesPerChar: perChar };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

function sequence(sizes: readonly Size[]): Size {
  return sizes.reduce((acc, s) => ({ bytes: acc.bytes + s.bytes, perChar: Math.max(acc.perChar, s.perChar) }), ZERO);
}

function alternation(sizes: readonly Size[]): Size {
  return sizes.reduce((acc, s) => ({ bytes: Math.max(acc.bytes, s.bytes), perChar: Math.max(acc.perChar, s.perChar) }), ZERO);
}

class Parser {
  private i = 0;

  constructor(
    private readonly src: string,
    private readonly unicode: boolean,
    private readonly ignoreCase: boolean,
  ) {}

  done(): boolean {
    return this.i >= this.src.length;
  }

  parseDisjunction(): Term[][] {
    const alternatives = [this.parseAlternative()];
    while (this.peek() === '|') {
      this.i++;
      alternatives.push(this.parseAlternative());
    }
    return alternatives;
  }

  private parseAlternative(): Term[] {
    const terms: Term[] = [];
    while (!this.done() && this.peek() !== '|' && this.peek() !== ')') terms.push(this.parseTerm());
    return terms;
  }

  private parseTerm(): Term {
    const ch = this.peek();
    if (ch === '^' || ch === '$') {
      this.i++;
      const kind = ch === '^' ? 'start' : 'end';
      return this.quantifier() ? { kind: 'other', size: ZERO } : { kind, size: ZERO };
    }
    const atom = this.parseAtom();
    const q = this.quantifier();
    if (!q) return { kind: 'other', size: atom };
    if (q.max === 0) return { kind: 'other', size: ZERO };
    const bytes = atom.bytes === 0 ? 0 : atom.bytes * q.max;
    return { kind: 'other', size: { bytes, perChar: atom.perChar } };
  }

  private quantifier(): { max: number } | undefined {
    const ch = this.peek();
    let max: number;
    if (ch === '*' || ch === '+') {
      this.i++;
      max = Infinity;
    } else if (ch === '?') {
      this.i++;
      max = 1;
    } else if (ch === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return undefined; // Annex B: a lone `{` is a literal, read as the next atom
      this.i += m[0].length;
      max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    } else {
      return undefined;
    }
    if (this.peek() === '?') this.i++; // lazy
    return { max };
  }

  private parseAtom(): Size {
    const ch = this.peek();
    if (ch === '(') return this.parseGroup();
    if (ch === '[') return this.parseClass();
    if (ch === '.') {
      this.i++;
      return ANY;
    }
    if (ch === '\\') {
      this.i++;
      const escape = this.parseEscape(false);
      return escape === 'assertion' ? ZERO : typeof escape === 'number' ? this.charSize(escape) : escape;
    }
    if (ch === '*' || ch === '+' || ch === '?' || ch === ')' || ch === '|') throw new Unsupported();
    return this.charSize(this.nextChar());
  }

  private parseGroup(): Size {
    this.i++; // (
    let lookaround = false;
    if (this.src.startsWith('?:', this.i)) this.i += 2;
    else if (this.src.startsWith('?=', this.i) || this.src.startsWith('?!', this.i)) {
      this.i += 2;
      lookaround = true;
    } else if (this.src.startsWith('?<=', this.i) || this.src.startsWith('?<!', this.i)) {
      this.i += 3;
      lookaround = true;
    } else if (this.src.startsWith('?<', this.i)) {
      const close = this.src.indexOf('>', this.i);
      if (close < 0) throw new Unsupported();
      this.i = close + 1;
    } else if (this.peek() === '?') {
      throw new Unsupported(); // inline modifiers (?i:…) change matching rules
    }
    const inner = alternation(this.parseDisjunction().map((terms) => sequence(terms.map((t) => t.size))));
    if (this.peek() !== ')') throw new Unsupported();
    this.i++;
    return lookaround ? ZERO : inner;
  }

  private parseClass(): Size {
    this.i++; // [
    const negated = this.peek() === '^';
    if (negated) this.i++;
    let size = ZERO;
    while (this.peek() !== ']') {
      if (this.done()) throw new Unsupported();
      const from = this.classMember();
      if (this.peek() === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        const to = this.classMember();
        size = alternation([size, typeof from === 'number' && typeof to === 'number' ? this.rangeSize(from, to) : ANY]);
      } else {
        size = alternation([size, typeof from === 'number' ? this.charSize(from) : from]);
      }
    }
    this.i++; // ]
    // A negated class admits every character it does not list, control characters included.
    return negated ? ANY : size;
  }

  /** A code point, or the size of a class escape such as `\d`. */
  private classMember(): number | Size {
    if (this.peek() !== '\\') return this.nextChar();
    this.i++;
    if (this.peek() === 'b') {
      this.i++;
      return 0x08;
    }
    if (this.peek() === '-') {
      this.i++;
      return 0x2d;
    }
    const escape = this.parseEscape(true);
    return escape === 'assertion' ? ANY : escape;
  }

  /** After a backslash: one character's code point, a class's size, or an assertion (`\b` `\B`). */
  private parseEscape(inClass: boolean): number | Size | 'assertion' {
    const ch = this.src[this.i++];
    if (ch === undefined) throw new Unsupported();
    switch (ch) {
      case 'b':
      case 'B':
        return 'assertion';
      case 'd':
        return this.rangeSize(0x30, 0x39);
      case 'w':
        return this.classOf([
          [0x30, 0x39],
          [0x41, 0x5a],
          [0x5f, 0x5f],
          [0x61, 0x7a],
        ]);
      case 'D':
      case 'W':
      case 's':
      case 'S':
        return ANY; // each admits a control character (\s admits U+000B, six bytes)
      case 't':
        return 0x09;
      case 'n':
        return 0x0a;
      case 'v':
        return 0x0b;
      case 'f':
        return 0x0c;
      case 'r':
        return 0x0d;
      case 'c': {
        const letter = this.peek() ?? '';
        if (/[A-Za-z]/.test(letter) || (inClass && /[0-9_]/.test(letter))) {
          this.i++;
          return letter.charCodeAt(0) % 32; // a control character
        }
        this.i--; // Annex B: a literal backslash, then `c` as the next atom
        return 0x5c;
      }
      case '0':
        return /[0-9]/.test(this.peek() ?? '') ? ANY : 0;
      case 'x': {
        const m = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i));
        if (!m) return 0x78;
        this.i += 2;
        return parseInt(m[0], 16);
      }
      case 'u':
        return this.unicodeEscape();
      case 'p':
      case 'P':
        if (!this.unicode) return ch.charCodeAt(0);
        if (this.peek() === '{') this.i = this.src.indexOf('}', this.i) + 1 || this.src.length;
        return ANY;
      case 'k':
        if (this.peek() !== '<') return 0x6b;
        // A backreference repeats a group's text; its length is not tracked here.
        this.i = this.src.indexOf('>', this.i) + 1 || this.src.length;
        return UNBOUNDED;
      default:
        if (/[1-9]/.test(ch)) {
          while (/[0-9]/.test(this.peek() ?? '')) this.i++;
          // Inside a class (or without groups, Annex B) digits are an octal escape: one character.
          return inClass ? ANY : UNBOUNDED;
        }
        this.i--;
        return this.nextChar();
    }
  }

  private unicodeEscape(): number {
    if (this.unicode && this.peek() === '{') {
      const close = this.src.indexOf('}', this.i);
      if (close < 0) throw new Unsupported();
      const cp = parseInt(this.src.slice(this.i + 1, close), 16);
      this.i = close + 1;
      return cp;
    }
    const m = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.i));
    if (!m) return 0x75;
    this.i += 4;
    return parseInt(m[0], 16);
  }

  private peek(): string | undefined {
    return this.src[this.i];
  }

  /** The next source character as a code point (a whole surrogate pair only in unicode mode). */
  private nextChar(): number {
    const cp = this.unicode ? this.src.codePointAt(this.i)! : this.src.charCodeAt(this.i);
    this.i += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private charSize(cp: number): Size {
    return this.rangeSize(cp, cp);
  }

  private classOf(ranges: readonly (readonly [number, number])[]): Size {
    return alternation(ranges.map(([lo, hi]) => this.rangeSize(lo, hi)));
  }

  /**
   * Case-insensitive matching can pair a character with one of another UTF-8 length (`/k/iu` matches U+212A KELVIN
   * SIGN). Without `u`, ASCII only ever folds to ASCII, so an ASCII-only atom keeps its size; otherwise assume the
   * worst.
   */
  private rangeSize(lo: number, hi: number): Size {
    if (this.ignoreCase && (this.unicode || hi > 0x7f)) return ANY;
    if (lo > hi) return ZERO;
    const bytes = rangeJsonBytes(lo, hi);
    return { bytes, perChar: bytes };
  }
}
