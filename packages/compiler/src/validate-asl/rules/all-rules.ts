import { callbackTimeoutRule } from './callback-timeout-rule.js';
import { callbackTokenRule } from './callback-token-rule.js';
import { choiceStructureRule } from './choice-structure-rule.js';
import { credentialsRule } from './credentials-rule.js';
import { definitionSizeRule } from './definition-size-rule.js';
import { distributedMapRule } from './distributed-map-rule.js';
import { errorEqualsRule } from './error-equals-rule.js';
import { heartbeatTimeoutRule } from './heartbeat-timeout-rule.js';
import { historyLoopRule } from './history-loop-rule.js';
import { jsonataExpressionsRule } from './jsonata-expressions-rule.js';
import { lambdaRetryRule } from './lambda-retry-rule.js';
import { mapLabelRule } from './map-label-rule.js';
import { mutuallyExclusiveFieldsRule } from './mutually-exclusive-fields-rule.js';
import { pathFieldsRule } from './path-fields-rule.js';
import { payloadTemplatesRule } from './payload-templates-rule.js';
import { placeholdersRule } from './placeholders-rule.js';
import { queryLanguageFieldsRule } from './query-language-fields-rule.js';
import { queryLanguageNestingRule } from './query-language-nesting-rule.js';
import { reachabilityRule } from './reachability-rule.js';
import type { AslRule } from './asl-rule.js';
import { stateNamesRule } from './state-names-rule.js';
import { taskResourceRule } from './task-resource-rule.js';
import { taskTimeoutRule } from './task-timeout-rule.js';
import { terminalStateRule } from './terminal-state-rule.js';
import { timestampsRule } from './timestamps-rule.js';
import { transitionFieldsRule } from './transition-fields-rule.js';
import { transitionTargetsRule } from './transition-targets-rule.js';
import { variableNamesRule } from './variable-names-rule.js';
import { variableReferencesRule } from './variable-references-rule.js';
import { variableScopeRule } from './variable-scope-rule.js';

export const ALL_RULES: readonly AslRule[] = [
  definitionSizeRule,
  transitionTargetsRule,
  transitionFieldsRule,
  reachabilityRule,
  terminalStateRule,
  stateNamesRule,
  errorEqualsRule,
  heartbeatTimeoutRule,
  mutuallyExclusiveFieldsRule,
  pathFieldsRule,
  payloadTemplatesRule,
  jsonataExpressionsRule,
  queryLanguageFieldsRule,
  queryLanguageNestingRule,
  choiceStructureRule,
  timestampsRule,
  variableNamesRule,
  variableScopeRule,
  variableReferencesRule,
  taskResourceRule,
  distributedMapRule,
  mapLabelRule,
  credentialsRule,
  taskTimeoutRule,
  callbackTimeoutRule,
  callbackTokenRule,
  lambdaRetryRule,
  historyLoopRule,
  placeholdersRule,
];
