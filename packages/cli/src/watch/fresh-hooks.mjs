// Module resolution hooks of `compile --watch` (registered in its worker thread only, after tsx's hooks). An ES
// module is evaluated once per URL and never unloaded, so a changed workflow is imported again under a new URL: the
// CLI adds `?agentflow-generation=<n>` to the workflow's URL, and this hook carries that query on to every module the
// workflow reaches by a relative or absolute path — its local modules, evaluated fresh with it. Packages (bare
// specifiers: @agentflow/dsl, zod) keep their plain URLs, so the workflow shares the one DSL and zod the compiler uses.
const PARAM = 'agentflow-generation';

/** `./x`, `../x`, `/x`, `file:…`: the author's own modules; anything else names a package or a builtin. */
function isPath(specifier) {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier.startsWith('file:');
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const parent = context.parentURL;
  if (!parent?.startsWith('file:') || !isPath(specifier) || !resolved.url.startsWith('file:')) return resolved;
  const generation = new URL(parent).searchParams.get(PARAM);
  if (generation === null || resolved.url.includes('/node_modules/')) return resolved;
  const url = new URL(resolved.url);
  if (url.searchParams.get(PARAM) === generation) return resolved;
  url.searchParams.set(PARAM, generation);
  return { ...resolved, url: url.href };
}
