import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readCatalogDocuments } from "./documents.js";

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
});
