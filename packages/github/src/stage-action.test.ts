import { describe, expect, it } from "vitest";
import { runStageAction } from "./stage-action.js";
import { captureStdout, setInputs, useActionEnv } from "./testing.js";

useActionEnv();

/** Runs a stage action whose stage logs a line first, with these inputs; returns its stdout lines. */
async function runWith(inputs: Record<string, string>, options?: Parameters<typeof runStageAction>[2]): Promise<string[]> {
  setInputs({ "working-directory": ".", ...inputs });
  const capture = captureStdout();
  try {
    await runStageAction(
      "contract-lint",
      async () => {
        process.stdout.write("stage output\n");
        return { findings: [], files: 0, rules: [] };
      },
      options,
    );
  } finally {
    capture.stop();
  }
  return capture.text().split("\n");
}

describe("runStageAction: secrets", () => {
  // GitHub masks only values it knows are secret; a token passed from a step output or built in a
  // script is not one, so the action registers it (core.setSecret = ::add-mask::) before any log line.
  it("masks github-token before anything is printed, whether or not a PR comment is written", async () => {
    for (const prComment of ["true", "false"]) {
      const lines = await runWith({ "github-token": "ghs_0123456789abcdef", "pr-comment": prComment });
      expect(lines[0], `pr-comment: ${prComment}`).toBe("::add-mask::ghs_0123456789abcdef");
    }
  });

  it("masks the action's own secret inputs first too, and nothing when they are empty", async () => {
    const lines = await runWith({ "github-token": "", token: "catalog-s3cr3t" }, { secretInputs: ["token"] });
    expect(lines[0]).toBe("::add-mask::catalog-s3cr3t");
    expect(lines.filter((line) => line.startsWith("::add-mask::"))).toEqual(["::add-mask::catalog-s3cr3t"]);
  });
});
