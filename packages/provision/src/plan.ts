/**
 * The one plan shape every planner returns: what would change, item by item, against the current
 * state of the target. `meshkit provision plan` prints its summary and writes it whole (`--out`);
 * `apply` carries it out; the action puts the summary in the job summary and the PR comment.
 */
import { escapeMarkdown, inlineCode } from "@meshkit/core";

export const PROVISION_TARGETS = ["local", "postgres", "aws", "snowflake", "bigquery"] as const;
export type ProvisionTarget = (typeof PROVISION_TARGETS)[number];

export type ChangeAction = "create" | "update" | "delete";

export interface Change {
  action: ChangeAction;
  /** schema, table, column, view, role, grant, comment, folder, or a Terraform resource type. */
  kind: string;
  /** What changes, as the target names it: `sales.orders`, `sales.orders.amount`, `lake/domain=sales/product=orders/gold`, `aws_s3_bucket.lake`. */
  address: string;
  /** One line for people: `add column amount DECIMAL(12,2)`, `comment changed`. */
  detail?: string;
  /** Loses data or access (drop, narrowing type change, revoke): refused unless explicitly allowed. */
  destructive?: boolean;
}

export interface ProvisionPlan {
  kind: "meshkit-provision-plan";
  version: 1;
  target: ProvisionTarget;
  /** Products planned, as `domain/product`. */
  products: string[];
  changes: Change[];
  /**
   * Set when there is no plan to show: nothing could be planned (no `products`), or the configuration
   * was rendered but only Terraform can plan it against the real state (it is not installed): why.
   */
  unknown?: string;
  /**
   * Files (contracts, products) some of whose products, contracts or tables were left out because of
   * error findings: the plan covers the rest only, so it must not read as if the target matched them all.
   */
  leftOut?: number;
}

export interface PlanCounts {
  create: number;
  update: number;
  delete: number;
}

export function planCounts(plan: Pick<ProvisionPlan, "changes">): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, delete: 0 };
  for (const change of plan.changes) counts[change.action]++;
  return counts;
}

const SIGN: Record<ChangeAction, string> = { create: "+", update: "~", delete: "-" };

/**
 * The head of a plan that lists no changes because there is none to show: `Nothing planned` when no
 * product could be planned, `Rendered, not planned` when Terraform files were rendered but terraform,
 * which alone plans against the real state, did not run.
 */
function unplannedHead(plan: ProvisionPlan): string {
  return plan.products.length > 0 ? "Rendered, not planned" : "Nothing planned";
}

/**
 * What follows `No changes (<target>)`: the infrastructure matches the contracts, or, when error
 * findings left part of the input out, that nothing is planned for what was planned, and what was not.
 */
function noChanges(plan: ProvisionPlan): string {
  const leftOut = plan.leftOut ?? 0;
  return leftOut > 0
    ? ` for the products planned; ${leftOut} file${leftOut === 1 ? "" : "s"} left out (in whole or in part) because of the errors below.`
    : ": the infrastructure matches the contracts.";
}

/** `Plan (local): 3 to create, 1 to change, 0 to destroy.` then one line per change, Terraform style. */
export function renderPlanText(plan: ProvisionPlan): string {
  return `${[...planTextLines(plan)].join("\n")}\n`;
}

/** renderPlanText line by line (without line ends): the plan of 40,000 contracts is ~400 MB of text. */
export function* planTextLines(plan: ProvisionPlan): Generator<string> {
  const counts = planCounts(plan);
  yield plan.unknown
    ? `${unplannedHead(plan)} (${plan.target}): ${plan.unknown}.`
    : plan.changes.length === 0
      ? `No changes (${plan.target})${noChanges(plan)}`
      : `Plan (${plan.target}): ${counts.create} to create, ${counts.update} to change, ${counts.delete} to destroy.`;
  for (const c of plan.changes) yield `  ${SIGN[c.action]} ${c.kind} ${c.address}${c.detail ? `: ${c.detail}` : ""}${c.destructive ? " (destructive)" : ""}`;
}

/** The same as markdown, for the job summary and the PR comment. */
export function renderPlanMarkdown(plan: ProvisionPlan): string {
  const counts = planCounts(plan);
  if (plan.unknown) return `**${unplannedHead(plan)}** (${plan.target}): ${plan.unknown}.\n`;
  if (plan.changes.length === 0) return `**No changes** (${plan.target})${noChanges(plan)}\n`;
  // Addresses and details carry names and descriptions from the contracts: escaped, never rendered as HTML.
  const table = { table: true };
  const rows = plan.changes.map((c) => `| ${SIGN[c.action]} ${c.action} | ${c.kind} | ${inlineCode(c.address, table)} | ${escapeMarkdown(c.detail ?? "", table)}${c.destructive ? " **(destructive)**" : ""} |`);
  return `**Plan (${plan.target})**: ${counts.create} to create, ${counts.update} to change, ${counts.delete} to destroy.\n\n| action | kind | address | detail |\n|---|---|---|---|\n${rows.join("\n")}\n`;
}
