import type { WorkflowDef, WorkflowNode } from '@agentflow/dsl';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { hasErrors, sortDiagnostics } from './diagnostics/diagnostic.js';
import type { Environment } from './config/project-config.js';
import { buildIr } from './passes/build-ir.js';
import { indexSteps } from './passes/step-index.js';
import { checkStepIds } from './passes/check-structure/check-step-ids.js';
import { checkBlocks } from './passes/check-structure/check-blocks.js';
import { checkCatchTargets } from './passes/check-structure/check-catch-targets.js';
import { checkDistributedMapErrors } from './passes/check-structure/check-distributed-map-errors.js';
import { checkRefs } from './passes/check-structure/check-refs.js';
import { checkWaitTimes } from './passes/check-structure/check-wait-times.js';
import { checkOptionalValues } from './passes/check-structure/check-optional-values.js';
import { checkInputSchema } from './passes/check-structure/check-input-schema.js';
import { checkOutputFields } from './passes/check-structure/check-output-fields.js';
import { checkCompareTypes } from './passes/check-structure/check-compare-types.js';
import { checkCatchPaths } from './passes/check-structure/check-catch-paths.js';
import { checkApprovalOutcomes } from './passes/check-structure/check-approval-outcomes.js';
import { checkAgentSessions } from './passes/check-structure/check-agent-sessions.js';
import { checkWorkflowName } from './passes/check-structure/check-workflow-name.js';
import { checkNestingDepth } from './passes/check-structure/check-nesting-depth.js';
import { checkAttempts } from './passes/check-structure/check-attempts.js';
import { checkAgentCache } from './passes/check-structure/check-agent-cache.js';
import { checkApprovalSubject } from './passes/check-structure/check-approval-subject.js';
import { resolveEnvironment } from './passes/resolve-environment/resolve-environment.js';
import { emitAsl } from './emit/asl/emit-workflow.js';
import { planFolds } from './passes/fold-steps/plan-folds.js';
import { foldedRows } from './passes/fold-steps/folded-rows.js';
import { checkDefinitionDepth } from './emit/asl/definition-depth.js';
import { stableJson } from './emit/asl/canonical-json.js';
import { generateIam, iamText, type IamArtifact } from './iam/index.js';
import { selfCheckAsl } from './validate-asl/self-check.js';
import { payloadOptions } from './passes/payload/payload-options.js';
import { planOffload } from './passes/payload/plan-offload.js';
import { adapterBudgets } from './passes/payload/answer-budget.js';
import { Sizer } from './passes/payload/measure.js';
import { payloadReport, type PayloadReport } from './passes/payload/payload-report.js';

export interface CompileOptions {
  readonly env: Environment;
  readonly envName: string;
  /** The workflow file, for diagnostics that have no better location. */
  readonly file?: string;
  /**
   * Run the self-check and IAM generation even on a definition over Step Functions' 1 MB limit (still reported as
   * `definition-too-large`, and still no outputs). For measuring every pass at scale; the CLI never sets it.
   */
  readonly everyPassPastSizeLimit?: boolean;
}

export interface CompileResult {
  readonly name: string;
  readonly ir: WorkflowNode | undefined;
  /** The ASL definition, present only when there are no errors. */
  readonly definition: Record<string, unknown> | undefined;
  /** Canonical text of `definition`. */
  readonly aslText: string | undefined;
  /** Least-privilege IAM for the state machine and the roles it relies on, derived from the definition. */
  readonly iam: IamArtifact | undefined;
  /** Canonical text of `iam`. */
  readonly iamText: string | undefined;
  /** Worst-case payload sizes per state, after S3 offload. */
  readonly payload: PayloadReport | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Step Functions' hard limit on a definition (and on the API request carrying it). */
const DEFINITION_LIMIT = 1_048_576;

/** The pipeline: build → check → resolve environment → emit. Each pass is a pure function over the frozen IR. */
export function compileWorkflow(def: WorkflowDef, options: CompileOptions): CompileResult {
  try {
    return compilePipeline(def, options);
  } catch (error) {
    // Passes recurse along nesting; a workflow nested thousands of levels deep exhausts the stack.
    if (!(error instanceof RangeError)) throw error;
    return failed(def.name, [
      {
        code: 'workflow-too-deep',
        severity: 'error',
        message: `Workflow '${def.name}' nests steps too deeply to compile (${error.message}).`,
        path: def.name,
        hint: 'Flatten deeply nested choices, e.g. into one choice with several cases.',
      },
    ]);
  }
}

/** A result with no outputs: something in the workflow is an error. */
function failed(name: string, diagnostics: Diagnostic[], ir?: WorkflowNode): CompileResult {
  return { name, ir, definition: undefined, aslText: undefined, iam: undefined, iamText: undefined, payload: undefined, diagnostics: sortDiagnostics(diagnostics) };
}

function compilePipeline(def: WorkflowDef, options: CompileOptions): CompileResult {
  const built = buildIr(def, options.file);
  const fail = (diagnostics: Diagnostic[], ir?: WorkflowNode) => failed(def.name, diagnostics, ir);
  if (!built.ir) return fail(built.diagnostics);
  const ir = built.ir;
  const badName = checkWorkflowName(ir, options.file);
  if (badName.length > 0) return fail(badName);
  const index = indexSteps(ir);
  // First, and alone: the other passes and the emitter recurse along the nesting this bounds.
  const tooDeep = checkNestingDepth(index);
  if (tooDeep.length > 0) return fail(tooDeep, ir);
  const checks = [...checkStepIds(index), ...checkBlocks(ir, index), ...checkCatchTargets(index), ...checkWaitTimes(index), ...checkRefs(ir, index), ...checkOptionalValues(ir, index), ...checkInputSchema(ir), ...checkOutputFields(index), ...checkCompareTypes(index), ...checkApprovalOutcomes(ir, index), ...checkAgentSessions(index), ...checkAttempts(ir, index)];
  // Following catch paths needs valid catch targets, and a read already refused for its scope needs no second error.
  if (!hasErrors(checks)) checks.push(...checkCatchPaths(ir, index));
  if (hasErrors(checks)) return fail(checks, ir);
  const { resolved, diagnostics: envDiagnostics } = resolveEnvironment(index, options.env, options.envName);
  const sizes = payloadOptions(ir, options.env);
  const plan = planOffload(ir, sizes);
  const final = plan.workflow;
  const folds = planFolds(final, plan.analysis, sizes.budgetBytes);
  const emitted = emitAsl(final, final === ir ? index : indexSteps(final), resolved, sizes.offload, adapterBudgets(final, new Sizer(sizes.bounds)), folds);
  const analysis = foldedRows(plan.analysis, folds);
  const named = [...checks, ...envDiagnostics, ...plan.diagnostics, ...checkDistributedMapErrors(final, index), ...checkAgentCache(final, index), ...checkApprovalSubject(final, index), ...emitted.diagnostics];
  if (hasErrors(named)) return { ...fail(named, ir), payload: payloadReport(analysis, sizes) };
  const deepDefinition = checkDefinitionDepth(emitted.definition, final === ir ? index : indexSteps(final), ir);
  if (deepDefinition.length > 0) return fail([...named, ...deepDefinition], ir);
  const aslText = stableJson(emitted.definition);
  const bytes = Buffer.byteLength(aslText, 'utf8');
  const tooLarge: Diagnostic[] = [];
  if (bytes > DEFINITION_LIMIT) {
    tooLarge.push({
      code: 'definition-too-large',
      severity: 'error',
      message: `The compiled definition is ${bytes.toLocaleString('en-US')} bytes; Step Functions accepts at most ${DEFINITION_LIMIT.toLocaleString('en-US')} (1 MB).`,
      path: ir.name,
      ...(ir.loc ? { loc: ir.loc } : {}),
      hint: 'Split the workflow: move repeated parts into a map body, or into a workflow of its own that this one runs with flow.run(child, input) (docs/nested-workflows.md).',
    });
    if (!options.everyPassPastSizeLimit) return fail([...named, ...tooLarge], ir);
  }
  const selfCheck = selfCheckAsl(aslText, ir, tooLarge.length > 0 ? ['DEFINITION_TOO_LARGE'] : [], 'stringified');
  if (hasErrors(selfCheck)) return fail([...named, ...tooLarge, ...selfCheck], ir);
  const iam = generateIam(emitted.definition, {
    workflowName: ir.name,
    env: options.env,
    agents: [...resolved.agents.values()],
    ...(ir.iam?.allowWildcards ? { allowWildcards: ir.iam.allowWildcards } : {}),
    ...(plan.offloaded && sizes.offload ? { offload: sizes.offload } : {}),
  });
  const diagnostics = [...named, ...tooLarge, ...selfCheck, ...iam.diagnostics.map((d) => locateAtWorkflow(d, ir))];
  if (hasErrors(diagnostics)) return fail(diagnostics, ir);
  return {
    name: ir.name,
    ir,
    definition: emitted.definition,
    aslText,
    iam: iam.policies,
    iamText: iamText(iam.policies),
    payload: payloadReport(analysis, sizes),
    diagnostics: sortDiagnostics(diagnostics),
  };
}

/** IAM findings point into the ASL; the workflow's own location gives them a file to show. */
function locateAtWorkflow(d: Diagnostic, ir: WorkflowNode): Diagnostic {
  return d.loc || !ir.loc ? d : { ...d, loc: ir.loc, path: ir.name };
}
