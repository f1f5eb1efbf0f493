import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type LoadedDocument, loadText } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { provisionModel, retentionDaysOf, tableComment } from "./model.js";
import { ALL_PROVISION_RULES } from "./rules.js";
import { TARGET_DIALECTS, columnType } from "./types.js";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

function documents(file: string, text: string): LoadedDocument[] {
  return loadText(file, text).documents;
}

const CONTRACT = (extra = "") => `apiVersion: v3.1.0
kind: DataContract
id: orders-contract
version: 1.2.0
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
    physicalName: orders_v1
    description: One row per order.
    properties:
      - name: line
        logicalType: integer
        primaryKey: true
        primaryKeyPosition: 2
      - name: order_id
        logicalType: string
        primaryKey: true
        primaryKeyPosition: 1
        logicalTypeOptions: {maxLength: 20}
      - name: email
        logicalType: string
        classification: restricted
        tags: [pii]
      - name: amount
        logicalType: number
        physicalType: DECIMAL(12,2)
roles:
  - role: order_analyst
    access: read
  - role: privacy_team
    access: read
    customProperties:
      - property: privacyApproved
        value: true
  - role: order_loader
    access: write
slaProperties:
  - property: retention
    value: 2
    unit: y
  - property: latency
    value: 4
    unit: h
${extra}`;

describe("provisionModel", () => {
  it("reads a property's renamedFrom hint as compat does: the first renamedFrom customProperty, when it is text", () => {
    const contract = `apiVersion: v3.1.0
kind: DataContract
id: c
version: 1.0.0
status: active
domain: sales
schema:
  - name: orders
    properties:
      - name: site_code
        logicalType: string
        customProperties:
          - property: renamedFrom
            value: warehouse_code
          - property: renamedFrom
            value: depot_code
      - name: channel
        logicalType: string
        customProperties:
          - property: renamedFrom
            value: 42
      - name: note
        logicalType: string
        customProperties:
          - property: renamedFrom
            value: note
`;
    const model = provisionModel({ contracts: documents("c.yaml", contract), products: [] });
    expect(model.products[0]!.contracts[0]!.tables[0]!.columns.map((c) => [c.name, c.renamedFrom])).toEqual([
      ["site_code", "warehouse_code"],
      ["channel", undefined],
      ["note", undefined],
    ]);
  });

  it("warns that a contract without schema objects gets no table", () => {
    const bare = "apiVersion: v3.1.0\nkind: DataContract\nid: bare\nversion: 1.0.0\nstatus: active\nname: bare\ndomain: sales\n";
    for (const [text, path] of [[bare, ""], [`${bare}schema: []\n`, "/schema"]] as const) {
      const { products, findings } = provisionModel({ contracts: documents("bare.odcs.yaml", text), products: [] });
      expect(findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([["provision-no-schema", "warning", path]]);
      expect(products[0]!.contracts[0]!.tables).toEqual([]);
    }
  });

  it("leaves out the later of two products whose names make one identifier; contracts naming one dataProduct stay one product", () => {
    const named = (id: string, dataProduct: string) => CONTRACT().replace("id: orders-contract", `id: ${id}`).replace("name: orders\ndomain: sales", `name: orders\ndataProduct: ${dataProduct}\ndomain: sales`);
    const folded = provisionModel({ contracts: [...documents("a.odcs.yaml", named("a", "my quantum")), ...documents("b.odcs.yaml", named("b", "my_quantum"))], products: [] });
    expect(folded.products.map((p) => `${p.domain}/${p.name} ${p.contracts.map((c) => c.id).join(",")}`)).toEqual(["sales/my_quantum a"]);
    expect(folded.findings.filter((f) => f.severity === "error").map((f) => [f.ruleId, f.file, f.path])).toEqual([["provision-name-collision", "b.odcs.yaml", "/dataProduct"]]);
    const one = provisionModel({ contracts: [...documents("a.odcs.yaml", named("a", "quantum")), ...documents("b.odcs.yaml", named("b", "quantum"))], products: [] });
    expect(one.findings).toEqual([]);
    expect(one.products.map((p) => p.name)).toEqual(["quantum", "quantum"]);
  });

  it("plans neither of two contracts that share an id, and says so at the second, instead of silently keeping the last", () => {
    const other = CONTRACT().replace("name: orders\ndomain: sales", "name: refunds\ndomain: finance");
    const { products, findings } = provisionModel({ contracts: [...documents("a.odcs.yaml", CONTRACT()), ...documents("b.odcs.yaml", other)], products: [] });
    expect(products).toEqual([]);
    expect(findings.map((f) => [f.ruleId, f.severity, f.file, f.path])).toEqual([["unique-document-id", "error", "b.odcs.yaml", "/id"]]);
    expect(findings[0]!.message).toBe("Contract id orders-contract is also used by a.odcs.yaml: provision cannot tell which one to plan, so neither is provisioned. Give each its own id.");
  });

  it("names the other file of a shared id as displayFile shows files (a GitHub report from the workspace)", () => {
    const { findings } = provisionModel({ contracts: [...documents("a.odcs.yaml", CONTRACT()), ...documents("b.odcs.yaml", CONTRACT())], products: [] }, { displayFile: (file) => `sales/${file}` });
    expect(findings[0]!.message).toMatch(/^Contract id orders-contract is also used by sales\/a\.odcs\.yaml: /);
  });

  it("does not tell a product's output port that a contract two documents share is missing: the unique-document-id error says why", () => {
    const product = "apiVersion: v1.0.0\nkind: DataProduct\nid: orders-product\nname: orders\nversion: 2.0.0\nstatus: active\ndomain: sales\noutputPorts:\n  - {name: orders, version: 2.0.0, contractId: orders-contract}\n  - {name: refunds, version: 1.0.0, contractId: refunds-contract}\n";
    const second = CONTRACT().replace("version: 1.0.0", "version: 2.0.0");
    const { findings } = provisionModel({ contracts: [...documents("v1.odcs.yaml", CONTRACT()), ...documents("v2.odcs.yaml", second)], products: documents("orders.odps.yaml", product) });
    // The contract that is nowhere is still reported as missing.
    expect(findings.map((f) => [f.ruleId, f.file, f.path])).toEqual([
      ["unique-document-id", "v2.odcs.yaml", "/id"],
      ["provision-contract-missing", "orders.odps.yaml", "/outputPorts/1/contractId"],
    ]);
  });

  it("makes a retention lifecycle only from an SLA whose element is an object (or, with one object, a column) of the contract", () => {
    const withElement = (element: string) => CONTRACT().replace("  - property: retention\n    value: 2\n    unit: y\n", `  - property: retention\n    value: 2\n    unit: y\n    element: ${element}\n`);
    for (const element of ["orders.amount", "orders_v1", "amount"]) {
      const { products, findings } = provisionModel({ contracts: documents("orders.odcs.yaml", withElement(element)), products: [] });
      expect([element, findings]).toEqual([element, []]);
      expect(products[0]!.contracts[0]!.retentionDays).toBe(729);
    }
    const { products, findings } = provisionModel({ contracts: documents("orders.odcs.yaml", withElement("tab1.txn_ref_dt")), products: [] });
    expect(findings.map((f) => `${f.ruleId} ${f.severity} ${f.message.split(":")[0]}`)).toEqual(["provision-retention-unresolved warning The retention SLA names `tab1.txn_ref_dt`, but `tab1` is no object of this contract"]);
    expect(products[0]!.contracts[0]!.retentionDays).toBeUndefined();
  });

  it("reads a retention written as numeric text, and says when its length cannot be read (no lifecycle rule from it)", () => {
    const withRetention = (value: string, unit: string) => CONTRACT().replace("  - property: retention\n    value: 2\n    unit: y\n", `  - property: retention\n    value: ${value}\n    unit: ${unit}\n`);
    const text = provisionModel({ contracts: documents("orders.odcs.yaml", withRetention('"3"', "d")), products: [] });
    expect([text.findings, text.products[0]!.contracts[0]!.retentionDays]).toEqual([[], 2]);
    for (const [value, unit, path, what] of [
      ["10", "fortnights", "/slaProperties/0/unit", 'unit "fortnights" is not a duration unit'],
      ["ten", "d", "/slaProperties/0/value", 'value "ten" is not a positive number'],
      // Text JavaScript's Number() reads but no stage reads as a length (core's slaValueNumber): no rule that deletes data from it.
      ['"0x2"', "y", "/slaProperties/0/value", 'value "0x2" is not a positive number'],
      ['"0b11"', "y", "/slaProperties/0/value", 'value "0b11" is not a positive number'],
      ['"0o7"', "y", "/slaProperties/0/value", 'value "0o7" is not a positive number'],
      ['"Infinity"', "d", "/slaProperties/0/value", 'value "Infinity" is not a positive number'],
      ["0", "d", "/slaProperties/0/value", "value 0 is not a positive number"],
    ]) {
      const { products, findings } = provisionModel({ contracts: documents("orders.odcs.yaml", withRetention(value!, unit!)), products: [] });
      expect(findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([["provision-retention-unresolved", "warning", path]]);
      expect(findings[0]!.message).toContain(`The retention SLA's ${what}`);
      expect(products[0]!.contracts[0]!.retentionDays).toBeUndefined();
    }
  });

  it("reads a role's privacy approval written as privacyApproved or privacy_approved (the seed's spelling), true or \"true\"", () => {
    for (const [property, value] of [["privacyApproved", '"true"'], ["privacy_approved", "true"], ["privacy_approved", "TRUE"]]) {
      const { products } = provisionModel({ contracts: documents("orders.odcs.yaml", CONTRACT().replace("property: privacyApproved\n        value: true", `property: ${property}\n        value: ${value}`)), products: [] });
      expect([property, value, products[0]!.contracts[0]!.roles.find((r) => r.name === "privacy_team")!.privacyApproved]).toEqual([property, value, true]);
    }
    const refused = provisionModel({ contracts: documents("orders.odcs.yaml", CONTRACT().replace("value: true\n  - role: order_loader", "value: yes please\n  - role: order_loader")), products: [] });
    expect(refused.products[0]!.contracts[0]!.roles.find((r) => r.name === "privacy_team")!.privacyApproved).toBe(false);
  });

  it("turns a contract no product claims into a product of its own, with typed columns, keys, roles and retention", () => {
    const { products, findings } = provisionModel({ contracts: documents("orders.odcs.yaml", CONTRACT()), products: [] });
    expect(findings).toEqual([]);
    expect(products).toHaveLength(1);
    const [product] = products;
    expect(product).toMatchObject({ domain: "sales", name: "orders", owner: "ana@example.com", team: "sales-data" });
    const contract = product!.contracts[0]!;
    expect(contract).toMatchObject({ id: "orders-contract", version: "1.2.0", retentionDays: 729, sla: [{ property: "retention", value: "2 y", retentionDays: 729 }, { property: "latency", value: "4 h" }] });
    const table = contract.tables[0]!;
    expect(table).toMatchObject({ name: "orders_v1", object: "orders", primaryKey: ["order_id", "line"] });
    expect(table.columns.map((c) => [c.name, c.types.duckdb, c.types.postgres, c.types.snowflake, c.required, c.sensitive])).toEqual([
      ["line", "BIGINT", "bigint", "NUMBER(38,0)", true, false],
      ["order_id", "VARCHAR", "varchar(20)", "VARCHAR(20)", true, false],
      ["email", "VARCHAR", "text", "VARCHAR", false, true],
      ["amount", "DECIMAL(12,2)", "numeric(12,2)", "NUMBER(12,2)", false, false],
    ]);
    expect(contract.roles.map((r) => [r.name, r.access, r.privacyApproved])).toEqual([
      ["order_analyst", "read", false],
      ["privacy_team", "read", true],
      ["order_loader", "write", false],
    ]);
    const comment = JSON.parse(tableComment(product!, contract, table));
    expect(comment).toMatchObject({ product: "orders", domain: "sales", owner: "ana@example.com", contract: "orders-contract", contractVersion: "1.2.0", managedBy: "meshkit" });
  });

  it("treats a column as sensitive when a nested field or item is, whole, with that part's classification", () => {
    const contract = `apiVersion: v3.1.0
kind: DataContract
id: customers
version: 1.0.0
status: active
domain: crm
schema:
  - name: customers
    properties:
      - {name: customer_id, logicalType: string, primaryKey: true}
      - name: contact
        logicalType: object
        properties:
          - {name: city, logicalType: string}
          - name: details
            logicalType: object
            properties:
              - {name: email, logicalType: string, classification: restricted}
      - name: emails
        logicalType: array
        items: {logicalType: string, tags: [pii]}
      - name: address
        logicalType: object
        classification: internal
        properties:
          - {name: street, logicalType: string, classification: public}
`;
    const { products, findings } = provisionModel({ contracts: documents("customers.odcs.yaml", contract), products: [] });
    expect(findings).toEqual([]);
    const columns = products[0]!.contracts[0]!.tables[0]!.columns;
    expect(columns.map((c) => [c.name, c.sensitive, c.classification])).toEqual([
      ["customer_id", false, undefined],
      ["contact", true, "restricted"],
      ["emails", true, "pii"],
      ["address", false, "internal"],
    ]);
  });

  it("groups contracts under the ODPS product whose output ports name them", () => {
    const dir = join(REPO, "examples/domains/finance/quarterly_ledger");
    const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    const loaded = files.flatMap((f) => documents(f, readFileSync(join(dir, f), "utf8")));
    const { products, findings } = provisionModel({ contracts: loaded.filter((d) => d.kind.type === "DataContract"), products: loaded.filter((d) => d.kind.type === "DataProduct") });
    expect(findings).toEqual([]);
    expect(products.map((p) => [p.domain, p.name, p.contracts.length])).toEqual([["finance", "quarterly_ledger", 2]]);
  });

  it("refuses names that are not identifiers, at their line, and keeps the rest", () => {
    const text = CONTRACT().replace("      - name: email", "      - name: e'mail; drop table x").replace("  - role: order_analyst", "  - role: order analyst");
    const { products, findings } = provisionModel({ contracts: documents("orders.odcs.yaml", text), products: [] });
    const lineOf = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    expect(findings.map((f) => [f.ruleId, f.line, f.message.slice(0, 40)])).toEqual([
      ["provision-invalid-name", lineOf("e'mail"), "The column name \"e'mail; drop table x\" i"],
      ["provision-invalid-name", lineOf("order analyst"), 'The role name "order analyst" is not an '],
    ]);
    expect(products[0]!.contracts[0]!.tables[0]!.columns.map((c) => c.name)).toEqual(["line", "order_id", "amount"]);
    expect(products[0]!.contracts[0]!.roles.map((r) => r.name)).toEqual(["privacy_team", "order_loader"]);
  });

  // `größe` is letters: "use letters, digits and _" alone would not say what is wrong with it.
  it("says which character of a name of non-ASCII letters is not taken (`größe`)", () => {
    const text = CONTRACT().replace("      - name: email", "      - name: größe");
    const { findings } = provisionModel({ contracts: documents("orders.odcs.yaml", text), products: [] });
    expect(findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["provision-invalid-name", 'The column name "größe" is not an identifier: only ASCII letters (A-Z, a-z), digits and _ are, and "ö" is not ASCII.'],
    ]);
  });

  it("refuses a product without a domain, or a domain that would escape the lake (`..`)", () => {
    const none = provisionModel({ contracts: documents("c.yaml", CONTRACT().replace("domain: sales\n", "")), products: [] });
    expect(none.products).toEqual([]);
    expect(none.findings.map((f) => f.ruleId)).toEqual(["provision-no-domain"]);
    const escape = provisionModel({ contracts: documents("c.yaml", CONTRACT().replace("domain: sales", "domain: ../etc")), products: [] });
    expect(escape.products).toEqual([]);
    expect(escape.findings.map((f) => [f.ruleId, f.line])).toEqual([["provision-invalid-name", 7]]);
  });

  it("provisions a product's display name made of words as an identifier (an info), and refuses one with other characters", () => {
    const named = (name: string) => provisionModel({ contracts: documents("c.yaml", CONTRACT().replace("domain: sales\n", `domain: sales\ndataProduct: ${JSON.stringify(name)}\n`)), products: [] });
    for (const [name, identifier] of [["Customer Data Product", "customer_data_product"], ["sales-orders", "sales_orders"], ["2024 Orders", "p_2024_orders"], ["Orders_V2", "Orders_V2"]] as const) {
      const { products, findings } = named(name);
      expect([name, products.map((p) => p.name)]).toEqual([name, [identifier]]);
      expect(findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(identifier === name ? [] : ["provision-invalid-name info"]);
    }
    expect(named("it's mine").findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["provision-invalid-name error"]);
  });

  it("points a product name that is not an identifier at the key it was read from (`dataProduct`, else `name`, else `id`)", () => {
    const text = CONTRACT().replace("domain: sales\n", "domain: sales\ndataProduct: '../x'\n");
    const { findings } = provisionModel({ contracts: documents("c.yaml", text), products: [] });
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([["provision-invalid-name", 8, 14]]);
    const product = `apiVersion: v1.0.0\nkind: DataProduct\nid: a/b\nstatus: active\ndomain: sales\n`;
    const byId = provisionModel({ contracts: [], products: documents("p.yaml", product) });
    expect(byId.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([["provision-invalid-name", 3, 5]]);
  });

  it("says a domain that is not text must be text, at its value", () => {
    const { products, findings } = provisionModel({ contracts: documents("c.yaml", CONTRACT().replace("domain: sales", "domain: 123")), products: [] });
    expect(products).toEqual([]);
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([["provision-invalid-name", 7, 9, "The domain name must be text (letters, digits and _), not the number 123."]]);
  });

  it("warns about an output port whose contract is not among the documents, at its contractId", () => {
    const product = `apiVersion: v1.0.0
kind: DataProduct
id: orders-product
name: orders
status: active
domain: sales
outputPorts:
  - name: orders
    version: 1.2.0
    contractId: orders-contract
  - name: refunds
    version: 1.0.0
    contractId: refunds-contract
`;
    const { products, findings } = provisionModel({ contracts: documents("orders.odcs.yaml", CONTRACT()), products: documents("product.odps.yaml", product) });
    expect(findings.map((f) => [f.ruleId, f.severity, f.file, f.line, f.column, f.message.slice(0, 68)])).toEqual([
      ["provision-contract-missing", "warning", "product.odps.yaml", 13, 17, "Output port refunds names contract refunds-contract, which is not in"],
    ]);
    expect(products.map((p) => [p.name, p.contracts.map((c) => c.id)])).toEqual([["orders", ["orders-contract"]]]);
  });

  it("reports a type it cannot map, at the property", () => {
    const text = CONTRACT().replace("        logicalType: number\n        physicalType: DECIMAL(12,2)", "        physicalType: MONEY");
    const { findings } = provisionModel({ contracts: documents("c.yaml", text), products: [] });
    expect(findings.map((f) => [f.ruleId, f.message])).toEqual([["provision-type-unmapped", expect.stringMatching(/^Column `orders\.amount`: physicalType MONEY is an exact currency amount/)]]);
  });
});

describe("columnType", () => {
  it("maps every logical type to every target, arrays through their items", () => {
    const array = { logicalType: "array" as const, items: { logicalType: "date" as const } };
    expect(columnType("duckdb", array)).toEqual({ ok: true, type: "DATE[]" });
    expect(columnType("glue", array)).toEqual({ ok: true, type: "array<date>" });
    expect(columnType("bigquery", array)).toEqual({ ok: true, type: "ARRAY<DATE>" });
    expect(columnType("bigquery", { logicalType: "number", physicalType: "numeric(38, 2)" })).toEqual({ ok: true, type: "BIGNUMERIC(38, 2)" });
    expect(columnType("bigquery", { logicalType: "number", physicalType: "numeric(30, 2)" })).toEqual({ ok: true, type: "NUMERIC(30, 2)" });
    expect(columnType("snowflake", { logicalType: "timestamp", logicalTypeOptions: { timezone: true } })).toEqual({ ok: true, type: "TIMESTAMP_TZ" });
    expect(columnType("postgres", { logicalType: "array" })).toMatchObject({ ok: false });
    expect(columnType("postgres", { logicalType: "number", physicalType: "decimal(50,2)" })).toMatchObject({ ok: false });
  });

  it("refuses a decimal precision of three or more digits instead of reading the column as a float", () => {
    for (const physicalType of ["decimal(100,2)", "NUMERIC(123, 4)", "number(38,100)"]) {
      for (const dialect of TARGET_DIALECTS) expect(columnType(dialect, { logicalType: "number", physicalType })).toMatchObject({ ok: false, problem: expect.stringMatching(/precision 1\.\.38/) });
    }
    const text = CONTRACT().replace("physicalType: DECIMAL(12,2)", "physicalType: DECIMAL(120,2)");
    const { findings } = provisionModel({ contracts: documents("c.yaml", text), products: [] });
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-type-unmapped", "/schema/0/properties/3/logicalType"]]);
  });

  it("refuses an exact decimal named without precision and scale instead of reading the column as a float", () => {
    for (const physicalType of ["DECIMAL", "numeric", "NUMBER", "bignumeric", "NUMERIC(12,-2)"]) {
      for (const dialect of TARGET_DIALECTS) {
        expect(columnType(dialect, { logicalType: "number", physicalType })).toMatchObject({ ok: false, problem: expect.stringMatching(/without precision and scale/) });
        expect(columnType(dialect, { physicalType })).toMatchObject({ ok: false, problem: expect.stringMatching(/without precision and scale/) });
      }
    }
    const text = CONTRACT().replace("physicalType: DECIMAL(12,2)", "physicalType: DECIMAL");
    const { findings } = provisionModel({ contracts: documents("c.yaml", text), products: [] });
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-type-unmapped", "/schema/0/properties/3/logicalType"]]);
    // Floats stay floats.
    expect(columnType("postgres", { logicalType: "number", physicalType: "double" })).toEqual({ ok: true, type: "double precision" });
    expect(columnType("postgres", { logicalType: "number" })).toEqual({ ok: true, type: "double precision" });
  });

  // ODCS integer `format` follows Rust's integer types: u64, i128 and u128 values do not fit a signed
  // 64-bit BIGINT / INT64, so they need a wider type, or none where the target has no such width.
  it("gives integers wider than i64 a type that holds every value, or none", () => {
    const u64 = { logicalType: "integer" as const, logicalTypeOptions: { format: "u64" } };
    expect(Object.fromEntries(TARGET_DIALECTS.map((d) => [d, columnType(d, u64)]))).toEqual({
      duckdb: { ok: true, type: "UBIGINT" },
      postgres: { ok: true, type: "numeric(20,0)" },
      glue: { ok: true, type: "decimal(20,0)" },
      snowflake: { ok: true, type: "NUMBER(38,0)" },
      bigquery: { ok: true, type: "NUMERIC(20, 0)" },
    });
    for (const format of ["i128", "u128"]) {
      const wide = { logicalType: "integer" as const, logicalTypeOptions: { format } };
      expect(columnType("duckdb", wide)).toEqual({ ok: true, type: format === "i128" ? "HUGEINT" : "UHUGEINT" });
      expect(columnType("postgres", wide)).toEqual({ ok: true, type: "numeric(39,0)" });
      expect(columnType("bigquery", wide)).toEqual({ ok: true, type: "BIGNUMERIC" });
      expect(columnType("glue", wide)).toMatchObject({ ok: false, problem: expect.stringMatching(/38 digits/) });
      expect(columnType("snowflake", wide)).toMatchObject({ ok: false, problem: expect.stringMatching(/38 digits/) });
    }
    for (const format of ["i64", "u32"]) expect(columnType("postgres", { logicalType: "integer", logicalTypeOptions: { format } })).toEqual({ ok: true, type: "bigint" });
  });

  // The Glue tables are Parquet: a nested object is a Parquet group, which Athena reads as a struct and
  // cannot read as a `string` column (JSON text is only what an object without properties can be).
  it("gives a Glue object column the struct of its properties, at any depth and inside arrays", () => {
    const address = {
      logicalType: "object" as const,
      properties: [
        { name: "Street", logicalType: "string" as const },
        { name: "zip", physicalName: "postal_code", logicalType: "string" as const },
        { name: "geo", logicalType: "object" as const, properties: [{ name: "lat", logicalType: "number" as const }, { name: "lon", physicalType: "real" }] },
        { name: "since", logicalType: "timestamp" as const, logicalTypeOptions: { timezone: true } },
      ],
    };
    expect(columnType("glue", address)).toEqual({ ok: true, type: "struct<street:string,postal_code:string,geo:struct<lat:double,lon:float>,since:timestamp>" });
    const parcels = { logicalType: "array" as const, items: { logicalType: "object" as const, properties: [{ name: "weight_kg", logicalType: "number" as const, physicalType: "decimal(8,3)" }] } };
    expect(columnType("glue", parcels)).toEqual({ ok: true, type: "array<struct<weight_kg:decimal(8,3)>>" });
    // Free-form JSON (no properties) stays JSON text; the other targets keep their JSON types.
    expect(columnType("glue", { logicalType: "object" })).toEqual({ ok: true, type: "string" });
    expect(columnType("glue", { physicalType: "jsonb" })).toEqual({ ok: true, type: "string" });
    expect(columnType("duckdb", address)).toEqual({ ok: true, type: "JSON" });
    expect(columnType("postgres", address)).toEqual({ ok: true, type: "jsonb" });
    // A field a struct type cannot name, one named twice, or one with no type: said, not guessed.
    const struct = (...properties: { name: string; logicalType?: "string"; physicalType?: string }[]) => columnType("glue", { logicalType: "object", properties });
    expect(struct({ name: "first name", logicalType: "string" })).toEqual({ ok: false, problem: 'its field "first name" cannot be a field of a Glue struct type (letters, digits and _, not starting with a digit)' });
    expect(struct({ name: "a:b", logicalType: "string" })).toMatchObject({ ok: false });
    expect(struct({ name: "Zip", logicalType: "string" }, { name: "zip", logicalType: "string" })).toEqual({ ok: false, problem: "its field zip is in it twice (Glue struct field names ignore case)" });
    expect(struct({ name: "note", physicalType: "geometry" })).toMatchObject({ ok: false, problem: expect.stringMatching(/^its field note: no logicalType, and physicalType "geometry"/) });
  });

  // A BIGINT refuses 10^20 on load: an integer without format whose bounds go past i64 needs the wider type.
  it("gives an integer without format the width its bounds need beyond i64", () => {
    const bounded = (logicalTypeOptions: Record<string, unknown>) => ({ logicalType: "integer" as const, logicalTypeOptions });
    expect(columnType("duckdb", bounded({ maximum: 1e20 }))).toEqual({ ok: true, type: "HUGEINT" });
    expect(columnType("postgres", bounded({ minimum: -1e20 }))).toEqual({ ok: true, type: "numeric(39,0)" });
    expect(columnType("duckdb", bounded({ minimum: 0, maximum: 1.8e19 }))).toEqual({ ok: true, type: "UBIGINT" });
    expect(columnType("bigquery", bounded({ exclusiveMinimum: -1, exclusiveMaximum: 1.8e19 }))).toEqual({ ok: true, type: "NUMERIC(20, 0)" });
    expect(columnType("duckdb", bounded({ minimum: 0, maximum: 2 ** 128 }))).toEqual({ ok: true, type: "UHUGEINT" });
    expect(columnType("duckdb", bounded({ minimum: 1e20 }))).toEqual({ ok: true, type: "HUGEINT" });
    expect(columnType("glue", bounded({ maximum: 1e20 }))).toEqual({ ok: true, type: "decimal(38,0)" });
    expect(columnType("snowflake", bounded({ minimum: -1e20 }))).toEqual({ ok: true, type: "NUMBER(38,0)" });
    expect(columnType("glue", bounded({ maximum: 1.5e38 }))).toMatchObject({ ok: false, problem: expect.stringMatching(/^an integer bounded by maximum 1.5e\+38 \(format i128\) needs 39 digits/) });
    expect(columnType("duckdb", bounded({ maximum: 1e40 }))).toMatchObject({ ok: false, problem: expect.stringMatching(/more than 128 bits/) });
    // i64's own bounds (9223372036854775807 reads as 2^63), the tightest of two bounds, and a written format keep their type.
    expect(columnType("duckdb", bounded({ minimum: -(2 ** 63), maximum: 2 ** 63 }))).toEqual({ ok: true, type: "BIGINT" });
    expect(columnType("duckdb", bounded({ maximum: 1e20, exclusiveMaximum: 1000 }))).toEqual({ ok: true, type: "BIGINT" });
    expect(columnType("duckdb", bounded({ format: "i64", maximum: 1e20 }))).toEqual({ ok: true, type: "BIGINT" });
    expect(columnType("duckdb", { logicalType: "integer", physicalType: "bigint", logicalTypeOptions: { maximum: 1e20 } })).toEqual({ ok: true, type: "BIGINT" });
  });
});

describe("ODCS conformance of the column model", () => {
  const contract = (properties: string, object = "  - name: t\n") => `apiVersion: v3.1.0
kind: DataContract
id: c
version: 1.0.0
status: active
domain: d
schema:
${object}    properties:
${properties}`;
  const table = (properties: string, object?: string) => {
    const { products, findings } = provisionModel({ contracts: documents("c.yaml", contract(properties, object)), products: [] });
    return { table: products[0]?.contracts[0]?.tables[0], findings };
  };
  const types = (property: Parameters<typeof columnType>[1]) => Object.fromEntries(TARGET_DIALECTS.map((d) => [d, ((r) => (r.ok ? r.type : `! ${r.problem}`))(columnType(d, property))]));

  it("takes a string's length from its physicalType when logicalTypeOptions have none (the official full example's varchar(18))", () => {
    expect(types({ logicalType: "string", physicalType: "varchar(18)" })).toEqual({ duckdb: "VARCHAR", postgres: "varchar(18)", glue: "string", snowflake: "VARCHAR(18)", bigquery: "STRING(18)" });
    expect(columnType("postgres", { logicalType: "string", physicalType: "CHAR(2)" })).toEqual({ ok: true, type: "varchar(2)" });
    expect(columnType("postgres", { logicalType: "string", physicalType: "NVARCHAR(40)" })).toEqual({ ok: true, type: "varchar(40)" });
    // The options win; a physicalType of another family refines nothing; varchar(max) is no length.
    expect(columnType("postgres", { logicalType: "string", physicalType: "varchar(18)", logicalTypeOptions: { maxLength: 20 } })).toEqual({ ok: true, type: "varchar(20)" });
    expect(columnType("postgres", { logicalType: "string", physicalType: "int" })).toEqual({ ok: true, type: "text" });
    expect(columnType("postgres", { logicalType: "string", physicalType: "varchar(max)" })).toEqual({ ok: true, type: "text" });
    // Beyond what PostgreSQL's varchar holds: text, never a type PostgreSQL refuses.
    expect(columnType("postgres", { logicalType: "string", logicalTypeOptions: { maxLength: 20_000_000 } })).toEqual({ ok: true, type: "text" });
    expect(columnType("postgres", { logicalType: "string", logicalTypeOptions: { maxLength: 65_535 } })).toEqual({ ok: true, type: "varchar(65535)" });
  });

  it("snowflake: a string longer than a bare VARCHAR's 16,777,216 characters gets its length, up to the largest VARCHAR(134217728)", () => {
    // A bare VARCHAR holds 16,777,216 characters: a contract admitting 50 million would see longer values refused on load.
    const snowflake = (maxLength: number) => columnType("snowflake", { logicalType: "string", logicalTypeOptions: { maxLength } });
    expect(snowflake(16_777_216)).toEqual({ ok: true, type: "VARCHAR(16777216)" });
    expect(snowflake(50_000_000)).toEqual({ ok: true, type: "VARCHAR(50000000)" });
    expect(snowflake(134_217_728)).toEqual({ ok: true, type: "VARCHAR(134217728)" });
    // Beyond what any Snowflake VARCHAR holds: the largest one, never a type Snowflake refuses.
    expect(snowflake(500_000_000)).toEqual({ ok: true, type: "VARCHAR(134217728)" });
    expect(columnType("snowflake", { logicalType: "string" })).toEqual({ ok: true, type: "VARCHAR" });
  });

  it("snowflake: raw bytes longer than a bare BINARY's 8,388,608 get their length, up to the largest BINARY(67108864)", () => {
    // A bare BINARY holds 8,388,608 bytes: a contract admitting 20 MB would see longer values refused on load.
    const binary = (maxLength?: number) => columnType("snowflake", { logicalType: "string", logicalTypeOptions: { format: "binary", ...(maxLength === undefined ? {} : { maxLength }) } });
    expect(binary(20_000_000)).toEqual({ ok: true, type: "BINARY(20000000)" });
    expect(binary(67_108_864)).toEqual({ ok: true, type: "BINARY(67108864)" });
    expect(binary(500_000_000)).toEqual({ ok: true, type: "BINARY(67108864)" });
    expect(columnType("snowflake", { physicalType: "bytea", logicalTypeOptions: { maxLength: 10_000_000 } })).toEqual({ ok: true, type: "BINARY(10000000)" });
    // Within what a bare BINARY holds, or without maxLength: the bare BINARY, as before (no change to tables already made).
    expect(binary(8_388_608)).toEqual({ ok: true, type: "BINARY" });
    expect(binary(16)).toEqual({ ok: true, type: "BINARY" });
    expect(binary()).toEqual({ ok: true, type: "BINARY" });
  });

  it("reads a property with a physicalType and no logicalType (ODCS makes logicalType optional)", () => {
    expect(columnType("postgres", { physicalType: "VARCHAR(10)" })).toEqual({ ok: true, type: "varchar(10)" });
    expect(columnType("duckdb", { physicalType: "INT" })).toEqual({ ok: true, type: "INTEGER" });
    expect(columnType("duckdb", { physicalType: "bigint" })).toEqual({ ok: true, type: "BIGINT" });
    expect(columnType("postgres", { physicalType: "NUMERIC(12, 2)" })).toEqual({ ok: true, type: "numeric(12,2)" });
    expect(columnType("postgres", { physicalType: "double precision" })).toEqual({ ok: true, type: "double precision" });
    expect(columnType("postgres", { physicalType: "boolean" })).toEqual({ ok: true, type: "boolean" });
    expect(columnType("postgres", { physicalType: "DATE" })).toEqual({ ok: true, type: "date" });
    expect(columnType("postgres", { physicalType: "timestamp with time zone" })).toEqual({ ok: true, type: "timestamptz" });
    expect(columnType("snowflake", { physicalType: "TIMESTAMP_NTZ" })).toEqual({ ok: true, type: "TIMESTAMP_NTZ" });
    expect(columnType("postgres", { physicalType: "jsonb" })).toEqual({ ok: true, type: "jsonb" });
    expect(columnType("postgres", { physicalType: "MONEY" })).toMatchObject({ ok: false, problem: expect.stringMatching(/^physicalType MONEY is an exact currency amount/) });
  });

  // ODCS makes logicalType optional for items too: their physicalType types them, as it types a property.
  it("types an array's items by their physicalType when they have no logicalType", () => {
    expect(types({ logicalType: "array", items: { physicalType: "int" } })).toEqual({ duckdb: "INTEGER[]", postgres: "integer[]", glue: "array<int>", snowflake: "ARRAY", bigquery: "ARRAY<INT64>" });
    expect(columnType("postgres", { logicalType: "array", items: { physicalType: "varchar(12)" } })).toEqual({ ok: true, type: "varchar(12)[]" });
    expect(columnType("duckdb", { logicalType: "array", items: { physicalType: "geometry" } })).toMatchObject({ ok: false, problem: expect.stringMatching(/^its items: no logicalType, and physicalType "geometry"/) });
    expect(columnType("duckdb", { logicalType: "array", items: { physicalType: "ARRAY", items: { logicalType: "string" } } })).toMatchObject({ ok: false, problem: expect.stringMatching(/^arrays of arrays/) });
    expect(columnType("duckdb", { logicalType: "array", items: {} })).toMatchObject({ ok: false, problem: expect.stringMatching(/^an array needs `items`/) });
  });

  it("maps integer widths: no format is BIGINT (holds every i32; see types.ts), i32 or a physical INT is INTEGER", () => {
    expect(columnType("postgres", { logicalType: "integer" })).toEqual({ ok: true, type: "bigint" });
    expect(columnType("postgres", { logicalType: "integer", logicalTypeOptions: { format: "i32" } })).toEqual({ ok: true, type: "integer" });
    expect(columnType("postgres", { logicalType: "integer", physicalType: "INT" })).toEqual({ ok: true, type: "integer" });
    expect(columnType("postgres", { logicalType: "integer", physicalType: "SMALLINT" })).toEqual({ ok: true, type: "integer" });
    expect(columnType("postgres", { logicalType: "integer", physicalType: "bigint" })).toEqual({ ok: true, type: "bigint" });
    expect(columnType("postgres", { logicalType: "integer", physicalType: "INT", logicalTypeOptions: { format: "i64" } })).toEqual({ ok: true, type: "bigint" });
    expect(columnType("duckdb", { logicalType: "integer", physicalType: "UBIGINT" })).toEqual({ ok: true, type: "UBIGINT" });
  });

  it("keeps the digits of an integer stored as an exact decimal wider than an i64 (Snowflake's NUMBER(38,0))", () => {
    expect(types({ logicalType: "integer", physicalType: "NUMBER(38,0)" })).toEqual({ duckdb: "DECIMAL(38,0)", postgres: "numeric(38,0)", glue: "decimal(38,0)", snowflake: "NUMBER(38,0)", bigquery: "BIGNUMERIC(38, 0)" });
    expect(types({ logicalType: "integer", physicalType: "numeric(20)" })).toEqual({ duckdb: "DECIMAL(20,0)", postgres: "numeric(20,0)", glue: "decimal(20,0)", snowflake: "NUMBER(38,0)", bigquery: "NUMERIC(20, 0)" });
    // Digits an i64 holds whatever they are stay a BIGINT; a written format wins, as always.
    expect(columnType("duckdb", { logicalType: "integer", physicalType: "NUMBER(18,0)" })).toEqual({ ok: true, type: "BIGINT" });
    expect(columnType("duckdb", { logicalType: "integer", physicalType: "NUMBER(38,0)", logicalTypeOptions: { format: "i64" } })).toEqual({ ok: true, type: "BIGINT" });
    expect(columnType("duckdb", { logicalType: "integer", physicalType: "NUMBER(40,0)" })).toMatchObject({ ok: false, problem: expect.stringMatching(/40 digits/) });
  });

  it("gives raw bytes (string format binary, or a physicalType bytea, BLOB, varbinary) a binary column, never text", () => {
    const binary = { duckdb: "BLOB", postgres: "bytea", glue: "binary", snowflake: "BINARY", bigquery: "BYTES" };
    expect(types({ logicalType: "string", logicalTypeOptions: { format: "binary" } })).toEqual(binary);
    expect(types({ logicalType: "string", physicalType: "bytea" })).toEqual(binary);
    expect(types({ physicalType: "BLOB" })).toEqual(binary);
    expect(types({ physicalType: "varbinary(16)" })).toEqual(binary);
    expect(columnType("postgres", { logicalType: "array", items: { physicalType: "bytea" } })).toEqual({ ok: true, type: "bytea[]" });
    // `byte` is base64 text, which a text column holds.
    expect(columnType("postgres", { logicalType: "string", logicalTypeOptions: { format: "byte" } })).toEqual({ ok: true, type: "text" });
  });

  it("keeps the integer type of a number stored as an integer wider than a DOUBLE holds exactly (bigint)", () => {
    expect(types({ logicalType: "number", physicalType: "BIGINT" })).toEqual({ duckdb: "BIGINT", postgres: "bigint", glue: "bigint", snowflake: "NUMBER(38,0)", bigquery: "INT64" });
    expect(columnType("postgres", { logicalType: "number", physicalType: "ubigint" })).toEqual({ ok: true, type: "numeric(20,0)" });
    // Every int fits a DOUBLE exactly; a written float format is kept.
    expect(columnType("duckdb", { logicalType: "number", physicalType: "int" })).toEqual({ ok: true, type: "DOUBLE" });
    expect(columnType("duckdb", { logicalType: "number", physicalType: "bigint", logicalTypeOptions: { format: "f64" } })).toEqual({ ok: true, type: "DOUBLE" });
  });

  it("gives a money amount no float: its scale is the source's, so it is a finding asking for DECIMAL(p,s)", () => {
    for (const physicalType of ["money", "MONEY", "smallmoney"]) {
      for (const dialect of TARGET_DIALECTS) expect(columnType(dialect, { logicalType: "number", physicalType })).toMatchObject({ ok: false, problem: expect.stringMatching(/exact currency amount.*DECIMAL\(p,s\)/) });
    }
  });

  // Snowflake's documented synonyms: a physicalType not read drops the zone or the length, or is no type at all.
  it("reads Snowflake's other spellings of its timestamp and text types (TIMESTAMPLTZ, NCHAR VARYING(n))", () => {
    expect(types({ logicalType: "timestamp", physicalType: "TIMESTAMPLTZ" })).toEqual({ duckdb: "TIMESTAMPTZ", postgres: "timestamptz", glue: "timestamp", snowflake: "TIMESTAMP_TZ", bigquery: "TIMESTAMP" });
    expect(columnType("snowflake", { physicalType: "TIMESTAMPNTZ" })).toEqual({ ok: true, type: "TIMESTAMP_NTZ" });
    expect(columnType("snowflake", { physicalType: "TIMESTAMPLTZ(3)" })).toEqual({ ok: true, type: "TIMESTAMP_TZ" });
    for (const physicalType of ["NCHAR VARYING(12)", "national character varying(12)", "National Char Varying(12)"]) {
      expect(columnType("snowflake", { logicalType: "string", physicalType }), physicalType).toEqual({ ok: true, type: "VARCHAR(12)" });
      expect(columnType("postgres", { physicalType }), physicalType).toEqual({ ok: true, type: "varchar(12)" });
    }
    expect(columnType("postgres", { physicalType: "national character(3)" })).toEqual({ ok: true, type: "varchar(3)" });
  });

  it("reads the zone of a timestamp or time written with its precision (`timestamp(3) with time zone`)", () => {
    expect(types({ logicalType: "timestamp", physicalType: "timestamp(3) with time zone" })).toEqual({ duckdb: "TIMESTAMPTZ", postgres: "timestamptz", glue: "timestamp", snowflake: "TIMESTAMP_TZ", bigquery: "TIMESTAMP" });
    expect(columnType("postgres", { physicalType: "TIMESTAMP(6) WITH TIME ZONE" })).toEqual({ ok: true, type: "timestamptz" });
    expect(columnType("postgres", { physicalType: "timestamp(6) without time zone" })).toEqual({ ok: true, type: "timestamp" });
    expect(columnType("postgres", { logicalType: "time", physicalType: "time(0) with time zone" })).toEqual({ ok: true, type: "timetz" });
    expect(columnType("postgres", { physicalType: "varchar(10) with time zone" })).toMatchObject({ ok: false });
  });

  it("gives an f32 number a 4-byte float, and a time or timestamp its zone from the option or the physicalType", () => {
    expect(types({ logicalType: "number", logicalTypeOptions: { format: "f32" } })).toEqual({ duckdb: "FLOAT", postgres: "real", glue: "float", snowflake: "FLOAT", bigquery: "FLOAT64" });
    expect(columnType("postgres", { logicalType: "number", physicalType: "REAL" })).toEqual({ ok: true, type: "real" });
    expect(columnType("postgres", { logicalType: "timestamp", physicalType: "timestamptz" })).toEqual({ ok: true, type: "timestamptz" });
    expect(columnType("postgres", { logicalType: "timestamp", physicalType: "timestamptz", logicalTypeOptions: { timezone: false } })).toEqual({ ok: true, type: "timestamp" });
    const zonedTime = types({ logicalType: "time", logicalTypeOptions: { timezone: true } });
    expect(zonedTime).toMatchObject({ duckdb: "TIMETZ", postgres: "timetz", glue: "string" });
    expect(zonedTime.snowflake).toMatch(/^! a time with timezone: true has no type in snowflake/);
    expect(zonedTime.bigquery).toMatch(/^! a time with timezone: true has no type in bigquery/);
  });

  it("orders a composite primary key by primaryKeyPosition, the default -1 last in property order, and marks unique columns that are not the whole key", () => {
    const { table: t, findings } = table(`      - { name: c, logicalType: string, primaryKey: true, primaryKeyPosition: -1 }
      - { name: b, logicalType: string, primaryKey: true, primaryKeyPosition: 2 }
      - { name: a, logicalType: string, primaryKey: true, primaryKeyPosition: 1, unique: true }
      - { name: d, logicalType: string, primaryKey: true }
      - { name: e, logicalType: string, unique: true }
      - { name: f, logicalType: string, primaryKeyPosition: 3 }
`);
    // A position without primaryKey: true is no key column, said so (lint's primary-key-position, as a warning).
    expect(findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([["primary-key-position", "warning", "/schema/0/properties/5/primaryKeyPosition"]]);
    expect(t!.primaryKey).toEqual(["a", "b", "c", "d"]);
    expect(t!.columns.map((c) => [c.name, c.required, c.unique])).toEqual([
      ["c", true, false],
      ["b", true, false],
      ["a", true, true],
      ["d", true, false],
      ["e", false, true],
      ["f", false, false],
    ]);
    // A sole key column is unique already: no second constraint.
    expect(table("      - { name: id, logicalType: integer, primaryKey: true, unique: true }\n").table!.columns[0]!.unique).toBe(false);
  });

  // Sorting two columns of one position keeps them in property order: a key order the contract does not say.
  it("reports key columns that share a primaryKeyPosition as an error, which stops the apply", () => {
    const { findings } = table(`      - { name: a, logicalType: string, primaryKey: true, primaryKeyPosition: 2 }
      - { name: b, logicalType: string, primaryKey: true, primaryKeyPosition: 1 }
      - { name: c, logicalType: string, primaryKey: true, primaryKeyPosition: 2 }
`);
    expect(findings.map((f) => [f.ruleId, f.severity, f.path, f.message])).toEqual([
      [
        "primary-key-position",
        "error",
        "/schema/0/properties/2/primaryKeyPosition",
        "Key columns `t.a` and `t.c` both have primaryKeyPosition 2, so the primary key's column order is unknown and nothing is applied: number the key columns 1, 2, ….",
      ],
    ]);
    // The default -1 (no position) may be shared: those columns follow in property order, as documented.
    expect(table(`      - { name: a, logicalType: string, primaryKey: true, primaryKeyPosition: -1 }\n      - { name: b, logicalType: string, primaryKey: true, primaryKeyPosition: -1 }\n`).findings).toEqual([]);
  });

  it("orders partitioned columns by partitionKeyPosition (the full example's txn_ref_dt)", () => {
    const { table: t } = table(`      - { name: amount, logicalType: number }
      - { name: country, logicalType: string, partitioned: true, partitionKeyPosition: 2 }
      - { name: txn_ref_dt, logicalType: date, partitioned: true, partitionKeyPosition: 1 }
`);
    expect(t!.partitionKeys).toEqual(["txn_ref_dt", "country"]);
  });

  it("provisions no table for an object whose physicalType is a view, topic or file: an info finding at it", () => {
    for (const kind of ["view", "topic", "file", "materialized view"]) {
      const { table: t, findings } = table("      - { name: id, logicalType: integer }\n", `  - name: v\n    physicalType: ${kind}\n`);
      expect(t).toBeUndefined();
      expect(findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([["provision-not-a-table", "info", "/schema/0/physicalType"]]);
    }
    for (const kind of ["table", "TABLE", "external table"]) expect(table("      - { name: id, logicalType: integer }\n", `  - name: v\n    physicalType: ${kind}\n`).table).toBeDefined();
  });

  it("maps the official ODCS full example: physicalName, physicalType lengths, key order", () => {
    // Its product name has a space ("my quantum"), which no schema, folder or tag can hold: it is provisioned as my_quantum (an info).
    const text = readFileSync(join(REPO, "..", "shared", "reference", "odcs", "examples", "all", "full-example.odcs.yaml"), "utf8");
    const asWritten = provisionModel({ contracts: documents("full-example.odcs.yaml", text), products: [] });
    expect(asWritten.findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([
      ["provision-invalid-name", "info", "/dataProduct"],
      ["provision-retention-unresolved", "warning", "/slaProperties/4/element"],
    ]);
    expect(asWritten.products.map((p) => p.name)).toEqual(["my_quantum"]);
    const { products, findings } = provisionModel({ contracts: documents("full-example.odcs.yaml", text.replace("dataProduct: my quantum", "dataProduct: my_quantum")), products: [] });
    // Its retention SLA names `tab1`, an object it does not have: no lifecycle rule from that.
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-retention-unresolved", "/slaProperties/4/element"]]);
    expect(products[0]!.contracts[0]!.retentionDays).toBeUndefined();
    const tables = products[0]!.contracts[0]!.tables;
    expect(tables.map((t) => [t.name, t.primaryKey, t.partitionKeys])).toEqual([
      ["tbl_1", ["rcvr_id"], ["txn_ref_dt"]],
      ["receivers_master", ["id", "country_code"], []],
    ]);
    expect(tables[0]!.columns.map((c) => [c.name, c.types.postgres])).toEqual([
      ["txn_ref_dt", "date"],
      ["rcvr_id", "varchar(18)"],
      ["rcvr_cntry_code", "varchar(2)"],
    ]);
    expect(tables[1]!.columns.find((c) => c.name === "id")).toMatchObject({ required: true, unique: true });
  });
});

describe("SLAs in the table metadata", () => {
  const TWO_OBJECTS = `apiVersion: v3.1.0
kind: DataContract
id: sla-contract
version: 1.0.0
status: active
domain: sales
dataProduct: orders
schema:
  - name: orders
    physicalName: orders_v1
    properties:
      - { name: order_id, logicalType: string }
      - { name: placed_at, logicalType: timestamp }
  - name: customers
    properties:
      - { name: customer_id, logicalType: string }
      - { name: signed_up_at, physicalName: signup_ts, logicalType: timestamp }
slaProperties:
  - { property: timeOfAvailability, value: "09:00-08:00", element: orders.placed_at, driver: regulatory }
  - { property: timeOfAvailability, value: "08:00-08:00", element: orders.placed_at, driver: analytics }
  - { property: latency, value: 4, unit: d, element: orders_v1 }
  - { property: frequency, value: 1, valueExt: 2, unit: d, element: signup_ts }
  - { property: retention, value: 2, unit: y, element: customers.customer_id }
  - { property: retention, value: 5, unit: y, element: customers }
  - { property: timeToRepair, value: 8, unit: h, element: tab1.txn_ref_dt }
  - { property: generalAvailability, value: "2024-01-01T00:00:00Z" }
`;
  const model = () => provisionModel({ contracts: documents("sla.odcs.yaml", TWO_OBJECTS), products: [] });
  const slaOf = (object: string) => {
    const product = model().products[0]!;
    const contract = product.contracts[0]!;
    return (JSON.parse(tableComment(product, contract, contract.tables.find((t) => t.object === object)!)) as { sla: unknown }).sla;
  };

  it("keeps every SLA entry in written order, two of one property with different drivers included", () => {
    expect(slaOf("orders")).toEqual([
      { property: "timeOfAvailability", value: "09:00-08:00", element: "orders.placed_at", driver: "regulatory" },
      { property: "timeOfAvailability", value: "08:00-08:00", element: "orders.placed_at", driver: "analytics" },
      { property: "latency", value: "4 d", element: "orders_v1" },
      { property: "timeToRepair", value: "8 h", element: "tab1.txn_ref_dt" },
      { property: "generalAvailability", value: "2024-01-01T00:00:00Z" },
    ]);
  });

  it("puts an SLA only on the table its element names (object name or physicalName, or a column of it); one without element, or naming no object, on every table", () => {
    expect(slaOf("customers")).toEqual([
      { property: "frequency", value: "1 d", valueExt: "2 d", element: "signup_ts" },
      { property: "retention", value: "2 y", element: "customers.customer_id" },
      { property: "retention", value: "5 y", element: "customers" },
      { property: "timeToRepair", value: "8 h", element: "tab1.txn_ref_dt" },
      { property: "generalAvailability", value: "2024-01-01T00:00:00Z" },
    ]);
    expect(model().findings).toEqual([]);
  });

  it("gives a table the shortest retention about it (contract-test checks each: no row older than 2 y), and none to a table no retention is about", () => {
    const contract = model().products[0]!.contracts[0]!;
    expect(retentionDaysOf(contract, { object: "customers" })).toBe(729);
    expect(retentionDaysOf(contract, { object: "orders" })).toBeUndefined();
    expect(contract.retentionDays).toBe(729);
  });

  it("writes the same metadata on every run (deterministic)", () => {
    expect(slaOf("orders")).toEqual(slaOf("orders"));
    const product = model().products[0]!;
    const contract = product.contracts[0]!;
    expect(tableComment(product, contract, contract.tables[0]!)).toBe(tableComment(model().products[0]!, model().products[0]!.contracts[0]!, model().products[0]!.contracts[0]!.tables[0]!));
  });

  it("keeps both timeOfAvailability entries of the official ODCS full example", () => {
    const text = readFileSync(join(REPO, "..", "shared", "reference", "odcs", "examples", "all", "full-example.odcs.yaml"), "utf8");
    const product = provisionModel({ contracts: documents("full-example.odcs.yaml", text), products: [] }).products[0]!;
    const contract = product.contracts[0]!;
    const sla = (JSON.parse(tableComment(product, contract, contract.tables[0]!)) as { sla: { property: string; value: string; driver?: string }[] }).sla;
    expect(sla.filter((s) => s.property === "timeOfAvailability").map((s) => [s.driver, s.value])).toEqual([
      ["regulatory", "09:00-08:00"],
      ["analytics", "08:00-08:00"],
    ]);
  });
});

describe("retired contracts and products", () => {
  const retired = (text: string) => text.replace("status: active", "status: retired");

  it("leaves out a retired contract, with a warning at its status", () => {
    const { products, findings } = provisionModel({ contracts: documents("orders.odcs.yaml", retired(CONTRACT())), products: [] });
    expect(products).toEqual([]);
    expect(findings.map((f) => [f.ruleId, f.severity, f.file, f.path, f.line])).toEqual([["provision-retired", "warning", "orders.odcs.yaml", "/status", 5]]);
    expect(findings[0]!.message).toBe(
      "The contract orders-contract is retired (`status: retired`), so it is not provisioned: nothing is created or changed for it, and on local and postgres what was made for it before (tables, views, grants) is kept: meshkit never drops it, with or without --allow-destructive, since retired data may have to be kept; drop it by hand once it may go; on the Terraform targets its resources leave the rendered configuration, so terraform plans to destroy them, which apply refuses without --allow-destructive. If it is still served, give it another status (active, deprecated).",
    );
  });

  it("quotes the status as the document spells it, which the reader searches the file for", () => {
    const { products, findings } = provisionModel({ contracts: documents("orders.odcs.yaml", CONTRACT().replace("status: active", "status: ' Retired'")), products: [] }, { target: "local" });
    expect(products).toEqual([]);
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-retired", "/status"]]);
    expect(findings[0]!.message).toMatch(/^The contract orders-contract is retired \(`status: Retired`\), so it is not provisioned/);
  });

  it("says what becomes of a retired contract's objects on the target planned: kept on local and postgres, destroyed only with --allow-destructive on Terraform", () => {
    const message = (target: "local" | "postgres" | "aws" | "snowflake" | "bigquery") => provisionModel({ contracts: documents("orders.odcs.yaml", retired(CONTRACT())), products: [] }, { target }).findings[0]!.message;
    for (const target of ["local", "postgres"] as const) {
      expect(message(target)).toBe(
        "The contract orders-contract is retired (`status: retired`), so it is not provisioned: nothing is created or changed for it, and what was made for it before (tables, views, grants) is kept: meshkit never drops it, with or without --allow-destructive, since retired data may have to be kept; drop it by hand once it may go. If it is still served, give it another status (active, deprecated).",
      );
    }
    for (const target of ["aws", "snowflake"] as const) {
      expect(message(target)).toBe(
        "The contract orders-contract is retired (`status: retired`), so it is not provisioned: nothing is created or changed for it, and its resources leave the rendered configuration, so terraform plans to destroy them, which apply refuses without --allow-destructive. If it is still served, give it another status (active, deprecated).",
      );
    }
    // The google provider deletes no table whose deletion_protection is on, flag or not.
    expect(message("bigquery")).toBe(
      "The contract orders-contract is retired (`status: retired`), so it is not provisioned: nothing is created or changed for it, and its resources leave the rendered configuration, so terraform plans to destroy them, which apply refuses without --allow-destructive; its BigQuery tables, whose deletion_protection is on, even with it: delete them by hand and `terraform state rm` them. If it is still served, give it another status (active, deprecated).",
    );
  });

  it("plans the other contracts of a product, without its retired one; a retired product with none of its contracts", () => {
    const product = (status: string) => `apiVersion: v1.0.0\nkind: DataProduct\nid: orders-product\nname: orders\ndomain: sales\nstatus: ${status}\noutputPorts:\n  - { name: current, version: 1.0.0, contractId: orders-contract }\n  - { name: old, version: 1.0.0, contractId: old-contract }\n`;
    const old = retired(CONTRACT().replace("id: orders-contract", "id: old-contract").replace("physicalName: orders_v1", "physicalName: orders_v0"));
    const contracts = [...documents("orders.odcs.yaml", CONTRACT()), ...documents("old.odcs.yaml", old)];
    const active = provisionModel({ contracts, products: documents("product.odps.yaml", product("active")) });
    expect(active.products.map((p) => [p.name, p.contracts.map((c) => c.id)])).toEqual([["orders", ["orders-contract"]]]);
    expect(active.findings.map((f) => [f.ruleId, f.file, f.path])).toEqual([["provision-retired", "old.odcs.yaml", "/status"]]);

    const gone = provisionModel({ contracts, products: documents("product.odps.yaml", product("Retired")) });
    expect(gone.products).toEqual([]);
    expect(gone.findings.map((f) => [f.ruleId, f.file, f.path])).toEqual([["provision-retired", "product.odps.yaml", "/status"]]);
  });

  it("still provisions deprecated, draft and proposed contracts", () => {
    for (const status of ["deprecated", "draft", "proposed"]) {
      const { products, findings } = provisionModel({ contracts: documents("orders.odcs.yaml", CONTRACT().replace("status: active", `status: ${status}`)), products: [] });
      expect([status, products.length, findings]).toEqual([status, 1, []]);
    }
  });
});

describe("a column named twice", () => {
  const twice = (second: string) => documents("orders.odcs.yaml", CONTRACT().replace("      - name: amount\n", `      - name: ${second}\n`));

  it("is one error at the later name on every target, which leaves that column out", () => {
    for (const target of ["local", "postgres", "aws", "snowflake", "bigquery", undefined] as const) {
      const { products, findings } = provisionModel({ contracts: twice("email"), products: [] }, { target });
      expect(findings.map((f) => [f.ruleId, f.severity, f.path, f.line]), String(target)).toEqual([["provision-object-conflict", "error", "/schema/0/properties/3/name", 31]]);
      expect(findings[0]!.message).toMatch(/^Column `orders_v1\.email` is in the table twice.*; rename one of them\.$/);
      expect(products[0]!.contracts[0]!.tables[0]!.columns.map((c) => c.name)).toEqual(["line", "order_id", "email"]);
    }
  });

  it("compares names as the target does: without case but on PostgreSQL, which quotes them", () => {
    const message = (target: "local" | "postgres" | "aws" | "snowflake" | "bigquery") => provisionModel({ contracts: twice("Email"), products: [] }, { target }).findings.map((f) => f.message);
    expect(message("postgres")).toEqual([]);
    expect(message("local")).toEqual(["Column `orders_v1.Email` is in the table twice (DuckDB compares names without case); rename one of them."]);
    expect(message("aws")).toEqual(["Column `orders_v1.Email` is in the table twice (Glue keeps column names lower-case); rename one of them."]);
    expect(message("snowflake")).toEqual(["Column `orders_v1.Email` is in the table twice (Snowflake upper-cases column names); rename one of them."]);
    expect(message("bigquery")).toEqual(["Column `orders_v1.Email` is in the table twice (BigQuery compares column names without case); rename one of them."]);
  });
});

describe("a contract that breaks the ODCS schema where provision reads it", () => {
  const contract = (id: string, body: string) => `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: active\ndomain: sales\ndataProduct: ${id}\n${body}`;
  const TABLE = "schema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: string\n";
  const model = (body: string, target?: "local" | "aws") =>
    provisionModel({ contracts: [...documents("bad.odcs.yaml", contract("bad", body)), ...documents("good.odcs.yaml", contract("good", TABLE))], products: [] }, { target });

  it("is an error at the offending node, as lint's schema-valid; that contract is not planned, the others are", () => {
    const cases: [string, [string, number][]][] = [
      ['schema: "x"\n', [["/schema", 8]]],
      ["schema:\n", [["/schema", 8]]],
      ["schema:\n  - name: t\n    properties: null\n", [["/schema/0/properties", 10]]],
      ['schema:\n  - name: t\n    properties: "x"\n    x_props:\n      - name: a\n', [["/schema/0/properties", 10], ["/schema/0/x_props", 11]]],
      ['servers: "x"\n' + TABLE, [["/servers", 8]]],
      ["servers:\n  - { server: s, type: s3, location: 7 }\n" + TABLE, [["/servers/0/location", 9]]],
      ['roles: "x"\n' + TABLE, [["/roles", 8]]],
      // The metadata provision labels tables and resources with (owner, team, cost center).
      ["team: false\n" + TABLE, [["/team", 8]]],
      ["customProperties: 1\n" + TABLE, [["/customProperties", 8]]],
    ];
    for (const [body, at] of cases) {
      for (const target of ["local", "aws"] as const) {
        const { products, findings } = model(body, target);
        expect(findings.map((f) => [f.ruleId, f.severity, f.file, f.path, f.line]), body).toEqual(at.map(([path, line]) => ["provision-contract-invalid", "error", "bad.odcs.yaml", path, line]));
        expect(products.map((p) => p.contracts.map((c) => c.id)), body).toEqual([["good"]]);
      }
    }
    // Whether it is retired: `status: true` is neither served nor retired.
    const status = provisionModel({ contracts: documents("bad.odcs.yaml", contract("bad", TABLE).replace("status: active", "status: true")), products: [] });
    expect(status.findings.map((f) => [f.ruleId, f.path, f.line])).toEqual([["provision-contract-invalid", "/status", 5]]);
    expect(model('schema: "x"\n').findings[0]!.message).toBe("Contract: `schema` must be an array; provision cannot tell what to make of it, so the contract is not provisioned (run meshkit lint).");
  });

  it("is not refused for what provision does not read: quality rules, a server field it does not use", () => {
    const quality = 'schema:\n  - name: t\n    quality: "x"\n    properties:\n      - name: a\n        logicalType: string\n        quality: [{ type: nonsense }]\n';
    const postgres = "servers:\n  - { server: pg, type: postgres, host: db, port: 5432, database: d }\n" + TABLE;
    for (const body of [quality, postgres]) expect(model(body).findings, body).toEqual([]);
  });

  it("leaves it out of the product whose output port names it, without calling it missing", () => {
    const product = "apiVersion: v1.0.0\nkind: DataProduct\nid: p\nname: p\ndomain: sales\nstatus: active\noutputPorts:\n  - { name: a, version: 1.0.0, contractId: bad }\n  - { name: b, version: 1.0.0, contractId: good }\n";
    const contracts = [...documents("bad.odcs.yaml", contract("bad", 'schema: "x"\n')), ...documents("good.odcs.yaml", contract("good", TABLE))];
    const { products, findings } = provisionModel({ contracts, products: documents("p.odps.yaml", product) });
    expect(products.map((p) => [p.name, p.contracts.map((c) => c.id)])).toEqual([["p", ["good"]]]);
    expect(findings.map((f) => [f.ruleId, f.file])).toEqual([["provision-contract-invalid", "bad.odcs.yaml"]]);
  });
});

describe("provision's rule descriptions", () => {
  // They are the SARIF rules' help, which code scanning shows beside the provision action's alerts too: a workflow
  // has no --allow-destructive to pass, so a flag is named with the action's input that does the same.
  it("name the provision action's input beside each CLI flag they name", () => {
    const flagged = ALL_PROVISION_RULES.filter((rule) => /--[a-z]/.test(rule.description));
    expect(flagged.map((rule) => rule.id)).toEqual(["provision-destructive-change", "provision-retired"]);
    for (const rule of flagged) {
      for (const [, flag] of rule.description.matchAll(/--([a-z][a-z-]*)/g)) expect([rule.id, rule.description]).toEqual([rule.id, expect.stringContaining(`the provision action's \`${flag}\` input`)]);
    }
  });
});
