// action.yml is what the runner reads: check it against what main.ts and runStage actually use.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MODES } from "@meshkit/compat";
import { STAGE_OUTPUTS } from "@meshkit/github";
import { describeActionMetadata, readActionYml } from "@meshkit/github/action-metadata";
import { describe, expect, it } from "vitest";
import { COMPAT_OUTPUTS, INPUTS } from "./main.js";

const actionDir = join(dirname(fileURLToPath(import.meta.url)), "..");
describeActionMetadata({ actionDir, name: "schema-compat", inputs: INPUTS, outputs: [...Object.values(STAGE_OUTPUTS), ...Object.values(COMPAT_OUTPUTS)] });

describe("schema-compat inputs", () => {
  const action = readActionYml(actionDir);
  it("defaults base and mode to empty: the event's base, meshkit.yaml's mode", () => {
    expect(action.inputs.base?.default).toBe("");
    expect(action.inputs.mode?.default).toBe("");
  });
  it("documents every compatibility mode on the mode input", () => {
    for (const mode of MODES) expect(action.inputs.mode?.description).toContain(mode);
  });
});
