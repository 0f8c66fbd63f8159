/**
 * The value cached under `key`, or `make(key)` cached there. A cache holding `max` entries starts afresh: builders
 * run in long-lived processes (`compile --watch`, a test run compiling many workflows), where an unbounded cache of
 * per-build values would only grow; past the bound some values are made again, never wrong ones.
 */
export function cachedIn<K, V>(cache: Map<K, V>, key: K, max: number, make: (key: K) => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= max) cache.clear();
    value = make(key);
    cache.set(key, value);
  }
  return value;
}
