import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { projectInRepository, readCatalogDocuments, readsWholeProject, repositoryLayout } from "./documents.js";
import { tempDir } from "./test-support.js";

const EXAMPLES = fileURLToPath(new URL("../../../examples", import.meta.url));

describe("readCatalogDocuments", () => {
  it("publishes a product named alone with the contracts its output ports name, found in the rest of the project", async () => {
    const product = "domains/finance/quarterly_ledger/product.odps.yaml";
    const alone = await readCatalogDocuments([product], { cwd: EXAMPLES });
    const folder = await readCatalogDocuments([join(product, "..")], { cwd: EXAMPLES });
    const files = (read: typeof alone) => read.documents.map((d) => `${d.kind.type} ${d.file}`).sort();
    expect(files(alone)).toEqual(files(folder));
    expect(files(alone).filter((f) => f.startsWith("DataContract"))).toHaveLength(2);
    expect(alone.findings).toEqual([]);
  });

  it("with no path named, reports globs of files.include that select no product or contract (include-unmatched), so nothing to publish is not a quiet pass", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "products"));
    writeFileSync(join(dir, "products/product.odps.yaml"), "apiVersion: v1.0.0\nkind: DataProduct\nid: p\nname: p\nstatus: active\n");
    writeFileSync(join(dir, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["product/*.yaml"]\n');
    const read = await readCatalogDocuments([], { cwd: dir });
    expect([read.documents, read.findings]).toEqual([[], []]);
    expect(read.unmatched).toMatchObject({ ruleId: "include-unmatched", severity: "warning", stage: "catalog", file: "meshkit.yaml", line: 4, column: 12 });
    writeFileSync(join(dir, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["products/*.yaml"]\n');
    expect((await readCatalogDocuments([], { cwd: dir })).unmatched).toBeUndefined();
  });
});

describe("readsWholeProject", () => {
  it("is a publish without paths from the project's root only: from a folder below it, the products read are only that folder's", async () => {
    // This repository is the project (its meshkit.yaml checks examples/ as the Acme mesh).
    const top = join(EXAMPLES, "..");
    const root = await readCatalogDocuments([], { cwd: top });
    const below = join(EXAMPLES, "domains/finance");
    const some = await readCatalogDocuments([], { cwd: below });
    // The same project (one meshkit.yaml), fewer products: the others are not gone from the repository.
    expect(some.config.root).toBe(root.config.root);
    expect(some.documents.length).toBeLessThan(root.documents.length);
    expect(readsWholeProject([], top, root.config)).toBe(true);
    expect(readsWholeProject([], below, some.config)).toBe(false);
    expect(readsWholeProject(["examples"], top, root.config)).toBe(false);
  });
});

describe("projectInRepository", () => {
  it("is the project's folder from the repository's top, with /, and empty at the top or outside git", async () => {
    const top = join(EXAMPLES, "..");
    expect(await projectInRepository(top)).toBe("");
    expect(await projectInRepository(join(EXAMPLES, "domain-repo"))).toBe("examples/domain-repo");
    expect(await projectInRepository("/")).toBe("");
  });
});

describe("repositoryLayout", () => {
  it("names the project whose folder holds a file (the deepest meshkit.yaml) and the project folders the checkout has", async () => {
    const top = join(EXAMPLES, "..");
    const layout = await repositoryLayout(top);
    expect(layout?.projectOf("examples/domain-repo/products/shipment_events/shipment_events.odcs.yaml")).toBe("examples/domain-repo");
    expect(layout?.projectOf(join(EXAMPLES, "domains/finance/quarterly_ledger/product.odps.yaml"))).toBe("");
    expect(layout?.projectOf("/etc/hostname")).toBeUndefined();
    expect([layout?.hasProject(""), layout?.hasProject("examples/domain-repo"), layout?.hasProject("examples/domains"), layout?.hasProject("examples/gone")]).toEqual([true, true, false, false]);
    // From a folder below the root, files are named from there.
    expect((await repositoryLayout(top, join(EXAMPLES, "domain-repo")))?.projectOf("products/shipment_events/shipment_events.odcs.yaml")).toBe("examples/domain-repo");
    expect(await repositoryLayout("/")).toBeUndefined();
  });

  it("keeps the projects a sparse checkout left out, and counts meshkit.yml and .meshkit.yaml projects too", async () => {
    const top = tempDir();
    const run = (...args: string[]) => execFileSync("git", args, { cwd: top, stdio: "pipe" });
    run("init", "-q", "-b", "main");
    const configs = { "domains/sales/meshkit.yaml": "", "domains/billing/meshkit.yaml": "", "domains/hr/.meshkit.yaml": "", "domains/ops/meshkit.yml": "" };
    for (const [file, text] of Object.entries(configs)) {
      mkdirSync(join(top, file, ".."), { recursive: true });
      writeFileSync(join(top, file), text);
    }
    run("add", "-A");
    run("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "projects");
    // A workflow checks out some domains only (actions/checkout's sparse-checkout): billing is left out.
    run("sparse-checkout", "set", "--sparse-index", "domains/sales", "domains/hr", "domains/ops");
    const layout = await repositoryLayout(join(top, "domains/sales"));
    expect(["domains/sales", "domains/billing", "domains/hr", "domains/ops", "domains/gone"].map((folder) => layout?.hasProject(folder))).toEqual([true, true, true, true, false]);
  });
});
