export { main, buildProgram } from './program.js';
export { runCompile, type CompileCommandOptions } from './commands/compile.js';
export type { Io } from './io.js';
export { EXIT_OK, EXIT_ERRORS, EXIT_USAGE, UsageError } from './errors.js';
export { runValidate } from './commands/validate.js';
