/**
 * @agentflow/compiler/reporting — what a tool needs to read its inputs and print results without loading the
 * compiler: diagnostics, the payload report's text, bounded file reads and text helpers. Nothing here imports zod,
 * YAML, JSONata or the ASL validator.
 *
 * Why a separate entry: a bundler gives every importer of the package root all that any importer uses from it, so
 * the CLI's own thread, which only prints what its workflow thread compiled (packages/cli/src/contain), would load
 * the whole compiler for `hasErrors`. The CLI's compile path imports this entry instead.
 */
export { hasErrors, sortDiagnostics, type Diagnostic, type Severity } from './diagnostics/diagnostic.js';
export { renderPayloadReport, type PayloadReport, type PayloadReportRow } from './passes/payload/payload-report.js';
export { readBoundedFile, describeReadProblem, specialKind, READ_LIMIT_BYTES, type BoundedRead } from './files/read-bounded.js';
export { MAX_DEFINITION_BYTES } from './validate-asl/rules/definition-size-rule.js';
export { compareCodePoints } from './text/compare-code-points.js';
export { terminalSafe, MAX_SHOWN } from './text/terminal-safe.js';
