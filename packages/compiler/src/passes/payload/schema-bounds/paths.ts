const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `parent.key`, or `parent["odd key"]` when the key is not an identifier. */
export function keyPath(parent: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** Every item of an array or set. */
export function itemPath(parent: string): string {
  return `${parent}[]`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** Every entry of a record, map or object catchall. */
export function entryPath(parent: string): string {
  return parent === '' ? '*' : `${parent}.*`;
}
