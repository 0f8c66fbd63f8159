import { JSDOM } from 'jsdom';

type Mermaid = typeof import('mermaid').default;
let loaded: Promise<Mermaid> | undefined;

/**
 * Mermaid's real parser in Node. Mermaid 11 reads `window` and `document` when it loads (DOMPurify binds to the
 * window it finds), so a jsdom window stands in for the browser; `parse` itself needs no layout.
 */
export function mermaidParser(): Promise<Mermaid> {
  loaded ??= (async () => {
    const dom = new JSDOM('<!doctype html><html><body></body></html>');
    Object.assign(globalThis, { window: dom.window, document: dom.window.document });
    const { default: mermaid } = await import('mermaid');
    mermaid.initialize({ startOnLoad: false });
    return mermaid;
  })();
  return loaded;
}

/** Parses one diagram; rejects with Mermaid's own message (line and what it expected) on a syntax error. */
export async function parseMermaid(text: string): Promise<string> {
  const mermaid = await mermaidParser();
  const result = await mermaid.parse(text);
  if (!result) throw new Error('mermaid.parse returned false');
  return result.diagramType;
}
