import { type MeshkitConfig, escapeMarkdown, inlineCode, isMapping, loadText, compareText } from "@meshkit/core";
import { type CompareOptions, type DocumentReport, type ReportedChange, type Side, UNVERSIONED, compareSides } from "./compare.js";
import { type ConsumerImpact, consumerLabel, onlyNotices } from "./consumers.js";
import { NO_CONSUMER_READS_IT } from "./diff.js";
import { type Bump, NOTICE_KINDS } from "./kinds.js";
import { bumpInWords, judgedBaseVersion, onZeroLine, productSemverText } from "./verdict.js";

const HEADINGS: [Bump, string][] = [
  ["major", "Breaking changes"],
  ["minor", "Features"],
  ["patch", "Fixes and documentation"],
  ["none", "Other"],
];

/**
 * A group's heading with the bump it requires, in the words of the base's line: `(major)`, `(minor)`,
 * `(patch)`; under 0.x, where semver §4 lets anything change and the caret range gives the positions their
 * meaning (a breaking change goes to the next minor, anything else to the next patch), `(0.x: breaking)` or
 * `(0.x: compatible)`, as the document line and the version-bump message word it.
 */
function groupHeading(bump: Bump, title: string, baseVersion: string | undefined): string {
  if (bump === "none") return title;
  if (onZeroLine(baseVersion)) return `${title} (0.x: ${bump === "major" ? "breaking" : "compatible"})`;
  return `${title} (${bump})`;
}

/**
 * The released version as the verdict judged it: a product's `v0.3.1` is 0.3.1, on the 0.x line; a base that is not
 * semver, as the verdict read it (`0.1` → 0.1.0, also 0.x: see judgedBaseVersion). A new document has none: its own
 * version's line words its bump, as its `contract-added` / `product-added` finding does (a new 0.1.0 contract requires
 * a compatible (0.x) bump there, not a minor one).
 */
function judgedBase(report: DocumentReport): string | undefined {
  const asJudged = (version: string | undefined) => (report.kind === "DataProduct" && version !== undefined ? productSemverText(version) : version);
  // A head without a version reads a released `0.1` as the verdict does, as 0.1.0 (its version to add is 0.x's).
  const head = report.headVersion === UNVERSIONED ? undefined : asJudged(report.headVersion);
  return judgedBaseVersion(asJudged(report.baseVersion ?? report.headVersion), head);
}

/**
 * A human changelog of contract and product changes, grouped by the bump each requires: for release
 * notes and the PR comment. A breaking contract looked up in a catalog (`--catalog`) also gets a
 * "Consumers affected" table: its registered consumers and whether the changes hit what they read.
 */
export function renderChangelog(reports: readonly DocumentReport[], options: { title?: string } = {}): string {
  // The title names the base (`Contract changes since <ref>`), and a branch name may hold `@name`, `#12` or `<details>`: text, escaped.
  const lines: string[] = [`## ${escapeMarkdown(options.title ?? "Contract changes")}`, ""];
  // A new version with nothing else changed is a release too (a product re-released for its ports' sake, a patch bump).
  const changed = reports.filter((r) => r.changes.length > 0 || (r.baseVersion !== undefined && r.headVersion !== undefined && r.baseVersion !== r.headVersion));
  if (changed.length === 0) {
    lines.push("No contract or product changes.", "");
    return lines.join("\n");
  }
  for (const report of [...changed].sort((a, b) => compareText(a.file, b.file) || compareText(a.id, b.id))) {
    const what = report.kind === "DataContract" ? "Contract" : "Product";
    const versions =
      report.declaredBump === "new" ? `new, ${report.headVersion}` : report.declaredBump === "removed" ? `removed (was ${report.baseVersion})` : `${report.baseVersion} → ${report.headVersion}`;
    // Named for people, with the id that tags and the catalog use; a retired or deprecated one says so.
    const named = report.name !== undefined && report.name !== report.id ? `${escapeMarkdown(report.name)} (${inlineCode(report.id)})` : inlineCode(report.id);
    lines.push(`### ${what} ${named} (${escapeMarkdown(versions)}${report.status ? `, ${escapeMarkdown(report.status)}` : ""})`, "", `${inlineCode(report.file)} — requires ${bumpInWords(report.requiredBump, judgedBase(report), true)}${declaredText(report)}.`, "");
    // Only its version changed: an older one, or one the versions do not tell (`unversioned`, not semver), is no new version.
    if (report.changes.length === 0) lines.push(`${report.declaredBump === "downgrade" ? "An older version" : report.declaredBump === "invalid" ? "Another version" : "A new version"}; its content is unchanged.`, "");
    for (const [bump, heading] of HEADINGS) {
      const changes = report.changes.filter((c) => c.requiredBump === bump);
      if (changes.length === 0) continue;
      lines.push(`#### ${groupHeading(bump, heading, judgedBase(report))}`, "", ...changes.map(changeLine), "");
    }
    if (report.consumers) lines.push(...consumerLines(report.consumers, report.kind, report.requiredBump === "major"));
  }
  return lines.join("\n");
}

function changeLine(change: ReportedChange): string {
  return `- \`${change.kind}\` ${escapeMarkdown(changeText(change))}`;
}

/** A change message's bump sentence (see changeText). */
const BUMP_SENTENCE = new RegExp(` Requires (?:a \\w+(?: \\(0\\.x\\))?|no) version bump(?: under [\\w-]+|: [\\s\\S]*?${NO_CONSUMER_READS_IT})\\.`);

/**
 * A change's message without its bump sentence, which the heading (or the release notes' document line)
 * already says. Advice, or "Found against v1.0.0 …" for a change found against an older release, may follow it.
 */
function changeText(change: ReportedChange): string {
  // (Or why it is that bump, for a change a retirement makes no consumer's break: `Requires a minor version bump: the product is retired, …`,
  // which may name products whose ids hold a `.`: it ends where every such reason does.)
  return change.message.replace(BUMP_SENTENCE, "");
}

/**
 * A change as consumers read it in the catalog: what changed (the first sentence), without the advice
 * meant for the pull request's author, nor the places of the catalog's own stand-in files
 * (`(was at <id>.odcs.json:1 in 1.1.0)`), which nobody can open.
 */
function noteText(change: ReportedChange): string {
  const text = changeText(change);
  let inCode = false;
  let end = text.length;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "`") inCode = !inCode;
    else if (!inCode && text[i] === "." && (i === text.length - 1 || text[i + 1] === " ")) {
      end = i + 1;
      break;
    }
  }
  return text.slice(0, end).replace(/\s*\([^()]*\.od[cp]s\.json[^()]*\)/g, "");
}

/** A product version as a catalog entry keeps it: its version, the ODPS product and its ODCS contracts. */
export interface ReleasedDocuments {
  productVersion: string;
  product: unknown;
  contracts: readonly unknown[];
}

/**
 * Release notes of a product version against an earlier one of the catalog: a line per contract or
 * product that changed (its versions and the bump its changes require), then a line per change. Plain
 * text, as a catalog entry keeps it; `renderChangelog` is the Markdown form of the same comparison.
 */
export function releaseNotes(previous: ReleasedDocuments, next: ReleasedDocuments, options: Pick<CompareOptions, "mode" | "config">): string {
  const side = (released: ReleasedDocuments): Side => ({
    label: released.productVersion || "unversioned",
    // Named by id: the same document is the same file on both sides (the catalog keeps no file names).
    documents: [released.product, ...released.contracts].flatMap((value) => {
      const id = isMapping(value) && typeof value.id === "string" ? value.id : "document";
      return loadText(`${id}.${isMapping(value) && value.kind === "DataProduct" ? "odps" : "odcs"}.json`, JSON.stringify(value)).documents;
    }),
  });
  const { contracts: reports } = compareSides(side(previous), side(next), options);
  const lines = [`Changes since ${previous.productVersion || "the unversioned entry"}:`];
  const changed = reports.filter((r) => r.changes.length > 0 || r.baseVersion !== r.headVersion);
  if (changed.length === 0) return `${lines[0]} none.`;
  for (const report of [...changed].sort((a, b) => compareText(a.kind, b.kind) || compareText(a.id, b.id))) {
    const what = report.kind === "DataContract" ? "contract" : "product";
    const named = report.name !== undefined && report.name !== report.id ? `${report.name} (${report.id})` : report.id;
    const versions = report.declaredBump === "new" ? `new, ${report.headVersion}` : report.declaredBump === "removed" ? `removed, was ${report.baseVersion}` : `${report.baseVersion} → ${report.headVersion}`;
    lines.push(`${what} ${named}, ${versions}: requires ${bumpInWords(report.requiredBump, judgedBase(report))}`);
    for (const change of report.changes) lines.push(`- ${change.kind}: ${noteText(change)}`);
  }
  return lines.join("\n");
}

/**
 * `, declared minor`; under 0.x in that line's words (`declared a compatible (0.x) bump`); a version that did not go up,
 * or that no bump can be read from, in words (`declaredBump` `none`, `downgrade`, `invalid` are no bumps to name);
 * nothing for a new or removed document.
 */
function declaredText(report: DocumentReport): string {
  const declared = report.declaredBump;
  if (declared === "new" || declared === "removed") return "";
  if (declared === "downgrade") return ", but the version went down";
  // Not semver, too large to compare, or no version at all: the version-bump finding says which.
  if (declared === "invalid") return ", but no bump can be read from its versions";
  const base = judgedBase(report);
  // `no bump` (the same version, or only other build metadata) in any line, as bumpInWords words it.
  const inWords = declared === "none" || onZeroLine(base);
  return `, declared ${inWords ? bumpInWords(declared, base) : declared}`;
}

const AFFECTED_TEXT = { yes: "**yes**", unknown: "maybe", no: "no" } as const;

function consumerLines(impacts: readonly ConsumerImpact[], kind: DocumentReport["kind"], breaking: boolean): string[] {
  const lines = ["#### Consumers affected", ""];
  if (impacts.length === 0) return [...lines, `No registered consumer product reads ${kind === "DataContract" ? "this contract" : "a contract its breaking changes take away"}.`, ""];
  lines.push("| consumer | owner | input port | affected | why |", "|---|---|---|---|---|");
  for (const impact of impacts) {
    const { consumer } = impact;
    const owner = [consumer.owner, consumer.support].filter((v): v is string => v !== undefined && v !== "").join(", ");
    const port = `${inlineCode(consumer.port)}${consumer.contractVersion ? ` (${consumer.contractVersion})` : ""}`;
    lines.push(`| ${cell(consumerLabel(consumer))} | ${cell(owner || "-")} | ${cell(port)} | ${AFFECTED_TEXT[impact.affected]} | ${cell(why(impact))} |`);
  }
  // A release that needs no major version lists its consumers for its deprecations and withdrawal (see attachConsumers);
  // a major one weighs those that break or give no date beside its breaking changes (BREAKING_RELEASE_NOTICES), and
  // says so where one of them reached a consumer.
  const notices = "a deprecation, the removal it announced, or the release withdrawn";
  const noticed = impacts.some((impact) => impact.hits.some((hit) => NOTICE_KINDS.has(hit.kind)));
  const what = !breaking ? notices : noticed ? "a breaking change, the removal a deprecation announced, or the release withdrawn," : "a breaking change";
  lines.push("", `_yes_: ${what} touches a column the consumer reads (or the whole contract); _maybe_: its input port declares no \`usedColumns\`; _no_: it declares its columns and none changed.`, "");
  return lines;
}

function why(impact: ConsumerImpact): string {
  const unknown = impact.unknownColumns ? `; declared but not in the released contract: ${impact.unknownColumns.map((c) => `\`${c}\``).join(", ")}` : "";
  if (impact.affected === "unknown") return `declares no used columns${unknown}`;
  if (impact.affected === "no") return `reads ${(impact.consumer.columns ?? []).map((c) => `\`${c}\``).join(", ")}: none changed${unknown}`;
  // Plain text: the table cell (`cell`) escapes it once; escaped here too, `orders_v1` read `orders\_v1`.
  if (impact.contractId !== undefined) return `contract ${inlineCode(impact.contractId)}, ${onlyNotices(impact) ? "concerned" : "broken"} by ${[...new Set(impact.hits.map((h) => `\`${h.kind}\` (${h.element})`))].join(", ")}`;
  const whole = [...new Set(impact.hits.filter((h) => h.column === undefined).map((h) => `\`${h.kind}\``))];
  const byColumn = new Map<string, Set<string>>();
  for (const hit of impact.hits) if (hit.column !== undefined) byColumn.set(hit.column, (byColumn.get(hit.column) ?? new Set()).add(hit.kind));
  const parts = [
    ...(whole.length > 0 ? [`the whole contract (${whole.join(", ")})`] : []),
    ...[...byColumn].map(([column, kinds]) => `\`${column}\` (${[...kinds].map((k) => `\`${k}\``).join(", ")})`),
  ];
  return `${parts.join(", ")}${unknown}`;
}

/** A table cell: one line, no column breaks, no HTML. */
function cell(text: string): string {
  return escapeMarkdown(text, { table: true });
}

/** Release notes of a catalog's new versions (publish's `changelogFor`), judged by the config's compat settings. */
export function releaseNotesUnder(config: MeshkitConfig["compat"]): (previous: ReleasedDocuments, next: ReleasedDocuments) => string {
  return (previous, next) => releaseNotes(previous, next, { mode: config.mode, config });
}
