import type { RuleMeta } from "@meshkit/core";

/**
 * Rules of the Terraform renderers, besides the model's (`provision-invalid-name`,
 * `provision-type-unmapped`, `provision-no-server`, `provision-destructive-change`), which they reuse.
 */
export const TERRAFORM_RULES = [
  {
    id: "provision-name-collision",
    defaultSeverity: "error",
    stage: "provision",
    description: "Two names become the same bucket, table, dataset, role or Terraform address on the target (case folding, `_` joins), so the later product is not rendered.",
  },
  {
    id: "provision-server-invalid",
    defaultSeverity: "error",
    stage: "provision",
    description: "A server entry for the target cannot be provisioned as written (an S3 location that is not s3://<bucket>/<prefix>, a bucket another domain already uses), or a domain's lake bucket would get more lifecycle rules than S3 takes (1,000).",
  },
  {
    id: "provision-access-withheld",
    defaultSeverity: "warning",
    stage: "provision",
    description: "A role not approved for sensitive columns gets no access to a table on a target where meshkit does not render column masking (BigQuery).",
  },
  {
    id: "provision-expiration-kept",
    defaultSeverity: "warning",
    stage: "provision",
    description: "A BigQuery table still expires its day partitions after a retention SLA that no longer asks for it (removed, or moved to another column): the Google provider keeps an expiration the configuration no longer sets, so it goes on deleting data.",
  },
  {
    id: "provision-partition-key-position",
    defaultSeverity: "warning",
    stage: "provision",
    description: "Two partition keys of a table have one partitionKeyPosition (or none of 1, 2, …), so the order of its partition keys (the folder layout on aws, the clustering order on bigquery and snowflake) is the order the properties happen to be listed in.",
  },
  {
    id: "provision-on-other-target",
    defaultSeverity: "info",
    stage: "provision",
    description: "A contract's servers place it on another Terraform target only (a `snowflake` server and no `bigquery` one, rendered on bigquery), so it is left out of this target's configuration.",
  },
  {
    id: "provision-retention-unenforced",
    defaultSeverity: "info",
    stage: "provision",
    description: "A retention SLA deletes nothing on the target: Snowflake has no setting that deletes rows by age, and BigQuery one only for the column that partitions a table by day. The retention is in the table's comment only.",
  },
] as const satisfies readonly RuleMeta[];

export type TerraformRuleId = (typeof TERRAFORM_RULES)[number]["id"];
