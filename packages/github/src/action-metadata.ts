/**
 * The checks every action's metadata test runs (`@meshkit/github/action-metadata`): action.yml is
 * what the runner reads, so it must match what main.ts and runStage actually use.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

export interface ActionYml {
  name: string;
  description: string;
  author: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

export function readActionYml(actionDir: string): ActionYml {
  return parse(readFileSync(join(actionDir, "action.yml"), "utf8"), { uniqueKeys: true }) as ActionYml;
}

/** Declares the shared `action.yml` tests; `inputs` are the names main.ts reads, `outputs` all it sets. */
export function describeActionMetadata(options: { actionDir: string; name: string; inputs: Record<string, string>; outputs: readonly string[] }): void {
  const { actionDir, name, inputs, outputs } = options;
  const action = readActionYml(actionDir);

  describe("action.yml", () => {
    it("has the metadata the Marketplace needs", () => {
      expect(action.name).toContain(name);
      expect(action.description.length).toBeGreaterThan(20);
      expect(action.description.length).toBeLessThanOrEqual(125);
      expect(action.author).toBeTruthy();
      expect(action.branding).toEqual({ icon: expect.any(String), color: expect.stringMatching(/^(white|black|yellow|blue|green|orange|red|purple|gray-dark)$/) });
    });

    it("uses only the keys GitHub's metadata syntax defines for a JavaScript action", () => {
      // Unknown keys are ignored by the runner, so a typo (`defualt`, outputs' `value`) would go unnoticed.
      const keysOf = (value: unknown): string[] => Object.keys((value ?? {}) as object);
      expect(keysOf(action).filter((k) => !["name", "author", "description", "inputs", "outputs", "runs", "branding"].includes(k))).toEqual([]);
      for (const [input, spec] of Object.entries(action.inputs)) expect(keysOf(spec).filter((k) => !["description", "required", "default", "deprecationMessage"].includes(k)), input).toEqual([]);
      // A JavaScript action's outputs are set by its code: `value` belongs to composite actions only.
      for (const [output, spec] of Object.entries(action.outputs)) expect(keysOf(spec).filter((k) => k !== "description"), output).toEqual([]);
      expect(keysOf(action.runs).filter((k) => !["using", "main", "pre", "pre-if", "post", "post-if"].includes(k))).toEqual([]);
      expect(keysOf(action.branding).filter((k) => !["icon", "color"].includes(k))).toEqual([]);
    });

    it("runs dist/index.js on node24, and the bundle exists after the build", () => {
      expect(action.runs.using).toBe("node24");
      expect(action.runs.main).toBe("dist/index.js");
      expect(existsSync(join(actionDir, action.runs.main)), `${action.runs.main} is missing: run \`npm run build\` at the repository root first`).toBe(true);
    });

    it("declares exactly the inputs main.ts reads, each described; required exactly when main.ts requires it", () => {
      expect(Object.keys(action.inputs).sort()).toEqual(Object.values(inputs).sort());
      // `required` is what the Marketplace and editors show; the runner does not enforce it, readRequiredString does.
      const main = readFileSync(join(actionDir, "src", "main.ts"), "utf8");
      const requiredInMain = new Set([...main.matchAll(/\breadRequiredString\(\s*INPUTS\.(\w+)/g)].map((m) => (inputs as Record<string, string>)[m[1]!]));
      for (const [input, spec] of Object.entries(action.inputs)) {
        expect(spec.description, input).toBeTruthy();
        expect(spec.required ?? false, `${input}: required`).toBe(requiredInMain.has(input));
        // A required input has no default (one would make "required" meaningless); an optional one has a string default.
        if (requiredInMain.has(input)) expect(spec.default, `${input}: default`).toBeUndefined();
        else expect(typeof spec.default, input).toBe("string");
      }
      expect(action.inputs["fail-on"]?.default).toBe("error");
      expect(action.inputs["working-directory"]?.default).toBe(".");
      expect(action.inputs.paths?.default).toBe("");
      expect(action.inputs["sarif-file"]?.default).toBe("");
    });

    it("declares exactly the outputs the action sets", () => {
      expect(Object.keys(action.outputs).sort()).toEqual([...outputs].sort());
      for (const [output, spec] of Object.entries(action.outputs)) expect(spec.description, output).toBeTruthy();
    });

    it("main.ts reads inputs only through the declared names", () => {
      const main = readFileSync(join(actionDir, "src", "main.ts"), "utf8");
      expect(main).not.toMatch(/getInput|process\.env/);
      for (const call of main.matchAll(/\bread(?:String|List|Enum|Path|PathList|Directory|Boolean|RequiredString)\(\s*([^,)]+)/g)) {
        expect(call[1], call[0]).toMatch(/^INPUTS\.\w+$/);
      }
    });

    it("documents every input and output in the README", () => {
      const readme = readFileSync(join(actionDir, "README.md"), "utf8");
      for (const entry of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(readme).toContain(`\`${entry}\``);
    });
  });
}
