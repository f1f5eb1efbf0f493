import { describe, expect, it } from "vitest";
import { TERRAFORM_TARGETS, type TerraformTarget, renderTerraform } from "./index.js";
import { AWS_SCHEMAS, type BlockSchema, GOOGLE_SCHEMAS, PROVIDER_SCHEMAS, type ResourceSchemas, SNOWFLAKE_SCHEMAS, type SchemaEntry } from "./provider-schemas.js";
import { exampleModel } from "./test-support.js";

/**
 * An offline stand-in for `terraform validate` where the providers are not installed: every resource
 * and provider block uses only arguments its provider's schema has, with the right types, required
 * arguments and block counts; every reference names a declared variable or a rendered resource and an
 * attribute it has.
 */
const SCHEMAS: Record<TerraformTarget, ResourceSchemas> = { aws: AWS_SCHEMAS, snowflake: SNOWFLAKE_SCHEMAS, bigquery: GOOGLE_SCHEMAS };
const META_ARGUMENTS = new Set(["depends_on", "lifecycle", "count", "for_each", "provider"]);

type Json = Record<string, unknown>;

function checkBlock(schema: Record<string, SchemaEntry>, value: unknown, at: string, errors: string[], meta: boolean): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    errors.push(`${at}: a block must be an object`);
    return;
  }
  for (const [key, entry] of Object.entries(schema)) {
    if (typeof entry === "string" ? entry.startsWith("!") : (entry.min ?? 0) > 0) if (!(key in value)) errors.push(`${at}: missing required ${key}`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (key === "//" || (meta && META_ARGUMENTS.has(key))) continue;
    const entry = schema[key];
    if (entry === undefined) errors.push(`${at}: unknown argument ${key}`);
    else if (typeof entry === "string") checkAttribute(entry, item, `${at}.${key}`, errors);
    else checkNested(entry, item, `${at}.${key}`, errors);
  }
}

function checkAttribute(entry: string, value: unknown, at: string, errors: string[]): void {
  if (entry.startsWith("~")) return void errors.push(`${at}: computed, cannot be set`);
  if (typeof value === "string" && /(^|[^$])\$\{/.test(value)) return; // an expression: typed by Terraform
  const type = entry.replace(/^!/, "");
  const ok =
    type === "string" ? typeof value === "string" : type === "bool" ? typeof value === "boolean" : type === "number" ? typeof value === "number" : type === "map" ? typeof value === "object" && value !== null && !Array.isArray(value) : Array.isArray(value);
  if (!ok) errors.push(`${at}: expected ${type}, got ${JSON.stringify(value)}`);
}

function checkNested(entry: BlockSchema, value: unknown, at: string, errors: string[]): void {
  const blocks = Array.isArray(value) ? value : [value];
  if (entry.min !== undefined && blocks.length < entry.min) errors.push(`${at}: at least ${entry.min} block(s)`);
  if (entry.max !== undefined && blocks.length > entry.max) errors.push(`${at}: at most ${entry.max} block(s)`);
  blocks.forEach((block, i) => checkBlock(entry.block, block, `${at}[${i}]`, errors, false));
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

function validate(target: TerraformTarget, files: Record<string, string>): string[] {
  const errors: string[] = [];
  const schemas = SCHEMAS[target];
  const resources = new Map<string, string>();
  const variables = new Set<string>();
  const docs = Object.entries(files).map(([name, text]) => [name, JSON.parse(text) as Json] as const);
  for (const [, doc] of docs) {
    for (const [type, byLabel] of Object.entries((doc.resource ?? {}) as Record<string, Json>)) for (const label of Object.keys(byLabel)) resources.set(`${type}.${label}`, type);
    for (const name of Object.keys((doc.variable ?? {}) as Json)) variables.add(name);
  }
  for (const [file, doc] of docs) {
    for (const [name, config] of Object.entries((doc.provider ?? {}) as Record<string, Json>)) checkBlock(PROVIDER_SCHEMAS[name] ?? {}, config, `${file}: provider.${name}`, errors, false);
    for (const [type, byLabel] of Object.entries((doc.resource ?? {}) as Record<string, Json>)) {
      const schema = schemas[type];
      if (!schema) {
        errors.push(`${file}: no schema for resource type ${type}`);
        continue;
      }
      for (const [label, body] of Object.entries(byLabel)) {
        checkBlock(schema, body, `${file}: ${type}.${label}`, errors, true);
        for (const dep of ((body as Json).depends_on ?? []) as string[]) if (!resources.has(dep)) errors.push(`${type}.${label}: depends_on ${dep} is not a resource`);
      }
    }
    for (const text of strings(doc)) {
      // References inside templates (escaped `$${` is literal text).
      for (const template of text.split(/\$\$\{/)) {
        if (!template.includes("${")) continue;
        for (const [, name] of template.matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_]*)/g)) if (!variables.has(name!)) errors.push(`${file}: undeclared variable ${name}`);
        for (const [, type, label, attribute] of template.matchAll(/\b((?:aws|snowflake|google)_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)\.([a-z_]+)/g)) {
          if (!resources.has(`${type}.${label}`)) errors.push(`${file}: reference to missing resource ${type}.${label}`);
          else if (!(attribute! in (schemas[type!] ?? {}))) errors.push(`${file}: ${type} has no attribute ${attribute}`);
        }
      }
    }
  }
  return errors;
}

describe("rendered resources against the provider schemas (offline validate)", () => {
  for (const target of TERRAFORM_TARGETS) {
    it(`${target}: every argument, block and reference exists, with the right types`, () => {
      expect(validate(target, renderTerraform(target, exampleModel()).files)).toEqual([]);
    });
  }

  it("catches an unknown argument, a wrong type, a missing required argument, a deprecated inline argument and a dangling reference", () => {
    const files = renderTerraform("aws", exampleModel()).files;
    const domain = JSON.parse(files["customer.tf.json"]!) as { resource: Record<string, Record<string, Json>> };
    domain.resource.aws_s3_bucket!.customer!.versioning = { enabled: true };
    domain.resource.aws_s3_bucket_public_access_block!.customer!.block_public_acls = "yes";
    delete domain.resource.aws_s3_bucket_versioning!.customer!.versioning_configuration;
    domain.resource.aws_kms_alias!.customer!.target_key_id = "${aws_kms_key.nowhere.key_id}";
    domain.resource.aws_kms_key!.customer!.arn = "arn:aws:kms:x";
    expect(validate("aws", { ...files, "customer.tf.json": JSON.stringify(domain) }).sort()).toEqual([
      "customer.tf.json: reference to missing resource aws_kms_key.nowhere",
      "customer.tf.json: aws_kms_key.customer.arn: computed, cannot be set",
      "customer.tf.json: aws_s3_bucket.customer: unknown argument versioning",
      "customer.tf.json: aws_s3_bucket_public_access_block.customer.block_public_acls: expected bool, got \"yes\"",
      "customer.tf.json: aws_s3_bucket_versioning.customer: missing required versioning_configuration",
    ].sort());
  });
});
