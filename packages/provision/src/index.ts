export { nameProblem, type NameKind } from "./names.js";
export { TARGET_DIALECTS, columnType, type ColumnType, type TargetDialect } from "./types.js";
export {
  PROVISION_RULES,
  provisionModel,
  provisionModelByProduct,
  tableComment,
  type ColumnSpec,
  type ContractSpec,
  type IndexedDocument,
  type ProductByProductModel,
  type ProductHead,
  type ProductSpec,
  type ProvisionModel,
  type ProvisionRuleId,
  type RoleSpec,
  type SlaSpec,
  type TableSpec,
} from "./model.js";
export { PROVISION_TARGETS, planCounts, planTextLines, renderPlanMarkdown, renderPlanText, type Change, type ChangeAction, type PlanCounts, type ProvisionPlan, type ProvisionTarget } from "./plan.js";
export { POSTGRES_PROVISION_RULES, PostgresProvisionError, applyPostgres, planPostgres, postgresConnectionFor, type PostgresApplyResult, type PostgresConnection, type PostgresPlanResult, type PostgresProvisionOptions } from "./postgres.js";
export { postgresDomainProblem } from "./postgres-desired.js";
export * from "./terraform/index.js";
export { LAKE_LAYERS, LOCAL_PROVISION_RULES, LocalProvisionError, applyLocal, lakeFolder, planLocal, reservedDomainProblem, warehouseLockPath, type LakeLayer, type LocalApplyResult, type LocalPlanResult, type LocalProvisionOptions } from "./local.js";
export { LockTimeoutError, acquireLock, lockHolder, withLock, type HeldLock, type LockHolder, type LockOptions } from "./lock.js";
export { defaultLocalTarget, loadProvisionInputs, type ProvisionInputOptions, type ProvisionInputs } from "./project.js";
export { ProvisionStoppedError, planFileIn, refuseReportOverPlan, runProvision, type InfrastructureDocument, type ProvisionOptions, type ProvisionRun } from "./run.js";
export { ALL_PROVISION_RULES } from "./rules.js";
export { PROVISION_OUTPUTS, provisionStageReport } from "./stage-report.js";
