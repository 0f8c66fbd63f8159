// Loader hook (runs on the hooks thread): one `[bench-load] <format> <url>` line per loaded module.
export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  process.stderr.write(`[bench-load] ${result.format} ${url}\n`);
  return result;
}
