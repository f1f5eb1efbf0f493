import { expect, it } from "vitest";
import { REPORT_FORMATS, renderJobSummary, renderReport, selectAnnotations } from "./index.js";

// Separate file: it loads the whole package entry, so it only passes when every core module does.
it("is exported from @meshkit/core", async () => {
  const core = await import("../index.js");
  expect(core.renderReport).toBe(renderReport);
  expect(core.renderJobSummary).toBe(renderJobSummary);
  expect(core.selectAnnotations).toBe(selectAnnotations);
  expect(core.REPORT_FORMATS).toBe(REPORT_FORMATS);
});
