import type { Finding } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { type Suppression, applySuppressions } from "./suppressions.js";
import { VALID_CONTRACT, lintOne, where } from "./test-support.js";

const misnamed = VALID_CONTRACT.replace("      - name: ordered_at", "      # meshkit-disable-next-line naming-convention -- legacy column name kept for BI tools\n      - name: orderedAt");

describe("inline suppressions", () => {
  it("suppress the named rule on the next line", () => {
    expect(lintOne(misnamed)).toEqual([]);
  });
  it("skip blank and comment lines to find the next line", () => {
    expect(lintOne(misnamed.replace("tools\n", "tools\n\n      # why: see ticket\n"))).toEqual([]);
  });
  it("require a reason (and still suppress)", () => {
    const findings = lintOne(misnamed.replace(" -- legacy column name kept for BI tools", ""));
    expect(where(findings)).toEqual(["suppression-reason@25:7"]);
    // A `--` with nothing after it is the separator without a reason, not a rule id named `--`.
    expect(where(lintOne(misnamed.replace(" -- legacy column name kept for BI tools", " --")))).toEqual(["suppression-reason@25:7"]);
  });
  it("read a reason after a lone dash (`—`, `–`, `-`) as the reason, and say to write ` -- `, not that its words are unknown rules", () => {
    for (const dash of ["—", "–", "-"]) {
      const findings = lintOne(misnamed.replace("naming-convention --", `naming-convention ${dash}`));
      expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
        `suppression-reason@25:7 Suppression of naming-convention separates its reason with \`${dash}\`; write \` -- \` (two hyphens) between the rule ids and the reason.`,
      ]);
    }
    // A hyphen inside a rule id, or a ` -- ` anywhere, is no such dash.
    expect(lintOne(misnamed.replace("-- legacy column name", "-- legacy - column name"))).toEqual([]);
  });
  it("report suppressions that match nothing or name unknown rules", () => {
    const unused = VALID_CONTRACT.replace("      - name: ordered_at", "      # meshkit-disable-next-line naming-convention -- not needed\n      - name: ordered_at");
    expect(where(lintOne(unused))).toEqual(["unused-suppression@25:7"]);
    const unknown = misnamed.replace("naming-convention --", "naming-convention, no-such-rule --");
    expect(lintOne(unknown).map((f) => f.message)).toEqual([expect.stringContaining("no-such-rule")]);
  });
  it("name the rule id a misspelt one in a suppression was meant to be, as the finding it meant to hide stays", () => {
    const findings = lintOne(misnamed.replace("naming-convention --", "naming-convension --"));
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "unused-suppression@25:7 Suppression names unknown rule id(s) naming-convension (did you mean naming-convention?); check the spelling (see docs/rules).",
      expect.stringMatching(/^naming-convention@26:\d+ /),
    ]);
    // A family's name without the part that tells its rules apart (as meshkit.yaml's rules answer it): each is as near.
    expect(lintOne(misnamed.replace("naming-convention --", "naming-convention, sla --"))[0]?.message).toBe(
      "Suppression names unknown rule id(s) sla (did you mean sla-property or sla-element?); check the spelling (see docs/rules).",
    );
    // A schema-compat rule is spelt right: no comment reaches it, and the finding says what does.
    const compat = lintOne(misnamed.replace("naming-convention --", "naming-convention, property-removed-required, sla-removd --"));
    expect(compat.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "unused-suppression@25:7 Suppression names property-removed-required, a schema-compat rule, which suppression comments do not reach (they hide lint findings only): accept the change with a compat.ignore entry (its `kind` and a `reason`), or set its level in compat.rules, instead.",
      "unused-suppression@25:7 Suppression names unknown rule id(s) sla-removd; check the spelling (see docs/rules).",
    ]);
    // Nothing near: the id alone.
    expect(lintOne(misnamed.replace("naming-convention --", "naming-convention, no-such-rule --"))[0]?.message).toBe(
      "Suppression names unknown rule id(s) no-such-rule; check the spelling (see docs/rules).",
    );
  });
  it("report a suppression that ends the file as having no line to apply to, not a line past the end", () => {
    const text = `${VALID_CONTRACT.trimEnd()}\n# meshkit-disable-next-line naming-convention -- nothing follows\n\n`;
    const findings = lintOne(text);
    const last = VALID_CONTRACT.trimEnd().split("\n").length + 1;
    expect(where(findings)).toEqual([`unused-suppression@${last}:1`]);
    expect(findings[0]!.message).toContain("has no line after it");
    expect(findings[0]!.message).not.toMatch(/on line \d+/);
  });
  it("report a suppression that ends a YAML document as having no line of its document after it, not a finding on the `---` line", () => {
    for (const marker of ["---", "...\n---", "--- # next contract"]) {
      const text = `${VALID_CONTRACT.trimEnd()}\n# meshkit-disable-next-line naming-convention -- end of document\n\n${marker}\n${VALID_CONTRACT.replace("id: ", "id: other_")}`;
      const findings = lintOne(text).filter((f) => f.ruleId === "unused-suppression");
      const line = VALID_CONTRACT.trimEnd().split("\n").length + 1;
      expect(where(findings), marker).toEqual([`unused-suppression@${line}:1`]);
      expect(findings[0]!.message, marker).toBe(`Suppression of naming-convention has no line of its document after it to apply to (the next line, ${line + 2}, is the document marker \`${marker.slice(0, 3)}\`); put it directly before the line it is meant for, or remove it.`);
    }
  });
  it("report a misspelt directive, which suppresses nothing, beside the finding it was meant for", () => {
    for (const directive of ["meshkit-disable-line", "meshkit-disable", "meshkit-disable-next-lines"]) {
      const findings = lintOne(misnamed.replace("meshkit-disable-next-line", directive));
      expect(where(findings), directive).toEqual(["unused-suppression@25:7", "naming-convention@26:15"]);
      expect(findings[0]!.message).toBe(`\`${directive}\` is not a meshkit directive, so it suppresses nothing; write \`# meshkit-disable-next-line <rule ids> -- <reason>\` on the line before the finding.`);
    }
  });
  it("report a directive in upper or mixed case, which suppresses nothing, as not lower-case, beside the finding", () => {
    for (const directive of ["MESHKIT-DISABLE-NEXT-LINE", "Meshkit-Disable-Next-Line", "MESHKIT-DISABLE"]) {
      const findings = lintOne(misnamed.replace("meshkit-disable-next-line", directive));
      expect(where(findings), directive).toEqual(["unused-suppression@25:7", "naming-convention@26:15"]);
      expect(findings[0]!.message).toBe(`\`${directive}\` is not a meshkit directive (directives are lower-case), so it suppresses nothing; write \`# meshkit-disable-next-line <rule ids> -- <reason>\` on the line before the finding.`);
    }
  });
  it("report a directive at the end of a line, which suppresses nothing (neither its own line nor the next), beside the finding", () => {
    const trailing = (directive: string) => VALID_CONTRACT.replace("      - name: ordered_at", `      - name: orderedAt  # ${directive} naming-convention -- legacy name`);
    for (const directive of ["meshkit-disable-next-line", "meshkit-disable-line"]) {
      const findings = lintOne(trailing(directive));
      expect(where(findings), directive).toEqual(["naming-convention@25:15", "unused-suppression@25:26"]);
      expect(findings[1]!.message).toBe(
        `A \`${directive}\` comment at the end of a line suppresses nothing; write \`# meshkit-disable-next-line <rule ids> -- <reason>\` on a line of its own, before the finding's line.`,
      );
    }
    // The same words in a quoted value are the value's text, not a comment.
    expect(lintOne(VALID_CONTRACT.replace("physicalType: table", "physicalType: table\n    description: 'x # meshkit-disable-line'"))).toEqual([]);
  });
  it("report each rule of a comment naming several that matched nothing, while the others suppress", () => {
    const several = misnamed.replace("naming-convention --", "naming-convention, unique-property-name --");
    const findings = lintOne(several);
    expect(where(findings)).toEqual(["unused-suppression@25:7"]);
    expect(findings[0]!.message).toBe("Suppression of unique-property-name matches no finding on line 26 (the other rules it names do); remove it from the comment.");
    // Both rules reporting on the line (a second `orderedAt`): nothing unused.
    const both = several.replace("      # meshkit-disable-next-line", "      - name: orderedAt\n        logicalType: timestamp\n      # meshkit-disable-next-line");
    expect(where(lintOne(both))).toEqual(["naming-convention@25:15"]);
  });
  it.each([["CR", "\r"], ["CRLF", "\r\n"]])("find the next line in a file with %s line ends", (_, lineBreak) => {
    expect(lintOne(misnamed.replace(/\n/g, lineBreak))).toEqual([]);
    expect(where(lintOne(misnamed.replace(" -- legacy column name kept for BI tools", "").replace(/\n/g, lineBreak)))).toEqual(["suppression-reason@25:7"]);
  });
  it.each([["CR", "\r"], ["CRLF", "\r\n"]])("read every comment of a file with %s line ends, not only the first", (_, lineBreak) => {
    // A comment before the suppression, and a second suppression after it, each on its own line.
    const twice = `# orders contract\n${misnamed.replace("      - name: order_id", "      # meshkit-disable-next-line naming-convention -- id column of the source system\n      - name: orderId")}`;
    expect(where(lintOne(twice))).toEqual([]);
    expect(where(lintOne(twice.replace(/\n/g, lineBreak)))).toEqual([]);
    // The second one without a reason is reported at its own line.
    const reasonless = twice.replace(" -- legacy column name kept for BI tools", "");
    expect(where(lintOne(reasonless.replace(/\n/g, lineBreak)))).toEqual(["suppression-reason@27:7"]);
  });
  it("are comments only: the same words in a block or quoted scalar neither suppress nor go unused", () => {
    const inText = misnamed.replace("      # meshkit-disable-next-line naming-convention -- legacy column name kept for BI tools\n", "").replace(
      "      - name: orderedAt",
      "      - description: |\n          # meshkit-disable-next-line naming-convention -- like this\n        name: orderedAt",
    );
    expect(where(lintOne(inText)).filter((w) => w.startsWith("naming-convention") || w.startsWith("unused-suppression"))).toEqual([expect.stringMatching(/^naming-convention@/)]);
  });
  it("are not reported unused in a file that does not parse (nothing was linted)", () => {
    const broken = `${misnamed}schema: [\n`;
    expect(lintOne(broken).map((f) => f.ruleId)).not.toContain("unused-suppression");
  });
  it("still suppress in a document of a file whose other document (after `---`) does not parse", () => {
    // The contract is linted (its other findings are reported); the comment above `orderedAt` still holds for it.
    const findings = lintOne(`${misnamed}---\nkey: [unclosed\n`);
    expect(findings.map((f) => f.ruleId)).toEqual(["yaml-syntax"]);
  });
  it("do not hide the schema's error on a node a suppressed rule was reporting (the document still breaks ODCS)", () => {
    // `version: 1` is a semver-version error standing for the schema's "must be a string"; suppressing it
    // must not leave a document the official schema rejects passing without a word.
    const numeric = VALID_CONTRACT.replace(/^version: .*$/m, "# meshkit-disable-next-line semver-version -- legacy numeric version\nversion: 1");
    expect(lintOne(numeric).map((f) => `${f.ruleId} ${f.message}`)).toEqual([expect.stringMatching(/^schema-valid .*`version` must be a string/)]);
  });
  it("do not suppress other rules on that line", () => {
    const text = misnamed.replace("naming-convention --", "unique-property-name --");
    expect(where(lintOne(text)).sort()).toEqual(["naming-convention@26:15", "unused-suppression@25:7"]);
  });
  it("stack: two comments above one line suppress a rule each", () => {
    const line = "      # meshkit-disable-next-line naming-convention -- legacy column name kept for BI tools\n      - name: orderedAt";
    const copy = "      # meshkit-disable-next-line unique-property-name -- the source system repeats it\n      - name: orderedAt";
    const text = misnamed.replace(line, `${line}\n${line.replace("\n      - name: orderedAt", "")}\n${copy}`);
    expect(where(lintOne(text))).toEqual([]);
    expect(where(lintOne(text.replace(" unique-property-name --", " semver-version --")))).toEqual(["unused-suppression@28:7", "unique-property-name@29:15"]);
  });
  it("match each finding against the suppressions of its own line only (a generated file may hold thousands of both)", () => {
    /** How often the suppressions' lines are read while `count` findings are matched with `count` suppressions. */
    const lineReads = (count: number): number => {
      let reads = 0;
      const suppressions = Array.from({ length: count }, (_, i): Suppression => {
        const suppression = { line: 2 * i + 1, column: 1, ruleIds: ["naming-convention"], reason: "generated", used: new Set() } as Suppression;
        Object.defineProperty(suppression, "appliesTo", { get: () => (reads++, 2 * i + 2) });
        return suppression;
      });
      const findings = suppressions.map((_, i): Finding => ({ ruleId: "naming-convention", severity: "warning", message: "", file: "c.yaml", line: 2 * i + 2, column: 1, path: "", stage: "lint" }));
      const { kept, suppressed } = applySuppressions(findings, suppressions, "c.yaml", new Set(["naming-convention"]), () => undefined);
      expect([kept.length, suppressed.length]).toEqual([0, count]);
      return reads;
    };
    expect(lineReads(300)).toBe(10 * lineReads(30));
  });
});
