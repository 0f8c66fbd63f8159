const VARIABLE_NAME = /^[\p{ID_Start}_][\p{ID_Continue}\u200c\u200d]*$/u;

/** Why `name` cannot be a workflow variable, or undefined when it can. */
export function variableNameProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if ([...name].length > 80) return 'the name is longer than 80 characters';
  if (name === 'states') return '"states" is reserved for $states';
  if (!VARIABLE_NAME.test(name)) return 'the name must start with a letter or "_" and contain only letters, digits and "_"';
  return undefined;
}
