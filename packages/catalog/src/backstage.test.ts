import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DataContract } from "@meshkit/core";
import {
  BACKSTAGE_ROOT_FILE,
  backstageName,
  backstageTag,
  buildBackstageEntities,
  isEntityRef,
  renderBackstageYaml,
  validateBackstageEntity,
  writeBackstageCatalog,
  type BackstageEntity,
} from "./backstage.js";
import { CatalogContentError } from "./content-error.js";
import type { ProductDocuments } from "./datahub.js";
import { exampleDocuments, loadExampleProducts, type ExampleProduct } from "./datahub-test-support.js";

let examples: ExampleProduct[];
const dirs: string[] = [];

beforeAll(() => {
  examples = loadExampleProducts(parse);
});
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const docsOf = (name: string): ProductDocuments => exampleDocuments(examples, name);
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), "meshkit-backstage-"));
  dirs.push(dir);
  return dir;
};
const entity = (kind: BackstageEntity["kind"], spec: Record<string, unknown>, metadata: Partial<BackstageEntity["metadata"]> = {}): BackstageEntity => ({
  apiVersion: "backstage.io/v1alpha1",
  kind,
  metadata: { name: "ok-name", ...metadata },
  spec,
});

describe("Backstage entity rules", () => {
  it("make names of [a-zA-Z0-9-_.], at most 63 characters, starting and ending with a letter or digit", () => {
    expect(backstageName("customer_360")).toBe("customer_360");
    expect(backstageName("  Customer 360 / EU  ")).toBe("Customer-360-EU");
    expect(backstageName("_x_")).toBe("x");
    expect(backstageName("a".repeat(80))).toMatch(/^a{54}-[0-9a-f]{8}$/);
    expect(backstageName("a".repeat(80))).not.toBe(backstageName(`${"a".repeat(79)}b`));
    expect(() => backstageName("///")).toThrow(/no ASCII letter or digit/);
  });

  it("never put two separators side by side, as Backstage documents names (letters and digits separated by one of -_.)", () => {
    // Backstage's descriptor format: "sequences of [a-z0-9A-Z] possibly separated by one of [-_.]".
    const documented = /^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;
    expect(backstageName("Sales Team (EU).core")).toBe("Sales-Team-EU.core");
    expect(backstageName("a - b__c")).toBe("a-b_c");
    for (const value of ["Sales Team (EU).core", "x (y) .z", "a-.-b", `${"ab-.".repeat(30)}z`]) expect(backstageName(value)).toMatch(documented);
  });

  it("keep the letters of accented names and tags instead of dropping them", () => {
    expect(backstageName("Ünïcode café")).toBe("Unicode-cafe");
    expect(backstageTag("Ünicode tag")).toBe("unicode-tag");
  });

  it("make tags what Backstage takes: [a-z0-9:+#] separated by single dashes, at most 63", () => {
    expect(backstageTag("golden_record")).toBe("golden-record");
    expect(backstageTag("PII")).toBe("pii");
    expect(backstageTag("--")).toBeUndefined();
    expect(backstageTag(`${"a".repeat(62)}-b`)).toBe("a".repeat(62));
  });

  it("keep the +, # and : of tags such as C++, C# and k8s:prod, which Backstage allows", () => {
    // Backstage's descriptor format: "Each tag must be sequences of [a-z0-9:+#] separated by -".
    expect(["C++", "C#", "k8s:prod", "F# / .NET"].map(backstageTag)).toEqual(["c++", "c#", "k8s:prod", "f#-net"]);
    const tagged = entity("System", { owner: "t" }, { tags: ["c++", "c#", "k8s:prod"] });
    expect(validateBackstageEntity(tagged)).toEqual([]);
  });

  it("accept entity references [kind:][namespace/]name", () => {
    for (const ref of ["team-a", "group:team-a", "group:default/team-a", "resource:default/customer_360.customer_profiles"]) expect(isEntityRef(ref)).toBe(true);
    for (const ref of ["", "group:", "group:Default/x", "a/b/c", "group:default/-x"]) expect(isEntityRef(ref)).toBe(false);
  });

  it("require each kind's spec fields and check names, tags, annotations and references", () => {
    expect(validateBackstageEntity(entity("System", { owner: "group:default/t", domain: "d" }))).toEqual([]);
    expect(validateBackstageEntity(entity("System", {}))).toEqual(["System ok-name: spec.owner is required"]);
    expect(validateBackstageEntity(entity("Resource", { owner: "t" }))).toEqual(["Resource ok-name: spec.type is required"]);
    expect(validateBackstageEntity(entity("API", { type: "odcs", owner: "t", lifecycle: "production" }))).toEqual(["API ok-name: spec.definition is required"]);
    expect(validateBackstageEntity(entity("Domain", { owner: "t" }))).toEqual([]);
    expect(validateBackstageEntity(entity("Group", { type: "team" }))).toEqual(["Group ok-name: spec.children is required"]);
    expect(validateBackstageEntity(entity("Group", { type: "team", children: [], members: ["user:default/a b"] }))).toEqual([
      'Group ok-name: spec.members has "user:default/a b", not an entity reference',
    ]);
    expect(validateBackstageEntity(entity("System", { owner: "t", lifecycle: "x" }))).toEqual(["System ok-name: spec.lifecycle is not a field of System"]);
    expect(validateBackstageEntity(entity("System", { owner: "t" }, { name: `a${"b".repeat(63)}` }))).toEqual([
      `System a${"b".repeat(63)}: metadata.name must be 1-63 characters of [a-zA-Z0-9-_.], starting and ending with a letter or digit`,
    ]);
    expect(validateBackstageEntity(entity("System", { owner: "t" }, { name: "bad name" }))[0]).toMatch(/metadata\.name must be/);
    expect(validateBackstageEntity(entity("System", { owner: "t" }, { tags: ["Golden_Record"] }))).toEqual([
      'System ok-name: tag "Golden_Record" must be lower case letters, digits, ":", "+" or "#" separated by dashes, at most 63',
    ]);
    expect(validateBackstageEntity(entity("System", { owner: "t" }, { annotations: { "meshkit.io/x": "1", "a/b/c": "2" } }))).toEqual([
      "System ok-name: annotation key a/b/c is not [prefix/]name",
    ]);
    expect(validateBackstageEntity({ ...entity("System", { owner: "t" }), apiVersion: "v1" })).toEqual(["System ok-name: apiVersion must be backstage.io/v1alpha1"]);
    expect(validateBackstageEntity({ ...entity("System", { owner: "t" }), kind: "Service" })[0]).toMatch(/kind must be one of/);
  });
});

describe("Backstage entities of a product", () => {
  it("link only http(s) and mailto URLs, as the catalog site does: a javascript: URL from a document is dropped", () => {
    const docs = structuredClone(docsOf("customer_360")); // the examples are shared by the other tests
    const product = docs.product as unknown as { support: { channel: string; url: string }[] };
    product.support = [{ channel: "evil", url: "javascript:alert(6)" }, { channel: "mail", url: " mailto:team@example.com " }];
    expect(buildBackstageEntities(docs).system.metadata.links).toEqual([{ url: "mailto:team@example.com", title: "mail" }]);
  });

  it("keep descriptions to Markdown that fetches nothing and links only to http(s) and mailto: Backstage renders them as Markdown", () => {
    const docs = structuredClone(docsOf("customer_360"));
    const text = "See [the runbook](https://wiki.example/runbook). [Open](javascript:alert(1)) ![pixel](https://tracker.example/p.png) a < b & c";
    const safe = "See [the runbook](https://wiki.example/runbook). [Open]\\(javascript:alert(1)) \\![pixel](https://tracker.example/p.png) a < b & c";
    docs.product.description = { ...docs.product.description, purpose: text };
    (docs.product.team as { description?: string }).description = text;
    const contract = docs.contracts[0] as DataContract;
    const contracts = [{ ...contract, description: { ...contract.description, purpose: text }, schema: contract.schema?.map((o) => ({ ...o, description: text })) }, ...docs.contracts.slice(1)];
    const built = buildBackstageEntities({ ...docs, contracts });
    expect(built.system.metadata.description?.split("\n\n")[0]).toBe(safe);
    expect(built.resources.map((r) => r.metadata.description)).toContain(safe);
    expect(built.apis[0]?.metadata.description).toBe(safe);
    expect(built.group?.metadata.description).toBe(safe);
  });

  it("are a System, a Resource per output dataset, an odcs API per contract, the Domain and the owning Group", () => {
    const built = buildBackstageEntities(docsOf("customer_360"));
    expect(built.system).toEqual({
      apiVersion: "backstage.io/v1alpha1",
      kind: "System",
      metadata: {
        name: "customer_360",
        description: [
          "The golden customer record: identity, contact details, value, campaign engagement and consents, in one place.",
          "**Usage:** Service desk look-ups, personalisation, segmentation and churn models. Marketing use must respect customer_consents.",
          "**Limitations:** Restricted personal data: access needs the privacy office's approval. Erasure requests are applied within 30 days.",
        ].join("\n\n"),
        annotations: {
          "meshkit.io/product-id": "a510d348-3221-4b2c-97a4-629bf6b373c7",
          "meshkit.io/product-version": "2.1.0",
          "meshkit.io/status": "active",
          "meshkit.io/quality-status": "untested",
          "meshkit.io/team-members": "user:default/sofia.rossi, user:default/jan.kowalski, user:default/priya.nair",
        },
        tags: ["customer", "customer-360", "golden-record", "pii", "gdpr"],
        links: [
          { url: "https://acme-retail.slack.com/archives/C03CUST360", title: "#customer-360 (slack)" },
          { url: "https://jira.acme-retail.example/projects/CUST", title: "customer-data (ticket)" },
        ],
      },
      spec: { owner: "group:default/customer-data", domain: "customer" },
    });
    expect(built.resources.map((r) => [r.metadata.name, r.spec])).toEqual([
      [
        "customer_360.customer_profiles",
        {
          type: "table",
          owner: "group:default/customer-data",
          system: "customer_360",
          // customer_360's port declares the campaign_contacts columns it reads (usedColumns): not the campaigns table.
          dependsOn: ["resource:default/customer_campaigns.campaign_contacts"],
        },
      ],
      [
        "customer_360.customer_consents",
        {
          type: "table",
          owner: "group:default/customer-data",
          system: "customer_360",
          dependsOn: ["resource:default/customer_campaigns.campaign_contacts"],
        },
      ],
    ]);
    expect(built.resources[0]?.metadata.annotations).toMatchObject({
      "meshkit.io/location": "warehouse (postgres): analytics.customer.customer_profiles",
      "meshkit.io/pii-columns": "full_name, email, phone_number, date_of_birth, street_address, postal_code, city",
    });
    const api = built.apis[0] as BackstageEntity;
    expect(api.metadata.name).toBe("customer_360.customer_profile");
    expect(api.spec).toMatchObject({ type: "odcs", lifecycle: "production", owner: "group:default/customer-data", system: "customer_360" });
    expect(parse(api.spec.definition as string)).toEqual(docsOf("customer_360").contracts[0]);
    // A YAML 1.1 reader (PyYAML: the Python ODCS tools) reads the definition as the contract too: no date, boolean or number where it has a string.
    expect(parse(api.spec.definition as string, { version: "1.1" })).toEqual(docsOf("customer_360").contracts[0]);
    expect(built.domain).toEqual({
      apiVersion: "backstage.io/v1alpha1",
      kind: "Domain",
      metadata: { name: "customer", annotations: { "meshkit.io/odps-name": "customer" } },
      spec: { owner: "group:default/customer-data" },
    });
    expect(built.group?.metadata.annotations).toEqual({ "meshkit.io/odps-name": "customer-data" });
    expect(built.group?.spec).toEqual({
      type: "team",
      profile: { displayName: "customer-data" },
      children: [],
      members: ["user:default/sofia.rossi", "user:default/jan.kowalski", "user:default/priya.nair"],
    });
    expect(built.notes).toEqual(["dependsOn: output port customer_profile reads contract 0ad90c30-9cbd-4ecb-8b1d-3fe8b84e79a3, whose product was not given; no upstream Resource is named for it"]);
  });

  it("are valid for every example product", () => {
    for (const example of examples) {
      const built = buildBackstageEntities(docsOf(example.product.name as string));
      for (const e of [built.domain, built.group, built.system, ...built.resources, ...built.apis]) expect(validateBackstageEntity(e)).toEqual([]);
    }
  });

  it("describe the System with the product's usage and limitations, after what a status other than active means (a System has no lifecycle)", () => {
    const docs = docsOf("customer_360");
    const description = (status: string) => buildBackstageEntities({ ...docs, product: { ...docs.product, status } }).system.metadata.description!.split("\n\n");
    expect(description("active").map((p) => p.slice(0, 17))).toEqual(["The golden custom", "**Usage:** Servic", "**Limitations:** "]);
    expect(description("deprecated")[0]).toBe("**This product is deprecated: it is still served, but will be retired. Do not start using it; plan a move to its replacement.**");
    expect(description("retired")[0]).toBe("**This product is retired: it is no longer served or supported. The page is kept for reference.**");
    expect(description("sunset")[0]).toBe("**This product's status is sunset: check with its owners before relying on it.**");
    expect(description("retired").slice(1)).toEqual(description("active"));
    // Nothing else to say: no description at all, as before.
    expect(buildBackstageEntities({ ...docs, product: { ...docs.product, description: {} } }).system.metadata).not.toHaveProperty("description");
  });

  it("map contract status to API lifecycle and follow a port's inputContracts to a sibling port", () => {
    const docs = docsOf("quarterly_ledger");
    const built = buildBackstageEntities({ ...docs, contracts: docs.contracts.map((c: DataContract) => (c.name === "ledger_entries" ? { ...c, status: "deprecated" } : c)) });
    expect(built.apis.map((a) => [a.metadata.name, a.spec.lifecycle])).toEqual([
      ["quarterly_ledger.ledger_entries", "deprecated"],
      ["quarterly_ledger.quarterly_balances", "production"],
    ]);
    // The port is the product's: a retired product deprecates its APIs, a draft one keeps them experimental.
    for (const [status, lifecycle] of [["retired", "deprecated"], ["deprecated", "deprecated"], ["draft", "experimental"]] as const) {
      const product = buildBackstageEntities({ ...docs, product: { ...docs.product, status } });
      expect(product.apis.map((a) => a.spec.lifecycle)).toEqual([lifecycle, lifecycle]);
    }
    expect(built.resources.find((r) => r.metadata.name === "quarterly_ledger.quarterly_account_balances")?.spec.dependsOn).toEqual([
      "resource:default/quarterly_ledger.ledger_entries",
    ]);
  });

  it("type a Resource on a streaming server (Kafka, Kinesis, Pub/Sub) a topic, whatever its physicalType, as OpenMetadata and DataHub take it", () => {
    const docs = docsOf("quarterly_ledger");
    const contracts = docs.contracts.map((c: DataContract) => ({ ...c, servers: [{ server: "events", type: "kafka", host: "broker:9092", format: "avro" }], schema: c.schema?.map((o) => ({ ...o, physicalType: undefined })) }));
    expect(buildBackstageEntities({ ...docs, contracts } as ProductDocuments).resources.map((r) => r.spec.type)).toEqual(["topic", "topic"]);
    expect(buildBackstageEntities(docs).resources.map((r) => r.spec.type)).toEqual(["table", "table"]);
  });

  it("name as PII columns those holding personal data in a nested field or in their array items, and tag the Resource pii", () => {
    const docs = docsOf("quarterly_ledger");
    const properties = [
      { name: "id", logicalType: "string" as const },
      { name: "contact", logicalType: "object" as const, properties: [{ name: "email", logicalType: "string" as const, tags: ["pii"] }] },
      { name: "phones", logicalType: "array" as const, items: { logicalType: "string" as const, classification: "pii" } },
      // An empty physicalName names nothing: the column is its name, as provision creates it.
      { name: "ssn", physicalName: "", logicalType: "string" as const, classification: "pii" },
    ];
    const contracts = docs.contracts.map((c: DataContract) => ({ ...c, schema: c.schema?.map((object) => ({ ...object, properties })) }));
    const [resource] = buildBackstageEntities({ ...docs, contracts }).resources;
    expect(resource?.metadata.annotations?.["meshkit.io/pii-columns"]).toBe("contact, phones, ssn");
    expect(resource?.metadata.tags).toContain("pii");
  });

  it("refuse the product, as a product finding, when two datasets or two contracts make one entity name without regard to case", () => {
    const docs = docsOf("quarterly_ledger"); // two output ports, each with its own contract
    const renamed = (objectName: (c: DataContract) => string, contractName: (c: DataContract) => string | undefined = (c) => c.name) =>
      buildBackstageEntities({ ...docs, contracts: docs.contracts.map((c: DataContract) => ({ ...c, name: contractName(c), schema: c.schema?.map((object) => ({ ...object, name: objectName(c) })) })) });
    expect(() => renamed(() => "events")).toThrow(CatalogContentError);
    expect(() => renamed(() => "events")).toThrow(/output ports .+ and .+ have datasets that make one Backstage Resource name, quarterly_ledger\.events/);
    const oneContract = docsOf("customer_360"); // one port, one contract with two objects
    const objects = ["Customer_Profiles", "customer_profiles"];
    const twoObjects = oneContract.contracts.map((c: DataContract) => ({ ...c, schema: c.schema?.map((object, i) => ({ ...object, name: objects[i] ?? object.name })) }));
    expect(() => buildBackstageEntities({ ...oneContract, contracts: twoObjects })).toThrow(/output port customer_profile has two datasets that make one Backstage Resource name, customer_360\.customer_profiles/);
    expect(() => renamed((c) => (c.name === "ledger_entries" ? "Order Lines" : "order-lines"))).toThrow(/one Backstage Resource name, quarterly_ledger\.order-lines/);
    expect(() => renamed((c) => c.name ?? c.id, (c) => (c.name === "ledger_entries" ? "Ledger" : "ledger"))).toThrow(/serve contracts that make one Backstage API name, quarterly_ledger\.ledger/);
  });

  it("name the field, its place and what Backstage takes when a domain, team or username has no ASCII letter or digit", () => {
    const docs = docsOf("customer_campaigns");
    const refusal = (product: Partial<ProductDocuments["product"]>) => {
      try {
        buildBackstageEntities({ ...docs, product: { ...docs.product, ...product } });
      } catch (error) {
        return { message: (error as Error).message, path: (error as { path?: string }).path };
      }
      return undefined;
    };
    expect(refusal({ domain: "营销" })).toEqual({
      message:
        'domain "营销" makes no Backstage entity name: it has no ASCII letter or digit, and Backstage entity names are 1-63 ASCII letters and digits separated by single "-", "_" or "." (meshkit takes accents off letters and turns other characters into "-"); write it with ASCII letters or digits',
      path: "/domain",
    });
    const team = docs.product.team as NonNullable<ProductDocuments["product"]["team"]>;
    expect(refusal({ team: { ...team, name: "市场部" } })).toMatchObject({ message: expect.stringMatching(/^team\.name "市场部" makes no Backstage entity name/), path: "/team/name" });
    const members = (team.members ?? []).map((m, i) => (i === 1 ? { ...m, username: "张伟@example.com" } : m));
    expect(refusal({ team: { ...team, members } })).toMatchObject({ message: expect.stringMatching(/^the username of a team member "张伟" makes no/), path: "/team/members/1/username" });
    expect(refusal({ name: "中文", id: "标识" })).toMatchObject({ message: expect.stringMatching(/^id "标识" makes no/), path: "/id" });
  });

  it("give a product without team or members (ODPS makes team optional) the default owner with a note, and sanitize names that Backstage would refuse", () => {
    const docs = docsOf("customer_campaigns");
    const { team: _team, ...withoutTeam } = docs.product;
    const unowned = buildBackstageEntities({ ...docs, product: withoutTeam });
    expect(unowned.system.spec.owner).toBe("group:default/unowned");
    expect(unowned.resources.every((r) => r.spec.owner === "group:default/unowned")).toBe(true);
    expect(unowned.group).toBeUndefined();
    expect(unowned.notes).toContain("the product names no team and no members: its entities are owned by group:default/unowned; add a team to the product");
    expect(buildBackstageEntities({ ...docs, product: withoutTeam }, { defaultOwner: "group:default/data-platform" }).system.spec.owner).toBe("group:default/data-platform");
    // Owned by a member: a User reference meshkit writes no entity for, said so; two people who make one User, too.
    const people = buildBackstageEntities({ ...docs, product: { ...withoutTeam, team: { members: [{ username: "anna@sales.example", role: "owner" }, { username: "anna@billing.example" }] } } });
    expect(people.system.spec.owner).toBe("user:default/anna");
    expect(people.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^the product names no team: its entities are owned by user:default\/anna, a User meshkit does not write, which Backstage finds only when its catalog has a User of that name/),
        'team members anna@sales.example and anna@billing.example are one Backstage User, user:default/anna: Backstage names a User after the part of the username before "@"; give them usernames that differ there',
      ]),
    );
    expect(buildBackstageEntities(docs).notes.filter((n) => n.includes("User"))).toEqual([]);
    const renamed = buildBackstageEntities({ ...docs, product: { ...docs.product, name: "Customer Campaigns (EU)", domain: "Marketing & Sales" } });
    expect(renamed.system.metadata).toMatchObject({ name: "Customer-Campaigns-EU", title: "Customer Campaigns (EU)" });
    expect(renamed.domain?.metadata).toEqual({ name: "Marketing-Sales", title: "Marketing & Sales", annotations: { "meshkit.io/odps-name": "Marketing & Sales" } });
    expect(renamed.system.spec.domain).toBe("Marketing-Sales");
  });
});

describe("writeBackstageCatalog", () => {
  it("writes multi-document catalog-info files and a root Location listing them", () => {
    const dir = tempDir();
    const result = writeBackstageCatalog(dir, docsOf("customer_360"));
    expect(result.files).toEqual([
      { path: "domains/customer.yaml", action: "created" },
      { path: "groups/customer-data.yaml", action: "created" },
      { path: "products/customer_360.yaml", action: "created" },
      { path: BACKSTAGE_ROOT_FILE, action: "created" },
    ]);
    const product = parseAllDocuments(readFileSync(path.join(dir, "products/customer_360.yaml"), "utf8")).map((d) => d.toJS() as BackstageEntity);
    expect(product.map((e) => `${e.kind}:${e.metadata.name}`)).toEqual([
      "System:customer_360",
      "Resource:customer_360.customer_profiles",
      "Resource:customer_360.customer_consents",
      "API:customer_360.customer_profile",
    ]);
    for (const e of product) expect(validateBackstageEntity(e)).toEqual([]);
    const root = parse(readFileSync(path.join(dir, BACKSTAGE_ROOT_FILE), "utf8")) as BackstageEntity;
    expect(root).toEqual({
      apiVersion: "backstage.io/v1alpha1",
      kind: "Location",
      metadata: { name: "meshkit-data-products", description: "Data products published by meshkit" },
      spec: { targets: ["./domains/customer.yaml", "./groups/customer-data.yaml", "./products/customer_360.yaml"] },
    });
    expect(validateBackstageEntity(root)).toEqual([]);
  });

  it("is deterministic and idempotent, keeps an existing Domain, and lists products published before", () => {
    const dir = tempDir();
    writeBackstageCatalog(dir, docsOf("customer_360"));
    const first = readFileSync(path.join(dir, "products/customer_360.yaml"), "utf8");
    writeFileSync(path.join(dir, "domains/customer.yaml"), renderBackstageYaml([entity("Domain", { owner: "group:default/platform" }, { name: "customer" })]));
    const again = writeBackstageCatalog(dir, docsOf("customer_360"));
    expect(again.files.map((f) => f.action)).toEqual(["kept", "unchanged", "unchanged", "unchanged"]);
    expect(readFileSync(path.join(dir, "products/customer_360.yaml"), "utf8")).toBe(first);
    expect(readFileSync(path.join(dir, "domains/customer.yaml"), "utf8")).toContain("owner: group:default/platform");

    const other = tempDir();
    writeBackstageCatalog(other, docsOf("customer_360"));
    expect(readFileSync(path.join(other, "products/customer_360.yaml"), "utf8")).toBe(first);

    const next = writeBackstageCatalog(dir, docsOf("customer_campaigns"));
    expect(next.files.find((f) => f.path === BACKSTAGE_ROOT_FILE)?.action).toBe("updated");
    expect((parse(readFileSync(path.join(dir, BACKSTAGE_ROOT_FILE), "utf8")) as BackstageEntity).spec.targets).toEqual([
      "./domains/customer.yaml",
      "./domains/marketing.yaml",
      "./groups/customer-data.yaml",
      "./groups/marketing-data.yaml",
      "./products/customer_360.yaml",
      "./products/customer_campaigns.yaml",
    ]);
    expect(readdirSync(path.join(dir, "products")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses a product whose System name differs from another product's only in case (Backstage names are unique case-insensitively)", () => {
    const dir = tempDir();
    const docs = docsOf("customer_360");
    writeBackstageCatalog(dir, docs);
    const other: ProductDocuments = { ...docs, product: { ...docs.product, id: "another-id", name: "Customer_360" } };
    expect(() => writeBackstageCatalog(dir, other)).toThrow(/products\/customer_360\.yaml, which is product a510d348-3221-4b2c-97a4-629bf6b373c7's/);
    expect(readdirSync(path.join(dir, "products"))).toEqual(["customer_360.yaml"]);
    // The same product published again under its own name is not a conflict.
    expect(writeBackstageCatalog(dir, docs).files.find((f) => f.path === "products/customer_360.yaml")?.action).toBe("unchanged");
  });

  it("keeps one System per product: a renamed product's file under its earlier name is removed, and no file meshkit did not write", () => {
    const dir = tempDir();
    const docs = docsOf("customer_360");
    writeBackstageCatalog(dir, docs);
    // A file that names the product but is not one meshkit writes (an extra entity of another kind) is left alone.
    const handWritten = `${readFileSync(path.join(dir, "products/customer_360.yaml"), "utf8")}---\n${renderBackstageYaml([entity("Group", { type: "team", children: [] })])}`;
    writeFileSync(path.join(dir, "products/notes.yaml"), handWritten);

    const renamed = writeBackstageCatalog(dir, { ...docs, product: { ...docs.product, name: "customer_golden_record" } });
    expect(renamed.files.filter((f) => f.path.startsWith("products/"))).toEqual([
      { path: "products/customer_golden_record.yaml", action: "created" },
      { path: "products/customer_360.yaml", action: "removed" },
    ]);
    expect(readdirSync(path.join(dir, "products")).sort()).toEqual(["customer_golden_record.yaml", "notes.yaml"]);
    expect((parse(readFileSync(path.join(dir, BACKSTAGE_ROOT_FILE), "utf8")) as BackstageEntity).spec.targets).toEqual([
      "./domains/customer.yaml",
      "./groups/customer-data.yaml",
      "./products/customer_golden_record.yaml",
      "./products/notes.yaml",
    ]);

    // Renamed in case only: still one file.
    writeBackstageCatalog(dir, { ...docs, product: { ...docs.product, name: "Customer_Golden_Record" } });
    expect(readdirSync(path.join(dir, "products")).sort()).toEqual(["Customer_Golden_Record.yaml", "notes.yaml"]);
  });

  it("keeps the Resources and API of a port whose contract is not among the documents, as last published, and drops those of a port removed", () => {
    const dir = tempDir();
    const docs = docsOf("quarterly_ledger");
    writeBackstageCatalog(dir, docs);
    const before = readFileSync(path.join(dir, "products/quarterly_ledger.yaml"), "utf8");
    const balances = docs.product.outputPorts?.find((p) => p.name === "quarterly_balances")?.contractId;

    // catalog-contract-missing: the port is still there, only its contract was not given.
    const written = writeBackstageCatalog(dir, { ...docs, contracts: docs.contracts.filter((c) => c.id !== balances), missingContracts: "skip" });
    expect(readFileSync(path.join(dir, "products/quarterly_ledger.yaml"), "utf8")).toBe(before);
    expect(written.entities.filter((e) => e.kind === "Resource" || e.kind === "API").map((e) => `${e.kind} ${e.metadata.name}`)).toEqual([
      "Resource quarterly_ledger.ledger_entries",
      "Resource quarterly_ledger.quarterly_account_balances",
      "API quarterly_ledger.ledger_entries",
      "API quarterly_ledger.quarterly_balances",
    ]);

    // Kept, they follow the product: its new team owns them, and a deprecated product deprecates the API.
    const moved = { ...docs.product, status: "deprecated", team: { ...docs.product.team, name: "ledger-team" } };
    const followed = writeBackstageCatalog(dir, { ...docs, product: moved, contracts: docs.contracts.filter((c) => c.id !== balances), missingContracts: "skip" });
    const keptApi = followed.entities.find((e) => e.metadata.name === "quarterly_ledger.quarterly_balances");
    expect(keptApi?.spec).toMatchObject({ owner: "group:default/ledger-team", lifecycle: "deprecated" });
    expect(followed.entities.find((e) => e.metadata.name === "quarterly_ledger.quarterly_account_balances")?.spec.owner).toBe("group:default/ledger-team");

    // The port removed: its Resource and API go.
    const withoutPort = { ...docs.product, outputPorts: docs.product.outputPorts?.filter((p) => p.contractId !== balances) };
    writeBackstageCatalog(dir, { ...docs, product: withoutPort, contracts: docs.contracts.filter((c) => c.id !== balances) });
    const names = parseAllDocuments(readFileSync(path.join(dir, "products/quarterly_ledger.yaml"), "utf8")).map((d) => (d.toJS() as BackstageEntity).metadata.name);
    expect(names).toEqual(["quarterly_ledger", "quarterly_ledger.ledger_entries", "quarterly_ledger.ledger_entries"]);
  });

  it("leaves alone a file of the folder whose aliases expand past the parser's limit (a billion-laughs file), instead of failing the publish", () => {
    const dir = tempDir();
    const docs = docsOf("customer_360");
    writeBackstageCatalog(dir, docs);
    // It names the product, so it is parsed; toJS threw "Excessive alias count …" out of the publish.
    const levels = Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(", ")}]`);
    const bomb = [`# ${docs.product.id}`, "apiVersion: backstage.io/v1alpha1", "kind: System", "metadata:", "  name: bomb", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]", ...levels].join("\n");
    writeFileSync(path.join(dir, "products/bomb.yaml"), `${bomb}\n`);

    const again = writeBackstageCatalog(dir, docs);
    expect(again.files.find((f) => f.path === "products/customer_360.yaml")?.action).toBe("unchanged");
    expect(readFileSync(path.join(dir, "products/bomb.yaml"), "utf8")).toBe(`${bomb}\n`);
  });

  it("refuses a Domain or Group whose name differs only in case from one the directory holds, at the product's field (Backstage compares names without case)", () => {
    const dir = tempDir();
    const docs = docsOf("customer_360");
    writeBackstageCatalog(dir, docs);
    const domain = () => writeBackstageCatalog(dir, { ...docs, product: { ...docs.product, id: "other", name: "other", domain: "Customer" } });
    expect(domain).toThrow("its Backstage Domain would be Customer, but domains/customer.yaml holds Domain customer, which Backstage takes for the same entity (it compares names without case); write domain as customer, or give it another name");
    expect(domain).toThrow(expect.objectContaining({ path: "/domain" }));
    const team = { ...docs.product.team, name: "Customer-Data" };
    const group = () => writeBackstageCatalog(dir, { ...docs, product: { ...docs.product, id: "other", name: "other", team } });
    expect(group).toThrow(/its Backstage Group would be Customer-Data, but groups\/customer-data\.yaml holds Group customer-data, .* write team\.name as customer-data/);
    expect(group).toThrow(expect.objectContaining({ path: "/team/name" }));
    expect(readdirSync(path.join(dir, "domains"))).toEqual(["customer.yaml"]);
    expect(readdirSync(path.join(dir, "groups"))).toEqual(["customer-data.yaml"]);
    expect(readdirSync(path.join(dir, "products"))).toEqual(["customer_360.yaml"]);
  });

  it("removes the Group of a product's earlier team when nothing else names it, and moves the Domain meshkit created for that team to the new one", () => {
    const dir = tempDir();
    const docs = docsOf("customer_360");
    writeBackstageCatalog(dir, docs);
    const teamNamed = (name: string): ProductDocuments => ({ ...docs, product: { ...docs.product, team: { ...docs.product.team, name } } });

    const renamed = writeBackstageCatalog(dir, teamNamed("customer-insights"));
    expect(renamed.files).toContainEqual({ path: "groups/customer-data.yaml", action: "removed" });
    expect(readdirSync(path.join(dir, "groups"))).toEqual(["customer-insights.yaml"]);
    expect((parse(readFileSync(path.join(dir, "domains/customer.yaml"), "utf8")) as BackstageEntity).spec.owner).toBe("group:default/customer-insights");
    expect((parse(readFileSync(path.join(dir, BACKSTAGE_ROOT_FILE), "utf8")) as BackstageEntity).spec.targets).toEqual(["./domains/customer.yaml", "./groups/customer-insights.yaml", "./products/customer_360.yaml"]);

    // Renamed in case only: still one Group.
    writeBackstageCatalog(dir, teamNamed("Customer-Insights"));
    expect(readdirSync(path.join(dir, "groups"))).toEqual(["Customer-Insights.yaml"]);

    // A Group another product's System names stays, and so does the Domain that Group owns.
    const other: ProductDocuments = { ...docs, product: { ...docs.product, id: "other-id", name: "other", team: { ...docs.product.team, name: "Customer-Insights" } } };
    writeBackstageCatalog(dir, other);
    expect(writeBackstageCatalog(dir, teamNamed("customer-care")).files.map((f) => f.action)).not.toContain("removed");
    expect(readdirSync(path.join(dir, "groups")).sort()).toEqual(["Customer-Insights.yaml", "customer-care.yaml"]);
    expect((parse(readFileSync(path.join(dir, "domains/customer.yaml"), "utf8")) as BackstageEntity).spec.owner).toBe("group:default/Customer-Insights");

    // A Group meshkit did not write (one with a parent) stays, and so does a Domain someone curated.
    const fresh = tempDir();
    writeBackstageCatalog(fresh, docs);
    writeFileSync(path.join(fresh, "groups/customer-data.yaml"), renderBackstageYaml([entity("Group", { type: "team", parent: "group:default/acme", children: [] }, { name: "customer-data" })]));
    writeBackstageCatalog(fresh, teamNamed("customer-insights"));
    expect(readdirSync(path.join(fresh, "groups")).sort()).toEqual(["customer-data.yaml", "customer-insights.yaml"]);
    const curated = tempDir();
    writeBackstageCatalog(curated, docs);
    writeFileSync(path.join(curated, "domains/customer.yaml"), renderBackstageYaml([entity("Domain", { owner: "group:default/customer-data" }, { name: "customer", description: "curated" })]));
    writeBackstageCatalog(curated, teamNamed("customer-insights"));
    expect(readdirSync(path.join(curated, "groups")).sort()).toEqual(["customer-data.yaml", "customer-insights.yaml"]);
    expect(readFileSync(path.join(curated, "domains/customer.yaml"), "utf8")).toContain("description: curated");
  });

  it("lists in a team's Group the members of every product of that team the directory holds, whichever was published last; a member none lists is gone", () => {
    const dir = tempDir();
    const withMembers = (docs: ProductDocuments, usernames: string[], product: Partial<ProductDocuments["product"]> = {}): ProductDocuments => {
      const copy = structuredClone(docs); // the examples are shared by the other tests
      const team = copy.product.team as NonNullable<ProductDocuments["product"]["team"]>;
      return { ...copy, product: { ...copy.product, ...product, team: { ...team, members: usernames.map((username) => ({ username, role: "member" })) } } };
    };
    const customer360 = (usernames: string[]) => withMembers(docsOf("customer_360"), usernames);
    // Another product of the same team (customer-data), which lists the team as it knows it.
    const churn = withMembers(docsOf("customer_360"), ["sofia.rossi@acme.example", "priya.nair@acme.example", "li.wei@acme.example"], { id: "churn-id", name: "customer_churn" });
    const groupMembers = () => (parse(readFileSync(path.join(dir, "groups/customer-data.yaml"), "utf8")) as BackstageEntity).spec.members;

    writeBackstageCatalog(dir, customer360(["sofia.rossi@acme.example", "jan.kowalski@acme.example", "priya.nair@acme.example"]));
    const second = writeBackstageCatalog(dir, churn);
    const union = ["user:default/sofia.rossi", "user:default/jan.kowalski", "user:default/priya.nair", "user:default/li.wei"];
    expect(groupMembers()).toEqual(union);
    expect(second.entities.find((e) => e.kind === "Group")?.spec.members).toEqual(union);
    // The same products published in the other order leave the same Group.
    const again = writeBackstageCatalog(dir, customer360(["sofia.rossi@acme.example", "jan.kowalski@acme.example", "priya.nair@acme.example"]));
    expect(again.files.find((f) => f.path === "groups/customer-data.yaml")?.action).toBe("unchanged");

    // jan.kowalski and priya.nair leave customer_360's list: jan is in no product's list any more, priya still in customer_churn's.
    writeBackstageCatalog(dir, customer360(["sofia.rossi@acme.example"]));
    expect(groupMembers()).toEqual(["user:default/sofia.rossi", "user:default/priya.nair", "user:default/li.wei"]);

    // A System written before it recorded its team's members: the Group keeps the members it has until that product is published again.
    const churnFile = path.join(dir, "products/customer_churn.yaml");
    writeFileSync(churnFile, readFileSync(churnFile, "utf8").replace(/^ +meshkit\.io\/team-members: .*\n/m, ""));
    writeBackstageCatalog(dir, customer360(["omar.haddad@acme.example"]));
    expect(groupMembers()).toEqual(["user:default/omar.haddad", "user:default/sofia.rossi", "user:default/priya.nair", "user:default/li.wei"]);

    // customer_churn moves to another team: the Group of the team it left keeps only what the products still in it list.
    const moved = structuredClone(churn);
    moved.product.team = { name: "retention", members: [{ username: "li.wei@acme.example", role: "owner" }] };
    writeBackstageCatalog(dir, moved);
    expect(groupMembers()).toEqual(["user:default/omar.haddad"]);
    expect((parse(readFileSync(path.join(dir, "groups/retention.yaml"), "utf8")) as BackstageEntity).spec.members).toEqual(["user:default/li.wei"]);
  });

  it("refuses a Domain or Group made of another name that makes the same entity name, at the product's field", () => {
    const dir = tempDir();
    const docs = docsOf("customer_360");
    const named = (id: string, domain: string, team: string): ProductDocuments => ({ ...docs, product: { ...docs.product, id, name: id, domain, team: { ...docs.product.team, name: team } } });
    writeBackstageCatalog(dir, named("first", "Marketing & Sales", "Growth & Retention"));
    const domain = () => writeBackstageCatalog(dir, named("second", "Marketing Sales", "Growth & Retention"));
    expect(domain).toThrow(
      'its Backstage Domain would be Marketing-Sales, but domains/Marketing-Sales.yaml holds that Domain, made of domain "Marketing & Sales" (Backstage names keep only ASCII letters, digits and single "-", "_" or "."), so the two would be one entity; write domain as "Marketing & Sales", or give it a name that makes another entity name',
    );
    expect(domain).toThrow(expect.objectContaining({ path: "/domain" }));
    const group = () => writeBackstageCatalog(dir, named("second", "Marketing & Sales", "Growth Retention"));
    expect(group).toThrow(/its Backstage Group would be Growth-Retention, but groups\/Growth-Retention\.yaml holds that Group, made of team\.name "Growth & Retention"/);
    expect(group).toThrow(expect.objectContaining({ path: "/team/name" }));
    expect(readdirSync(path.join(dir, "products"))).toEqual(["first.yaml"]);
    // The same names again are the same entities.
    writeBackstageCatalog(dir, named("second", "Marketing & Sales", "Growth & Retention"));
    expect(readdirSync(path.join(dir, "products")).sort()).toEqual(["first.yaml", "second.yaml"]);
    // A Domain meshkit wrote before it recorded the name (titled with it) is compared by its title; one written by hand is taken as it is.
    writeFileSync(path.join(dir, "domains/Sales-Ops.yaml"), renderBackstageYaml([entity("Domain", { owner: "group:default/x" }, { name: "Sales-Ops", title: "Sales & Ops" })]));
    expect(() => writeBackstageCatalog(dir, named("third", "Sales Ops", "Growth & Retention"))).toThrow(/made of domain "Sales & Ops"/);
    writeFileSync(path.join(dir, "domains/Sales-Ops.yaml"), renderBackstageYaml([entity("Domain", { owner: "group:default/x" }, { name: "Sales-Ops", title: "Sales and Operations" })]));
    expect(writeBackstageCatalog(dir, named("third", "Sales Ops", "Growth & Retention")).files[0]).toEqual({ path: "domains/Sales-Ops.yaml", action: "kept" });
  });

  it("names an upstream product found in a lineage catalog by the Resources the directory holds for it, and reports relations a rename leaves pointing at nothing", () => {
    const dir = tempDir();
    const upstream = docsOf("customer_campaigns");
    const consumer = docsOf("customer_360");
    writeBackstageCatalog(dir, upstream);
    writeBackstageCatalog(dir, { ...consumer, upstream: [{ product: upstream.product, contracts: upstream.contracts }] });

    const renamed = writeBackstageCatalog(dir, { ...upstream, product: { ...upstream.product, name: "campaign_outcomes" } });
    expect(renamed.staleRelations).toEqual([
      "products/customer_360.yaml: Resource customer_360.customer_profiles dependsOn resource:default/customer_campaigns.campaign_contacts",
      "products/customer_360.yaml: Resource customer_360.customer_consents dependsOn resource:default/customer_campaigns.campaign_contacts",
    ]);

    // The lineage catalog's entry of the version the port reads still has the earlier name: the directory's Resources win.
    const again = writeBackstageCatalog(dir, { ...consumer, upstream: [{ product: upstream.product, contracts: upstream.contracts, registered: true }] });
    expect(again.entities.find((e) => e.kind === "Resource")?.spec.dependsOn).toEqual(["resource:default/campaign_outcomes.campaigns", "resource:default/campaign_outcomes.campaign_contacts"]);
    expect(writeBackstageCatalog(dir, { ...upstream, product: { ...upstream.product, name: "campaign_outcomes" } }).staleRelations).toEqual([]);
  });

  it("refuses to write through a folder that links outside the directory", () => {
    const dir = tempDir();
    const outside = tempDir();
    symlinkSync(outside, path.join(dir, "products"));
    expect(() => writeBackstageCatalog(dir, docsOf("customer_360"))).toThrow(/Refusing to write products\/customer_360\.yaml: .* leads outside the Backstage catalog directory/);
    expect(readdirSync(outside)).toEqual([]);
    // Checked before anything is written.
    expect(readdirSync(dir)).toEqual(["products"]);
  });

  it("refuses to overwrite a file that is a link leading outside the directory", () => {
    const dir = tempDir();
    const outside = tempDir();
    writeFileSync(path.join(outside, "victim.yaml"), "keep me\n");
    mkdirSync(path.join(dir, "groups"));
    symlinkSync(path.join(outside, "victim.yaml"), path.join(dir, "groups/customer-data.yaml"));
    expect(() => writeBackstageCatalog(dir, docsOf("customer_360"))).toThrow(/Refusing to write groups\/customer-data\.yaml: it is a link that leads outside/);
    expect(readFileSync(path.join(outside, "victim.yaml"), "utf8")).toBe("keep me\n");
  });
});

describe("the API definition of a contract", () => {
  it("reads as the contract in YAML 1.1 as in 1.2: dates, times, yes/no and 1_000 written as strings stay strings", () => {
    const docs = docsOf("customer_360");
    const contract = {
      ...docs.contracts[0],
      contractCreatedTs: "2022-11-15T02:59:43+00:00",
      team: [{ username: "mhopper", role: "Data Scientist", dateIn: "2022-10-01" }],
      customProperties: [{ property: "flags", value: ["yes", "on", "off", "1_000", "12:30", "0o12", "~"] }],
      description: { purpose: "Line one.\nLine two: with a colon." },
    } as unknown as DataContract;
    const built = buildBackstageEntities({ ...docs, contracts: [contract, ...docs.contracts.slice(1)] });
    const definition = built.apis[0]?.spec.definition as string;
    expect(parse(definition, { version: "1.1" })).toEqual(contract);
    expect(parse(definition)).toEqual(contract);
    expect(definition).toContain('dateIn: "2022-10-01"');
    expect(definition).toContain('contractCreatedTs: "2022-11-15T02:59:43+00:00"');
    // Text of several lines stays a block scalar.
    expect(definition).toContain("purpose: |-");
  });

  it("quotes = and <<, which PyYAML cannot load plain, and writes a number JavaScript gives an exponent as a float PyYAML reads as one", () => {
    const docs = docsOf("customer_360");
    const contract = {
      ...docs.contracts[0],
      customProperties: [{ property: "operator", value: "=" }, { property: "merge", value: "<<" }, { property: "tiny", value: 0.0000001 }, { property: "huge", value: -1.5e21 }],
    } as unknown as DataContract;
    const built = buildBackstageEntities({ ...docs, contracts: [contract, ...docs.contracts.slice(1)] });
    const definition = built.apis[0]?.spec.definition as string;
    expect(definition).toContain('value: "="');
    expect(definition).toContain('value: "<<"');
    // PyYAML's float needs a decimal point and a signed exponent: `1e-7` would be the string "1e-7" there.
    expect(definition).toContain("value: 1.0e-7\n");
    expect(definition).toContain("value: -1.5e+21\n");
    expect(parse(definition, { version: "1.1" })).toEqual(contract);
    expect(parse(definition)).toEqual(contract);
  });
});
