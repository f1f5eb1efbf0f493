import { loadText } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { provisionModel } from "./model.js";
import { desiredState } from "./postgres-desired.js";

const contract = (id: string, product: string, column = "id") =>
  loadText(
    `${id}.odcs.yaml`,
    `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: active\ndomain: crm\ndataProduct: ${product}\nschema:\n  - name: orders\n    properties:\n      - name: ${column}\n        logicalType: integer\n`,
  ).documents;

/** The comments of the columns of crm.customers (and of its masked view) as provision writes them, by column. */
function customerComments(properties: string): (key: "crm.customers" | "crm_safe.customers") => Record<string, string | null> {
  const documents = loadText(
    "a.odcs.yaml",
    `apiVersion: v3.1.0\nkind: DataContract\nid: a\nversion: 1.0.0\nstatus: active\ndomain: crm\nschema:\n  - name: customers\n    properties:\n${properties}`,
  ).documents;
  const state = desiredState(provisionModel({ contracts: documents, products: [] }, { target: "postgres" }));
  return (key) => Object.fromEntries(state.relations.get(key)!.columns.map((c) => [c.name, c.comment]));
}

describe("desiredState", () => {
  it("says two products of a domain want one table in this plan, not that it is already provisioned", () => {
    const model = provisionModel({ contracts: [...contract("a", "billing"), ...contract("b", "shop")], products: [] });
    const state = desiredState(model);
    expect(state.findings.map((f) => [f.ruleId, f.file, f.path, f.message])).toEqual([
      ["provision-object-conflict", "b.odcs.yaml", "/schema/0", "Table crm.orders is also the table of product billing of domain crm in this plan; give this schema object another name (or physicalName)."],
    ]);
  });

  it("ends a description that is no sentence with a period before the note on a sensitive column, so the two read as two sentences", () => {
    const comments = customerComments(`      - { name: email, logicalType: string, classification: restricted, description: "Primary e-mail" }
      - { name: phone, logicalType: string, classification: restricted, description: "Mobile number." }
      - { name: city, logicalType: string, classification: restricted, description: "Where? (as given)" }
      - { name: note, logicalType: string, description: "Free text" }
`);
    expect(comments("crm.customers")).toEqual({
      email: "Primary e-mail. Sensitive (restricted): readable in clear only by roles approved for it; masked in crm_safe.customers.",
      phone: "Mobile number. Sensitive (restricted): readable in clear only by roles approved for it; masked in crm_safe.customers.",
      city: "Where? (as given). Sensitive (restricted): readable in clear only by roles approved for it; masked in crm_safe.customers.",
      // A description alone is written as it is.
      note: "Free text",
    });
    expect(comments("crm_safe.customers").email).toBe("Primary e-mail. Masked (restricted): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read crm.customers.");
  });

  it("keeps a description that ends with another script's full stop or question mark as it is, with no period after it", () => {
    const comments = customerComments(`      - { name: email, logicalType: string, classification: restricted, description: "主要なメールアドレス。" }
      - { name: phone, logicalType: string, classification: restricted, description: "「携帯番号。」" }
      - { name: city, logicalType: string, classification: restricted, description: "Wo wohnt er？" }
      - { name: zip, logicalType: string, classification: restricted, description: "Code « postal »" }
      - { name: mobile, logicalType: string, classification: restricted, description: "„Handynummer.“" }
`)("crm.customers");
    const descriptions = Object.values(comments).map((comment) => comment!.slice(0, comment!.indexOf(" Sensitive")));
    // Were "主要なメールアドレス。.", "「携帯番号。」." and "Wo wohnt er？."; German closes a quote with “, an initial quote mark in Unicode.
    expect(descriptions).toEqual(["主要なメールアドレス。", "「携帯番号。」", "Wo wohnt er？", "Code « postal ».", "„Handynummer.“"]);
  });

  it("refuses a column named like a PostgreSQL system column at the plan, which CREATE TABLE would refuse at the apply", () => {
    const state = desiredState(provisionModel({ contracts: contract("a", "billing", "xmin"), products: [] }));
    expect(state.findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      ["provision-invalid-name", "/schema/0/properties/0", 'The column name "xmin" is a PostgreSQL system column, which every table already has; rename the column (or set its physicalName). Table crm.orders is not provisioned until then.'],
    ]);
    expect(state.relations.has("crm.orders")).toBe(false);
    // Names are quoted: another spelling is an ordinary column.
    expect(desiredState(provisionModel({ contracts: contract("a", "billing", "XMIN"), products: [] })).findings).toEqual([]);
  });

  it("says a domain named like a PostgreSQL system schema needs another name, rather than to hand the schema over", () => {
    const domain = (name: string) => loadText("a.odcs.yaml", `apiVersion: v3.1.0\nkind: DataContract\nid: a\nversion: 1.0.0\nstatus: active\ndomain: ${name}\nschema:\n  - name: orders\n    properties:\n      - name: id\n        logicalType: integer\n`).documents;
    for (const [name, message] of [
      ["information_schema", 'Domain "information_schema" is a PostgreSQL system schema, which every database has and meshkit cannot take over; rename the domain.'],
      ["pg_catalog", 'Domain "pg_catalog" starts with pg_, which PostgreSQL reserves for its own schemas; rename the domain.'],
    ]) {
      const state = desiredState(provisionModel({ contracts: domain(name!), products: [] }, { target: "postgres" }));
      expect(state.findings.map((f) => [f.ruleId, f.path, f.message]), name).toEqual([["provision-invalid-name", "/domain", message]]);
      expect(state.schemas.size, name).toBe(0);
    }
    // Names are quoted: another spelling is an ordinary schema.
    expect(desiredState(provisionModel({ contracts: domain("Information_Schema"), products: [] }, { target: "postgres" })).findings).toEqual([]);
  });

  it("does not repeat the model's finding about a column without logicalType whose physicalType has no mapping", () => {
    const documents = loadText(
      "a.odcs.yaml",
      "apiVersion: v3.1.0\nkind: DataContract\nid: a\nversion: 1.0.0\nstatus: active\ndomain: crm\nschema:\n  - name: orders\n    properties:\n      - name: codes\n        physicalType: integer[]\n",
    ).documents;
    const model = provisionModel({ contracts: documents, products: [] });
    expect(model.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-type-unmapped", "/schema/0/properties/0"]]);
    const state = desiredState(model);
    expect(state.findings).toEqual([]);
    expect(state.relations.has("crm.orders")).toBe(false);
  });
});
