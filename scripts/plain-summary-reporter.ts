import type { Reporter, TestModule } from "vitest/node";

/**
 * Prints the run's counts as one plain line (`353 passed, 0 failed, 0 skipped`) after vitest's own
 * report: the line CI systems that read closing lines understand, whatever the test runner.
 * A test file that fails before its tests run (an import error, a throwing beforeAll) counts as
 * one failure: its tests never ran, and a "0 failed" line must not hide it.
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      if (module.state() === "failed" && ![...module.children.allTests()].some((test) => test.result().state === "failed")) counts.failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") counts.failed++;
        else counts.skipped++;
      }
    }
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
