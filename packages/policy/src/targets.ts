/**
 * What the pre-commit hook needs from policy-check before it knows whether any policy applies: the
 * documents of the staged files and the engine's own rules. Its own entry point
 * (`@meshkit/policy/targets`), so that a commit in a repository without policies never loads the
 * CEL engine.
 */
import { type Finding, type LoadedDocument, type RuleMeta, type SourceText, INPUT_RULES, NOT_A_DOCUMENT_RULE, UNSUPPORTED_API_VERSION_RULE, decodeSource, isMapping, loadText, mayBeMeshkitDocument } from "@meshkit/core";
import type { PolicyTarget } from "./engine.js";
import { isTerraformDocument } from "./views.js";

/** Rules policy-check itself reports (the packs' rule ids come with them). */
export const POLICY_ENGINE_RULES: readonly RuleMeta[] = [
  ...INPUT_RULES,
  // A file named on the command line that holds nothing policy-check can check.
  NOT_A_DOCUMENT_RULE,
  UNSUPPORTED_API_VERSION_RULE,
  { id: "policy-invalid", defaultSeverity: "error", stage: "policy", description: "A policy does not load: schema, CEL syntax, an undeclared name or a duplicate rule id.", stopsStage: true },
  { id: "policy-runtime-error", defaultSeverity: "error", stage: "policy", description: "A rule could not be evaluated on a document (a missing field, a wrong type, the cost limit), or its messageExpression or pathExpression gave no text or node (a warning)." },
  { id: "waiver-expired", defaultSeverity: "warning", stage: "policy", description: "A waiver's expiry date has passed; it no longer applies." },
  { id: "waiver-too-long", defaultSeverity: "warning", stage: "policy", description: "A waiver's expiry is later than policy.maxWaiverDays allows from today; it does not apply." },
  { id: "waiver-unused", defaultSeverity: "warning", stage: "policy", description: "A waiver accepted no failure in a run over the whole project: the rule passes where it points, or fails only at a parent of its path." },
  { id: "rule-level-unused", defaultSeverity: "warning", stage: "policy", description: "policy.rules sets the level of a rule no pack in use defines (removed from its pack, or misspelt): it sets nothing." },
  { id: "policy-test-failed", defaultSeverity: "error", stage: "policy", description: "A policy fixture did not produce the findings its `# expect:` lines say (meshkit policy test)." },
];

/** policy-check's own rules: no level in meshkit.yaml, no waiver, and no pack rule of that id (see reserved-ids.ts). */
export const ENGINE_RULE_IDS: ReadonlySet<string> = new Set(POLICY_ENGINE_RULES.map((rule) => rule.id));

/** Policy-check's own rules that mean an input could not be processed (exit 2, like a config error): a pack that does not compile. */
export const POLICY_INPUT_RULE_IDS: readonly string[] = ["policy-invalid"];

/**
 * Those rules themselves, for a stage that runs the packs over what it made (provision's infrastructure): listed
 * among its rules, their RuleMeta (stopsStage) makes its SARIF say the run did not succeed, as policy-check's does.
 */
export const POLICY_INPUT_RULES: readonly RuleMeta[] = POLICY_ENGINE_RULES.filter((rule) => POLICY_INPUT_RULE_IDS.includes(rule.id));

/**
 * A Terraform-looking text, before parsing it: it names a key isTerraformDocument looks for (a root
 * configuration may hold only `terraform` and `module` blocks).
 */
export const TERRAFORM_HINT = /"(?:resource|provider|module|terraform|planned_values|resource_changes|format_version|lineage)"\s*:/;

/**
 * The policy targets in one file's content (staged blobs): its contracts, products and configs, or, for
 * an infrastructure file, the whole document. A JSON file that is not named infrastructure is checked
 * as such when its content is Terraform JSON, as `meshkit policy` finds it under the paths it walks.
 * Unreadable content yields nothing: lint reports it.
 */
export function policyTargets(file: string, content: Uint8Array, infrastructure: boolean): PolicyTarget[] {
  const decoded = decodeSource(content, file);
  if (!decoded.ok) return [];
  const terraformByContent = !infrastructure && /\.json$/i.test(file) && TERRAFORM_HINT.test(decoded.text);
  if (!infrastructure && !terraformByContent && !mayBeMeshkitDocument(decoded.text)) return [];
  const { documents } = loadText(file, decoded.text);
  if (!terraformByContent) return targetsOf(documents, infrastructure);
  return documents.flatMap((doc) => (isTerraformDocument(doc.value) ? [{ doc, kind: "Infrastructure" as const }] : targetsOf([doc], false)));
}

/** The documents policies check: contracts, products and configs, and (for an infrastructure file) any other mapping. */
export function targetsOf(documents: readonly LoadedDocument[], infrastructure: boolean): PolicyTarget[] {
  return documents.flatMap((doc): PolicyTarget[] => {
    const kind = doc.kind.type;
    if (kind === "DataContract" || kind === "DataProduct" || kind === "Config") return [{ doc, kind }];
    // A contract or product of an apiVersion meshkit cannot read is not infrastructure: lint reports it.
    return infrastructure && kind === "other" && isMapping(doc.value) ? [{ doc, kind: "Infrastructure" }] : [];
  });
}

/**
 * Whether a parsed file counts among the run's `unreadFiles`: it did not parse, or it holds a contract of an
 * apiVersion meshkit does not read (`v9.0.0`), which is in no `contracts` index though it may well be the
 * contract a product's port names.
 */
export function isUnreadFile(loaded: { findings: readonly Finding[]; documents: readonly LoadedDocument[] }): boolean {
  return loaded.findings.length > 0 || loaded.documents.some((doc) => doc.kind.type === "unsupported" && doc.kind.kind === "DataContract");
}

/**
 * Whether a document file, as lint reads it (`undefined`: no meshkit document, passed over), is one of a run's
 * `unreadFiles`: the pre-commit hook names its staged ones, as `meshkit policy` names those it reads, so that a
 * port whose contract is not found says which file may hold it.
 */
export function isUnreadSource(file: string, read: SourceText | undefined): boolean {
  if (read === undefined) return false;
  return !read.ok || isUnreadFile(loadText(file, read.text));
}
