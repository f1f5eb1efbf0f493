import type { DocumentReport, ReportedChange } from "./compare.js";
import type { Bump } from "./kinds.js";

const HEADINGS: [Bump, string][] = [
  ["major", "Breaking changes (major)"],
  ["minor", "Features (minor)"],
  ["patch", "Fixes and documentation (patch)"],
  ["none", "Other"],
];

/**
 * A human changelog of contract and product changes, grouped by the bump each requires: for release
 * notes and the PR comment.
 */
export function renderChangelog(reports: readonly DocumentReport[], options: { title?: string } = {}): string {
  const lines: string[] = [`## ${options.title ?? "Contract changes"}`, ""];
  const changed = reports.filter((r) => r.changes.length > 0);
  if (changed.length === 0) {
    lines.push("No contract or product changes.", "");
    return lines.join("\n");
  }
  for (const report of [...changed].sort((a, b) => a.file.localeCompare(b.file) || a.id.localeCompare(b.id))) {
    const what = report.kind === "DataContract" ? "Contract" : "Product";
    const versions =
      report.declaredBump === "new" ? `new, ${report.headVersion}` : report.declaredBump === "removed" ? `removed (was ${report.baseVersion})` : `${report.baseVersion} → ${report.headVersion}`;
    lines.push(`### ${what} \`${report.id}\` (${versions})`, "", `\`${report.file}\` — requires a **${report.requiredBump}** bump${report.declaredBump === "new" || report.declaredBump === "removed" ? "" : `, declared ${report.declaredBump}`}.`, "");
    for (const [bump, heading] of HEADINGS) {
      const changes = report.changes.filter((c) => c.requiredBump === bump);
      if (changes.length === 0) continue;
      lines.push(`#### ${heading}`, "", ...changes.map(changeLine), "");
    }
  }
  return lines.join("\n");
}

function changeLine(change: ReportedChange): string {
  // The message carries its own bump sentence; the heading already says it.
  const message = change.message.replace(/ Requires a \w+ version bump under [\w-]+\.$/, "");
  return `- \`${change.kind}\` ${escape(message)}`;
}

function escape(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/([<>])/g, "\\$1");
}
