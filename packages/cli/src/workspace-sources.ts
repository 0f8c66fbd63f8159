/**
 * The bundled CLI keeps `@agentflow/dsl` external, so that a workflow and the CLI share one DSL. Installed, the DSL
 * is JavaScript and Node loads it natively. In this repository's checkout the DSL package points at its TypeScript
 * sources: only then are tsx's hooks registered, before the first module that imports the DSL is loaded.
 */
export async function useTypeScriptSourcesIfNeeded(dslUrl: string): Promise<void> {
  if (!/\.[cm]?tsx?$/.test(dslUrl)) return;
  const { register } = await import('tsx/esm/api');
  register();
}
