import { describe, expect, it } from "vitest";
import { renderText, summaryLine } from "./text.js";
import { SAMPLE_FINDINGS, finding, reportInput } from "./test-support.js";

describe("text reporter", () => {
  it("prints one gcc-style line per finding, sorted, then a blank line and the summary", () => {
    expect(renderText(reportInput(SAMPLE_FINDINGS))).toBe(
      [
        "contracts/a.yaml:4:7: info naming-snake-case Rename `orderId` to `order_id`.",
        "contracts/a.yaml:10:3: error odcs-required-field Add `id`: every contract needs one.",
        "contracts/b.yaml:2:1: warning odcs-missing-description Add a description to the contract.",
        "",
        "✖ 1 error, 1 warning, 1 info in 5 files",
        "",
      ].join("\n"),
    );
  });

  it("says there are no problems when there are none", () => {
    expect(renderText(reportInput([]))).toBe("✔ no problems in 5 files\n");
    expect(renderText(reportInput([], { summary: { errors: 0, warnings: 0, infos: 0, files: 1 } }))).toBe(
      "✔ no problems in 1 file\n",
    );
  });

  it("says why a run stopped, without the counts of a run that read no file (they would read as a pass)", () => {
    const stopped = reportInput([], { summary: { errors: 0, warnings: 0, infos: 0, files: 0 }, error: "no file matches *.yml" });
    expect(renderText(stopped)).toBe("✖ stopped: no file matches *.yml\n");
    expect(renderText(reportInput(SAMPLE_FINDINGS.slice(0, 1), { error: "the Pushgateway refused the push" }))).toBe(
      "contracts/b.yaml:2:1: warning odcs-missing-description Add a description to the contract.\n\n✖ 0 errors, 1 warning, 0 infos in 5 files\n✖ stopped: the Pushgateway refused the push\n",
    );
  });

  it("lists waived failures after the others and counts them apart in the summary (they are no problems)", () => {
    const waived = { ...SAMPLE_FINDINGS[1]!, suppression: { approver: "dpo@acme.example", expires: "2099-01-01", justification: "legacy feed" } };
    expect(renderText(reportInput([], { suppressed: [waived] }))).toBe(
      "contracts/a.yaml:10:3: waived odcs-required-field Add `id`: every contract needs one. (waived by dpo@acme.example until 2099-01-01: legacy feed)\n\n✔ no problems in 5 files (1 waived)\n",
    );
    expect(summaryLine({ errors: 1, warnings: 0, infos: 0, files: 2 }, false, 3)).toBe("✖ 1 error, 0 warnings, 0 infos in 2 files (3 waived)");
  });

  it("pluralises every count", () => {
    expect(summaryLine({ errors: 3, warnings: 1, infos: 0, files: 12 })).toBe("✖ 3 errors, 1 warning, 0 infos in 12 files");
  });

  it("colours the severity word only when color is true", () => {
    const input = reportInput([SAMPLE_FINDINGS[1]!], { summary: { errors: 1, warnings: 0, infos: 0, files: 1 } });
    expect(renderText({ ...input, color: true })).toBe(
      "contracts/a.yaml:10:3: \u001b[31merror\u001b[39m odcs-required-field Add `id`: every contract needs one.\n\n" +
        "\u001b[31m✖ 1 error, 0 warnings, 0 infos in 1 file\u001b[39m\n",
    );
    expect(renderText(input)).not.toContain("\u001b");
    expect(renderText({ ...input, color: false })).not.toContain("\u001b");
    expect(summaryLine({ errors: 0, warnings: 0, infos: 0, files: 2 }, true)).toBe("\u001b[32m✔ no problems in 2 files\u001b[39m");
  });

  it("keeps each finding on one line and drops control characters from messages", () => {
    const f = finding({
      ruleId: "r",
      file: "a.yaml",
      line: 1,
      column: 2,
      message: "first line\r\nsecond\u001b[31m line\u0000\tend — ünïcødé 🚀",
    });
    const out = renderText(reportInput([f], { color: false }));
    expect(out.split("\n")[0]).toBe("a.yaml:1:2: error r first line second[31m line\tend — ünïcødé 🚀");
    expect(out).not.toContain("\u001b");
  });
});
