import { it } from 'vitest';
import { validateAslBytes } from '../../src/validate-asl/index.js';
import { languageServiceDiagnostics } from './support/incumbents.js';
import { loadAslFiles, mutantRng, mutate } from './support/mutate-asl.js';
it('explore', async () => {
  const corpus = loadAslFiles();
  const hist = new Map<string, { n: number; ex: string }>();
  const orig = new Map<string, boolean>();
  let compared = 0;
  for (let index = 0; compared < 1500; index++) {
    const rng = mutantRng(7, index);
    const entry = rng.pick(corpus);
    const m = mutate(rng, entry);
    const text = Buffer.from(m.bytes).toString('utf8');
    if (m.value === undefined || /\$\{|"Ref"|"Fn::/.test(text) || m.expectation) continue;
    if (validateAslBytes(m.bytes).some((d) => d.severity === 'error')) continue;
    compared++;
    if (!orig.has(entry.name)) orig.set(entry.name, (await languageServiceDiagnostics(entry.text)).length === 0);
    if (!orig.get(entry.name)) continue;
    for (const msg of new Set(await languageServiceDiagnostics(text))) {
      const h = hist.get(msg) ?? { n: 0, ex: `${index} ${entry.name}: ${m.steps.join(' → ')}` };
      h.n++;
      hist.set(msg, h);
    }
  }
  process.stdout.write([...hist].sort((a, b) => b[1].n - a[1].n).map(([k, v]) => `${v.n}\t${k}\n\t\t${v.ex}`).join('\n') + '\n');
}, 600000);
