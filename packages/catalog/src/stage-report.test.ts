import type { StageReport } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { withUnpushedReleaseTags } from "./stage-report.js";
import { productDocuments } from "./test-support.js";

const REPORT: StageReport = { findings: [], files: 1, rules: [], summary: "published" };
const REASON = "git push failed: remote: Permission denied";

describe("withUnpushedReleaseTags", () => {
  const documents = productDocuments({ id: "orders", version: "1.1.0" });

  it("says how to push a tag left in the working directory's checkout", () => {
    const report = withUnpushedReleaseTags(REPORT, [{ tag: "orders/v1.1.0", outcome: "created" }], documents, REASON);
    expect(report.findings.map((f) => f.message)).toEqual([
      `The release tag orders/v1.1.0 was made but could not be pushed: ${REASON}. Push it (git push origin refs/tags/orders/v1.1.0), or re-run the job with a token that may write tags (contents: write).`,
    ]);
    expect(report.summary).toContain("**Release tags not pushed** (");
  });

  it("names the checkout the tag is in when the products come from another checkout, and pushes from there", () => {
    const report = withUnpushedReleaseTags(REPORT, [{ tag: "orders/v1.1.0", outcome: "created" }], documents, REASON, "sales repo");
    expect(report.findings.map((f) => f.message)).toEqual([
      `The release tag orders/v1.1.0 was made in the checkout sales repo but could not be pushed: ${REASON}. Push it (git -C 'sales repo' push origin refs/tags/orders/v1.1.0), or re-run the job with a token that may write tags (contents: write).`,
    ]);
    expect(report.summary).toContain("**Release tags not pushed** in the checkout `sales repo` (");
    expect(report.notices).toEqual([`release tags not pushed in the checkout sales repo: ${REASON}`]);
  });
});
