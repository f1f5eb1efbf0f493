export { nameProblem, type NameKind } from "./names.js";
export { TARGET_DIALECTS, columnType, type ColumnType, type TargetDialect } from "./types.js";
export {
  PROVISION_RULES,
  provisionModel,
  tableComment,
  type ColumnSpec,
  type ContractSpec,
  type ProductSpec,
  type ProvisionModel,
  type ProvisionRuleId,
  type RoleSpec,
  type TableSpec,
} from "./model.js";
export { PROVISION_TARGETS, planCounts, renderPlanMarkdown, renderPlanText, type Change, type ChangeAction, type PlanCounts, type ProvisionPlan, type ProvisionTarget } from "./plan.js";
