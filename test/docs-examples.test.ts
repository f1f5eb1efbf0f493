/**
 * The examples of the rule pages, run as a reader runs them, so a stale example fails here:
 *   - contract-lint pages (docs/rules/<lint rule id>.md): each `Failing` YAML block reports its rule,
 *     each `Fixed` block does not (at warning or error), and every finding line the page quotes
 *     (`file:line:col: severity rule-id message`) is one of the failing example's, message included;
 *   - docs/policies/platform-baseline.md: each rule's `Failing` document fails that rule, its
 *     `Passing` document does not;
 *   - docs/policy.md's first example (its `policies/descriptions.yaml` and `domains/sales/orders.odcs.yaml`):
 *     the `$ meshkit policy …` sessions print what the page shows, and the pages of policy-invalid,
 *     policy-runtime-error, rule-level-unused, waiver-expired and waiver-unused, whose examples change that project, report what they quote.
 * The compat pages are generated from examples run through the code (packages/compat/src/docs.test.ts).
 * Not covered here, their examples being prose, shell sessions or data descriptions rather than
 * documents: the contract-test, provision and catalog pages, policy-test-failed, and
 * file-not-text / file-too-large (bytes a page cannot show).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Finding, sortFindings } from "@meshkit/core";
import { LINT_RULES, lintPaths } from "@meshkit/lint";
import { runPolicy } from "@meshkit/policy";
import { describe, expect, it } from "vitest";

const docs = fileURLToPath(new URL("../docs/", import.meta.url));

interface Block {
  /** The line before the fence, e.g. `Failing:` or `Fixed (keep a source system's spelling …):`. */
  label: string;
  lang: string;
  body: string;
}

/** The fenced blocks of a piece of markdown, each with the line before it. */
function fencedBlocks(markdown: string): Block[] {
  return [...markdown.matchAll(/(?:^|\n)([^\n]*)\n+```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ label: m[1]!.trim(), lang: m[2]!, body: m[3]! }));
}

/** The `## Example` section of a rule page. */
const exampleSection = (page: string): string => page.split(/^## Example\s*$/m)[1]?.split(/^## /m)[0] ?? "";

const isFailing = (b: Block) => /^Failing\b/.test(b.label);
const isFixed = (b: Block) => /^(Fixed|Passing)\b/.test(b.label);

function writeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-docs-examples-"));
  for (const [file, text] of Object.entries({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n", ...files })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

// ---------------------------------------------------------------------------------------------------
// contract-lint pages. Their examples are fragments: the part of a contract or product that matters.
// A reader pastes one into a document of their own; `documentFor` does the same with a small valid one.

/** The rest of a contract around a fragment, by top-level key; a key the fragment has replaces it. */
const CONTRACT: Record<string, string> = {
  apiVersion: "apiVersion: v3.1.0",
  kind: "kind: DataContract",
  id: "id: docs-example",
  name: "name: docs_example",
  version: "version: 1.0.0",
  status: "status: active",
  team: "team:\n  name: docs-team\n  members:\n    - username: ana@acme.example\n      role: owner",
  schema: "schema:\n  - name: orders\n    properties:\n      - name: order_id\n        logicalType: string",
};

const PRODUCT: Record<string, string> = {
  apiVersion: "apiVersion: v1.0.0",
  kind: "kind: DataProduct",
  id: "id: docs-example-product",
  name: "name: docs_example",
  version: "version: 1.0.0",
  status: "status: active",
  team: CONTRACT.team!,
  outputPorts: "outputPorts:\n  - name: orders\n    version: 1.0.0\n    contractId: docs-example",
};

const indent = (text: string, spaces: number) =>
  text
    .split("\n")
    .map((line) => (line ? " ".repeat(spaces) + line : line))
    .join("\n");

/** A fragment's top-level sections: each key line with the lines under it (comments before a key go with it). */
function sections(fragment: string): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  let pending: string[] = [];
  for (const line of fragment.replace(/\n$/, "").split("\n")) {
    const key = /^([A-Za-z]\w*):/.exec(line)?.[1];
    if (key) {
      out.push({ key, text: [...pending, line].join("\n") });
      pending = [];
    } else if (out.length > 0 && /^\s/.test(line)) out.at(-1)!.text += `\n${line}`;
    else pending.push(line);
  }
  if (pending.length > 0) out.push({ key: "", text: pending.join("\n") });
  return out;
}

/** A whole document around a lint page's fragment, as a reader would write it. */
function documentFor(fragment: string): { file: string; text: string } {
  // A whole document (the page shows its header): as it is.
  if (/^apiVersion:/m.test(fragment)) return { file: "example.odcs.yaml", text: fragment };
  // A list: schema objects when its items have properties, else properties of an object.
  if (/^- /m.test(fragment) && !/^[A-Za-z]\w*:/m.test(fragment)) {
    const objects = /^ {2}properties:/m.test(fragment);
    return documentFor(objects ? `schema:\n${indent(fragment, 2)}` : `schema:\n  - name: orders\n    properties:\n${indent(fragment, 6)}`);
  }
  const parts = sections(fragment).map(({ key, text }) => {
    // An object's `properties`, and a property's `quality`, go where they belong.
    if (key === "properties") return { key: "schema", text: `schema:\n  - name: orders\n${indent(text, 4)}` };
    if (key === "quality") return { key: "schema", text: `schema:\n  - name: orders\n    properties:\n      - name: amount\n        logicalType: number\n${indent(text, 8)}` };
    return { key, text };
  });
  const keys = new Set(parts.map((p) => p.key));
  const isProduct = keys.has("outputPorts") || keys.has("inputPorts") || /^kind: DataProduct/m.test(fragment);
  const around = Object.entries(isProduct ? PRODUCT : CONTRACT)
    .filter(([key]) => !keys.has(key))
    .map(([, text]) => text);
  return { file: isProduct ? "example.odps.yaml" : "example.odcs.yaml", text: `${[...around, ...parts.map((p) => p.text)].join("\n")}\n` };
}

/** What a lint page's example needs besides its document. */
const LINT_SETUP: Record<string, { files?: Record<string, string>; config?: string; asIs?: true }> = {
  // Off by default: the platform turns it on.
  "property-classification": { config: "lint:\n  rules:\n    property-classification: error\n" },
  // The example is about the contract in the repository being at 1.3.0.
  "output-port-contract": { files: { "customer_campaigns.odcs.yaml": contractWith("776c618b-3130-4fcd-8699-e5aa488bdc4c", "1.3.0") } },
  // The example's id was copied from ledger_entries.odcs.yaml.
  "unique-document-id": { files: { "ledger_entries.odcs.yaml": contractWith("293233bb-3c84-4c9a-8ad6-00569072581d", "1.0.0") } },
  // The example is a file without a document header: adding one would make it a contract.
  "not-a-document": { asIs: true },
};

function contractWith(id: string, version: string): string {
  return documentFor(`id: ${id}\nversion: ${version}\n`).text;
}

/** How a page's finding line reads, without its position (the page shows a fragment, not the whole file). */
const findingText = (f: Pick<Finding, "severity" | "ruleId" | "message">) => `${f.severity} ${f.ruleId} ${f.message}`;

async function lintExample(id: string, block: Block): Promise<Finding[]> {
  const setup = LINT_SETUP[id] ?? {};
  if (id === "config-invalid") {
    const dir = writeProject({ "meshkit.yaml": block.body });
    return (await lintPaths([], { cwd: dir })).findings;
  }
  const doc = setup.asIs ? { file: "example.odcs.yaml", text: block.body } : documentFor(block.body);
  const config = `apiVersion: meshkit/v1\nkind: Config\n${setup.config ?? ""}`;
  const dir = writeProject({ ...setup.files, "meshkit.yaml": config, [doc.file]: doc.text });
  return (await lintPaths([doc.file], { cwd: dir })).findings;
}

/** Lint rule pages with YAML examples; the file rules' examples describe bytes (an invalid byte, 48 MiB) rather than show them. */
const lintPages = LINT_RULES.map((r) => r.id)
  .filter((id) => !["file-not-text", "file-too-large"].includes(id))
  .map((id) => ({ id, blocks: fencedBlocks(exampleSection(readFileSync(resolve(docs, "rules", `${id}.md`), "utf8"))) }))
  .filter(({ blocks }) => blocks.some((b) => b.lang === "yaml" && isFailing(b)));

describe("contract-lint rule pages: the examples", () => {
  it("covers the lint rule pages", () => {
    expect(lintPages.length).toBeGreaterThanOrEqual(25);
  });

  it.each(lintPages)("$id: Failing reports it, Fixed does not, quoted findings are what lint prints", async ({ id, blocks }) => {
    const wrong: string[] = [];
    let failing: Finding[] | undefined;
    for (const block of blocks) {
      if (block.lang === "yaml" && isFailing(block)) {
        failing = await lintExample(id, block);
        if (!failing.some((f) => f.ruleId === id)) wrong.push(`"${block.label}" reports no ${id}: ${failing.map(findingText).join("; ") || "nothing"}`);
      } else if (block.lang === "yaml" && isFixed(block)) {
        const findings = await lintExample(id, block);
        const left = findings.filter((f) => f.ruleId === id && f.severity !== "info");
        if (left.length > 0) wrong.push(`"${block.label}" still reports ${left.map(findingText).join("; ")}`);
      } else if (failing && (block.lang === "" || block.lang === "text")) {
        // A quoted report of the failing example above it.
        const quoted = block.body.split("\n").flatMap((line) => /^\S+:\d+:\d+: (.*)$/.exec(line)?.[1] ?? []);
        const printed = new Set(failing.map(findingText));
        wrong.push(...quoted.filter((line) => !printed.has(line)).map((line) => `quoted but not reported: ${line}`));
      }
    }
    expect(wrong).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// docs/policies/platform-baseline.md: whole documents (YAML contracts and products, JSON plans).

const baselinePage = readFileSync(resolve(docs, "policies/platform-baseline.md"), "utf8");
const baselineExamples = baselinePage
  .split(/^## /m)
  .slice(1)
  .map((section) => ({ id: section.split("\n")[0]!.trim(), blocks: fencedBlocks(section.split(/^### Example\s*$/m)[1]?.split(/^### /m)[0] ?? "") }))
  .filter(({ blocks }) => blocks.length > 0);

async function policyFindings(block: Block): Promise<Finding[]> {
  const file = block.lang === "json" ? "plan.json" : /^kind: DataProduct/m.test(block.body) ? "example.odps.yaml" : "example.odcs.yaml";
  const dir = writeProject({ [file]: block.body });
  return (await runPolicy({ cwd: dir, paths: [file], policies: ["builtin:platform-baseline"] })).findings;
}

describe("docs/policies/platform-baseline.md: the examples", () => {
  it("has an example for every rule of the pack", () => {
    const ids = [...baselinePage.matchAll(/^\| \[`([a-z0-9-]+)`\]\(#/gm)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !baselineExamples.some((e) => e.id === id))).toEqual([]);
  });

  it.each(baselineExamples)("$id: Failing fails it, Passing passes it", async ({ id, blocks }) => {
    const wrong: string[] = [];
    for (const block of blocks.filter((b) => isFailing(b) || isFixed(b))) {
      const findings = await policyFindings(block);
      const own = findings.filter((f) => f.ruleId === id);
      if (isFailing(block) && own.length === 0) wrong.push(`"${block.label}" does not fail ${id}: ${findings.map(findingText).join("; ") || "nothing"}`);
      if (isFixed(block) && own.length > 0) wrong.push(`"${block.label}" still fails: ${own.map(findingText).join("; ")}`);
    }
    expect(wrong).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// docs/policy.md's worked example, and the policy rule pages that build on it.

const policyGuide = readFileSync(resolve(docs, "policy.md"), "utf8");

/** The files of docs/policy.md's examples: a block labelled with its path (`` `infra/plan.json` (from …): ``). */
const guideFiles = Object.fromEntries(
  fencedBlocks(policyGuide).flatMap((b) => {
    const file = /^`([\w./-]+\.\w+)`(?: \(.*\))?:$/.exec(b.label)?.[1];
    return file ? [[file, b.body]] : [];
  }),
);

/** A finding as the text report prints it. */
const findingLine = (f: Finding) => `${f.file}:${f.line}:${f.column}: ${findingText(f)}`;

/** The finding lines a quoted session or report shows. */
const quotedFindings = (text: string) => text.split("\n").filter((line) => /^\S+:\d+:\d+: (error|warning|info) /.test(line));

async function policyRun(files: Record<string, string>, paths: string[], options: { policies?: string[]; today?: string } = {}): Promise<string[]> {
  const dir = writeProject({ ...guideFiles, ...files });
  // In the order the reports print them.
  return sortFindings((await runPolicy({ cwd: dir, paths, ...options })).findings).map(findingLine);
}

describe("docs/policy.md and the policy rule pages: the examples", () => {
  const sessions = fencedBlocks(policyGuide).flatMap((b) => [...b.body.matchAll(/^\$ meshkit policy ([^\n]*)\n((?:(?!\$ )[^\n]*\n)*)/gm)].map((m) => ({ args: m[1]!.split(" "), output: m[2]! })));

  it("has the files and the sessions of its examples", () => {
    expect(Object.keys(guideFiles)).toEqual(expect.arrayContaining(["policies/descriptions.yaml", "domains/sales/orders.odcs.yaml", "infra/plan.json"]));
    expect(sessions.length).toBeGreaterThanOrEqual(2);
  });

  it.each(sessions)("`meshkit policy $args` prints the findings the page shows", async ({ args, output }) => {
    const policies = args.flatMap((arg, i) => (args[i - 1] === "--policies" ? [arg] : []));
    const paths = args.filter((arg, i) => arg !== "--policies" && args[i - 1] !== "--policies");
    expect(await policyRun({}, paths, { policies })).toEqual(quotedFindings(output));
  });

  /** A rule page's failing example and the report it quotes. */
  function pageExample(id: string): { failing: Block; quoted: string[] } {
    const blocks = fencedBlocks(exampleSection(readFileSync(resolve(docs, "rules", `${id}.md`), "utf8")));
    const failing = blocks.find((b) => b.lang === "yaml" && isFailing(b))!;
    return { failing, quoted: blocks.filter((b) => b.lang === "").flatMap((b) => quotedFindings(b.body)) };
  }

  it("policy-invalid: the failing policy is reported as the page says", async () => {
    const { failing, quoted } = pageExample("policy-invalid");
    expect(quoted.length).toBeGreaterThan(0);
    expect(await policyRun({ "policies/descriptions.yaml": failing.body }, [], { policies: ["policies"] })).toEqual(expect.arrayContaining(quoted));
  });

  it("policy-runtime-error: the failing validation, in the example's policy, is reported as the page says", async () => {
    const { failing, quoted } = pageExample("policy-runtime-error");
    const policy = guideFiles["policies/descriptions.yaml"]!;
    const withRule = `${policy.slice(0, policy.indexOf("  validations:\n"))}  validations:\n${failing.body}`;
    expect(quoted.length).toBeGreaterThan(0);
    expect(await policyRun({ "policies/descriptions.yaml": withRule }, [], { policies: ["policies"] })).toEqual(expect.arrayContaining(quoted));
  });

  it("waiver-unused: the failing meshkit.yaml reports what the page quotes, and not once its waiver points at the failure", async () => {
    const { failing, quoted } = pageExample("waiver-unused");
    expect(quoted.length).toBeGreaterThan(0);
    expect(await policyRun({ "meshkit.yaml": failing.body }, [], { today: "2027-01-01" })).toEqual(expect.arrayContaining(quoted));
    const fixed = await policyRun({ "meshkit.yaml": failing.body.replace("path: /schema/0", "path: /schema/1") }, [], { today: "2027-01-01" });
    expect(fixed.filter((line) => line.includes("waiver-unused"))).toEqual([]);
    // A path below the failure's pointer: the page quotes (as text) what is reported then.
    const below = await policyRun({ "meshkit.yaml": failing.body.replace("path: /schema/0", "path: /schema/1/description") }, [], { today: "2027-01-01" });
    const belowQuoted = fencedBlocks(exampleSection(readFileSync(resolve(docs, "rules", "waiver-unused.md"), "utf8"))).filter((b) => b.lang === "text").flatMap((b) => quotedFindings(b.body));
    expect(belowQuoted.length).toBeGreaterThan(0);
    expect(below).toEqual(expect.arrayContaining(belowQuoted));
  });

  it("rule-level-unused: the failing meshkit.yaml reports what the page quotes, and not once the key is the rule's id", async () => {
    const { failing, quoted } = pageExample("rule-level-unused");
    expect(quoted.length).toBeGreaterThan(0);
    expect(await policyRun({ "meshkit.yaml": failing.body }, [])).toEqual(expect.arrayContaining(quoted));
    const fixed = await policyRun({ "meshkit.yaml": failing.body.replace("table-descripton", "table-description") }, []);
    expect(fixed.filter((line) => line.includes("rule-level-unused"))).toEqual([]);
  });

  it("waiver-expired: the failing meshkit.yaml, checked on the day the page says, reports what it quotes", async () => {
    const { failing, quoted } = pageExample("waiver-expired");
    const today = /checked on (\d{4}-\d{2}-\d{2})/.exec(failing.label)?.[1];
    expect(today).toBeDefined();
    expect(quoted.length).toBeGreaterThan(0);
    expect(await policyRun({ "meshkit.yaml": failing.body }, [], { today })).toEqual(expect.arrayContaining(quoted));
  });
});
