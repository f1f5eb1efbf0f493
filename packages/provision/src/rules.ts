import type { RuleMeta } from "@meshkit/core";
import { LOCAL_PROVISION_RULES } from "./local.js";
import { PROVISION_RULES } from "./model.js";
import { POSTGRES_PROVISION_RULES } from "./postgres.js";
import { TERRAFORM_RULES } from "./terraform/rules.js";

/** Every rule a provision finding can carry: the model's and each planner's (for reports and docs). */
export const ALL_PROVISION_RULES: readonly RuleMeta[] = [...PROVISION_RULES, ...LOCAL_PROVISION_RULES, ...POSTGRES_PROVISION_RULES, ...TERRAFORM_RULES];
