/**
 * The `terraform` planner: renderers for AWS, Snowflake and BigQuery, and the terraform CLI runner.
 */
import type { ProvisionModel } from "../model.js";
import { awsRenderer } from "./aws.js";
import { bigqueryRenderer } from "./bigquery.js";
import { type RenderTerraformOptions, type TargetRenderer, type TerraformRender, type TerraformTarget, TERRAFORM_TARGETS, renderWith } from "./render.js";
import { snowflakeRenderer } from "./snowflake.js";

const RENDERERS: Record<TerraformTarget, TargetRenderer> = { aws: awsRenderer, snowflake: snowflakeRenderer, bigquery: bigqueryRenderer };

/**
 * The Terraform JSON configuration (`*.tf.json` files) that provisions the model's products on
 * `target`. Deterministic: the same model and options give byte-identical files.
 */
export function renderTerraform(target: TerraformTarget, model: ProvisionModel, options: RenderTerraformOptions = {}): TerraformRender {
  if (!TERRAFORM_TARGETS.includes(target)) throw new Error(`unknown terraform target ${JSON.stringify(target)}: use ${TERRAFORM_TARGETS.join(", ")}`);
  const otherTargets = Object.fromEntries(TERRAFORM_TARGETS.filter((other) => other !== target).map((other) => [other, RENDERERS[other].serverTypes]));
  return renderWith(target, RENDERERS[target], model, options, otherTargets);
}

export { TERRAFORM_TARGETS, REQUIRED_TERRAFORM_VERSION, type RenderTerraformOptions, type SkippedProduct, type TerraformParams, type TerraformRender, type TerraformTarget } from "./render.js";
export { TERRAFORM_RULES, type TerraformRuleId } from "./rules.js";
export { writeTerraformFiles, type WrittenFiles } from "./files.js";
export { runTerraform, provisionPlanFromTerraform, findTerraformBinary, childProcessExec, TerraformError, type ExecResult, type PlanForPolicy, type RunTerraformOptions, type TerraformExec, type TerraformRun } from "./run.js";
