/**
 * The built-in platform-baseline pack, tested the way a platform team tests its own pack: its
 * fixtures (packs/platform-baseline/tests, deliberately non-compliant documents with `# expect:`
 * lines) through `meshkit policy test`'s engine, and every example product of this repository
 * through `meshkit policy`.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadPacks } from "./load.js";
import { runPolicy } from "./run.js";
import { readExpectations, testPolicies } from "./verify.js";

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), "..");
const REPO = join(PACKAGE, "..", "..");
const TESTS = join(PACKAGE, "packs", "platform-baseline", "tests");
const BASELINE = ["builtin:platform-baseline"];

/** The pii-retention-minimum findings of the passing retention fixture with its SLAs replaced by `retention`, written in `dir`. */
async function retentionFindings(dir: string, retention: string) {
  const fixture = readFileSync(join(TESTS, "pii-retention-ok.odcs.yaml"), "utf8");
  writeFileSync(join(dir, "c.odcs.yaml"), fixture.replace(/slaProperties:[\s\S]*$/, `slaProperties:\n  - ${retention}\n`));
  const run = await runPolicy({ cwd: dir, paths: ["c.odcs.yaml"], policies: BASELINE, today: "2026-11-30" });
  return run.findings.filter((f) => f.ruleId === "pii-retention-minimum");
}

describe("platform-baseline", () => {
  it("flags every fixture with the expected rule at the expected line, and nothing else", async () => {
    const run = await testPolicies({ cwd: PACKAGE, dirs: [TESTS], policies: BASELINE });
    expect(run.findings.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
    expect(run.fixtures).toBe(readdirSync(TESTS).filter((f) => /\.(ya?ml|json)$/.test(f)).length);
    expect(run.passed).toBe(run.expectations);
  });

  it("has a failing fixture for every rule of the pack", () => {
    const ruleIds = loadPacks(BASELINE, PACKAGE).policies.flatMap((p) => p.validations.map((v) => v.id));
    expect(ruleIds.length).toBeGreaterThanOrEqual(14);
    const expected = new Set(
      readdirSync(TESTS)
        .filter((f) => /\.(ya?ml|json|expect)$/.test(f))
        .flatMap((f) => readExpectations(f, readFileSync(join(TESTS, f), "utf8")).map((e) => e.rule)),
    );
    expect(ruleIds.filter((id) => !expected.has(id))).toEqual([]);
  });

  it("runs every rule on a contract with 5,000 columns, nearly all PII (a wide table is no runtime error: no rule is quadratic in it)", async () => {
    const fixture = readFileSync(join(TESTS, "pii-retention-ok.odcs.yaml"), "utf8");
    const columns = Array.from({ length: 5000 }, (_, i) => `      - name: c${i}\n        logicalType: string\n${i % 10 !== 0 ? "        classification: restricted\n        tags: [pii]\n        encryptedName: c_enc\n" : ""}`).join("");
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-wide-"));
    try {
      writeFileSync(join(dir, "wide.odcs.yaml"), fixture.replace("slaProperties:", `${columns}slaProperties:`));
      const run = await runPolicy({ cwd: dir, paths: ["wide.odcs.yaml"], policies: BASELINE, today: "2026-11-30" });
      expect(run.findings.map((f) => `${f.line} ${f.ruleId}: ${f.message}`)).toEqual([]);
      expect(run.summary.error).toBe(0);
      expect(run.summary.pass).toBeGreaterThan(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs every rule on a contract of 5,000 structs, each classified and encrypted whole and holding two PII fields (nothing nested searches a list)", async () => {
    const fixture = readFileSync(join(TESTS, "pii-retention-ok.odcs.yaml"), "utf8");
    const structs = Array.from(
      { length: 5000 },
      (_, i) => `      - name: s${i}\n        logicalType: object\n        classification: restricted\n        encryptedName: s${i}_enc\n        properties:\n          - {name: a, logicalType: string, tags: [pii]}\n          - {name: b, logicalType: string, tags: [pii]}\n`,
    ).join("");
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-wide-nested-"));
    try {
      writeFileSync(join(dir, "wide.odcs.yaml"), fixture.replace("slaProperties:", `${structs}slaProperties:`));
      const run = await runPolicy({ cwd: dir, paths: ["wide.odcs.yaml"], policies: BASELINE, today: "2026-11-30" });
      expect(run.findings.map((f) => `${f.line} ${f.ruleId}: ${f.message}`)).toEqual([]);
      expect(run.results.filter((r) => r.policy === "pii-handling").map((r) => `${r.rule} ${r.result}`)).toEqual(["pii-classification pass", "pii-protection pass"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("evaluates pii-handling on a contract of 150 PII columns that the interpreter runs (a `constructor` key), masked by name or encrypted", async () => {
    const fixture = readFileSync(join(TESTS, "pii-retention-ok.odcs.yaml"), "utf8");
    // A mapping with a `constructor` key is no plain data: the document's rules are interpreted, and their cost
    // estimated from its widest list (151) to the power of their comprehensions' nesting.
    const columns = Array.from(
      { length: 150 },
      (_, i) =>
        `      - name: c${i}\n        logicalType: string\n        classification: restricted\n        tags: [pii]\n` +
        (i % 2 === 0 ? "        encryptedName: c_enc\n" : "        customProperties: [{property: masking, value: SHA-256}]\n"),
    ).join("");
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-interpreted-"));
    try {
      const text = fixture.replace("slaProperties:", `${columns}slaProperties:`).replace("schema:", "customProperties:\n  - {property: lineage, value: {constructor: etl}}\nschema:");
      writeFileSync(join(dir, "wide.odcs.yaml"), text);
      const run = await runPolicy({ cwd: dir, paths: ["wide.odcs.yaml"], policies: BASELINE, today: "2026-11-30" });
      expect(run.findings.map((f) => `${f.line} ${f.ruleId}: ${f.message}`)).toEqual([]);
      expect(run.results.filter((r) => r.policy === "pii-handling").map((r) => `${r.rule} ${r.result}`)).toEqual(["pii-classification pass", "pii-protection pass"]);
      // A masking value that is no method is still told apart: the lookup reads maskingMethods as the search did.
      writeFileSync(join(dir, "wide.odcs.yaml"), text.replace("value: SHA-256}", "value: scramble}"));
      const masked = await runPolicy({ cwd: dir, paths: ["wide.odcs.yaml"], policies: BASELINE, today: "2026-11-30" });
      expect(masked.findings.map((f) => `${f.ruleId}: ${f.message.replace(/ names no method\).*/, "")}`)).toEqual(["pii-protection: Sensitive property `members.c1` is stored in clear (`masking: scramble`"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("checks a Terraform configuration of 400 encrypted, tagged buckets without reaching the cost limit", async () => {
    const tags = { Domain: "sales", DataProduct: "true", ManagedBy: "terraform", CostCenter: "CC-1" };
    const names = Array.from({ length: 400 }, (_, i) => `b${i}`);
    const config = {
      resource: {
        aws_s3_bucket: Object.fromEntries(names.map((n) => [n, { bucket: `acme-sales-${n}`, tags }])),
        aws_s3_bucket_server_side_encryption_configuration: Object.fromEntries(
          names.map((n) => [n, { bucket: `\${aws_s3_bucket.${n}.id}`, rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms" }] }] }]),
        ),
      },
    };
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-buckets-"));
    try {
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config, null, 1));
      const run = await runPolicy({ cwd: dir, paths: ["main.tf.json"], policies: BASELINE, today: "2026-11-30" });
      expect(run.findings.map((f) => `${f.line} ${f.ruleId}: ${f.message}`)).toEqual([]);
      expect(run.results.filter((r) => r.rule === "s3-bucket-encryption").map((r) => r.result)).toEqual(["pass"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("checks 500 counted buckets, each encrypted per instance by a counted configuration, without reaching the cost limit", async () => {
    // Each bucket's instances are matched against the configurations once, not once per instance and again per block.
    const tags = { Domain: "sales", DataProduct: "true", ManagedBy: "terraform", CostCenter: "CC-1" };
    const names = Array.from({ length: 500 }, (_, i) => `b${i}`);
    const config = {
      resource: {
        aws_s3_bucket: Object.fromEntries(names.map((n) => [n, { count: 3, bucket: `acme-sales-${n}-\${count.index}`, tags }])),
        aws_s3_bucket_server_side_encryption_configuration: Object.fromEntries(
          names.map((n) => [n, { count: 3, bucket: `\${aws_s3_bucket.${n}[count.index].id}`, rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms" }] }] }]),
        ),
      },
    };
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-counted-"));
    try {
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config, null, 1));
      const run = await runPolicy({ cwd: dir, paths: ["main.tf.json"], policies: BASELINE, today: "2026-11-30" });
      expect(run.findings.map((f) => `${f.line} ${f.ruleId}: ${f.message}`)).toEqual([]);
      expect(run.results.filter((r) => r.rule.startsWith("s3-bucket")).map((r) => `${r.rule} ${r.result}`)).toEqual(["s3-bucket-encryption pass", "s3-bucket-tags pass"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("checks 1,000 buckets and their encryption configurations, by reference and by planned name, without reaching the cost limit", async () => {
    const tags = { Domain: "sales", DataProduct: "true", ManagedBy: "terraform", CostCenter: "CC-1" };
    const names = Array.from({ length: 1000 }, (_, i) => `b${i}`);
    const rule = [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms" }] }];
    const config = {
      resource: {
        aws_s3_bucket: Object.fromEntries(names.map((n) => [n, { bucket: `acme-sales-${n}`, tags }])),
        aws_s3_bucket_server_side_encryption_configuration: Object.fromEntries(names.map((n) => [n, { bucket: `\${aws_s3_bucket.${n}.id}`, rule }])),
      },
    };
    // `terraform show -json`: the planned `bucket` of each configuration is its bucket's name.
    const resource = (type: string, name: string, values: object) => ({ address: `${type}.${name}`, mode: "managed", type, name, values });
    const plan = {
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: [
            ...names.map((n) => resource("aws_s3_bucket", n, { bucket: `acme-sales-${n}`, tags, tags_all: tags })),
            ...names.map((n) => resource("aws_s3_bucket_server_side_encryption_configuration", n, { bucket: `acme-sales-${n}`, rule })),
          ],
        },
      },
    };
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-1000-"));
    try {
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config, null, 1));
      writeFileSync(join(dir, "plan.tfplan.json"), JSON.stringify(plan, null, 1));
      for (const file of ["main.tf.json", "plan.tfplan.json"]) {
        const run = await runPolicy({ cwd: dir, paths: [file], policies: BASELINE, today: "2026-11-30" });
        expect([file, run.findings.map((f) => `${f.line} ${f.ruleId}: ${f.message}`)]).toEqual([file, []]);
        expect([file, run.results.map((r) => `${r.rule} ${r.result}`)]).toEqual([file, ["s3-bucket-encryption pass", "s3-bucket-tags pass", "resource-cost-tags pass", "storage-resource-tags pass"]]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("checks a plan of 400 bucket instances, encrypted by configurations keyed otherwise, without reaching the cost limit", async () => {
    const tags = { Domain: "sales", DataProduct: "true", ManagedBy: "terraform", CostCenter: "CC-1" };
    const keys = Array.from({ length: 400 }, (_, i) => `z${i}`);
    const rule = [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms" }] }];
    const instance = (type: string, key: string, values: object) => ({ address: `${type}.lake["${key}"]`, mode: "managed", type, name: "lake", index: key, values });
    const plan = (encrypted: readonly string[]) => ({
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: [
            ...keys.map((k) => instance("aws_s3_bucket", k, { bucket: `acme-sales-${k}`, tags, tags_all: tags })),
            ...encrypted.map((k) => instance("aws_s3_bucket_server_side_encryption_configuration", `${k}-sse`, { rule })),
          ],
        },
      },
      configuration: {
        root_module: {
          resources: [
            { address: "aws_s3_bucket.lake", mode: "managed", type: "aws_s3_bucket", name: "lake", for_each_expression: { references: ["var.zones"] } },
            {
              address: "aws_s3_bucket_server_side_encryption_configuration.lake",
              mode: "managed",
              type: "aws_s3_bucket_server_side_encryption_configuration",
              name: "lake",
              expressions: { bucket: { references: ["each.value.id", "each.value"] } },
              for_each_expression: { references: ["aws_s3_bucket.lake"] },
            },
          ],
        },
      },
    });
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-instances-"));
    try {
      const encryption = async (encrypted: readonly string[]) => {
        writeFileSync(join(dir, "plan.tfplan.json"), JSON.stringify(plan(encrypted)));
        const run = await runPolicy({ cwd: dir, paths: ["plan.tfplan.json"], policies: BASELINE, today: "2026-11-30" });
        return { results: run.results.map((r) => `${r.rule} ${r.result}`), findings: run.findings.filter((f) => f.ruleId === "s3-bucket-encryption").length };
      };
      expect(await encryption(keys)).toEqual({ results: ["s3-bucket-encryption pass", "s3-bucket-tags pass", "resource-cost-tags pass", "storage-resource-tags pass"], findings: 0 });
      // One configuration short: any instance may be the unencrypted one.
      expect(await encryption(keys.slice(1))).toEqual({ results: ["s3-bucket-encryption fail", "s3-bucket-tags pass", "resource-cost-tags pass", "storage-resource-tags pass"], findings: 400 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the Domain and DataProduct tags of storage-server-tags whatever requiredServerTags says, and suggests tags that pass", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-tags-"));
    try {
      writeFileSync(join(dir, "params.yaml"), "requiredServerTags: [ManagedBy]\n");
      const server = (tags: string) =>
        `apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\ndomain: sales\nservers:\n  - server: lake\n    type: s3\n    location: s3://lake/domain=sales/\n    customProperties:\n      - {property: encryption, value: kms}\n      - {property: tags, value: {${tags}}}\n`;
      const tagFindings = async (tags: string) => {
        writeFileSync(join(dir, "c.odcs.yaml"), server(tags));
        const run = await runPolicy({ cwd: dir, paths: ["c.odcs.yaml"], policies: BASELINE, paramsFile: "params.yaml", today: "2026-11-30" });
        return run.findings.filter((f) => f.ruleId === "storage-server-tags").map((f) => f.message.replace(/ \[policy .*\]$/, ""));
      };
      const suggestion = "Declare customProperties `- {property: tags, value: {Domain: sales, DataProduct: \"true\", ManagedBy: meshkit}}`.";
      expect(await tagFindings('DataProduct: "true", ManagedBy: tf')).toEqual([`Storage server \`lake\` (s3) tags: missing Domain. ${suggestion}`]);
      expect(await tagFindings("Domain: sales, ManagedBy: tf")).toEqual([`Storage server \`lake\` (s3) tags: missing DataProduct. ${suggestion}`]);
      expect(await tagFindings('Domain: " ", DataProduct: "no", ManagedBy: tf')).toEqual([`Storage server \`lake\` (s3) tags: empty Domain; DataProduct must be "true". ${suggestion}`]);
      // What the message suggests passes.
      expect(await tagFindings('Domain: sales, DataProduct: "true", ManagedBy: meshkit')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("checks an HDFS data location for the domain prefix, suggesting an HDFS location, without asking it for bucket tags or encryption", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-hdfs-"));
    try {
      writeFileSync(
        join(dir, "c.odcs.yaml"),
        "apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\ndomain: sales\nservers:\n  - server: onprem\n    type: custom\n    location: hdfs://nn:8020/lake/domain=marketing/orders/\n",
      );
      const run = await runPolicy({ cwd: dir, paths: ["c.odcs.yaml"], policies: BASELINE, today: "2026-11-30" });
      const storage = run.findings.filter((f) => f.ruleId.startsWith("storage-"));
      expect(storage.map((f) => `${f.line} ${f.ruleId}`)).toEqual(["10 storage-location-domain"]);
      expect(storage[0]!.message).toContain("(e.g. hdfs://<namenode>/<lake>/domain=sales/product=<product>/)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("suggests an encryption method and a data location of the storage server's own cloud, not S3's for GCS or Azure; what it suggests passes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-clouds-"));
    try {
      const contract = (servers: string) =>
        `apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\ndomain: sales\nservers:\n${servers}`;
      const tags = '      - {property: tags, value: {Domain: sales, DataProduct: "true", ManagedBy: meshkit}}\n';
      const server = (name: string, type: string, location: string, encryption = "") =>
        `  - server: ${name}\n    type: ${type}\n    location: ${location}\n    format: parquet\n    customProperties:\n${tags}${encryption}`;
      const servers =
        server("lake", "s3", "s3://acme-lake/sales/") +
        server("gcs", "custom", "gs://acme-lake/sales/") +
        server("adls", "azure", "abfss://lake@acme.dfs.core.windows.net/sales/") +
        server("blob", "azure", "https://acme.blob.core.windows.net/lake/sales/") +
        server("wasb", "custom", "wasbs://lake@acme.blob.core.windows.net/sales/");
      writeFileSync(join(dir, "c.odcs.yaml"), contract(servers));
      const run = await runPolicy({ cwd: dir, paths: ["c.odcs.yaml"], policies: BASELINE, today: "2026-11-30" });
      const advice = (rule: string, pattern: RegExp) => run.findings.filter((f) => f.ruleId === rule).map((f) => `${f.message.slice(0, f.message.indexOf(")"))}) ${pattern.exec(f.message)?.[1]}`);
      expect(advice("storage-server-encryption", /\(or ([^)]*)\)/)).toEqual([
        "Storage server `lake` (s3) aws:kms, sse-s3",
        "Storage server `gcs` (custom) google-managed, cmek",
        "Storage server `adls` (azure) microsoft-managed, cmk",
        "Storage server `blob` (azure) microsoft-managed, cmk",
        "Storage server `wasb` (custom) microsoft-managed, cmk",
      ]);
      expect(advice("storage-location-domain", /\(e\.g\. ([^ ]*)\)\./)).toEqual([
        "Storage server `lake` (s3) s3://<bucket>/domain=sales/product=<product>/",
        "Storage server `gcs` (custom) gs://<bucket>/domain=sales/product=<product>/",
        "Storage server `adls` (azure) abfss://<container>@<account>.dfs.core.windows.net/domain=sales/product=<product>/",
        "Storage server `blob` (azure) abfss://<container>@<account>.dfs.core.windows.net/domain=sales/product=<product>/",
        "Storage server `wasb` (custom) wasbs://<container>@<account>.blob.core.windows.net/domain=sales/product=<product>/",
      ]);
      // What the messages suggest passes.
      const encryption = (method: string) => `      - {property: encryption, value: ${method}}\n`;
      writeFileSync(
        join(dir, "c.odcs.yaml"),
        contract(
          server("lake", "s3", "s3://acme-lake/domain=sales/product=orders/", encryption("sse-s3")) +
            server("gcs", "custom", "gs://acme-lake/domain=sales/product=orders/", encryption("google-managed")) +
            server("adls", "azure", "abfss://lake@acme.dfs.core.windows.net/domain=sales/product=orders/", encryption("cmk")),
        ),
      );
      const fixed = await runPolicy({ cwd: dir, paths: ["c.odcs.yaml"], policies: BASELINE, today: "2026-11-30" });
      expect(fixed.findings.filter((f) => f.ruleId.startsWith("storage-"))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("matches tag names ignoring case and separators, and exactly with exactTagKeys: true", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-tag-keys-"));
    try {
      const fixture = (name: string) => readFileSync(join(TESTS, name), "utf8");
      writeFileSync(join(dir, "main.tf.json"), fixture("infra-config-tag-spellings.tf.json"));
      writeFileSync(join(dir, "c.odcs.yaml"), fixture("storage-servers-spellings-ok.odcs.yaml"));
      const failing = async (params: string) => {
        writeFileSync(join(dir, "params.yaml"), params);
        const run = await runPolicy({ cwd: dir, paths: ["main.tf.json", "c.odcs.yaml"], policies: BASELINE, paramsFile: "params.yaml", today: "2026-11-30" });
        expect(run.summary.error).toBe(0);
        return run.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}: ${f.message.replace(/ \[policy .*\]$/, "")}`);
      };
      const loose = await failing("exactTagKeys: false\n");
      expect(loose).toEqual([
        expect.stringMatching(/^main\.tf\.json:8 s3-bucket-tags: S3 bucket `aws_s3_bucket\.scratch` tags: DataProduct must be "true"\. /),
        "main.tf.json:16 resource-cost-tags: Resource `aws_sqs_queue.orders` lacks cost tags CostCenter: set tags = { Domain = \"<Domain>\", CostCenter = \"<CostCenter>\" } (or the provider default_tags) so its cost is charged to the domain.",
      ]);
      // Spelled exactly, none of the fixture's lower-case or dashed names is a platform tag.
      const exact = await failing("exactTagKeys: true\n");
      expect(exact).toEqual([
        expect.stringMatching(/^c\.odcs\.yaml:41 storage-server-tags: Storage server `gcs` \(custom\) tags: missing Domain, DataProduct, ManagedBy\. /),
        expect.stringContaining("main.tf.json:7 s3-bucket-tags: S3 bucket `aws_s3_bucket.curated` tags: missing DataProduct, Domain, ManagedBy, CostCenter."),
        expect.stringContaining("main.tf.json:8 s3-bucket-tags: S3 bucket `aws_s3_bucket.scratch` tags: missing DataProduct, ManagedBy, CostCenter."),
        expect.stringContaining("main.tf.json:15 resource-cost-tags: Resource `aws_sqs_queue.events` lacks cost tags Domain, CostCenter:"),
        expect.stringContaining("main.tf.json:16 resource-cost-tags: Resource `aws_sqs_queue.orders` lacks cost tags Domain, CostCenter:"),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("suggests cost labels as GCP writes them and, for Azure, no default_tags the azurerm provider lacks; what it suggests passes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-cost-labels-"));
    try {
      const check = async (google: string, azure: string) => {
        const config = `{"resource": {"google_bigquery_dataset": {"ds": {"dataset_id": "sales", "labels": {${google}}}},
          "azurerm_resource_group": {"sales": {"name": "rg-sales", "location": "westeurope"${azure}}}}}`;
        writeFileSync(join(dir, "main.tf.json"), config);
        const run = await runPolicy({ cwd: dir, paths: ["main.tf.json"], policies: BASELINE, today: "2026-11-30" });
        return run.findings.map((f) => `${f.line} ${f.ruleId}: ${f.message.replace(/ \[policy .*\]$/, "")}`);
      };
      expect(await check('"team": "x"', "")).toEqual([
        "1 resource-cost-tags: Resource `google_bigquery_dataset.ds` lacks cost labels domain, cost_center: set labels = { domain = \"<domain>\", cost_center = \"<cost_center>\" } (or the provider default_labels) so its cost is charged to the domain. No google provider is configured in this folder: if it is a child module, the default_labels its caller gives it are not seen here; check the plan.",
        "2 resource-cost-tags: Resource `azurerm_resource_group.sales` lacks cost tags Domain, CostCenter: set tags = { Domain = \"<Domain>\", CostCenter = \"<CostCenter>\" } so its cost is charged to the domain.",
      ]);
      expect(await check('"domain": "sales", "cost_center": "cc-1"', ', "tags": {"Domain": "sales", "CostCenter": "cc-1"}')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a bucket whose encryption configuration's bucket is an unreadable local value as one that may not be encrypted, naming the local", async () => {
    const run = await runPolicy({ cwd: TESTS, paths: ["infra-plan-local-encryption.tfplan.json"], policies: BASELINE, today: "2026-11-30" });
    expect(run.findings.map((f) => [f.line, f.message.replace(/ \[policy .*\]$/, "")])).toEqual([
      [13, expect.stringMatching(/^S3 bucket `aws_s3_bucket\.raw` may not be encrypted at rest: 1 encryption configuration takes its bucket from a local value \(`local\.raw_bucket_id`\), .* for 2 buckets of the root module /)],
      [36, expect.stringMatching(/^S3 bucket `aws_s3_bucket\.curated` may not be encrypted at rest: .*`bucket = aws_s3_bucket\.curated\.id`/)],
    ]);
  });

  it("judges each instance of a configuration bucket with a literal for_each or count, and says when its instances are known only at plan", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-instances-"));
    const sse = (bucket: string, forEach?: string) =>
      JSON.stringify({ ...(forEach ? { for_each: forEach } : {}), bucket, rule: { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" } } });
    const write = (buckets: string, configurations: string) =>
      writeFileSync(
        join(dir, "main.tf.json"),
        `{"provider": {"aws": {"default_tags": {"tags": {"DataProduct": "true", "Domain": "sales", "ManagedBy": "tf", "CostCenter": "cc-1"}}}},
"resource": {"aws_s3_bucket": {${buckets}},
"aws_s3_bucket_server_side_encryption_configuration": {${configurations}}}}`,
      );
    const findings = async () =>
      (await runPolicy({ cwd: dir, paths: ["main.tf.json"], policies: BASELINE, today: "2026-11-30" })).findings.map((f) => `${f.line} ${f.ruleId}: ${f.message.replace(/ \[policy .*\]$/, "")}`);
    try {
      write(
        `"c": {"for_each": {
"x": "acme-x",
"y": "acme-y"}, "bucket": "\${each.value}"},
"n": {"count": 3, "bucket": "acme-n-\${count.index}"}`,
        `"cx": ${sse('${aws_s3_bucket.c["x"].id}')}, "n0": ${sse("${aws_s3_bucket.n[0].id}")}`,
      );
      expect(await findings()).toEqual([
        "4 s3-bucket-encryption: S3 bucket `aws_s3_bucket.c` is not encrypted at rest for 1 of the 2 instances its `for_each` makes: `aws_s3_bucket.c[\"y\"]`. Add an `aws_s3_bucket_server_side_encryption_configuration` for each (`bucket = aws_s3_bucket.c[\"y\"].id`), or key one as the bucket (`for_each = aws_s3_bucket.c` with `bucket = each.value.id`).",
        "5 s3-bucket-encryption: S3 bucket `aws_s3_bucket.n` is not encrypted at rest for 2 of the 3 instances its `count` makes: `aws_s3_bucket.n[1]`, `aws_s3_bucket.n[2]`. Add an `aws_s3_bucket_server_side_encryption_configuration` for each (`bucket = aws_s3_bucket.n[1].id`), or key one as the bucket (`count = length(aws_s3_bucket.n)` with `bucket = aws_s3_bucket.n[count.index].id`).",
      ]);
      // Every instance named, or the configuration keyed as the bucket: encrypted. `count = 0` makes no bucket.
      write(
        `"c": {"for_each": {"x": "acme-x", "y": "acme-y"}, "bucket": "\${each.value}"}, "s": {"for_each": "\${toset([\\"a\\", \\"b\\"])}", "bucket": "\${each.value}"}, "z": {"count": 0, "bucket": "none"}`,
        `"cx": ${sse('${aws_s3_bucket.c["x"].id}')}, "cy": ${sse('${aws_s3_bucket.c["y"].bucket}')}, "s": ${sse("${each.value.id}", "${aws_s3_bucket.s}")}`,
      );
      expect(await findings()).toEqual([]);
      // Several instances without one: the finding is at the for_each, not at one entry a waiver could name.
      write(`"c": {"for_each": {"x": "acme-x",\n"y": "acme-y", "w": "acme-w"}, "bucket": "\${each.value}"}`, `"cx": ${sse('${aws_s3_bucket.c["x"].id}')}`);
      expect(await findings()).toEqual([expect.stringMatching(/^2 s3-bucket-encryption: .* for 2 of the 3 instances its `for_each` makes: `aws_s3_bucket.c\["y"\]`, `aws_s3_bucket.c\["w"\]`\./)]);
      // A configuration with a literal for_each (count) of its own, indexing the bucket by it, encrypts its keys' instances only.
      write(
        `"c": {"for_each": {"x": "acme-x", "y": "acme-y"}, "bucket": "\${each.value}"},\n"n": {"count": 3, "bucket": "acme-n-\${count.index}"}`,
        `"c": ${sse("${aws_s3_bucket.c[each.key].id}").replace("{", '{"for_each": {"x": 1}, ')}, "n": ${sse("${aws_s3_bucket.n[count.index].id}").replace("{", '{"count": 2, ')}`,
      );
      expect((await findings()).map((f) => f.replace(/ instances its .*: /, ": "))).toEqual([
        "2 s3-bucket-encryption: S3 bucket `aws_s3_bucket.c` is not encrypted at rest for 1 of the 2: `aws_s3_bucket.c[\"y\"]`. Add an `aws_s3_bucket_server_side_encryption_configuration` for each (`bucket = aws_s3_bucket.c[\"y\"].id`), or key one as the bucket (`for_each = aws_s3_bucket.c` with `bucket = each.value.id`).",
        "3 s3-bucket-encryption: S3 bucket `aws_s3_bucket.n` is not encrypted at rest for 1 of the 3: `aws_s3_bucket.n[2]`. Add an `aws_s3_bucket_server_side_encryption_configuration` for each (`bucket = aws_s3_bucket.n[2].id`), or key one as the bucket (`count = length(aws_s3_bucket.n)` with `bucket = aws_s3_bucket.n[count.index].id`).",
      ]);
      // A for_each meshkit cannot read, with a configuration naming one instance: said, not passed.
      write(`"u": {"for_each": "\${var.zones}", "bucket": "\${each.value}"}`, `"eu": ${sse('${aws_s3_bucket.u["eu"].id}')}`);
      expect(await findings()).toEqual([
        expect.stringMatching(/^2 s3-bucket-encryption: S3 bucket `aws_s3_bucket.u` may not be encrypted at rest: its encryption configurations name only some of its instances \(`\$\{aws_s3_bucket.u\["eu"\].id\}`\), and which instances its `for_each` makes is known only at plan\. /),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the instance of a counted plan bucket in the fix it suggests", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-counted-"));
    try {
      const tags = { DataProduct: "true", Domain: "sales", ManagedBy: "tf", CostCenter: "cc-1" };
      const plan = {
        format_version: "1.2",
        planned_values: { root_module: { resources: [{ address: "aws_s3_bucket.logs[0]", mode: "managed", type: "aws_s3_bucket", name: "logs", index: 0, values: { bucket: "acme-logs-0", tags } }] } },
        configuration: { root_module: { resources: [{ address: "aws_s3_bucket.logs", mode: "managed", type: "aws_s3_bucket", name: "logs", count_expression: { constant_value: 1 }, expressions: {} }] } },
      };
      writeFileSync(join(dir, "plan.tfplan.json"), JSON.stringify(plan));
      const run = await runPolicy({ cwd: dir, paths: ["plan.tfplan.json"], policies: BASELINE, today: "2026-11-30" });
      expect(run.findings.map((f) => f.message)).toEqual([expect.stringContaining("with `bucket = aws_s3_bucket.logs[0].id` and")]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says where a child module's missing tags may be when its folder configures no aws provider, and only then", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-child-module-"));
    try {
      writeFileSync(
        join(dir, "main.tf.json"),
        `{"resource": {"aws_s3_bucket": {"lake": {"bucket": "acme-lake", "tags": {"DataProduct": "true", "Domain": "sales"}}},
          "aws_s3_bucket_server_side_encryption_configuration": {"lake": {"bucket": "\${aws_s3_bucket.lake.id}", "rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms"}}}}}}`,
      );
      const messages = async () => (await runPolicy({ cwd: dir, paths: ["main.tf.json"], policies: BASELINE, today: "2026-11-30" })).findings.map((f) => f.message.replace(/ \[policy .*\]$/, ""));
      const hint = "No aws provider is configured in this folder: if it is a child module, the default_tags its caller gives it are not seen here; check the plan.";
      expect(await messages()).toEqual([expect.stringMatching(/^S3 bucket `aws_s3_bucket.lake` tags: missing ManagedBy, CostCenter\. .* \(or the provider default_tags\)\. /)]);
      expect((await messages())[0]!.endsWith(hint)).toBe(true);
      // An aws provider in the module's other file, even one without default_tags: a root module, no hint.
      writeFileSync(join(dir, "providers.tf.json"), `{"provider": {"aws": {"region": "eu-west-1"}}}`);
      expect((await messages())[0]!.endsWith("(or the provider default_tags).")).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("requires the data product tags on GCS buckets (as lower-case labels, also with exactTagKeys: true) and Azure storage accounts; what it suggests passes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-storage-labels-"));
    try {
      const check = async (labels: string, tags: string, params = "exactTagKeys: true\n") => {
        writeFileSync(join(dir, "params.yaml"), params);
        writeFileSync(join(dir, "main.tf.json"), `{"provider": {"google": {"default_labels": {"managed_by": "terraform"}}},
          "resource": {"google_storage_bucket": {"lake": {"name": "acme-lake", "location": "EU", "labels": {${labels}}}},
          "azurerm_storage_account": {"lake": {"name": "acmelake", "tags": {${tags}}}}}}`);
        const run = await runPolicy({ cwd: dir, paths: ["main.tf.json"], policies: BASELINE, paramsFile: "params.yaml", today: "2026-11-30" });
        expect(run.summary.error).toBe(0);
        return run.findings.map((f) => `${f.line} ${f.ruleId}: ${f.message.replace(/ \[policy .*\]$/, "")}`);
      };
      expect(await check('"domain": "sales", "cost_center": "cc-1"', '"Domain": "sales", "CostCenter": "cc-1", "DataProduct": "false"')).toEqual([
        '2 storage-resource-tags: Storage `google_storage_bucket.lake` labels: missing data_product. Set labels = { data_product = "true", domain = "<domain>", managed_by = "<managed_by>", cost_center = "<cost_center>" } (or the provider default_labels).',
        '3 storage-resource-tags: Storage `azurerm_storage_account.lake` tags: missing ManagedBy; DataProduct must be "true". Set tags = { DataProduct = "true", Domain = "<Domain>", ManagedBy = "<ManagedBy>", CostCenter = "<CostCenter>" }.',
      ]);
      // What the messages suggest passes, with exact keys and without.
      const labels = '"data_product": "true", "domain": "sales", "cost_center": "cc-1"';
      const tags = '"DataProduct": "true", "Domain": "sales", "ManagedBy": "terraform", "CostCenter": "cc-1"';
      expect(await check(labels, tags)).toEqual([]);
      expect(await check(labels, tags, "exactTagKeys: false\n")).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("suggests an owner in the team shape of the contract's ODCS version, and what it suggests passes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-owner-"));
    try {
      const contract = (apiVersion: string, team: string) =>
        `apiVersion: ${apiVersion}\nkind: DataContract\nid: c\nname: orders\nversion: 1.0.0\nstatus: active\ndomain: sales\n${team}support:\n  - {channel: "#sales", url: https://chat.example/sales}\n`;
      const ownerFindings = async (apiVersion: string, team: string) => {
        writeFileSync(join(dir, "c.odcs.yaml"), contract(apiVersion, team));
        const run = await runPolicy({ cwd: dir, paths: ["c.odcs.yaml"], policies: BASELINE, today: "2026-11-30" });
        return run.findings.filter((f) => f.ruleId === "owner-declared").map((f) => f.message.replace(/^.*has no owner: /, "").replace(/ \[policy .*\]$/, ""));
      };
      const listForm = "add a member with `role: owner` to `team`, e.g. team: [{username: <email>, role: owner}].";
      const objectForm = "add `team.name` and a member with `role: owner`, e.g. team: {name: <team>, members: [{username: <email>, role: owner}]}.";
      // ODCS v3.0.x has no team object (its schema rejects `team: {name, members}`): the list form is suggested.
      expect(await ownerFindings("v3.0.2", "")).toEqual([listForm]);
      expect(await ownerFindings("v3.0.0", "team:\n  - {username: ann, role: analyst}\n")).toEqual([listForm]);
      expect(await ownerFindings("v3.1.0", "team:\n  - {username: ann, role: analyst}\n")).toEqual([listForm]);
      expect(await ownerFindings("v3.1.0", "")).toEqual([objectForm]);
      // What each message suggests passes.
      expect(await ownerFindings("v3.0.2", "team:\n  - {username: ann, role: owner}\n")).toEqual([]);
      expect(await ownerFindings("v3.1.0", "team: {name: sales, members: [{username: ann, role: owner}]}\n")).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names a nested property or array item by its full name in every message, so that two nested columns of one name are told apart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-nested-"));
    try {
      writeFileSync(
        join(dir, "c.odcs.yaml"),
        [
          "apiVersion: v3.1.0",
          "kind: DataContract",
          "id: c",
          "name: contacts",
          "version: 1.0.0",
          "status: active",
          "domain: crm",
          "tags: [crm]",
          "team: {name: crm}",
          "support: [{channel: '#crm'}]",
          "schema:",
          "  - name: contacts",
          "    properties:",
          "      - name: billing",
          "        logicalType: object",
          "        properties:",
          "          - {name: street, logicalType: string, tags: [pii]}",
          "      - name: shipping",
          "        logicalType: object",
          "        properties:",
          "          - {name: street, logicalType: string, classification: public, tags: [pii]}",
          "          - {name: id, logicalType: string, primaryKey: true}",
          "      - name: phones",
          "        logicalType: array",
          "        items:",
          "          logicalType: object",
          "          properties:",
          "            - {name: number, logicalType: string, classification: pii}",
          "",
        ].join("\n"),
      );
      const run = await runPolicy({ cwd: dir, paths: ["c.odcs.yaml"], policies: BASELINE, today: "2026-11-30" });
      const messages = run.findings.map((f) => `${f.line} ${f.ruleId} ${f.message.replace(/:.*$/, "").replace(/ but .*$/, "")}`);
      expect(messages.sort()).toEqual([
        "1 pii-retention-declared Contract `contacts` holds PII (contacts.billing.street, contacts.shipping.street, contacts.phones[].number)",
        "17 pii-classification PII property `contacts.billing.street` has no classification",
        "17 pii-protection Sensitive property `contacts.billing.street` is stored in clear",
        "21 pii-classification PII property `contacts.shipping.street` is classified `public`, too low for personal data",
        "21 pii-protection Sensitive property `contacts.shipping.street` is stored in clear",
        "22 primary-key-not-null Primary key `contacts.shipping.id` may be null",
        "28 pii-protection Sensitive property `contacts.phones[].number` is stored in clear",
        "8 pii-contract-tag Contract `contacts` holds PII (contacts.billing.street, contacts.shipping.street, contacts.phones[].number)",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("quotes a short ISO 8601 retention without the unit it ignores, and a number with its unit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-iso-retention-"));
    try {
      const retentionMessages = async (retention: string) =>
        (await retentionFindings(dir, retention)).map((f) => f.message.replace(/^.* and keeps it /, "").replace(/;.*$/, ""));
      // The duration's own designators say how long: a `unit` next to it is ignored, so quoting it (`P6Y y`) misreads the value.
      expect(await retentionMessages("{property: retention, value: P6Y, unit: y}")).toEqual(["P6Y (6.00 years)"]);
      expect(await retentionMessages("{property: retention, value: P60M, unit: days}")).toEqual(["P60M (5.00 years)"]);
      expect(await retentionMessages("{property: retention, value: P6Y}")).toEqual(["P6Y (6.00 years)"]);
      expect(await retentionMessages("{property: retention, value: 6, unit: Years}")).toEqual(["6 years (6.00 years)"]);
      expect(await retentionMessages("{property: retention, value: P7Y, unit: d}")).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("quotes a retention value that is a list, a map or a blank string as such, not as no value", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-retention-shape-"));
    try {
      const unreadable = async (retention: string) =>
        (await retentionFindings(dir, retention)).map((f) => `${f.path} ${/retention `([^`]*)` cannot be read/.exec(f.message)?.[1]}`);
      expect(await unreadable("{property: retention, value: [7], unit: y}")).toEqual(["/slaProperties/0/value (a list) y"]);
      expect(await unreadable("{property: retention, value: {years: 7}}")).toEqual(["/slaProperties/0/value (a map)"]);
      expect(await unreadable('{property: retention, value: " ", unit: y}')).toEqual(["/slaProperties/0/value (a blank string) y"]);
      expect(await unreadable("{property: retention, unit: y}")).toEqual(["/slaProperties/0 (no value) y"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the first three PII columns of a wide contract and how many more, not every one, in the pii-retention messages", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-pii-names-"));
    try {
      const fixture = readFileSync(join(TESTS, "pii-retention-ok.odcs.yaml"), "utf8");
      const columns = (count: number) => Array.from({ length: count }, (_, i) => `      - {name: c${i}, logicalType: string, classification: restricted, tags: [pii], encryptedName: c${i}_enc}\n`).join("");
      const tagMessages = async (count: number) => {
        // Untagged, and without a retention: both messages say what makes the contract a PII one.
        writeFileSync(join(dir, "c.odcs.yaml"), fixture.replace(/^tags:.*\n/m, "").replace(/slaProperties:[\s\S]*$/, "").replace(/(\n {4}properties:\n)/, `$1${columns(count)}`));
        const run = await runPolicy({ cwd: dir, paths: ["c.odcs.yaml"], policies: BASELINE, today: "2026-11-30" });
        return run.findings.filter((f) => f.ruleId.startsWith("pii-")).map((f) => `${f.ruleId} ${f.message.replace(/^.* holds PII \(/, "").replace(/\) but .*$/, "")}`);
      };
      // 2,000 columns and the fixture's own full_name: three named, 1,998 counted.
      expect(await tagMessages(2000)).toEqual([
        "pii-retention-declared members.c0, members.c1, members.c2 and 1998 more",
        "pii-contract-tag members.c0, members.c1, members.c2 and 1998 more",
      ]);
      expect(await tagMessages(2)).toEqual(["pii-retention-declared members.c0, members.c1, members.full_name", "pii-contract-tag members.c0, members.c1, members.full_name"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says a storage server's `tags` cannot be read as tags, not that there is none, when its value is a string, empty, or a list of strings", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-server-tags-"));
    try {
      const tagMessages = async (declaration: string) => {
        writeFileSync(
          join(dir, "c.odcs.yaml"),
          `apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\ndomain: sales\nservers:\n  - server: lake\n    type: s3\n    location: s3://lake/domain=sales/\n    customProperties:\n      - {property: encryption, value: kms}\n${declaration}`,
        );
        const run = await runPolicy({ cwd: dir, paths: ["c.odcs.yaml"], policies: BASELINE, today: "2026-11-30" });
        return run.findings.filter((f) => f.ruleId === "storage-server-tags").map((f) => f.message.replace(/^Storage server `lake` \(s3\) tags: /, "").replace(/\. Declare .*$/, ""));
      };
      const unread = "`tags` is not a map of tag names to values, or a list of only {key, value} entries";
      expect(await tagMessages("")).toEqual(["no `tags` custom property"]);
      expect(await tagMessages('      - {property: tags, value: "Domain=sales,DataProduct=true,ManagedBy=meshkit"}\n')).toEqual([unread]);
      expect(await tagMessages("      - {property: tags}\n")).toEqual([unread]);
      expect(await tagMessages("      - {property: tags, value: [Domain=sales, DataProduct=true, ManagedBy=meshkit]}\n")).toEqual([`${unread}; missing Domain, DataProduct, ManagedBy`]);
      expect(await tagMessages('      - {property: tags, value: [{key: Domain, value: sales}, {Key: DataProduct, Value: "true"}, ManagedBy=meshkit]}\n')).toEqual([`${unread}; missing ManagedBy`]);
      // Readable tags, in either form, pass.
      expect(await tagMessages('      - {property: tags, value: [{key: Domain, value: sales}, {Key: DataProduct, Value: "true"}, {key: ManagedBy, value: meshkit}]}\n')).toEqual([]);
      expect(await tagMessages('      - {property: tags, value: {Domain: sales, DataProduct: "true", ManagedBy: meshkit}}\n')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("checks every data location of a contract whose other server has a type that is no string, naming that one without its type", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-server-type-"));
    try {
      writeFileSync(
        join(dir, "c.odcs.yaml"),
        "apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\ndomain: sales\nservers:\n  - type: [s3]\n    location: s3://lake/marketing/\n  - server: glue\n    type: glue\n    location: s3://lake/domain=marketing/orders/\n",
      );
      const run = await runPolicy({ cwd: dir, paths: ["c.odcs.yaml"], policies: BASELINE, today: "2026-11-30" });
      expect(run.findings.filter((f) => f.ruleId.startsWith("storage-") || f.ruleId === "policy-runtime-error").map((f) => `${f.line} ${f.ruleId} ${f.message.replace(/, outside .*$/, "")}`)).toEqual([
        "9 storage-location-domain Storage server `server` keeps data at `s3://lake/marketing/`",
        "12 storage-location-domain Storage server `glue` (glue) keeps data at `s3://lake/domain=marketing/orders/`",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads a storage server's encryption under the names pii-protection reads, and does not claim provision applies it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-encryption-"));
    try {
      const encryptionFindings = async (declaration: string) => {
        writeFileSync(
          join(dir, "c.odcs.yaml"),
          `apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\ndomain: sales\nservers:\n  - server: lake\n    type: s3\n    location: s3://lake/domain=sales/\n    customProperties:\n      - ${declaration}\n      - {property: tags, value: {Domain: sales, DataProduct: "true", ManagedBy: meshkit}}\n`,
        );
        const run = await runPolicy({ cwd: dir, paths: ["c.odcs.yaml"], policies: BASELINE, today: "2026-11-30" });
        return run.findings.filter((f) => f.ruleId === "storage-server-encryption").map((f) => f.message.replace(/ \[policy .*\]$/, ""));
      };
      // provision does not read the server's customProperties: it encrypts the lake bucket it creates with KMS itself.
      const fix = "add customProperties `- {property: encryption, value: kms}` (or aws:kms, sse-s3), saying how the data is encrypted at rest.";
      expect(await encryptionFindings("{property: encryption, value: none}")).toEqual([`Storage server \`lake\` (s3) declares no encryption at rest (\`encryption: none\` names no method): ${fix}`]);
      expect(await encryptionFindings("{property: Encrypted, value: false}")).toEqual([`Storage server \`lake\` (s3) declares no encryption at rest (\`Encrypted: false\` names no method): ${fix}`]);
      expect(await encryptionFindings("{property: description, value: kms}")).toEqual([`Storage server \`lake\` (s3) declares no encryption at rest: ${fix}`]);
      for (const declaration of ["{property: encrypted, value: true}", "{property: encryptionMethod, value: aws:kms}", "{property: encryption_algorithm, value: AES256}", "{property: encryption, value: sse-s3}"]) {
        expect([declaration, await encryptionFindings(declaration)]).toEqual([declaration, []]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the version of the contract output-port-freshness-sla checked: the latest of its id, whichever file the reader opens", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-versions-"));
    try {
      const contract = (version: string, sla: string) =>
        `apiVersion: v3.1.0\nkind: DataContract\nid: orders\nname: orders\nversion: ${version}\nstatus: active\n${sla}`;
      writeFileSync(join(dir, "orders-v1.odcs.yaml"), contract("1.0.0", "slaProperties:\n  - {property: latency, value: 4, unit: h}\n"));
      writeFileSync(join(dir, "orders-v2.odcs.yaml"), contract("2.0.0", ""));
      writeFileSync(join(dir, "product.odps.yaml"), "apiVersion: v1.0.0\nkind: DataProduct\nid: p\nname: p\nstatus: active\noutputPorts:\n  - {name: orders, version: 1.0.0, contractId: orders}\n");
      const run = await runPolicy({ cwd: dir, paths: ["product.odps.yaml"], policies: BASELINE, today: "2026-11-30" });
      expect(run.findings.filter((f) => f.ruleId === "output-port-freshness-sla").map((f) => f.message.replace(/: add .*$/, ""))).toEqual([
        "Output port `orders`: contract `orders` version 2.0.0 promises no freshness",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says a port's contract may be in a file that could not be parsed, not only that it is not in the repository", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-unread-"));
    try {
      writeFileSync(join(dir, "product.odps.yaml"), "apiVersion: v1.0.0\nkind: DataProduct\nid: p\nname: p\nstatus: active\noutputPorts:\n  - {name: orders, version: 1.0.0, contractId: orders}\n");
      const freshness = async (paths: string[]) => {
        const run = await runPolicy({ cwd: dir, paths, policies: BASELINE, today: "2026-11-30" });
        return run.findings.filter((f) => f.ruleId === "output-port-freshness-sla").map((f) => f.message.replace(/ \[policy .*\]$/, ""));
      };
      const absent = "Output port `orders`: contract `orders` is not in this repository";
      const fix = ", so its freshness cannot be checked; add the contract or fix `contractId`.";
      expect(await freshness([])).toEqual([absent + fix]);
      // The contract is there, but its YAML does not parse: the whole project, and the product named alone (the project searched).
      writeFileSync(join(dir, "orders.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nid: orders\nschema:\n  - name: orders\n    properties: [ {name: id\nslaProperties:\n  - {property: latency, value: 4}\n");
      const unread = (files: string) => `${absent} (or it is in a file meshkit could not read: ${files}; see the findings there)${fix}`;
      expect(await freshness([])).toEqual([unread("orders.odcs.yaml")]);
      expect(await freshness(["product.odps.yaml"])).toEqual([unread("orders.odcs.yaml")]);
      for (const n of [1, 2, 3, 4]) writeFileSync(join(dir, `more-${n}.odcs.yaml`), "apiVersion: v3.1.0\nkind: DataContract\nid: [\n");
      expect(await freshness(["product.odps.yaml"])).toEqual([unread("more-1.odcs.yaml, more-2.odcs.yaml, more-3.odcs.yaml and 2 more")]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("counts a contract of an apiVersion meshkit does not read among the files a port's contract may be in", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-baseline-unsupported-"));
    try {
      writeFileSync(join(dir, "product.odps.yaml"), "apiVersion: v1.0.0\nkind: DataProduct\nid: p\nname: p\nstatus: active\noutputPorts:\n  - {name: orders, version: 1.0.0, contractId: orders}\n");
      // Its id is the port's, but meshkit reads no v9 contract: it is in no `contracts` index.
      writeFileSync(join(dir, "orders.odcs.yaml"), "apiVersion: v9.0.0\nkind: DataContract\nid: orders\nversion: 1.0.0\nstatus: active\nslaProperties:\n  - {property: latency, value: 4, unit: h}\n");
      const freshness = async (paths: string[]) => {
        const run = await runPolicy({ cwd: dir, paths, policies: BASELINE, today: "2026-11-30" });
        return run.findings.filter((f) => f.ruleId === "output-port-freshness-sla").map((f) => f.message.replace(/ \[policy .*\]$/, ""));
      };
      const unread = "Output port `orders`: contract `orders` is not in this repository (or it is in a file meshkit could not read: orders.odcs.yaml; see the findings there), so its freshness cannot be checked; add the contract or fix `contractId`.";
      // The whole project (the file among the checked ones) and the product named alone (the project searched).
      expect(await freshness([])).toEqual([unread]);
      expect(await freshness(["product.odps.yaml"])).toEqual([unread]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("passes on every example product, contract and config of this repository", async () => {
    const run = await runPolicy({ cwd: REPO, paths: ["examples"], policies: BASELINE, today: "2026-11-30" });
    expect(run.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([]);
    expect(run.summary.fail + run.summary.error + run.summary.warn).toBe(0);
    expect(run.summary.pass).toBeGreaterThan(50);
    // Every example domain's product and contracts were checked (and the platform config).
    const resources = new Set(run.results.map((r) => r.resource));
    for (const domain of readdirSync(join(REPO, "examples", "domains"))) {
      expect([...resources].filter((r) => r.startsWith(`examples/domains/${domain}/`)).length).toBeGreaterThanOrEqual(2);
    }
  });
});
