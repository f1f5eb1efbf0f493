/**
 * examples/domain-repo is exactly what `meshkit init domain` writes for a sample domain with one product
 * (meshkit.yaml, the product, its contract, sample data, the workflow, husky hooks, package.json). This
 * test regenerates it into a temp dir with the built CLI and compares every file, so the example never
 * drifts from the templates. Only the two UUIDs and the creation time are fresh on every run; they are
 * mapped onto the example's before comparing.
 *
 * After changing a template: MESHKIT_UPDATE=1 npx vitest run test/domain-repo.test.ts rewrites the
 * example (keeping its ids).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_AS_OF } from "../packages/cli/src/init/product-templates.js";
import { meshkit, requireBuiltCli, tempDir } from "../packages/cli/src/test-support.js";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const EXAMPLE = join(REPO, "examples/domain-repo");

/** The command that made the example (also in docs/init.md). */
export const EXAMPLE_INIT_ARGS = [
  "init", "domain", "logistics",
  "--product", "shipment_events",
  "--owner", "lena.fischer@acme-retail.example",
  "--team", "logistics-analytics",
  "--support-channel", "#logistics-data",
  "--bucket", "acme-data-lake",
  "--cost-center", "CC-410",
  "--no-git",
];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g;
const CREATED = /(CreatedTs: )"([^"]+)"/g;

/** Every file under `dir`, `/`-separated and sorted. */
function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? listFiles(path, base) : [relative(base, path).split("\\").join("/")];
    })
    .sort();
}

function readTree(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((file) => [file, readFileSync(join(dir, file), "utf8")]));
}

/** The UUIDs and creation times of a tree, in order of first appearance (files in sorted order). */
function idsOf(tree: Map<string, string>): { uuids: string[]; created: string[] } {
  const uuids: string[] = [];
  const created: string[] = [];
  for (const text of tree.values()) {
    for (const [id] of text.matchAll(UUID)) if (!uuids.includes(id)) uuids.push(id);
    for (const match of text.matchAll(CREATED)) if (!created.includes(match[2]!)) created.push(match[2]!);
  }
  return { uuids, created };
}

/** `tree` with its fresh ids replaced, position by position, by the example's. */
function withIds(tree: Map<string, string>, ids: { uuids: string[]; created: string[] }): Map<string, string> {
  const own = idsOf(tree);
  expect(own.uuids).toHaveLength(ids.uuids.length);
  expect(own.created).toHaveLength(ids.created.length);
  const uuid = new Map(own.uuids.map((id, i) => [id, ids.uuids[i]!]));
  const time = new Map(own.created.map((t, i) => [t, ids.created[i]!]));
  return new Map(
    [...tree].map(([file, text]) => [file, text.replace(UUID, (id) => uuid.get(id) ?? id).replace(CREATED, (_all, key: string, t: string) => `${key}"${time.get(t) ?? t}"`)]),
  );
}

beforeAll(requireBuiltCli);

describe("examples/domain-repo", () => {
  it("is exactly what `meshkit init domain` writes (apart from the fresh ids)", () => {
    const dir = tempDir("domain-repo");
    const target = join(dir, "domain-repo");
    const result = meshkit([...EXAMPLE_INIT_ARGS, "--dir", target], dir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const example = readTree(EXAMPLE);
    const ids = idsOf(example);
    expect(ids.uuids).toHaveLength(2); // the product's id and its contract's
    expect(ids.created).toHaveLength(1);
    const regenerated = withIds(readTree(target), ids);

    if (process.env.MESHKIT_UPDATE === "1") {
      rmSync(EXAMPLE, { recursive: true, force: true });
      for (const [file, text] of regenerated) {
        mkdirSync(dirname(join(EXAMPLE, file)), { recursive: true });
        writeFileSync(join(EXAMPLE, file), text);
      }
    }
    const current = readTree(EXAMPLE);
    expect([...current.keys()]).toEqual([...regenerated.keys()]);
    for (const [file, text] of regenerated) expect(current.get(file), file).toBe(text);
    rmSync(dir, { recursive: true, force: true });
  });

  it("is a complete domain repository: product, contract, sample data, the pipeline workflow, hooks, package.json", () => {
    expect(listFiles(EXAMPLE)).toEqual([
      ".gitattributes",
      ".github/dependabot.yml",
      ".github/workflows/data-product.yml",
      ".gitignore",
      ".husky/pre-commit",
      ".husky/pre-merge-commit",
      ".husky/pre-push",
      "README.md",
      "meshkit.yaml",
      "package.json",
      "products/shipment_events/data/shipment_events.csv",
      "products/shipment_events/product.odps.yaml",
      "products/shipment_events/shipment_events.odcs.yaml",
    ]);
    const workflow = readFileSync(join(EXAMPLE, ".github/workflows/data-product.yml"), "utf8");
    for (const stage of ["contract-lint", "schema-compat", "policy-check", "contract-test", "provision", "catalog-publish"]) {
      expect(workflow).toContain(`uses: meshkit/meshkit/actions/${stage}@v1`);
    }
  });

  it("passes its own checks with its own meshkit.yaml: lint, policy, and test on the sample data", () => {
    for (const args of [["lint"], ["policy"], ["test", "--now", SAMPLE_AS_OF]]) {
      const result = meshkit([...args, "--format", "json"], EXAMPLE);
      expect(result.status, args.join(" ")).toBe(0);
      const report = JSON.parse(result.stdout) as { findings: unknown[]; summary: { files: number } };
      expect(report.findings, args.join(" ")).toEqual([]);
      expect(report.summary.files, args.join(" ")).toBeGreaterThan(0);
    }
  });

  it("is not part of the examples' mesh: the root meshkit.yaml leaves it out of `meshkit policy examples`", () => {
    // Its domain is not one of the Acme mesh's (policy known-domain), and its sample has its own --now.
    const result = meshkit(["policy", "examples", "--format", "json"], REPO);
    const report = JSON.parse(result.stdout) as { findings: { file: string }[] };
    expect(report.findings.filter((f) => f.file.includes("domain-repo"))).toEqual([]);
    expect(result.status).toBe(0);
  });
});
