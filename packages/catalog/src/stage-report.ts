/**
 * A catalog publish as a StageReport: its findings, the number of product versions written and the
 * catalog as outputs, and the changes (made, or that a dry run would make) as markdown for the job
 * summary and the PR comment. The catalog-publish action and `meshkit ci` both report with it.
 */
import { type Finding, type LoadedDocument, type ReleaseTagOutcome, type StageReport, escapeMarkdown, inlineCode, productReleaseTag } from "@meshkit/core";
import { assembleProducts } from "./entry.js";
import { gitCommandIn } from "./products-source.js";
import type { CatalogChange, ChangeAction, PublishResult } from "./publish.js";
import type { QualityRun } from "./results.js";
import { CATALOG_RULES } from "./rules.js";
import { type CatalogTargetSpec, redactUrl } from "./targets/target.js";

/** The outputs of the catalog-publish action besides the shared ones (declared in its action.yml; checked by action-metadata.test.ts). */
export const CATALOG_OUTPUTS = { published: "published", catalogUrl: "catalog-url" } as const;

const DONE: Record<ChangeAction, string> = {
  "add-product": "added",
  "add-version": "added",
  "update-version": "updated",
  "update-quality": "quality updated",
  upsert: "sent",
  unchanged: "unchanged",
};

const WOULD: Record<ChangeAction, string> = {
  "add-product": "would add",
  "add-version": "would add",
  "update-version": "would update",
  "update-quality": "would update quality",
  upsert: "would send",
  unchanged: "unchanged",
};

/** The catalog as printed in outputs and summaries: credentials in URLs redacted. */
export function catalogDisplay(spec: CatalogTargetSpec): string {
  if (spec.type === "dir") return `dir:${spec.path}`;
  if (spec.type === "git") return `git:${redactUrl(spec.repo)}#${spec.branch}`;
  return redactUrl(spec.text);
}

/**
 * The stage report of a publish. `dryRunReason` is why this run only showed what would change
 * (the production gate's reason); undefined when it published. `published` counts the product
 * versions written (0 on a dry run, and when the catalog already had them).
 */
export function catalogStageReport(result: PublishResult, options: { files: number; dryRunReason: string | undefined }): StageReport {
  const dryRun = options.dryRunReason !== undefined;
  const changed = result.changes.filter((c) => c.action !== "unchanged");
  const published = dryRun ? 0 : changed.length;
  const target = redactUrl(result.target);
  const refused = result.changes.length === 0;
  const notices = dryRun
    ? [`dry run, nothing was published: ${options.dryRunReason}. ${refused ? "No product could be published (see the findings)." : changed.length === 0 ? "Publishing would change nothing." : `Publishing would change ${count(changed.length, "product version")}; the job summary lists them.`}`]
    : [
        refused
          ? `nothing was published to ${target}: no product could be published (see the findings)`
          : published === 0
            ? `nothing to publish: ${target} already has these product versions`
            : `published ${count(published, "product version")} to ${target}${result.commit ? ` (catalog commit ${result.commit.slice(0, 12)})` : ""}`,
      ];
  return {
    findings: result.findings,
    files: options.files,
    rules: CATALOG_RULES,
    outputs: { [CATALOG_OUTPUTS.published]: String(published), [CATALOG_OUTPUTS.catalogUrl]: target },
    summary: renderChanges(result, target, options.dryRunReason, published),
    notices,
  };
}

/** The documents could not be read: their findings (exit 2), nothing published. */
export function unreadableDocuments(spec: CatalogTargetSpec, findings: Finding[]): StageReport {
  return { findings, files: 0, rules: CATALOG_RULES, outputs: { [CATALOG_OUTPUTS.published]: "0", [CATALOG_OUTPUTS.catalogUrl]: catalogDisplay(spec) } };
}

/** Why there is nothing to publish: the note the action and `meshkit publish` both print. */
export function nothingToPublishReason(paths: readonly string[]): string {
  return `no data product (kind: DataProduct) found in ${paths.length > 0 ? paths.join(" ") : "the project"}`;
}

/**
 * No ODPS product among the documents: a pass with a notice, and the catalog is not touched. `unmatched`: the
 * globs of files.include selected no document at all (readCatalogDocuments), reported at them.
 */
export function nothingToPublish(spec: CatalogTargetSpec, paths: readonly string[], unmatched?: Finding): StageReport {
  const reason = nothingToPublishReason(paths);
  return {
    findings: unmatched ? [unmatched] : [],
    files: 0,
    rules: CATALOG_RULES,
    outputs: { [CATALOG_OUTPUTS.published]: "0", [CATALOG_OUTPUTS.catalogUrl]: catalogDisplay(spec) },
    summary: `**Nothing to publish**: ${escapeMarkdown(reason)}.\n`,
    notices: [`${reason}: nothing to publish`],
  };
}

function renderChanges(result: PublishResult, target: string, dryRunReason: string | undefined, published: number): string {
  const dryRun = dryRunReason !== undefined;
  const catalog = inlineCode(target);
  if (result.changes.length === 0) {
    const why = dryRun ? `**Dry run**: nothing was published (${escapeMarkdown(dryRunReason)}).` : `**Nothing was published** to ${catalog}.`;
    return `${why} No product could be published: see the findings above.\n`;
  }
  const head = dryRun
    ? `**Dry run**: nothing was published (${escapeMarkdown(dryRunReason)}). What publishing to ${catalog} would change:`
    : published > 0
      ? `**Published** ${count(published, "product version")} to ${catalog}${result.commit ? ` (catalog commit ${inlineCode(result.commit.slice(0, 12))})` : ""}.`
      : `**Nothing to publish**: ${catalog} already has these product versions.`;
  const label = dryRun ? WOULD : DONE;
  const rows = result.changes.map((c: CatalogChange) =>
    row([`${escapeMarkdown(c.name, TABLE)} (${escapeMarkdown(c.domain || "no domain", TABLE)})`, escapeMarkdown(c.version || "unversioned", TABLE), label[c.action], escapeMarkdown(c.message, TABLE)]),
  );
  return `${head}\n\n${row(["product", "version", "change", "details"])}\n${row(["---", "---", "---", "---"])}\n${rows.join("\n")}\n`;
}

const TABLE = { table: true } as const;

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * A publish whose products could not all be tagged: each is an error at what to change, since later compat
 * runs find the last release by its tag. A version that is not semver, or an id git takes for no tag name,
 * is `invalid`; a tag of this version on another commit whose documents differ (`conflict`, not unchanged)
 * means the version was released before with other content (semver §3: a released version never changes).
 */
export function withUntaggedReleases(report: StageReport, tags: readonly ReleaseTagOutcome[], documents: readonly LoadedDocument[]): StageReport {
  const untagged = new Map(tags.filter((t) => t.outcome === "invalid" || (t.outcome === "conflict" && !t.unchanged)).map((t) => [t.tag, t]));
  if (untagged.size === 0) return report;
  const findings = documents.flatMap((doc) => {
    const release = productReleaseTag(doc);
    const outcome = release ? untagged.get(release.tag) : undefined;
    if (!release || !outcome || !untagged.delete(release.tag)) return [];
    const [path, message] =
      outcome.outcome === "conflict"
        ? ["/version", `Published but not tagged: ${outcome.releasedAs ? `${outcome.releasedAs}, the same version (build metadata aside, semver §10),` : release.tag} already marks another commit (${outcome.commit?.slice(0, 12) ?? "?"}) with other documents, so this version was released before with other content. Bump the product version (a released version never changes) and publish again.`]
        : release.problem
          ? ["/version", `Published but not tagged: ${release.problem}, and compat finds the last release by its tag's version. Write the version as semver and publish again.`]
          : ["/id", `Published but not tagged: ${JSON.stringify(release.tag)} is no tag name (${outcome.reason ?? "git refuses it"}). Give the product an id of letters, digits, -, _ and . and publish again.`];
    return [doc.finding({ ruleId: "catalog-release-not-tagged", severity: "error", stage: "catalog", path, message })];
  });
  return { ...report, findings: [...report.findings, ...findings] };
}

/**
 * The products to tag after a publish, and those held back: a product whose contract-test results (of a
 * contract it serves, at that version) failed or could not run is published, since the catalog shows
 * failing quality too, but is not released. A release tag says the version kept its contract, and compat
 * compares every later change with it; the pipeline tags only when every check passed. Products with no
 * results, or results that passed or only warned, are tagged.
 */
export function releasableProducts(documents: readonly LoadedDocument[], results: QualityRun | undefined): { releasable: LoadedDocument[]; heldBack: Finding[] } {
  if (!results) return { releasable: [...documents], heldBack: [] };
  const held = new Map<LoadedDocument, string[]>();
  for (const bundle of assembleProducts(documents).bundles) {
    const failing = results.contracts.filter((r) => (r.status === "fail" || r.status === "error") && bundle.contracts.some((c) => c.id === r.contractId && c.version === r.contractVersion));
    if (failing.length > 0) held.set(bundle.document, failing.map((r) => `${r.contractId} ${r.contractVersion} (${r.summary.failed} failed, ${r.summary.errors} could not run, checked ${r.checkedAt})`));
  }
  const heldBack = [...held].map(([doc, contracts]) =>
    doc.finding({
      ruleId: "catalog-release-not-tagged",
      severity: "error",
      stage: "catalog",
      path: "/version",
      message: `Published but not tagged: the contract-test results of contract ${contracts.join(", ")} fail, and a version is released once its data keeps its contract. Fix the data (or the contract, with a new version), test again and publish with the new results.`,
    }),
  );
  return { releasable: documents.filter((d) => !held.has(d)), heldBack };
}

/**
 * A publish whose release tags were made but could not be pushed (`reason`: git's). The catalog has the
 * versions, so the report keeps everything it says (outputs, summary); each tag not pushed is an error
 * at its product's version, since the next compat run compares with release tags. `checkout` is the
 * folder of the products' checkout, relative to the working directory, when it is not the working
 * directory itself (`paths` naming a repository checked out beside the workflow's): the tags are there,
 * so the message names it and the command to push them runs there (`git -C <folder>`).
 */
export function withUnpushedReleaseTags(report: StageReport, tags: readonly ReleaseTagOutcome[], documents: readonly LoadedDocument[], reason: string, checkout = ""): StageReport {
  const unpushed = tags.filter((t) => t.outcome === "created").map((t) => t.tag);
  const pending = new Set(unpushed);
  const where = checkout === "" ? undefined : checkout;
  const gitIn = gitCommandIn(checkout);
  const findings = documents.flatMap((doc) => {
    const tag = productReleaseTag(doc)?.tag;
    if (tag === undefined || !pending.delete(tag)) return [];
    const made = where === undefined ? "was made" : `was made in the checkout ${where}`;
    const message = `The release tag ${tag} ${made} but could not be pushed: ${reason}. Push it (${gitIn} push origin refs/tags/${tag}), or re-run the job with a token that may write tags (contents: write).`;
    return [doc.finding({ ruleId: "catalog-release-tag-not-pushed", severity: "error", stage: "catalog", path: "/version", message })];
  });
  const list = unpushed.map((tag) => `- ${inlineCode(tag)}`).join("\n");
  const inCheckout = where === undefined ? "" : ` in the checkout ${inlineCode(where)}`;
  return {
    ...report,
    findings: [...report.findings, ...findings],
    summary: `${report.summary ?? ""}\n**Release tags not pushed**${inCheckout} (${escapeMarkdown(reason)}):\n\n${list}\n`,
    notices: [...(report.notices ?? []), `release tags not pushed${where === undefined ? "" : ` in the checkout ${where}`}: ${reason}`],
  };
}
