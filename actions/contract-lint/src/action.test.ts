/**
 * The bundled action, run the way the runner runs it (`bundledAction` of `@meshkit/github/testing`:
 * the bundle copied outside the repository, INPUT_* for every declared input, GITHUB_OUTPUT /
 * GITHUB_STEP_SUMMARY files, cwd = the workspace). This test builds nothing: the root `npm test`
 * builds first.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BundledAction, type BundledActionRun, bundledAction, expectNoStackTrace } from "@meshkit/github/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const actionDir = join(dirname(fileURLToPath(import.meta.url)), "..");

// ---- documents ------------------------------------------------------------------------------

const GOOD = `apiVersion: v3.1.0
kind: DataContract
id: 6f1c2a8e-0d1b-4c41-9b7e-3f4a5b6c7d80
version: 1.0.0
status: active
name: orders
domain: sales
team:
  name: sales-data
  members:
    - username: ana@example.com
      role: owner
schema:
  - name: orders
    physicalType: table
    properties:
      - name: order_id
        logicalType: string
        required: true
      - name: amount
        logicalType: number
`;

// Two properties named customer_id, and a version that is not semver.
const BROKEN = `apiVersion: v3.1.0
kind: DataContract
id: 0b7e9a52-8a36-4c55-a1d2-6e1f0c9d3b21
version: "1.0"
status: active
name: customers
domain: sales
team:
  name: sales-data
  members:
    - username: ana@example.com
      role: owner
schema:
  - name: customers
    physicalType: table
    properties:
      - name: customer_id
        logicalType: string
      - name: email
        logicalType: string
      - name: customer_id
        logicalType: string
`;

const WIDE_COLUMNS = 14;
// Fourteen camelCase property names: naming-convention errors under the strict config below.
const WIDE = `apiVersion: v3.1.0
kind: DataContract
id: 9d3e5c71-2f4b-4e8a-b6c0-1a2b3c4d5e6f
version: 2.0.0
status: active
name: wide
domain: sales
team:
  name: sales-data
schema:
  - name: wide
    physicalType: table
    properties:
${Array.from({ length: WIDE_COLUMNS }, (_, i) => `      - name: badName${i}\n        logicalType: string\n`).join("")}`;

const STRICT_CONFIG = `apiVersion: meshkit/v1
kind: Config
lint:
  rules:
    naming-convention: error
`;

// A flow sequence that is never closed.
const SYNTAX_ERROR = `apiVersion: v3.1.0
kind: DataContract
id: 11111111-2222-4333-8444-555555555555
version: 1.0.0
status: active
tags: [sales, orders
name: unparseable
`;

/** 1-based line and column of `needle` (a string, or a regex whose first group is the spot) on the `nth` line that has it. */
function positionOf(text: string, needle: string | RegExp, nth = 1): { line: number; col: number } {
  const lines = text.split("\n");
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let col = -1;
    if (typeof needle === "string") col = line.indexOf(needle);
    else {
      const match = needle.exec(line);
      if (match?.[1] !== undefined) col = match.index + match[0].indexOf(match[1]);
    }
    if (col >= 0 && ++seen === nth) return { line: i + 1, col: col + 1 };
  }
  throw new Error(`not found: ${needle}`);
}

/** The id two contracts under dupes/ share (no other fixture uses it: their projects overlap). */
const DUPLICATED_ID = "9c3e4d5f-2a1b-4e63-9d0f-5b6c7d8e9fa2";

// ---- running the action ----------------------------------------------------------------------

let action: BundledAction;
let workspace: string;

/** Runs the bundle as the runner does, in the shared workspace. */
function runAction(inputs: Record<string, string>): BundledActionRun {
  return action.run(workspace, inputs);
}


beforeAll(() => {
  action = bundledAction(actionDir);
  workspace = join(action.tmp, "workspace");
  const files: Record<string, string> = {
    "good/orders.odcs.yaml": GOOD,
    "broken/customers.odcs.yaml": BROKEN,
    "wide/wide.odcs.yaml": WIDE,
    "wide/strict.meshkit.yaml": STRICT_CONFIG,
    "syntax/unparseable.odcs.yaml": SYNTAX_ERROR,
    // A folder whose name has a space, as people name folders on their desktops.
    "Data Products/broken v2/customers.odcs.yaml": BROKEN,
    // Another contract (its own id), with a naming-convention finding its file suppresses.
    // The same id twice, and a product whose port names it at another version: messages that name other files.
    "dupes/a/orders.odcs.yaml": GOOD.replace("6f1c2a8e-0d1b-4c41-9b7e-3f4a5b6c7d80", DUPLICATED_ID),
    "dupes/b/orders.odcs.yaml": GOOD.replace("6f1c2a8e-0d1b-4c41-9b7e-3f4a5b6c7d80", DUPLICATED_ID).replace("version: 1.0.0", "version: 1.1.0"),
    "dupes/b/orders.odps.yaml": `apiVersion: v1.0.0\nkind: DataProduct\nid: orders-product\nname: orders\nstatus: active\noutputPorts:\n  - name: orders\n    version: 2.0.0\n    contractId: ${DUPLICATED_ID}\n`,
    "suppressed/orders.odcs.yaml": GOOD.replace("6f1c2a8e-0d1b-4c41-9b7e-3f4a5b6c7d80", "7a2d3b9f-1e2c-4d52-8c8f-4a5b6c7d8e91").replace("      - name: amount", "      # meshkit-disable-next-line naming-convention -- kept for the BI extracts\n      - name: Amount"),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  // The repository root: stops .gitignore lookup from wandering above the workspace.
  mkdirSync(join(workspace, ".git"));
});

afterAll(() => action?.cleanup());

// ---- tests -------------------------------------------------------------------------------------

describe("contract-lint action (bundled, run like the runner)", () => {
  it("passes a good contract: exit 0, outputs, summary, no annotations", () => {
    const run = runAction({ paths: "good" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.annotations.filter((a) => a.command === "error")).toEqual([]);
    expect(run.failures).toEqual([]);
    expect(run.outputs).toEqual({ errors: "0", warnings: expect.any(String), "sarif-file": "" });
    expect(run.outputs.warnings).toBe("0");
    expect(run.summary).toContain("## contract-lint");
    expect(run.stdout).toContain("in 1 file");
  });

  it("fails a broken contract: exit 1, annotations on the offending YAML nodes, outputs, summary, SARIF", () => {
    const run = runAction({ paths: "broken/customers.odcs.yaml", "sarif-file": "reports/contract-lint.sarif" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const file = "broken/customers.odcs.yaml";

    // The duplicate name: the second `customer_id` value.
    const duplicate = positionOf(BROKEN, "customer_id", 2);
    const dup = run.annotations.find((a) => a.properties.title === "unique-property-name");
    expect(dup).toMatchObject({ command: "error", properties: { file, line: String(duplicate.line), col: String(duplicate.col) } });
    expect(dup?.message).toMatch(/Duplicate property name `customer_id`/);
    expect(run.stdout).toMatch(new RegExp(`^::error title=unique-property-name,file=${file},line=${duplicate.line},endLine=${duplicate.line},col=${duplicate.col},endColumn=\\d+::`, "m"));

    // The version: the `"1.0"` scalar.
    const version = positionOf(BROKEN, '"1.0"');
    const ver = run.annotations.find((a) => a.properties.title === "semver-version");
    expect(ver).toMatchObject({ command: "error", properties: { file, line: String(version.line), col: String(version.col) } });

    expect(run.failures).toEqual([expect.stringMatching(/^contract-lint: \d+ error findings?$/)]);
    const errors = run.annotations.filter((a) => a.command === "error").length;
    expect(run.failures[0]).toBe(`contract-lint: ${errors} error finding${errors === 1 ? "" : "s"}`);

    const sarifPath = join(workspace, "reports", "contract-lint.sarif");
    expect(run.outputs).toEqual({ errors: String(errors), warnings: expect.stringMatching(/^\d+$/), "sarif-file": sarifPath });

    expect(run.summary).toContain("| Severity | Rule | Location | Message |");
    expect(run.summary).toContain(`${file}:${duplicate.line}:${duplicate.col}`);
    expect(run.summary).toContain(`${file}:${version.line}:${version.col}`);

    const sarif = JSON.parse(readFileSync(sarifPath, "utf8"));
    expect(sarif.version).toBe("2.1.0");
    const results = sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[];
    expect(results.length).toBe(errors + Number(run.outputs.warnings));
    expect(results.find((r) => r.ruleId === "unique-property-name")?.locations[0]?.physicalLocation).toMatchObject({
      artifactLocation: { uri: file },
      region: { startLine: duplicate.line, startColumn: duplicate.col },
    });
    expectNoStackTrace(run);
  });

  it("keeps a finding suppressed in its file out of the annotations and counts, and in the SARIF file as an in-source suppression", () => {
    const run = runAction({ "working-directory": "suppressed", "sarif-file": "lint.sarif" });
    expect(run.status).toBe(0);
    expect(run.annotations.filter((a) => a.properties.title === "naming-convention")).toEqual([]);
    const sarif = JSON.parse(readFileSync(join(workspace, "suppressed", "lint.sarif"), "utf8"));
    expect(sarif.runs[0].results).toEqual([
      expect.objectContaining({
        ruleId: "naming-convention",
        locations: [expect.objectContaining({ physicalLocation: expect.objectContaining({ artifactLocation: expect.objectContaining({ uri: "suppressed/orders.odcs.yaml" }) }) })],
        suppressions: [{ kind: "inSource", status: "accepted", justification: "kept for the BI extracts" }],
      }),
    ]);
  });

  it("takes a paths line that names a file or folder with spaces as one path; splits a line of several paths", () => {
    const run = runAction({ paths: "Data Products/broken v2/customers.odcs.yaml\n# the good ones\ngood syntax\n" });
    expectNoStackTrace(run);
    expect(run.status).toBe(2);
    expect(new Set(run.annotations.filter((a) => a.command === "error").map((a) => a.properties.file))).toEqual(new Set(["Data Products/broken v2/customers.odcs.yaml", "syntax/unparseable.odcs.yaml"]));
    expect(run.annotations.filter((a) => a.properties.title === "file-unreadable")).toEqual([]);
    const folder = runAction({ paths: "Data Products" });
    expect(folder.status).toBe(1);
    expect(new Set(folder.annotations.map((a) => a.properties.file))).toEqual(new Set(["Data Products/broken v2/customers.odcs.yaml"]));
  });

  it("runs in working-directory, with annotation paths still relative to the workspace", () => {
    const run = runAction({ "working-directory": "broken" });
    expect(run.status).toBe(1);
    expect(new Set(run.annotations.map((a) => a.properties.file))).toEqual(new Set(["broken/customers.odcs.yaml"]));
  });

  it("with working-directory, names the other files a message points to as the annotations name files (from the workspace)", () => {
    const run = runAction({ "working-directory": "dupes", "sarif-file": "lint.sarif" });
    expect(run.status).toBe(1);
    const duplicate = run.annotations.find((a) => a.properties.title === "unique-document-id" && a.properties.file === "dupes/a/orders.odcs.yaml");
    expect(duplicate?.message).toMatch(/is also used by dupes\/b\/orders\.odcs\.yaml:\d+:\d+;/);
    const port = run.annotations.find((a) => a.properties.title === "output-port-contract");
    expect(port).toMatchObject({ properties: { file: "dupes/b/orders.odps.yaml" } });
    expect(port?.message).toContain("1.0.0 (dupes/a/orders.odcs.yaml)");
    expect(port?.message).toContain("1.1.0 (dupes/b/orders.odcs.yaml)");
    const sarif = JSON.parse(readFileSync(join(workspace, "dupes", "lint.sarif"), "utf8")) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    expect(sarif.runs[0]!.results.find((r) => r.ruleId === "output-port-contract")?.message.text).toContain("(dupes/b/orders.odcs.yaml)");
    expectNoStackTrace(run);
  });

  it("caps annotations at 10 errors per step (the failure line included), says how many were left out and lists every finding in the summary", () => {
    const run = runAction({ paths: "wide/wide.odcs.yaml", config: "wide/strict.meshkit.yaml" });
    expect(run.status).toBe(1);
    const naming = run.annotations.filter((a) => a.properties.title === "naming-convention");
    expect(naming.every((a) => a.command === "error")).toBe(true);
    // GitHub shows 10 errors per step: 9 findings and the step's failure line, which must not be the one dropped.
    expect(run.annotations.filter((a) => a.command === "error")).toHaveLength(9);
    expect(run.annotations.length + run.failures.length).toBeLessThanOrEqual(30);
    expect(run.notices).toEqual([expect.stringMatching(/^contract-lint: \d+ more findings are not annotated \(\d+ errors\): GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and 50 per job\./)]);
    expect(Number(run.outputs.errors)).toBeGreaterThanOrEqual(WIDE_COLUMNS);
    for (let i = 0; i < WIDE_COLUMNS; i++) {
      const { line, col } = positionOf(WIDE, new RegExp(`name: (badName${i})$`));
      expect(run.summary).toContain(`wide/wide.odcs.yaml:${line}:${col}`);
    }
    expect(run.stdout).toMatch(/more findings are not annotated.*The job summary lists every finding\./);
    expect(run.failures).toEqual([`contract-lint: ${run.outputs.errors} error findings`]);
  });

  it("without the strict config the same names are warnings: exit 0, or 1 with fail-on: warning", () => {
    const lenient = runAction({ paths: "wide/wide.odcs.yaml" });
    expect(lenient.status).toBe(0);
    expect(lenient.annotations.filter((a) => a.command === "warning")).toHaveLength(10);
    expect(Number(lenient.outputs.warnings)).toBeGreaterThanOrEqual(WIDE_COLUMNS);
    const strict = runAction({ paths: "wide/wide.odcs.yaml", "fail-on": "warning" });
    expect(strict.status).toBe(1);
    expect(strict.failures).toEqual([`contract-lint: ${strict.outputs.warnings} warning findings (fail-on: warning)`]);
  });

  it("fails with one line and no stack trace when a file is not valid YAML", () => {
    const run = runAction({ paths: "syntax" });
    expect(run.status).not.toBe(0);
    expect(run.status).toBe(2);
    // The parser notices the unclosed `[` where the next key starts.
    const position = positionOf(SYNTAX_ERROR, "name: unparseable");
    const file = "syntax/unparseable.odcs.yaml";
    expect(run.annotations.find((a) => a.properties.title === "yaml-syntax")).toMatchObject({
      command: "error",
      properties: { file, line: String(position.line), col: String(position.col) },
      message: expect.stringMatching(/^YAML syntax error: /),
    });
    expect(run.failures).toHaveLength(1);
    expect(run.failures[0]).toMatch(new RegExp(`^contract-lint: input could not be processed: syntax/unparseable\\.odcs\\.yaml:${position.line}:${position.col}: YAML syntax error: [^\\n]+$`));
    expect(run.outputs.errors).toBe("1");
    expect(run.summary).toContain(`${file}:${position.line}:${position.col}`);
    expect(run.stderr).toBe("");
    expectNoStackTrace(run);
  });

  it("fails with one line on a bad input value or a missing path", () => {
    const badEnum = runAction({ "fail-on": "fatal" });
    expect(badEnum.status).toBe(2);
    expect(badEnum.failures).toEqual(['contract-lint: input "fail-on" must be one of error, warning, not "fatal"']);
    expect(badEnum.stdout.trim().split("\n")).toHaveLength(1);

    const missing = runAction({ paths: "nope/missing.yaml" });
    expect(missing.status).toBe(2);
    // A path that cannot be read is a file-unreadable finding (annotated on it), and the step fails on it.
    expect(missing.failures).toEqual(["contract-lint: input could not be processed: nope/missing.yaml:1:1: No such file or directory (ENOENT): check the path."]);
    expect(missing.annotations.map((a) => [a.command, a.properties.title, a.properties.file])).toEqual([["error", "file-unreadable", "nope/missing.yaml"]]);
    expectNoStackTrace(missing);

    // A `|` block where one value goes: the input named, not "config file not found: a.yaml".
    const twoLines = runAction({ config: "a.yaml\nb.yaml" });
    expect(twoLines.status).toBe(2);
    expect(twoLines.failures).toEqual(['contract-lint: input "config" takes one value, not several lines: "a.yaml b.yaml"']);

    const noDir = runAction({ "working-directory": "does-not-exist" });
    expect(noDir.status).toBe(2);
    expect(noDir.failures).toEqual(['contract-lint: input "working-directory": no such directory: does-not-exist']);
  });

  it("fails with one line, before checking anything, when the runner's GITHUB_OUTPUT file is missing or a folder", () => {
    for (const [output, problem] of [[join(action.tmp, "no-such-output"), "does not exist"], [action.tmp, "is not a file"]] as const) {
      const run = action.run(workspace, { paths: "good" }, { env: { GITHUB_OUTPUT: output } });
      expectNoStackTrace(run);
      expect(run.status).toBe(2);
      expect(run.failures).toEqual([`contract-lint: GITHUB_OUTPUT ${output} ${problem}: the step's outputs cannot be set (the runner provides this file)`]);
    }
  });

  it("runs with an event file that is not JSON: no stack trace from loading the GitHub client (only the PR comment reads it)", () => {
    const garbage = join(action.tmp, "event.png");
    writeFileSync(garbage, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]));
    const run = action.run(workspace, { paths: "good" }, { env: { GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: garbage } });
    expectNoStackTrace(run);
    expect(run.status).toBe(0);
    expect(run.outputs.errors).toBe("0");
  });

  it("masks github-token before its first log line, even when no PR comment is written", () => {
    const token = "ghs_pat0123456789from-a-step-output";
    for (const inputs of [{ paths: "broken", "pr-comment": "false" }, { "fail-on": "fatal" }] as Record<string, string>[]) {
      const run = action.run(workspace, inputs, { githubToken: token });
      expect(run.stdout.split("\n")[0], JSON.stringify(inputs)).toBe(`::add-mask::${token}`);
      expect(run.stdout.split(token).length - 1).toBe(1);
    }
  });
});
