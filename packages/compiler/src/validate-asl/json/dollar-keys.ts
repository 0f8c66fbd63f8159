/**
 * False when JSON text provably holds no key (and no string) ending in `$`, such as a `"field.$"` payload-template
 * key: JSON can write `$` only literally or as a `\u0024` escape, and a key's last character sits right before its
 * closing quote, so two native searches answer for the whole text and spare a visit of every object of the parsed
 * definition (the self-check's definitions use JSONata throughout, where such keys are findings, and hold none).
 */
export function mayHoldDollarKeys(text: string): boolean {
  return text.includes('$"') || text.includes('\\u');
}
