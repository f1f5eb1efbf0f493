import { describe, expect, it } from "vitest";
import { type Located, documentViews, isTerraformDocument, terraformResources } from "./views.js";

describe("documentViews", () => {
  it("points at every property (nested and array items too) by its index in its list, entries that are no mapping skipped but counted", () => {
    const contract = {
      schema: [
        "not an object",
        { name: "orders", properties: [{ name: "id" }, 7, { name: "lines", properties: [{ name: "sku" }], items: { properties: [{ name: "qty" }] } }] },
      ],
      servers: [null, { server: "lake" }],
      slaProperties: [{ property: "latency" }],
    };
    const views = documentViews("DataContract", contract);
    expect(views.properties!.map((p) => `${p.path} ${p.name} ${p.object}`)).toEqual([
      "/schema/1/properties/0 id orders",
      "/schema/1/properties/2 lines orders",
      "/schema/1/properties/2/properties/0 sku orders",
      "/schema/1/properties/2/items/properties/0 qty orders",
    ]);
    expect(views.schemaObjects!.map((o) => `${o.path} ${o.name}`)).toEqual(["/schema/1 orders"]);
    expect(views.servers!.map((s) => `${s.path} ${s.name}`)).toEqual(["/servers/1 lake"]);
    expect(views.slaProperties!.map((s) => s.path)).toEqual(["/slaProperties/0"]);
  });

  it("names the properties and items nodes each property and items node is nested in, outermost first", () => {
    const contract = { schema: [{ name: "crm", properties: [{ name: "id" }, { name: "matrix", items: { items: { properties: [{ name: "cell" }] } } }, { name: "address", properties: [{ name: "street" }] }] }] };
    const views = documentViews("DataContract", contract);
    const enclosing = (list: readonly { path: string; enclosing?: unknown }[]) => list.map((p) => `${p.path} < ${(p.enclosing as string[]).join(" ")}`);
    expect(enclosing(views.properties!)).toEqual([
      "/schema/0/properties/0 < ",
      "/schema/0/properties/1 < ",
      "/schema/0/properties/1/items/items/properties/0 < /schema/0/properties/1 /schema/0/properties/1/items /schema/0/properties/1/items/items",
      "/schema/0/properties/2 < ",
      "/schema/0/properties/2/properties/0 < /schema/0/properties/2",
    ]);
    expect(enclosing(views.arrayItems!)).toEqual(["/schema/0/properties/1/items < /schema/0/properties/1", "/schema/0/properties/1/items/items < /schema/0/properties/1 /schema/0/properties/1/items"]);
  });

  it("gives every property and items node its full name, with the properties and items it is nested in, as the catalog names them", () => {
    const contract = {
      schema: [
        {
          name: "crm",
          properties: [
            { name: "id" },
            { name: "billing", properties: [{ name: "street" }] },
            { name: "shipping", properties: [{ name: "street" }, { name: "contact", properties: [{ name: "emails", items: { logicalType: "string" } }] }] },
            { name: "phones", items: { properties: [{ name: "number" }] } },
            { name: "matrix", items: { items: { properties: [{ name: "cell" }] } } },
          ],
        },
      ],
    };
    const views = documentViews("DataContract", contract);
    expect(views.properties!.map((p) => `${p.name} ${p.fullName}`)).toEqual([
      "id id",
      "billing billing",
      "street billing.street",
      "shipping shipping",
      "street shipping.street",
      "contact shipping.contact",
      "emails shipping.contact.emails",
      "phones phones",
      "number phones[].number",
      "matrix matrix",
      "cell matrix[][].cell",
    ]);
    expect(views.arrayItems!.map((p) => `${p.name} ${p.fullName}`)).toEqual(["emails[] shipping.contact.emails[]", "phones[] phones[]", "matrix[] matrix[]", "matrix[][] matrix[][]"]);
    // `ancestors` are the entries `enclosing` points at, in the same order: what a column declares whole is read from them.
    const ancestors = (list: readonly Located[]) =>
      list.filter((p) => (p.ancestors as Located[]).length > 0).map((p) => `${p.fullName} < ${(p.ancestors as Located[]).map((a) => a.fullName).join(" ")}`);
    expect(ancestors(views.properties!)).toEqual([
      "billing.street < billing",
      "shipping.street < shipping",
      "shipping.contact < shipping",
      "shipping.contact.emails < shipping shipping.contact",
      "phones[].number < phones phones[]",
      "matrix[][].cell < matrix matrix[] matrix[][]",
    ]);
    expect(ancestors(views.arrayItems!)).toEqual(["shipping.contact.emails[] < shipping shipping.contact shipping.contact.emails", "phones[] < phones", "matrix[] < matrix", "matrix[][] < matrix matrix[]"]);
    for (const p of [...views.properties!, ...views.arrayItems!]) expect((p.ancestors as Located[]).map((a) => a.path)).toEqual(p.enclosing);
  });
});

describe("terraformResources", () => {
  it("reads a JSON configuration's resources in HCL's array forms too, at the type and at the name level", () => {
    const forms = [
      { resource: { aws_s3_bucket: { raw: { bucket: "acme-raw" } } } },
      { resource: [{ aws_s3_bucket: { raw: { bucket: "acme-raw" } } }] },
      { resource: { aws_s3_bucket: [{ raw: { bucket: "acme-raw" } }] } },
      { resource: [{ aws_s3_bucket: [{ raw: [{ bucket: "acme-raw" }] }] }] },
    ];
    expect(forms.map((config) => terraformResources(config).map((r) => [r.address, r.path, (r.values as { bucket: string }).bucket]))).toEqual([
      [["aws_s3_bucket.raw", "/resource/aws_s3_bucket/raw", "acme-raw"]],
      [["aws_s3_bucket.raw", "/resource/0/aws_s3_bucket/raw", "acme-raw"]],
      [["aws_s3_bucket.raw", "/resource/aws_s3_bucket/0/raw", "acme-raw"]],
      [["aws_s3_bucket.raw", "/resource/0/aws_s3_bucket/0/raw/0", "acme-raw"]],
    ]);
  });

  it("gives a plan's resources their module path and their configuration block, through nested module calls", () => {
    const sse = (bucket: string) => ({ address: "aws_s3_bucket_server_side_encryption_configuration.this", mode: "managed", type: "aws_s3_bucket_server_side_encryption_configuration", name: "this", expressions: { bucket: { references: [bucket] } } });
    const plan = {
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: [{ address: "aws_s3_bucket.raw", mode: "managed", type: "aws_s3_bucket", name: "raw", values: { bucket: "raw" } }],
          child_modules: [
            {
              address: 'module.lake["eu"]',
              child_modules: [
                {
                  address: 'module.lake["eu"].module.store',
                  resources: [{ address: 'module.lake["eu"].module.store.aws_s3_bucket_server_side_encryption_configuration.this', mode: "managed", type: "aws_s3_bucket_server_side_encryption_configuration", name: "this", values: {} }],
                },
              ],
            },
          ],
        },
      },
      configuration: { root_module: { module_calls: { lake: { module: { module_calls: { store: { module: { resources: [sse("aws_s3_bucket.this.id")] } } } } } } } },
    };
    const resources = terraformResources(plan);
    expect(resources.map((r) => [r.address, r.modulePrefix, r.configuration === null ? null : (r.configuration as { address: string }).address])).toEqual([
      ["aws_s3_bucket.raw", "", null],
      ['module.lake["eu"].module.store.aws_s3_bucket_server_side_encryption_configuration.this', "module.lake.module.store.", "aws_s3_bucket_server_side_encryption_configuration.this"],
    ]);
    expect(resources[1]!.path).toBe("/planned_values/root_module/child_modules/0/child_modules/0/resources/0/values");
  });

  it("gives a plan's resources their module instance and instance key, a key in quotes holding anything", () => {
    const resource = (address: string, mode: string, type: string, name: string) => ({ address, mode, type, name, values: {} });
    const plan = {
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: [resource("aws_s3_bucket.raw", "managed", "aws_s3_bucket", "raw"), resource('aws_s3_bucket.lake["a.b]\\"[0]"]', "managed", "aws_s3_bucket", "lake")],
          child_modules: [
            {
              address: 'module.zone["eu"]',
              resources: [resource('module.zone["eu"].aws_s3_bucket.this[1]', "managed", "aws_s3_bucket", "this"), resource('module.zone["eu"].data.aws_s3_bucket.this', "data", "aws_s3_bucket", "this")],
            },
          ],
        },
      },
    };
    expect(terraformResources(plan).map((r) => [r.address, r.moduleAddress, r.instanceKey])).toEqual([
      ["aws_s3_bucket.raw", "", ""],
      ['aws_s3_bucket.lake["a.b]\\"[0]"]', "", '["a.b]\\"[0]"]'],
      ['module.zone["eu"].aws_s3_bucket.this[1]', 'module.zone["eu"]', "[1]"],
      ['module.zone["eu"].data.aws_s3_bucket.this', 'module.zone["eu"]', ""],
    ]);
  });

  it("gives a plan's resources their module's input variables as its callers pass them, through nested calls and for_each", () => {
    const sse = (address: string) => ({ address, mode: "managed", type: "aws_s3_bucket_server_side_encryption_configuration", name: "this", values: {} });
    const sseModule = { resources: [{ address: "aws_s3_bucket_server_side_encryption_configuration.this", expressions: { bucket: { references: ["var.bucket"] } } }] };
    const plan = {
      format_version: "1.2",
      planned_values: {
        root_module: {
          child_modules: [
            { address: "module.storage", child_modules: [{ address: "module.storage.module.sse", resources: [sse("module.storage.module.sse.aws_s3_bucket_server_side_encryption_configuration.this")] }] },
            { address: 'module.zone["eu"]', resources: [sse('module.zone["eu"].aws_s3_bucket_server_side_encryption_configuration.this')] },
          ],
        },
      },
      configuration: {
        root_module: {
          module_calls: {
            storage: {
              expressions: { bucket: { references: ["aws_s3_bucket.raw.id", "aws_s3_bucket.raw"] } },
              module: { module_calls: { sse: { expressions: { bucket: { references: ["var.bucket"] }, name: { constant_value: "x" } }, module: sseModule } } },
            },
            zone: { for_each_expression: { references: ["aws_s3_bucket.zone"] }, expressions: { bucket: { references: ["each.value.id", "each.value"] } }, module: sseModule },
          },
        },
      },
    };
    const resources = terraformResources(plan);
    expect(resources.map((r) => [r.address, r.moduleInputs])).toEqual([
      ["module.storage.module.sse.aws_s3_bucket_server_side_encryption_configuration.this", { bucket: { module: "", key: "", references: ["aws_s3_bucket.raw.id", "aws_s3_bucket.raw"] }, name: { module: "module.storage", key: "", references: [] } }],
      ['module.zone["eu"].aws_s3_bucket_server_side_encryption_configuration.this', { bucket: { module: "", key: '["eu"]', references: ["each.value.id", "each.value", "aws_s3_bucket.zone"] } }],
    ]);
  });

  it("follows a module input that another module's output passes into the module that declares the output, per instance over a module's for_each", () => {
    const sse = (module: string) => ({ address: module, resources: [{ address: `${module}.aws_s3_bucket_server_side_encryption_configuration.this`, mode: "managed", type: "aws_s3_bucket_server_side_encryption_configuration", name: "this", values: {} }] });
    const sseModule = { resources: [{ address: "aws_s3_bucket_server_side_encryption_configuration.this", expressions: { bucket: { references: ["var.bucket"] } } }] };
    const bucketModule = { module: { outputs: { bucket_id: { expression: { references: ["aws_s3_bucket.this.id", "aws_s3_bucket.this"] } } } } };
    const plan = {
      format_version: "1.2",
      planned_values: { root_module: { child_modules: [sse("module.sse"), sse('module.zone_sse["eu"]')] } },
      configuration: {
        root_module: {
          module_calls: {
            lake: bucketModule,
            zone: { for_each_expression: { references: ["var.zones"] }, ...bucketModule },
            sse: { expressions: { bucket: { references: ["module.lake.bucket_id", "module.lake"] } }, module: sseModule },
            zone_sse: { for_each_expression: { references: ["module.zone"] }, expressions: { bucket: { references: ["each.value.bucket_id", "each.value"] } }, module: sseModule },
          },
        },
      },
    };
    expect(terraformResources(plan).map((r) => r.moduleInputs)).toEqual([
      { bucket: { module: "module.lake", key: "", references: ["aws_s3_bucket.this.id", "aws_s3_bucket.this"] } },
      { bucket: { module: 'module.zone["eu"]', key: "", references: ["aws_s3_bucket.this.id", "aws_s3_bucket.this"] } },
    ]);
  });

  it("follows the module outputs a plan resource refers to into the modules that declare them, nested ones and instance keys too", () => {
    const sse = (name: string, refs: string[]) => ({ address: `aws_s3_bucket_server_side_encryption_configuration.${name}`, mode: "managed", type: "aws_s3_bucket_server_side_encryption_configuration", name, expressions: { bucket: { references: refs } } });
    const bucketModule = { outputs: { id: { expression: { references: ["aws_s3_bucket.this.id", "aws_s3_bucket.this"] } } } };
    const plan = {
      format_version: "1.2",
      planned_values: { root_module: { resources: ["lake", "eu", "local"].map((name) => ({ address: `aws_s3_bucket_server_side_encryption_configuration.${name}`, mode: "managed", type: "aws_s3_bucket_server_side_encryption_configuration", name, values: {} })) } },
      configuration: {
        root_module: {
          resources: [sse("lake", ["module.lake.bucket_id", "module.lake"]), sse("eu", ['module.zone["eu"].id', 'module.zone["eu"]', "module.zone"]), sse("local", ["aws_s3_bucket.raw.id", "aws_s3_bucket.raw"])],
          module_calls: {
            lake: { module: { outputs: { bucket_id: { expression: { references: ["module.bucket.id", "module.bucket"] } } }, module_calls: { bucket: { module: bucketModule } } } },
            zone: { for_each_expression: { constant_value: ["eu"] }, module: bucketModule },
          },
        },
      },
    };
    expect(terraformResources(plan).map((r) => r.moduleOutputs)).toEqual([
      { "module.lake.bucket_id": { module: "module.lake.module.bucket", key: "", references: ["aws_s3_bucket.this.id", "aws_s3_bucket.this"] } },
      { 'module.zone["eu"].id': { module: 'module.zone["eu"]', key: "", references: ["aws_s3_bucket.this.id", "aws_s3_bucket.this"] } },
      {},
    ]);
  });

  it("reads the resource instances of a state file as Terraform writes it (version 4), deposed objects left out", () => {
    const state = {
      version: 4,
      terraform_version: "1.9.8",
      serial: 1,
      lineage: "6f1c7a52-3b8e-4d5e-9c61-2f0f4c1b9a10",
      resources: [
        { mode: "data", type: "aws_s3_bucket", name: "shared", instances: [{ attributes: { bucket: "shared" } }] },
        { mode: "managed", type: "aws_s3_bucket", name: "raw", instances: [{ attributes: { bucket: "raw" } }, { deposed: "1a2b3c4d", attributes: { bucket: "old" } }] },
        { module: 'module.zone["eu"]', mode: "managed", type: "aws_s3_bucket", name: "this", each: "list", instances: [{ index_key: 0, attributes: { bucket: "eu-0" } }] },
        { module: "module.a.module.b", mode: "managed", type: "aws_s3_bucket", name: "this", each: "map", instances: [{ index_key: "x", attributes: { bucket: "x" } }] },
      ],
    };
    expect(isTerraformDocument(state)).toBe(true);
    // A state whose resources are in another shape, or of an older format, is one too (its shape is reported), found under a folder as named.
    expect(isTerraformDocument({ ...state, resources: { "aws_s3_bucket.raw": {} } })).toBe(true);
    expect(isTerraformDocument({ version: 3, lineage: "l", modules: [{ path: ["root"], resources: {} }] })).toBe(true);
    expect(isTerraformDocument({ version: 1, lineage: "l" })).toBe(false);
    expect(terraformResources(state).map((r) => [r.address, r.mode, r.path, r.modulePrefix, r.moduleAddress, r.instanceKey, (r.values as { bucket: string }).bucket])).toEqual([
      ["data.aws_s3_bucket.shared", "data", "/resources/0/instances/0/attributes", "", "", "", "shared"],
      ["aws_s3_bucket.raw", "managed", "/resources/1/instances/0/attributes", "", "", "", "raw"],
      ['module.zone["eu"].aws_s3_bucket.this[0]', "managed", "/resources/2/instances/0/attributes", "module.zone.", 'module.zone["eu"]', "[0]", "eu-0"],
      ['module.a.module.b.aws_s3_bucket.this["x"]', "managed", "/resources/3/instances/0/attributes", "module.a.module.b.", "module.a.module.b", '["x"]', "x"],
    ]);
  });

  it("gives a configuration file's resources no module path and no configuration block", () => {
    const resources = terraformResources({ resource: { aws_s3_bucket: { raw: { bucket: "raw" } } } });
    expect(resources).toEqual([expect.objectContaining({ address: "aws_s3_bucket.raw", mode: "managed", modulePrefix: "", moduleAddress: "", instanceKey: "", configuration: null })]);
  });

  it("names every argument of a resource, those a plan shows as null included (`tags: null`: the type takes tags)", () => {
    const plan = {
      format_version: "1.2",
      planned_values: { root_module: { resources: [{ address: "azurerm_resource_group.sales", mode: "managed", type: "azurerm_resource_group", name: "sales", values: { name: "rg-sales", tags: null } }] } },
    };
    expect(terraformResources(plan).map((r) => r.attributes)).toEqual([["name", "tags"]]);
    expect(terraformResources({ resource: { azurerm_resource_group: { sales: { name: "rg-sales" } } } }).map((r) => r.attributes)).toEqual([["name"]]);
  });

  it("reads a resource's after_unknown from its own change, not from that of a deposed object under the same address", () => {
    const bucket = { address: "aws_s3_bucket.raw", mode: "managed", type: "aws_s3_bucket", name: "raw" };
    const current = { ...bucket, change: { actions: ["create"], after_unknown: { id: true, tags_all: true } } };
    const deposed = { ...bucket, deposed: "00000001", change: { actions: ["delete"], after: null, after_unknown: {} } };
    for (const changes of [[current, deposed], [deposed, current]]) {
      const plan = { format_version: "1.2", planned_values: { root_module: { resources: [{ ...bucket, values: { bucket: "raw" } }] } }, resource_changes: changes };
      expect(terraformResources(plan).map((r) => r.unknown)).toEqual([{ id: true, tags_all: true }]);
    }
  });

  it("marks the data sources of a state or plan (mode: data), which the domain reads but does not create", () => {
    const state = {
      format_version: "1.0",
      values: {
        root_module: {
          resources: [
            { address: "data.aws_s3_bucket.shared", mode: "data", type: "aws_s3_bucket", name: "shared", values: { bucket: "shared" } },
            { address: "aws_s3_bucket.raw", mode: "managed", type: "aws_s3_bucket", name: "raw", values: { bucket: "raw" } },
          ],
          child_modules: [{ address: "module.x", resources: [{ address: "module.x.data.aws_iam_role.admin", mode: "data", type: "aws_iam_role", name: "admin", values: {} }] }],
        },
      },
    };
    expect(terraformResources(state).map((r) => `${r.address} ${r.mode} ${r.modulePrefix}`)).toEqual(["data.aws_s3_bucket.shared data ", "aws_s3_bucket.raw managed ", "module.x.data.aws_iam_role.admin data module.x."]);
  });

  it("leaves out a resource the plan forgets (a `removed` block with destroy = false), listed in planned_values with no values", () => {
    const bucket = (name: string, values?: unknown) => ({ address: `aws_s3_bucket.${name}`, mode: "managed", type: "aws_s3_bucket", name, ...(values ? { values } : {}) });
    const change = (name: string, actions: string[]) => ({ address: `aws_s3_bucket.${name}`, mode: "managed", type: "aws_s3_bucket", name, change: { actions, after_unknown: {} } });
    const plan = {
      format_version: "1.2",
      planned_values: { root_module: { resources: [bucket("legacy"), bucket("raw", { bucket: "raw" }), bucket("swap", { bucket: "swap" })] } },
      resource_changes: [change("legacy", ["forget"]), change("raw", ["create"]), change("swap", ["create", "forget"])],
    };
    expect(terraformResources(plan).map((r) => r.address)).toEqual(["aws_s3_bucket.raw", "aws_s3_bucket.swap"]);
  });

  it("leaves out the deposed objects a `terraform show -json` state lists under the current object's address", () => {
    const bucket = { address: "aws_s3_bucket.raw", mode: "managed", type: "aws_s3_bucket", name: "raw" };
    const state = { format_version: "1.0", values: { root_module: { resources: [{ ...bucket, values: { bucket: "raw" } }, { ...bucket, deposed_key: "1a2b3c4d", values: { bucket: "raw-old" } }] } } };
    expect(terraformResources(state).map((r) => (r.values as { bucket: string }).bucket)).toEqual(["raw"]);
  });
});
