/**
 * The rule ids catalog-publish reports. Findings about a document point at its node; findings about
 * the catalog itself (its index, an entry file) point at that file in the catalog.
 */
import { type Finding, type RuleMeta, type Severity, docsUrlFor, singleLine } from "@meshkit/core";

export const CATALOG_RULES: readonly RuleMeta[] = [
  { id: "catalog-ownership", defaultSeverity: "error", stage: "catalog", description: "A product id is already registered by another domain or repository; ownership is by domain." },
  { id: "catalog-product-incomplete", defaultSeverity: "warning", stage: "catalog", description: "A data product has no version or no domain (ODPS makes both optional): it is published as unversioned or without domain." },
  { id: "catalog-product-invalid", defaultSeverity: "error", stage: "catalog", description: "A data product breaks the ODPS schema (no id or status, outputPorts that are not a list, …) or has a blank id: it is not published." },
  { id: "catalog-case-collision", defaultSeverity: "error", stage: "catalog", description: "A product id, or a version of a product, differs from one in the catalog (or published before it in the same run) only in letter case: on a case-insensitive file system their entries and site pages would be one file." },
  { id: "catalog-duplicate-product", defaultSeverity: "error", stage: "catalog", description: "Two documents being published declare the same product id and version." },
  { id: "catalog-duplicate-contract", defaultSeverity: "error", stage: "catalog", description: "Two documents being published declare the same contract id and version with different content: an output port that names it is published with the one beside its product, else its product is not published." },
  { id: "catalog-contract-invalid", defaultSeverity: "error", stage: "catalog", description: "A contract an output port names breaks the ODCS schema: it is not published, and neither are the products whose ports name it." },
  { id: "catalog-contract-missing", defaultSeverity: "warning", stage: "catalog", description: "An output port names a contract that is not among the documents published with its product, or one there only at other versions than the port's." },
  {
    id: "catalog-contract-shared",
    defaultSeverity: "warning",
    stage: "catalog",
    description: "An output port serves a contract that the latest version of another product in the catalog serves too: products reading it are shown as consumers of only one of them.",
  },
  { id: "catalog-version-changed", defaultSeverity: "warning", stage: "catalog", description: "A product version already in the catalog is published again with different documents; the entry is replaced." },
  { id: "catalog-index-rebuilt", defaultSeverity: "warning", stage: "catalog", description: "The catalog index was missing, unreadable or did not match the entries; it is rebuilt from them." },
  { id: "catalog-entry-unreadable", defaultSeverity: "error", stage: "catalog", description: "A file in the catalog's products folder is not a catalog entry; it is left alone and not indexed." },
  { id: "catalog-lineage-unresolved", defaultSeverity: "info", stage: "catalog", description: "An input port reads a contract whose upstream documents are not known, so DataHub or Backstage gets no lineage edge for it." },
  {
    id: "catalog-lineage-stale",
    defaultSeverity: "warning",
    stage: "catalog",
    description: "A Backstage Resource of another product dependsOn a Resource that publishing this product removed (renamed or dropped); it points at nothing until that product is published again.",
  },
  {
    id: "catalog-product-orphaned",
    defaultSeverity: "warning",
    stage: "catalog",
    description: "A publish of a whole repository does not have a product the catalog registered from that repository, and its latest version is not retired: consumers still find it. Publish it as retired, or remove its entries.",
  },
  {
    id: "catalog-results-unmatched",
    defaultSeverity: "warning",
    stage: "catalog",
    description: "Contract-test results given to a publish belong to no contract version the products published serve (another product, a contract version since bumped): they are not published.",
  },
  { id: "catalog-target-incomplete", defaultSeverity: "warning", stage: "catalog", description: "DataHub, OpenMetadata or Backstage could not take part of a product (a table, owner or service it does not know); that part was left out." },
  { id: "catalog-release-tag-not-pushed", defaultSeverity: "error", stage: "catalog", description: "A product version was published, but its release tag could not be pushed to the repository; later compat runs compare with release tags." },
  {
    id: "catalog-release-not-tagged",
    defaultSeverity: "error",
    stage: "catalog",
    description: "A product version was published but could not be tagged: its version is not semver, its id makes no git tag name, or the version's tag already marks another release of other documents; later compat runs compare with release tags.",
  },
];

export type CatalogRuleId =
  | "catalog-ownership"
  | "catalog-product-incomplete"
  | "catalog-case-collision"
  | "catalog-duplicate-product"
  | "catalog-duplicate-contract"
  | "catalog-contract-missing"
  | "catalog-contract-shared"
  | "catalog-version-changed"
  | "catalog-index-rebuilt"
  | "catalog-entry-unreadable"
  | "catalog-lineage-unresolved"
  | "catalog-lineage-stale"
  | "catalog-product-orphaned"
  | "catalog-results-unmatched"
  | "catalog-target-incomplete"
  | "catalog-release-tag-not-pushed"
  | "catalog-release-not-tagged";

/** A finding about a file of the catalog (not a source document): line 1, column 1. */
export function catalogFinding(ruleId: CatalogRuleId, severity: Severity, message: string, file: string): Finding {
  return { ruleId, severity, message, file, line: 1, column: 1, path: "", stage: "catalog", docsUrl: docsUrlFor(ruleId) };
}

/**
 * A finding as the commands that print catalog findings beside their own output (`catalog search`,
 * `catalog build`) print it on stderr: gcc style like the text report, `file:line:column: severity
 * rule-id message`, on one line whatever the message holds.
 */
export function catalogFindingLine(finding: Finding): string {
  return singleLine(`${finding.file}:${finding.line}:${finding.column}: ${finding.severity} ${finding.ruleId} ${finding.message}`);
}
