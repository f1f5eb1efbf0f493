// action.yml is what the runner reads: check it against what main.ts and runStage actually use.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MODES } from "@meshkit/compat";
import { STAGE_OUTPUTS } from "@meshkit/github";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { COMPAT_OUTPUTS, INPUTS } from "./main.js";

const actionDir = join(dirname(fileURLToPath(import.meta.url)), "..");

interface ActionYml {
  name: string;
  description: string;
  author: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync(join(actionDir, "action.yml"), "utf8"), { uniqueKeys: true }) as ActionYml;

describe("action.yml", () => {
  it("has the metadata the Marketplace needs", () => {
    expect(action.name).toMatch(/schema-compat/);
    expect(action.description.length).toBeGreaterThan(20);
    expect(action.description.length).toBeLessThanOrEqual(125);
    expect(action.author).toBeTruthy();
    expect(action.branding).toEqual({ icon: expect.any(String), color: expect.stringMatching(/^(white|black|yellow|blue|green|orange|red|purple|gray-dark)$/) });
  });

  it("runs dist/index.js on node24, and the bundle exists after the build", () => {
    expect(action.runs.using).toBe("node24");
    expect(action.runs.main).toBe("dist/index.js");
    expect(existsSync(join(actionDir, action.runs.main)), `${action.runs.main} is missing: run \`npm run build\` at the repository root first`).toBe(true);
  });

  it("declares exactly the inputs main.ts reads, each described and optional with a string default", () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(INPUTS).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(input.required ?? false, name).toBe(false);
      expect(typeof input.default, name).toBe("string");
    }
    expect(action.inputs["fail-on"]?.default).toBe("error");
    expect(action.inputs["working-directory"]?.default).toBe(".");
    expect(action.inputs.paths?.default).toBe("");
    expect(action.inputs["sarif-file"]?.default).toBe("");
    // Empty base: taken from the event; empty mode: meshkit.yaml's compat.mode.
    expect(action.inputs.base?.default).toBe("");
    expect(action.inputs.mode?.default).toBe("");
  });

  it("documents every compatibility mode on the mode input", () => {
    for (const mode of MODES) expect(action.inputs.mode?.description).toContain(mode);
  });

  it("declares exactly the outputs runStage and the action set", () => {
    expect(Object.keys(action.outputs).sort()).toEqual([...Object.values(STAGE_OUTPUTS), ...Object.values(COMPAT_OUTPUTS)].sort());
    for (const [name, output] of Object.entries(action.outputs)) expect(output.description, name).toBeTruthy();
  });

  it("main.ts reads inputs only through the declared names", () => {
    const main = readFileSync(join(actionDir, "src", "main.ts"), "utf8");
    expect(main).not.toMatch(/getInput|process\.env/);
    for (const call of main.matchAll(/\bread(?:String|List|Enum|Path|Directory|Boolean|RequiredString)\(\s*([^,)]+)/g)) {
      expect(call[1], call[0]).toMatch(/^INPUTS\.\w+$/);
    }
  });

  it("documents every input and output in the README", () => {
    const readme = readFileSync(join(actionDir, "README.md"), "utf8");
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(readme).toContain(`\`${name}\``);
  });
});
