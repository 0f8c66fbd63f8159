/**
 * The longest `String(x)` (which is what JSON.stringify writes) for finite doubles in [lo, hi].
 *
 * ECMAScript prints the shortest round-tripping digits (k ≤ 17 of them) with the decimal point after n digits,
 * |x| in [10^(n-1), 10^n):
 *   n ≥ 22           exponent form `d.dddddddddddddddde+XX`   18 + 2 + exponent digits   → 22 or 23
 *   17 ≤ n ≤ 21      every double there is an integer, printed in full                   → n
 *   1 ≤ n ≤ 16       `ddddd.dddddddddddd`                        17 digits + point         → 18
 *   -5 ≤ n ≤ 0       `0.00000ddddddddddddddddd`                  2 + (-n) + 17             → 19 - n (max 24)
 *   n ≤ -6           exponent form `d.dddddddddddddddde-XX`                                → 21, 22 or 23
 * plus one byte for a minus sign. So an unconstrained number takes at most 25 bytes
 * (`-0.0000055326215872091585`), a non-negative one 24.
 */
export function maxNumberLength(lo: number, hi: number, integer: boolean): number {
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) return 0;
  let longest = 0;
  if (hi >= 0) longest = Math.max(longest, magnitudeLength(Math.max(lo, 0), hi, integer));
  if (lo < 0) longest = Math.max(longest, 1 + magnitudeLength(Math.max(-hi, 0), -lo, integer));
  return longest;
}

/** Longest printed magnitude in [a, b], 0 ≤ a ≤ b. */
function magnitudeLength(a: number, b: number, integer: boolean): number {
  if (integer) {
    a = Math.ceil(a);
    b = Math.floor(b);
    if (a > b) return 0;
    if (b < 1e21) return String(b).length; // plain digits, longest at the top of the range
  }
  if (a === b) return String(a).length;
  // The printed decade follows the shortest digits, which grow with the value: [a, b] spans decades n(a)…n(b).
  let longest = a === 0 ? 1 : 0;
  const last = printedDecade(b);
  for (let n = a === 0 ? -323 : printedDecade(a); n <= last; n++) {
    longest = Math.max(longest, integer ? integerDecadeLength(n) : decadeLength(n));
  }
  return longest;
}

/** n such that String(x) is x's shortest digits d.ddd × 10^(n−1), for finite x > 0. */
function printedDecade(x: number): number {
  const text = String(x);
  const e = text.indexOf('e');
  if (e >= 0) return Number(text.slice(e + 1)) + 1;
  if (x >= 1) return text.split('.')[0]!.length;
  const fraction = text.slice(2);
  return -(fraction.length - fraction.replace(/^0+/, '').length);
}

function decadeLength(n: number): number {
  if (n >= 22) return 18 + 2 + String(n - 1).length;
  if (n >= 17) return n;
  if (n >= 1) return 18;
  if (n >= -5) return 19 - n;
  return 18 + 2 + String(1 - n).length;
}

function integerDecadeLength(n: number): number {
  if (n < 1) return 1;
  return n <= 21 ? n : decadeLength(n);
}
