export { COST_LIMIT, evaluatePolicies, type EvaluateOptions, type Evaluation, type PolicyResult, type PolicyTarget } from "./engine.js";
export { BUILTIN_PREFIX, compilePolicyText, loadPacks, packsFor, type CompiledPolicy, type CompiledValidation, type LoadedPacks } from "./load.js";
export { POLICY_VARIABLES, compileExpression, type Bindings, type CompiledExpression } from "./cel.js";
export { documentViews, isTerraformDocument, terraformResources, type Located, type PolicyKind } from "./views.js";
export { POLICY_ENGINE_RULES, POLICY_INPUT_RULE_IDS, checkDocuments, checkInfrastructureDocuments, hasPolicies, policyTargets, runPolicy, summarize, type CheckOptions, type PolicyOptions, type PolicyRun, type PolicySummary } from "./run.js";
export { DEFAULT_OPA_TIMEOUT_MS, evaluateWasmBundle, evaluateWithOpa, opaInput, type OpaInput, type OpaResult, type OpaSettings } from "./opa.js";
export { readExpectations, testPolicies, type PolicyTestOptions, type PolicyTestRun } from "./verify.js";
export { renderPolicySummary } from "./summary.js";
export { POLICY_OUTPUTS, policyStageReport } from "./stage-report.js";
