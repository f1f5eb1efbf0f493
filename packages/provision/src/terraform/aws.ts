/**
 * AWS: one lake bucket per domain, with the current (provider v5/v6) companion resources instead of the
 * deprecated inline arguments of `aws_s3_bucket` — SSE-KMS with the domain's own rotating key and an
 * S3 bucket key, all public access blocked, BucketOwnerEnforced (no ACLs), versioning, a TLS-only
 * bucket policy, lifecycle rules (the contract's retention SLA expires objects under each table's
 * prefix; old versions and failed uploads are cleaned up bucket-wide); the bucket registered with Lake
 * Formation. A Glue database per domain and a Glue table (Parquet, or the csv or json its server names) per schema object under
 * `domain=<d>/product=<p>/gold/<table>/` (or the location of the contract's s3, else glue, server). Lake Formation
 * grants per contract role: readers DESCRIBE + SELECT, writers also INSERT and DELETE; a reader not
 * privacy-approved gets SELECT on every column except the sensitive ones (`excluded_column_names`).
 * Every taggable resource carries Domain, DataProduct=true, ManagedBy=meshkit and CostCenter as
 * explicit `tags`, so each file passes the platform-baseline pack on its own.
 */
import { type Finding, OBJECT_PLACEHOLDERS, isSensitiveProperty, objectFolderPath } from "@meshkit/core";
import type { ColumnSpec, ContractSpec, ProductSpec, TableSpec } from "../model.js";
import { retentionDaysOf, tableComment } from "../model.js";
import { type Expr, Raw, type TfObject, type TfValue, hclString, jsonDocument, ref, tpl } from "./json.js";
import { PROVIDERS_FILE, type Owner, type TerraformModule } from "./module.js";
import { dnsSlug, glueName, glueText, label, truncate } from "./naming.js";
import { MANAGED_BY, type RenderContext, type TargetRenderer, type TerraformParams, claimRoleGrant, costCenterAt, domainCostCenter, finding, productAt, productId, serverOf, varExpr } from "./render.js";

const SERVER_TYPES = ["s3", "glue", "athena"] as const;
const PARQUET_INPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
const PARQUET_OUTPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
const PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
const TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat";
const TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

/** How Glue (and Athena, Spark, a crawler) reads a table's files, per the contract server's `format`. */
interface GlueStorage {
  format: "parquet" | "csv" | "json";
  parameters: Record<string, string>;
  input_format: string;
  output_format: string;
  ser_de_info: { name: string; serialization_library: string; parameters: Record<string, string> };
}

const GLUE_STORAGE: Record<GlueStorage["format"], GlueStorage> = {
  parquet: {
    format: "parquet",
    parameters: { classification: "parquet", "parquet.compression": "SNAPPY" },
    input_format: PARQUET_INPUT,
    output_format: PARQUET_OUTPUT,
    ser_de_info: { name: "parquet", serialization_library: PARQUET_SERDE, parameters: { "serialization.format": "1" } },
  },
  // Athena's LazySimpleSerDe for comma-separated text, as a Glue crawler makes it; the first line is the header.
  csv: {
    format: "csv",
    parameters: { classification: "csv", "skip.header.line.count": "1" },
    input_format: TEXT_INPUT,
    output_format: TEXT_OUTPUT,
    ser_de_info: { name: "csv", serialization_library: "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", parameters: { "field.delim": ",", "serialization.format": "," } },
  },
  // One JSON document per line, read by the OpenX JSON SerDe Athena and Glue crawlers use.
  json: {
    format: "json",
    parameters: { classification: "json" },
    input_format: TEXT_INPUT,
    output_format: TEXT_OUTPUT,
    ser_de_info: { name: "json", serialization_library: "org.openx.data.jsonserde.JsonSerDe", parameters: { "serialization.format": "1" } },
  },
};

/** Formats a contract's server may name for a Glue table of files, in the spellings ODCS examples use. */
const FORMAT_NAMES: Record<string, GlueStorage["format"]> = { parquet: "parquet", csv: "csv", json: "json", jsonl: "json", ndjson: "json" };
/** A location naming its files by extension (`data/{model}/*.csv`, `*.csv.gz`), as contract-test reads them when no format is written. */
const FILE_EXTENSION = /\.(parquet|csv|json|jsonl|ndjson)(?:\.(?:gz|bz2|zst))?$/i;

/**
 * The storage of the contract's Glue tables: the `format` of its s3 server (else of its glue or athena
 * server), else the extension of the files its s3 (else glue) location names, Parquet when none says. A format meshkit cannot describe as a Glue table of files (delta,
 * iceberg, avro…) is a problem: a Parquet table over a Delta folder would read every file ever written.
 */
function glueStorage(contract: ContractSpec): { ok: true; storage: GlueStorage } | { ok: false; problem: string; pointer: string } {
  const s3 = serverOf(contract, ["s3"]);
  const hasFormat = (server: { server: Record<string, unknown> } | undefined) => server !== undefined && server.server.format !== undefined && server.server.format !== null;
  // (the s3 server's format, else the glue or athena server's: an s3 server that names none leaves it to them)
  const entry = hasFormat(s3) ? s3 : (serverOf(contract, ["glue", "athena"]) ?? s3);
  const written = entry?.server.format;
  let format: GlueStorage["format"];
  if (entry === undefined || written === undefined || written === null) {
    const located = locationServer(contract)?.server.location;
    const location = typeof located === "string" ? located.trim() : "";
    const extension = FILE_EXTENSION.exec(location)?.[1]?.toLowerCase();
    format = extension === undefined ? "parquet" : FORMAT_NAMES[extension]!;
  } else {
    const named = typeof written === "string" ? FORMAT_NAMES[written.trim().toLowerCase()] : undefined;
    if (named === undefined) {
      return {
        ok: false,
        problem: `The ${String(entry.server.type)} server's format ${JSON.stringify(written)} is not one meshkit renders a Glue table for (parquet, csv or json files): its files would be read as another format. Write the data as parquet, csv or json, or make the table outside meshkit.`,
        pointer: `${entry.pointer}/format`,
      };
    }
    format = named;
  }
  // ODCS's s3 `delimiter: array` is one JSON array per file: the JSON SerDe reads one document per line, and would read the file as one bad row.
  // The delimiter is the s3 server's, whichever server (or the location's extension) says the files are JSON.
  const delimiter = s3?.server.delimiter;
  if (s3 !== undefined && format === "json" && typeof delimiter === "string" && delimiter.trim().toLowerCase() === "array") {
    return {
      ok: false,
      problem: `The s3 server's delimiter "array" says each file is one JSON array, which a Glue table cannot read (its JSON SerDe reads one document per line): write the files as one document per line (\`delimiter: new_line\`), or make the table outside meshkit.`,
      pointer: `${s3.pointer}/delimiter`,
    };
  }
  return { ok: true, storage: GLUE_STORAGE[format] };
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Characters meshkit writes in an S3 key prefix (S3 allows more; these need no encoding anywhere). */
const KEY_PREFIX = /^[A-Za-z0-9!_.*'()=/{}-]*$/;
/** Name prefixes and suffixes S3 keeps for itself (punycode, its own buckets, access point aliases, directory and table buckets): CreateBucket refuses them. */
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];
/** What AWS takes as a tag value (S3, KMS and Glue refuse any other at the apply): letters, digits, spaces and `_.:/=+-@`, at most 256. */
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
/** A bucket `<prefix>-<slug>` needs at least 3 characters of prefix. */
const MAX_DOMAIN_SLUG = 63 - 1 - 3;

export const awsRenderer: TargetRenderer = {
  dialect: "glue",
  serverTypes: SERVER_TYPES,
  check(product) {
    const findings = [];
    for (const contract of product.contracts) {
      const location = s3Location(contract);
      if (location && !location.ok) findings.push(finding({ document: contract.document, pointer: location.pointer }, "provision-server-invalid", "error", location.problem));
      const storage = glueStorage(contract);
      if (!storage.ok) findings.push(finding({ document: contract.document, pointer: storage.pointer }, "provision-server-invalid", "error", storage.problem));
      else if (storage.storage.format === "csv") {
        // CSV text has no nesting: a struct or array column could not be read from it.
        for (const table of contract.tables) {
          for (const column of table.columns) {
            const glue = column.types.glue;
            if (glue === undefined || !(glue.startsWith("struct<") || glue.startsWith("array<"))) continue;
            findings.push(finding({ document: contract.document, pointer: column.pointer }, "provision-type-unmapped", "error", `Column \`${table.name}.${column.name}\` is ${glue.startsWith("array<") ? "an array" : "an object with properties"} (Glue type ${glue}), which a CSV file cannot hold: the contract's server says format csv. Use format parquet or json, or make it an object without properties (JSON text).`));
          }
        }
      }
    }
    const slug = dnsSlug(product.domain);
    const reservedSuffix = RESERVED_BUCKET_SUFFIXES.find((suffix) => `-${slug}`.endsWith(suffix));
    if (!product.contracts.some((c) => s3Location(c)?.ok) && (slug.length > MAX_DOMAIN_SLUG || reservedSuffix)) {
      const at = productAt(product, "/domain")!;
      const problem = reservedSuffix ? `would make the S3 bucket name \`<prefix>-${slug}\`, whose suffix ${reservedSuffix} S3 reserves for access point aliases` : `is too long for an S3 bucket name \`<prefix>-${slug}\` (63 characters at most)`;
      findings.push(finding(at, "provision-invalid-name", "error", `Domain \`${product.domain}\` ${problem}: use ${reservedSuffix ? "another" : "a shorter"} domain name or an s3 (or glue) server location.`));
    }
    if (product.costCenter !== undefined && !TAG_VALUE.test(product.costCenter)) {
      findings.push(
        finding(
          costCenterAt(product) ?? productAt(product)!,
          "provision-invalid-name",
          "error",
          `The cost center ${JSON.stringify(product.costCenter)} cannot be the value of the CostCenter tag AWS resources carry: use at most 256 letters, digits, spaces and \`_ . : / = + - @\`.`,
        ),
      );
    }
    return findings;
  },
  // A glue server's database and an athena server's schema are the Glue database its readers query (Glue folds names to lower case).
  location: (product) => ({ fields: { database: glueName(product.domain), schema: glueName(product.domain) }, caseInsensitive: true, layout: "a Glue database per domain" }),
  locationServerTypes: ["glue", "athena"],
  partitionProblems: gluePartitionKeyProblems,
  sharedCostCenterTag: { name: "the CostCenter tag of the domain's bucket, key and Glue database", maxLength: 256 },
  render: renderAws,
};

/**
 * `partitioned: true` columns Glue cannot lay out as a Hive-style partition: its values are folder names
 * (`…/country=DE/`), so Athena, Spark and Hive refuse an array, a struct or raw bytes (`binary`; Athena's
 * partition types are the scalars boolean, the integers, decimal, float, double, date, timestamp, string and
 * varchar), and an object without properties — JSON text on Glue — would put a whole document, `/`
 * included, into a folder name.
 * Snowflake and BigQuery refuse an object key as well.
 * Nor may a sensitive column be one: its values, as folder names, would be in every object key (see sensitivePartitionProblem).
 */
function gluePartitionKeyProblems(table: TableSpec): { column: ColumnSpec; message: string }[] {
  return table.columns
    .filter((column) => table.partitionKeys.includes(column.name))
    .flatMap((column) => {
      const problem = gluePartitionTypeProblem(column);
      if (problem) return [{ column, message: `Column \`${table.name}.${column.name}\` is a partition key (partitioned: true), but ${problem}; partition by a scalar column.` }];
      return column.sensitive ? [{ column, message: sensitivePartitionProblem(table, column) }] : [];
    });
}

/**
 * A Hive-style partition column's values are folder names (`…/email=ann@example.com/`): object keys, which SSE-KMS
 * does not encrypt and S3 server access logs, CloudTrail data events and S3 Inventory record, and which Glue's
 * partition list and Athena's `"$path"` show to a reader the column is withheld from (Lake Formation's
 * excluded_column_names hides the column, not the files' paths). So the masking the contract asks for would not hold.
 */
function sensitivePartitionProblem(table: TableSpec, column: ColumnSpec): string {
  // A pii tag makes a column sensitive whatever its classification: a `public` or `internal` one is not the reason.
  const why = isSensitiveProperty({ classification: column.classification }) ? `classification ${column.classification}` : "tagged pii";
  return `Column \`${table.name}.${column.name}\` is a partition key (partitioned: true), but it is sensitive (${why}): on Glue its values become folder names (…/${glueName(column.name)}=<value>/), in every object key, which SSE-KMS does not encrypt and S3 access logs and CloudTrail record, and which a role not approved for the column still reads (Glue's partitions, Athena's "$path"). Partition by a column that is not sensitive.`;
}

/** Why a column cannot be a Glue partition column, as the end of a sentence, or undefined. */
function gluePartitionTypeProblem(column: ColumnSpec): string | undefined {
  const glue = column.types.glue;
  if (glue === undefined) return undefined;
  if (glue.startsWith("array<") || glue.startsWith("struct<")) return `its Glue type ${glue} is not a primitive type, which a Hive-style partition column must be`;
  if (glue === "binary") return "its Glue type binary (raw bytes) cannot be a Hive-style partition column, whose values are folder names";
  // An object without properties is JSON text on Glue (`string`); the DuckDB type says what the property is (types.ts).
  if (column.types.duckdb === "JSON") return "it is an object, written as JSON text on Glue, which cannot be a Hive-style partition column, whose values are folder names";
  return undefined;
}

interface S3Location {
  ok: true;
  bucket: string;
  /** Key prefix of the contract's data, `""` or ending in `/`, or naming the object (`{model}`, `{object}`) or its files (`*.parquet`). */
  prefix: string;
  pointer: string;
}

/**
 * The server whose `location` says where the contract's files are: its s3 server (ODCS requires its location), else a glue
 * server that names one (ODCS: "the AWS S3 path" of the Glue tables' data). An athena server's `stagingDir` is where
 * Athena writes query results, not the data.
 */
function locationServer(contract: ContractSpec): ReturnType<typeof serverOf> {
  const glue = serverOf(contract, ["glue"]);
  return serverOf(contract, ["s3"]) ?? (glue?.server.location === undefined || glue.server.location === null ? undefined : glue);
}

/** The location of the contract's s3 (else glue) server, or of `entry`, parsed, when it has one. */
function s3Location(contract: ContractSpec, entry = locationServer(contract)): S3Location | { ok: false; problem: string; pointer: string } | undefined {
  if (!entry) return undefined;
  const pointer = `${entry.pointer}/location`;
  const location = entry.server.location;
  const server = `The ${String(entry.server.type)} server`;
  // ODCS requires an s3 server's location: without one, the data would go to a bucket meshkit guessed.
  if (location === undefined || location === null) return { ok: false, problem: "The s3 server has no location, which ODCS requires (s3://<bucket>/<prefix>/): add it, so the data goes where the contract says.", pointer: entry.pointer };
  if (typeof location !== "string") return { ok: false, problem: `${server} location ${JSON.stringify(location)} is not s3://<bucket>/<prefix>/.`, pointer };
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location.trim());
  if (!match) return { ok: false, problem: `${server} location ${JSON.stringify(location)} is not s3://<bucket>/<prefix>/.`, pointer };
  const [, bucket = "", rawPrefix = ""] = match;
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) return { ok: false, problem: `${server} location names bucket ${JSON.stringify(bucket)}, which ${bucketProblem}.`, pointer };
  const prefix = rawPrefix === "" || rawPrefix.endsWith("/") || /[*?[{]/.test(rawPrefix) ? rawPrefix : `${rawPrefix}/`;
  if (!KEY_PREFIX.test(prefix) || prefix.split("/").some((segment) => segment === "." || segment === "..") || prefix.includes("//") || prefix.startsWith("/")) {
    return { ok: false, problem: `${server} location prefix ${JSON.stringify(rawPrefix)} is not a plain key prefix: use letters, digits and \`=_.-/\`, no \`..\` or empty segments.`, pointer };
  }
  const fileFolder = objectFileFolder(prefix);
  const fileName = prefix.slice(prefix.lastIndexOf("/") + 1);
  const filesPattern = /[*?[{]/.test(fileName.replace(OBJECT_PLACEHOLDERS, ""));
  // A Glue table's location is a folder, every file under it the table's: one file per object is read from the folder holding
  // it, which must then hold no other object's files, nor be the bucket's root (the lifecycle rules of the table's prefix would be the whole bucket's).
  // Each object's files named by a pattern (`data/{model}_*.parquet`) share that folder just as well: each table would be put
  // at `data/<table>/`, where none of them is. One object's pattern at the root is refused below, with its own advice.
  if (fileFolder !== undefined && (contract.tables.length > 1 || (fileFolder === "" && !filesPattern))) {
    const why = fileFolder === "" ? "at the bucket's root" : `in one folder (${fileFolder}) with the files of the contract's other ${contract.tables.length - 1 === 1 ? "object" : "objects"}`;
    // The files' whole extension (`.csv.gz`), as the format is read from it.
    const extension = /(\.[A-Za-z][A-Za-z0-9]*)*$/.exec(fileName)![0];
    return { ok: false, problem: `${server} location ${JSON.stringify(location)} names ${filesPattern ? "each object's files" : "one file per object"}, ${why}; a Glue table's location is a folder, and every file in it is the table's. Give each object a folder of its own: s3://${bucket}/${fileFolder}{model}/*${extension}.`, pointer };
  }
  // The files of a contract's one object are read from the folder the pattern names (`data/*.parquet` → `data/`); at the
  // bucket's root (`*.parquet`) there is none, and the table would be put at `<table>/`, where the contract's files are not:
  // an empty table, and a retention rule that never expires them.
  if (contract.tables.length === 1 && /[*?[{]/.test(prefix.split("/")[0]!.replace(OBJECT_PLACEHOLDERS, ""))) {
    return { ok: false, problem: `${server} location ${JSON.stringify(location)} names the object's files at the bucket's root; a Glue table's location is a folder, and every file in it is the table's (at the root, the whole bucket's, and its retention rule would expire the whole bucket). Give the object a folder of its own: s3://${bucket}/{model}/${prefix}.`, pointer };
  }
  return { ok: true, bucket, prefix, pointer };
}

/**
 * The folder of a location prefix that names each object's one file (`data/{model}.parquet`: the placeholder in a file name
 * with an extension) or its files (`data/{model}_*.parquet`: a pattern) in a folder all objects share: `data/` (`""` at the
 * bucket's root); undefined for any other prefix — also when the folder names the object too (`data/{model}/{model}.parquet`:
 * each object's folder is its own, `data/orders/`, as `objectFolderPath` reads it).
 */
function objectFileFolder(prefix: string): string | undefined {
  const slash = prefix.lastIndexOf("/");
  const folder = prefix.slice(0, slash + 1);
  const file = prefix.slice(slash + 1);
  const rest = file.replace(OBJECT_PLACEHOLDERS, "");
  if (rest === file || !/[*?[{]|\.[A-Za-z0-9]+$/.test(rest) || folder.replace(OBJECT_PLACEHOLDERS, "") !== folder) return undefined;
  return folder;
}

/** Why S3 would refuse `bucket` as a general purpose bucket's name, or undefined. */
function bucketNameProblem(bucket: string): string | undefined {
  if (!BUCKET_NAME.test(bucket) || bucket.includes("..") || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return "is not a valid S3 bucket name (3-63 characters: lower-case letters, digits, `.` and `-`)";
  const prefix = RESERVED_BUCKET_PREFIXES.find((reserved) => bucket.startsWith(reserved));
  if (prefix) return `is not a valid S3 bucket name: S3 reserves the prefix ${prefix}`;
  const suffix = RESERVED_BUCKET_SUFFIXES.find((reserved) => bucket.endsWith(reserved));
  if (suffix) return `is not a valid S3 bucket name: S3 reserves the suffix ${suffix}`;
  return undefined;
}

interface TableLocation {
  /** Key of the table's folder in the bucket, ending in `/`. */
  key: string;
}

function tableLocation(product: ProductSpec, contract: ContractSpec, table: TableSpec): TableLocation {
  const location = s3Location(contract);
  if (location?.ok) return { key: locatedTableKey(location, contract, table) };
  return { key: `domain=${product.domain}/product=${product.name}/gold/${table.name}/` };
}

/**
 * A table's folder under a location: a location naming the files (`data/{model}/*.parquet`) is read up to it, as the catalog
 * names its dataset; one naming the object's one file (`data/{model}.parquet`) is read from the folder holding that file.
 */
function locatedTableKey(location: S3Location, contract: ContractSpec, table: TableSpec): string {
  return objectFileFolder(location.prefix) ?? `${objectFolderPath(location.prefix, table.name, contract.tables.length > 1)}/`;
}

/**
 * `provision-server-location` warnings at a glue server's location that puts the contract's tables elsewhere than its s3
 * server's, which is the one the tables are made under, or names files of another format than the tables read, and at its
 * `format` (ODCS: "the format of the files") when the s3 server's names another: whoever reads the glue entry would look for
 * the data elsewhere, or read it as the wrong format.
 */
function glueServerFindings(contract: ContractSpec): Finding[] {
  const s3 = serverOf(contract, ["s3"]);
  const glue = serverOf(contract, ["glue"]);
  if (s3 === undefined || glue === undefined) return [];
  const made = s3Location(contract, s3);
  const storage = glueStorage(contract);
  if (!made?.ok || !storage.ok) return [];
  const findings: Finding[] = [];
  const warn = (field: string, message: string) => findings.push(finding({ document: contract.document, pointer: `${glue.pointer}/${field}` }, "provision-server-location", "warning", message));
  const server = typeof glue.server.server === "string" ? `Server \`${glue.server.server}\`` : "The glue server entry";
  const tablesRead = storage.storage.format;
  const writtenFormat = glue.server.format;
  // (without an s3 server's format the glue server's is the one the tables read: glueStorage)
  if (writtenFormat !== undefined && writtenFormat !== null && s3.server.format !== undefined && s3.server.format !== null && FORMAT_NAMES[String(writtenFormat).trim().toLowerCase()] !== tablesRead) {
    warn("format", `${server} names format \`${String(writtenFormat).trim()}\`, but provisioning to aws makes the Glue tables read ${tablesRead} files, the s3 server's format: whoever reads this entry (consumers, contract-test, the catalog) reads the files as the wrong format. Write format: ${tablesRead}.`);
  }
  if (glue.server.location === undefined || glue.server.location === null) return findings;
  const glueNamed = String(glue.server.location).trim();
  const s3Named = String(s3.server.location).trim();
  // A glue location that is no S3 path meshkit reads (`s3a://…`, a bucket name S3 refuses) names no place the tables are.
  const named = s3Location(contract, glue)!;
  const same = named.ok && made.bucket === named.bucket && contract.tables.every((table) => locatedTableKey(made, contract, table) === locatedTableKey(named, contract, table));
  // Files named by extension (`*.csv`) are read as that format (contract-test does), whatever the tables made read.
  const extension = FILE_EXTENSION.exec(glueNamed)?.[1]?.toLowerCase();
  const format = extension === undefined ? tablesRead : FORMAT_NAMES[extension]!;
  if (!same) {
    warn("location", `${server} names location \`${glueNamed}\`, but provisioning to aws makes the Glue tables under the s3 server's location \`${s3Named}\`: whoever reads this entry (consumers, contract-test, the catalog) looks in the wrong place. Write location: ${s3Named}.`);
  } else if (format !== tablesRead) {
    warn("location", `${server} names location \`${glueNamed}\`, ${format} files, but provisioning to aws makes the Glue tables read ${tablesRead} files under the s3 server's location \`${s3Named}\`: whoever reads this entry (consumers, contract-test, the catalog) reads the files as the wrong format. Write location: ${s3Named}.`);
  }
  return findings;
}

function renderAws(module: TerraformModule, products: readonly ProductSpec[], context: RenderContext): void {
  const params = context.params;
  const v = variables(module, params);
  module.provider("aws", "hashicorp/aws", ">= 5.0, < 7.0", { region: ref(v.region), allowed_account_ids: [ref(v.accountId)] });
  module.header(PROVIDERS_FILE, "Rendered by meshkit provision --target aws. Do not edit: change the contracts and render again.");

  const domains = new Map<string, ProductSpec[]>();
  for (const product of products) domains.set(product.domain, [...(domains.get(product.domain) ?? []), product]);
  // <prefix>-<slug> must fit in 63 characters for the longest domain that uses the naming convention.
  const conventionSlugs = [...domains].filter(([, list]) => !list.some((p) => p.contracts.some((c) => s3Location(c)?.ok))).map(([domain]) => dnsSlug(domain).length);
  const maxPrefix = 63 - 1 - Math.max(0, ...conventionSlugs);
  for (const [domain, domainProducts] of domains) {
    const domainOwner: Owner = { share: `domain:${domain}`, at: productAt(domainProducts[0]!, "/domain") };
    const bucket = domainBucket(module, domain, domainProducts, params, maxPrefix);
    renderDomain(module, domain, domainProducts, bucket, domainOwner, v, context);
    for (const product of domainProducts) {
      renderProduct(module, product, bucket, v);
      for (const contract of product.contracts) for (const problem of glueServerFindings(contract)) context.warn(problem);
    }
  }
  // A cost center the contracts leave to the cost_center variable becomes the CostCenter tag too: held to
  // TAG_VALUE by terraform plan, as a contract's is by check(), so a pull request's plan fails, not the
  // apply (the provider does not check tag values; S3, KMS and Glue refuse them only when tagging).
  module.validateVariable("cost_center", {
    condition: varExpr(String.raw`can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/=+@-]{1,256}$", var.cost_center))`),
    error_message: "The cost_center variable is the value of the CostCenter tag AWS resources carry: use at most 256 letters, digits, spaces and _ . : / = + - @.",
  });
}

interface Variables {
  region: string;
  accountId: string;
  partition: string;
  rolePrincipals: string;
}

function variables(module: TerraformModule, params: TerraformParams): Variables {
  return {
    region: module.variable("aws_region", { type: "string", description: "AWS region of the lake buckets, Glue catalog and Lake Formation grants.", ...(params.region ? { default: params.region } : {}) }),
    accountId: module.variable("aws_account_id", {
      type: "string",
      description: "AWS account that holds the lake: the provider refuses any other (allowed_account_ids); roles named in contracts are IAM roles of this account unless role_principals maps them.",
      ...(params.accountId ? { default: params.accountId } : {}),
      validation: [{ condition: varExpr('can(regex("^[0-9]{12}$", var.aws_account_id))'), error_message: "The aws_account_id variable must be a 12-digit AWS account id." }],
    }),
    partition: module.variable("aws_partition", { type: "string", description: "AWS partition of the account (aws, aws-cn, aws-us-gov).", default: params.partition ?? "aws" }),
    rolePrincipals: module.variable("role_principals", {
      type: "map(string)",
      description: "Lake Formation principal (an IAM role or user ARN, possibly in another account) per contract role name; a role not listed is arn:<partition>:iam::<aws_account_id>:role/<role>.",
      default: {},
    }),
  };
}

interface DomainBucket {
  /** The bucket resource address. */
  address: string;
  /** `${aws_s3_bucket.<d>.bucket}`: the bucket name, for locations. */
  name: Expr;
}

/**
 * The domain's bucket: the one its contracts' s3 (else glue) server locations name (they must agree, and no other
 * domain may use it), else `<lake_bucket_prefix>-<domain>`.
 */
function domainBucket(module: TerraformModule, domain: string, products: readonly ProductSpec[], params: TerraformParams, maxPrefix: number): DomainBucket & { literal: string | Expr } {
  let named: string | undefined;
  for (const product of products) {
    for (const contract of product.contracts) {
      const location = s3Location(contract);
      if (!location?.ok) continue;
      const at = { document: contract.document, pointer: location.pointer };
      module.claim(
        `domain-bucket:${domain}`,
        `the lake bucket of domain ${domain} (${location.bucket})`,
        { share: `bucket:${location.bucket}`, at },
        (holder) => `is not ${holder}, which another contract of domain ${domain} names: a domain has one lake bucket (one key, one set of lifecycle rules, one Lake Formation location). Name the same bucket in the s3 (or glue) server location of every contract of domain ${domain} (the path after it may differ)`,
      );
      module.claim(`s3-bucket:${location.bucket}`, `S3 bucket ${location.bucket}`, { share: `domain:${domain}`, at });
      named ??= location.bucket;
    }
  }
  const address = `aws_s3_bucket.${label(domain)}`;
  if (named) return { address, name: ref(`${address}.bucket`), literal: named };
  const slug = dnsSlug(domain);
  const prefix = module.variable("lake_bucket_prefix", {
    type: "string",
    description: "Prefix of the lake bucket names: a domain's bucket is <prefix>-<domain> (lower case, _ as -). Bucket names are global: use your organisation's prefix.",
    ...(params.lakeBucketPrefix ? { default: params.lakeBucketPrefix } : {}),
    validation: [
      {
        condition: varExpr(
          `can(regex("^[a-z0-9][a-z0-9.-]{1,${maxPrefix - 2}}[a-z0-9]$", var.lake_bucket_prefix)) && !strcontains(var.lake_bucket_prefix, "..") && ${RESERVED_BUCKET_PREFIXES.map((reserved) => `!startswith(var.lake_bucket_prefix, "${reserved}")`).join(" && ")}`,
        ),
        error_message: `The lake_bucket_prefix variable must be 3 to ${maxPrefix} lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit, without two dots in a row or a prefix S3 reserves (${RESERVED_BUCKET_PREFIXES.join(", ")}) (bucket names are at most 63 characters).`,
      },
    ],
  });
  module.claim(`s3-bucket:<prefix>-${slug}`, `S3 bucket <lake_bucket_prefix>-${slug}`, { share: `domain:${domain}`, at: productAt(products[0]!, "/domain") });
  return { address, name: ref(`${address}.bucket`), literal: tpl`${ref(prefix)}-${slug}` };
}

function tags(domain: string, costCenter: string | Expr): TfObject {
  return { Domain: domain, DataProduct: "true", ManagedBy: MANAGED_BY, CostCenter: costCenter };
}

function renderDomain(module: TerraformModule, domain: string, products: readonly ProductSpec[], bucket: DomainBucket & { literal: string | Expr }, owner: Owner, v: Variables, context: RenderContext): void {
  const file = `${domain}.tf.json`;
  const l = label(domain);
  const costCenter = domainCostCenter(module, products, context.params);
  const domainTags = tags(domain, costCenter);
  const account = ref(v.accountId);
  const partition = ref(v.partition);
  module.header(file, `Rendered by meshkit provision --target aws: the lake of domain ${domain}. Do not edit: change the contracts and render again.`);

  module.claim(`glue-database:${glueName(domain)}`, `Glue database ${glueName(domain)}`, owner);

  const key = module.resource(owner, file, "aws_kms_key", l, {
    description: `meshkit: encryption key of the ${domain} domain's lake bucket and catalog data`,
    enable_key_rotation: true,
    deletion_window_in_days: 30,
    policy: jsonDocument({
      Version: "2012-10-17",
      Statement: [
        { Sid: "AccountAdministersTheKey", Effect: "Allow", Principal: { AWS: tpl`arn:${partition}:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
        {
          Sid: "LakeFormationReadsAndWritesTheLake",
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
          Resource: "*",
          Condition: {
            StringEquals: { "kms:CallerAccount": account },
            ArnEquals: { "aws:PrincipalArn": tpl`arn:${partition}:iam::${account}:role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess` },
          },
        },
      ],
    }),
    tags: domainTags,
    // Losing the key loses the lake: removing it takes deliberate work, not a contract change.
    lifecycle: { prevent_destroy: true },
  });
  module.resource(owner, file, "aws_kms_alias", l, { name: `alias/meshkit/${dnsSlug(domain)}-lake`, target_key_id: ref(`${key}.key_id`) });

  module.resource(owner, file, "aws_s3_bucket", l, { bucket: bucket.literal, force_destroy: false, tags: domainTags, lifecycle: { prevent_destroy: true } });
  const bucketId = ref(`${bucket.address}.id`);
  const bucketArn = ref(`${bucket.address}.arn`);
  module.resource(owner, file, "aws_s3_bucket_server_side_encryption_configuration", l, {
    bucket: bucketId,
    rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: ref(`${key}.arn`) }, bucket_key_enabled: true }],
  });
  const publicAccess = module.resource(owner, file, "aws_s3_bucket_public_access_block", l, {
    bucket: bucketId,
    block_public_acls: true,
    block_public_policy: true,
    ignore_public_acls: true,
    restrict_public_buckets: true,
  });
  module.resource(owner, file, "aws_s3_bucket_ownership_controls", l, { bucket: bucketId, rule: { object_ownership: "BucketOwnerEnforced" } });
  const versioning = module.resource(owner, file, "aws_s3_bucket_versioning", l, { bucket: bucketId, versioning_configuration: { status: "Enabled" } });
  module.resource(owner, file, "aws_s3_bucket_policy", l, {
    bucket: bucketId,
    policy: jsonDocument({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [bucketArn, tpl`${bucketArn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    }),
    depends_on: [new Raw(publicAccess)],
  });
  const rules = lifecycleRules(products, context.params);
  if (rules.length > MAX_LIFECYCLE_RULES) for (const problem of tooManyLifecycleRules(domain, products, rules.length)) context.warn(problem);
  module.resource(owner, file, "aws_s3_bucket_lifecycle_configuration", l, {
    bucket: bucketId,
    rule: rules,
    depends_on: [new Raw(versioning)],
  });
  module.resource(owner, file, "aws_lakeformation_resource", l, { arn: bucketArn, use_service_linked_role: true });
  module.resource(owner, file, "aws_glue_catalog_database", l, {
    name: glueName(domain),
    description: `meshkit: data products of the ${domain} domain`,
    location_uri: tpl`s3://${bucket.name}/domain=${domain}/`,
    parameters: { "meshkit.domain": domain, "meshkit.managedBy": MANAGED_BY },
    tags: domainTags,
  });
  module.output(file, label(domain, "lake_bucket"), { description: `Lake bucket of the ${domain} domain.`, value: bucketId });
  module.output(file, label(domain, "glue_database"), { description: `Glue database of the ${domain} domain.`, value: ref(`aws_glue_catalog_database.${l}.name`) });
}

/** The most rules a bucket's lifecycle configuration holds (docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html; not adjustable). */
const MAX_LIFECYCLE_RULES = 1000;

/**
 * The domain's bucket would get more lifecycle rules (one per table a retention SLA is about, and the housekeeping
 * one) than S3 takes, which it refuses only at the apply, on the main branch: an error at the retention SLAs of each
 * contract that has such a table, so the pull request's plan fails. The products are still rendered (the error stops
 * the apply): leaving some out would plan the destruction of their tables.
 */
function tooManyLifecycleRules(domain: string, products: readonly ProductSpec[], count: number): Finding[] {
  const contracts = products.flatMap((product) => product.contracts).filter((contract) => contract.tables.some((table) => retentionDaysOf(contract, table) !== undefined));
  const message = `The lake bucket of domain \`${domain}\` would get ${count} lifecycle rules (one per table a retention SLA is about, and one for housekeeping), more than the ${MAX_LIFECYCLE_RULES} S3 takes in a bucket, which it would refuse at the apply: give fewer of the domain's tables a retention SLA, or split the domain (each domain has a bucket of its own).`;
  return contracts.map((contract) => finding({ document: contract.document, pointer: "/slaProperties" }, "provision-server-invalid", "error", message));
}

/**
 * Days a previous version of an object under a retention rule is kept (S3's shortest): an object
 * expired by its retention, or overwritten, is gone from the versioned bucket at most two days later
 * (S3 rounds up to the next midnight UTC), not after the housekeeping rule's 30 days.
 */
const RETAINED_VERSION_DAYS = 1;

/**
 * One bucket-wide housekeeping rule (noncurrent versions, failed multipart uploads), then one rule per
 * table a retention SLA of its contract is about (its object, or the whole contract): objects under the
 * table's prefix expire after the shortest such retention (`retentionDaysOf`: in time for contract-test's check),
 * and their previous versions a day after they stop being current.
 */
function lifecycleRules(products: readonly ProductSpec[], params: TerraformParams): TfValue[] {
  const rules: TfObject[] = [];
  for (const product of products) {
    for (const contract of product.contracts) {
      for (const table of contract.tables) {
        const days = retentionDaysOf(contract, table);
        if (days === undefined) continue;
        rules.push({
          id: truncate(`meshkit-retention-${product.name}-${table.name}`, 255),
          status: "Enabled",
          filter: { prefix: tableLocation(product, contract, table).key },
          expiration: { days },
          // The bucket is versioned: expiring an object only makes it a previous version, which the
          // housekeeping rule would keep 30 days past the retention. S3 honours the shorter of two
          // overlapping expirations, so this rule removes the previous versions the next day.
          noncurrent_version_expiration: { noncurrent_days: RETAINED_VERSION_DAYS },
        });
      }
    }
  }
  rules.sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
  return [
    {
      id: "meshkit-housekeeping",
      status: "Enabled",
      filter: {},
      abort_incomplete_multipart_upload: { days_after_initiation: 7 },
      noncurrent_version_expiration: { noncurrent_days: params.noncurrentVersionDays ?? 30 },
    },
    ...rules,
  ];
}

function renderProduct(module: TerraformModule, product: ProductSpec, bucket: DomainBucket, v: Variables): void {
  const file = `${product.domain}.${product.name}.tf.json`;
  module.header(file, `Rendered by meshkit provision --target aws: data product ${productId(product)}. Do not edit: change the contracts and render again.`);
  const database = glueName(product.domain);
  for (const contract of product.contracts) {
    const chosen = glueStorage(contract);
    // (check() reported a format with no Glue table, and the product was not rendered.)
    const storage = chosen.ok ? chosen.storage : GLUE_STORAGE.parquet;
    for (const table of contract.tables) {
      const at = { document: contract.document, pointer: table.pointer };
      const owner: Owner = { share: `product:${productId(product)}`, at };
      const tableName = glueName(table.name);
      module.claim(`glue-table:${database}.${tableName}`, `Glue table ${database}.${tableName}`, { share: `product:${productId(product)}#${table.name}`, at });
      // (Two columns one Glue name would fold to are the model's provision-object-conflict: it left the later out.)
      const tableLabel = label(product.domain, product.name, table.name);
      const location = tableLocation(product, contract, table);
      // A Glue table reads every file under its folder: two tables (of two contracts, or products, of the domain's bucket) whose
      // locations are one folder (`data/{model}.parquet` → `data/`), or one inside the other (`data/` and `data/refunds/`), would
      // read the other's files (and a retention's lifecycle rule of the outer folder expire them).
      const folderKey = `s3-folder:${product.domain}:`;
      module.claim(
        `${folderKey}${location.key}`,
        `S3 folder ${location.key} of domain ${product.domain}'s bucket`,
        { share: `product:${productId(product)}#${table.name}`, at },
        (holder, heldKey) => {
          const held = heldKey?.slice(folderKey.length);
          if (held === undefined) return `is already the Glue location of ${holder}, and a Glue table reads every file in its folder: give each object a folder of its own (s3://<bucket>/<prefix>/{model}/*.parquet)`;
          const relation = held.startsWith(location.key) ? `holds ${held}` : `is inside ${held}`;
          return `${relation}, the Glue location of ${holder}, and a Glue table reads every file in its folder and the folders below it: give each object a folder of its own, none inside another's (s3://<bucket>/<prefix>/{model}/*.parquet)`;
        },
        true,
      );
      const glueTable = module.resource(owner, file, "aws_glue_catalog_table", tableLabel, {
        name: tableName,
        database_name: ref(`aws_glue_catalog_database.${label(product.domain)}.name`),
        ...(table.description ? { description: truncate(glueText(table.description, "multi"), 2048) } : {}),
        table_type: "EXTERNAL_TABLE",
        parameters: {
          EXTERNAL: "TRUE",
          ...storage.parameters,
          "meshkit.metadata": tableComment(product, contract, table),
        },
        storage_descriptor: {
          location: tpl`s3://${bucket.name}/${location.key}`,
          input_format: storage.input_format,
          output_format: storage.output_format,
          compressed: false,
          ser_de_info: storage.ser_de_info,
          columns: table.columns.filter((column) => !table.partitionKeys.includes(column.name)).map(glueColumn),
        },
        // `partitioned: true` properties: Hive-style partition columns (`…/txn_ref_dt=2024-01-31/`), in partitionKeyPosition order, not data columns.
        ...(table.partitionKeys.length > 0 ? { partition_keys: table.partitionKeys.map((name) => glueColumn(table.columns.find((c) => c.name === name)!)) } : {}),
      });
      renderGrants(module, file, product, contract, table, glueTable, owner, v);
    }
  }
}

/** A Glue column: its comment is the description on one line (Glue refuses a comment with a line break: `glueText`), cut to Glue's 255 characters. */
function glueColumn(column: ColumnSpec): { name: string; type: string; comment?: string } {
  const comment = column.description ? glueText(column.description, "single") : "";
  return { name: glueName(column.name), type: column.types.glue!, ...(comment ? { comment: truncate(comment, 255) } : {}) };
}

/**
 * Lake Formation grants of the contract's roles on one table. Column-level grants allow SELECT only,
 * so a reader not approved for sensitive columns gets SELECT on the table minus those columns and
 * DESCRIBE on the table as a second grant.
 */
function renderGrants(module: TerraformModule, file: string, product: ProductSpec, contract: ContractSpec, table: TableSpec, glueTable: string, owner: Owner, v: Variables): void {
  const sensitive = table.columns.filter((c) => c.sensitive).map((c) => glueName(c.name)).sort();
  const tableRef = { database_name: ref(`${glueTable}.database_name`), name: ref(`${glueTable}.name`) };
  // Claimed in the contract's order, so a role named again is reported at its later entry.
  const glueTableName = `${glueName(product.domain)}.${glueName(table.name)}`;
  const claimed = contract.roles.filter((role) => claimRoleGrant(module, "IAM role", glueTableName, role, { document: contract.document, pointer: role.pointer }));
  const roles = claimed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const role of roles) {
    const roleOwner: Owner = { ...owner, at: { document: contract.document, pointer: role.pointer } };
    const principal = principalOf(role.name, v);
    const grantLabel = label(product.domain, product.name, table.name, role.name);
    if (role.access === "write") {
      // Writers produce the data: every column, plus INSERT and DELETE (no ALTER/DROP: the schema is the contract's).
      module.resource(roleOwner, file, "aws_lakeformation_permissions", grantLabel, { principal, permissions: ["DELETE", "DESCRIBE", "INSERT", "SELECT"], table: tableRef });
    } else if (sensitive.length === 0 || role.privacyApproved) {
      module.resource(roleOwner, file, "aws_lakeformation_permissions", grantLabel, { principal, permissions: ["DESCRIBE", "SELECT"], table: tableRef });
    } else {
      module.resource(roleOwner, file, "aws_lakeformation_permissions", grantLabel, {
        principal,
        permissions: ["SELECT"],
        table_with_columns: { ...tableRef, wildcard: true, excluded_column_names: sensitive },
      });
      module.resource(roleOwner, file, "aws_lakeformation_permissions", label(grantLabel, "describe"), { principal, permissions: ["DESCRIBE"], table: tableRef });
    }
  }
}

/** `role_principals[<role>]`, else the IAM role of that name in the lake account. */
function principalOf(role: string, v: Variables): Expr {
  return varExpr(`lookup(${v.rolePrincipals}, ${hclString(role)}, "arn:\${${v.partition}}:iam::\${${v.accountId}}:role/${role}")`);
}
