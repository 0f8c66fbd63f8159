/**
 * Orders strings by Unicode code point, the same on every machine. `localeCompare` follows the process's locale
 * (under `LC_ALL=da_DK.UTF-8`, "aa" sorts after "z"), and `Array.prototype.sort()` compares UTF-16 code units,
 * which puts U+E000–U+FFFF after every astral character. Output order (files, offload tie-breaks, policy entries,
 * diagnostics) must not depend on either.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/**
 * Where a UTF-16 code unit falls in code point order: surrogates (U+D800–U+DFFF, which start astral characters)
 * move above U+FFFF's range and U+E000–U+FFFF move down into the gap they leave; everything below U+D800 is itself.
 */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}
