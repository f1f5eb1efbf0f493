import { COMPAT_RULE_IDS, type Finding, type InSourceSuppressedFinding, LINE_BREAK, alternatives, meantCandidates, stageRuleInstead, yamlComments } from "@meshkit/core";

/** `# meshkit-disable-next-line rule-a, rule-b -- why this is fine` */
export interface Suppression {
  /** 1-based line and column of the comment. */
  line: number;
  column: number;
  /** The line the suppression applies to: the next line that is neither blank nor a comment. */
  appliesTo: number;
  ruleIds: string[];
  reason: string;
  /** The rule ids of `ruleIds` that suppressed at least one finding. */
  used: Set<string>;
  /** A misspelt directive (`meshkit-disable-line`, `meshkit-disable`) as written: it suppresses nothing. */
  misspelt?: string;
  /** A directive at the end of a line that holds YAML: it suppresses nothing (see parseSuppressions). */
  trailing?: true;
  /** No line but blanks and comments follows the directive: `appliesTo` is past the end of the file. */
  atEnd?: true;
  /** The line after the directive is a document marker (`---`, `...`): no line of its document follows it. */
  beforeMarker?: "---" | "...";
  /** The reason follows a dash that is not ` -- ` (`—`, `–`, `-`): read as the reason, and reported. */
  dash?: string;
}

const MARKER = "meshkit-disable-next-line";
// Any `meshkit-disable…` word, so that a misspelt directive (ESLint's `disable-line`, `disable`) is said, not
// silently read as a comment while the author believes the finding is suppressed. In any case too: the directive is
// lower-case only (as ESLint's), so `# MESHKIT-DISABLE-NEXT-LINE` is a misspelt one, said, not a plain comment.
const DIRECTIVE = /^#\s*(meshkit-disable[\w-]*)(.*)$/i;
// A line that only starts or ends a YAML document (a comment may follow): no node, so no finding, is on it.
const DOCUMENT_MARKER = /^(---|\.\.\.)(?:\s+(?:#.*)?)?$/;

/** Suppression comments of a file; a plain substring test keeps clean files at no cost. */
export function parseSuppressions(text: string): Suppression[] {
  if (!/meshkit-disable/i.test(text)) return [];
  const lines = text.split(LINE_BREAK);
  const out: Suppression[] = [];
  // Only YAML comments count: the same words in a block or quoted scalar are the document's text.
  for (const comment of yamlComments(text)) {
    const match = DIRECTIVE.exec(comment.text);
    if (!match) continue;
    const content = lines[comment.line - 1] ?? "";
    // (not found only if the lexer's text and the line's differ in their ends: read it as a line of its own)
    const at = Math.max(0, content.lastIndexOf(comment.text.trimEnd()));
    // ` -- ` separates the rules from the reason; a bare `--` at the end is the separator with no reason.
    let [rulesPart = "", ...reasonParts] = match[2]!.split(/\s+--(?:\s+|$)/);
    // Without ` -- `, a lone dash between words (an editor's `—` or `–` for a typed `--`, or one hyphen) starts the
    // reason: read as rule ids, its words would be named unknown rules and the reason said to be missing.
    const dash = reasonParts.length === 0 ? /\s+([-–—])(?:\s+|$)/.exec(rulesPart) : null;
    if (dash) {
      reasonParts = [rulesPart.slice(dash.index + dash[0].length)];
      rulesPart = rulesPart.slice(0, dash.index);
    }
    let appliesTo = comment.line + 1;
    while (appliesTo <= lines.length && /^\s*(#.*)?$/.test(lines[appliesTo - 1]!)) appliesTo++;
    const marker = DOCUMENT_MARKER.exec(lines[appliesTo - 1] ?? "")?.[1] as "---" | "..." | undefined;
    out.push({
      line: comment.line,
      column: at + 1,
      appliesTo,
      ruleIds: rulesPart.split(/[\s,]+/).filter(Boolean),
      reason: reasonParts.join(" -- ").trim(),
      used: new Set(),
      ...(match[1] !== MARKER ? { misspelt: match[1]! } : {}),
      // After a key or value on the same line (ESLint's `disable-line` habit): which line it means is a guess.
      ...(content.slice(0, at).trim() !== "" ? { trailing: true } : {}),
      ...(appliesTo > lines.length ? { atEnd: true } : {}),
      ...(marker !== undefined ? { beforeMarker: marker } : {}),
      ...(dash ? { dash: dash[1]! } : {}),
    });
  }
  return out;
}

/**
 * Drops the findings a suppression covers (returned apart, with its reason, for SARIF and JSON) and returns
 * what the suppressions themselves deserve:
 * `suppression-reason` for one without a reason (it still suppresses, so the author sees one finding,
 * not two), `unused-suppression` for one that covered nothing or names an unknown rule.
 */
export function applySuppressions(
  findings: Finding[],
  suppressions: Suppression[],
  file: string,
  knownRuleIds: ReadonlySet<string>,
  makeFinding: (ruleId: "suppression-reason" | "unused-suppression", line: number, column: number, message: string) => Finding | undefined,
): { kept: Finding[]; extra: Finding[]; suppressed: InSourceSuppressedFinding[] } {
  if (suppressions.length === 0) return { kept: findings, extra: [], suppressed: [] };
  const suppressed: InSourceSuppressedFinding[] = [];
  // By line: a generated file may hold a suppression and a finding on each of thousands of lines.
  const byLine = new Map<number, Suppression[]>();
  for (const s of suppressions) {
    if (s.misspelt !== undefined || s.trailing) continue;
    const onLine = byLine.get(s.appliesTo);
    if (onLine) onLine.push(s);
    else byLine.set(s.appliesTo, [s]);
  }
  const kept = findings.filter((finding) => {
    if (finding.file !== file) return true;
    const match = byLine.get(finding.line)?.find((s) => s.ruleIds.includes(finding.ruleId));
    if (!match) return true;
    match.used.add(finding.ruleId);
    suppressed.push({ ...finding, justification: match.reason });
    return false;
  });
  const extra: Finding[] = [];
  const add = (f: Finding | undefined) => f && extra.push(f);
  for (const s of suppressions) {
    if (s.trailing) {
      add(makeFinding("unused-suppression", s.line, s.column, `A \`${s.misspelt ?? MARKER}\` comment at the end of a line suppresses nothing; write \`# ${MARKER} <rule ids> -- <reason>\` on a line of its own, before the finding's line.`));
      continue;
    }
    if (s.misspelt !== undefined) {
      const notLowerCase = s.misspelt !== s.misspelt.toLowerCase() ? " (directives are lower-case)" : "";
      add(makeFinding("unused-suppression", s.line, s.column, `\`${s.misspelt}\` is not a meshkit directive${notLowerCase}, so it suppresses nothing; write \`# ${MARKER} <rule ids> -- <reason>\` on the line before the finding.`));
      continue;
    }
    if (s.ruleIds.length === 0) {
      add(makeFinding("suppression-reason", s.line, s.column, `${MARKER} must name the rule ids it disables, then \` -- \` and a reason.`));
      continue;
    }
    if (!s.reason) add(makeFinding("suppression-reason", s.line, s.column, `Suppression of ${s.ruleIds.join(", ")} has no reason; append \` -- <why this is acceptable>\` so reviewers can judge it.`));
    else if (s.dash !== undefined) add(makeFinding("suppression-reason", s.line, s.column, `Suppression of ${s.ruleIds.join(", ")} separates its reason with \`${s.dash}\`; write \` -- \` (two hyphens) between the rule ids and the reason.`));
    const unread = s.ruleIds.filter((id) => !knownRuleIds.has(id));
    if (unread.length > 0) {
      // A schema-compat rule is spelt right: its finding is about a change between versions, which no comment in the
      // file reaches, so say how that stage takes it rather than "check the spelling".
      for (const id of unread.filter((id) => COMPAT_RULE_IDS.has(id))) {
        add(makeFinding("unused-suppression", s.line, s.column, `Suppression names ${id}, a schema-compat rule, which suppression comments do not reach (they hide lint findings only): ${stageRuleInstead(id, "compat")} instead.`));
      }
      // As meshkit.yaml answers a misspelt rule id: the finding it was meant to hide stays, so name the id meant.
      const named = unread
        .filter((id) => !COMPAT_RULE_IDS.has(id))
        .map((id) => {
          const meant = meantCandidates(id, [...knownRuleIds]);
          return meant.length === 0 ? id : `${id} (did you mean ${alternatives(meant)}?)`;
        });
      if (named.length > 0) add(makeFinding("unused-suppression", s.line, s.column, `Suppression names unknown rule id(s) ${named.join(", ")}; check the spelling (see docs/rules).`));
    } else if (s.used.size === 0 && s.atEnd) add(makeFinding("unused-suppression", s.line, s.column, `Suppression of ${s.ruleIds.join(", ")} has no line after it to apply to (it ends the file); remove it.`));
    else if (s.used.size === 0 && s.beforeMarker !== undefined) add(makeFinding("unused-suppression", s.line, s.column, `Suppression of ${s.ruleIds.join(", ")} has no line of its document after it to apply to (the next line, ${s.appliesTo}, is the document marker \`${s.beforeMarker}\`); put it directly before the line it is meant for, or remove it.`));
    else if (s.used.size === 0) add(makeFinding("unused-suppression", s.line, s.column, `Suppression of ${s.ruleIds.join(", ")} matches no finding on line ${s.appliesTo}; remove it.`));
    else {
      // One comment may name several rules: a rule that reports nothing there is a stale entry, as in ESLint.
      const idle = [...new Set(s.ruleIds)].filter((id) => !s.used.has(id));
      if (idle.length > 0) add(makeFinding("unused-suppression", s.line, s.column, `Suppression of ${idle.join(", ")} matches no finding on line ${s.appliesTo} (the other rules it names do); remove ${idle.length === 1 ? "it" : "them"} from the comment.`));
    }
  }
  return { kept, extra, suppressed };
}
