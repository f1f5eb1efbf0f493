/**
 * Types of an ODCS data contract (Open Data Contract Standard, apiVersion v3.0.x / v3.1.0), as accepted
 * by schemas/odcs-3.1.schema.json. Hand-written to match the schema; validate before trusting a value
 * to have this shape.
 */
import type { ODCS_API_VERSIONS } from "../kinds.js";

/** A JSON value: what `value` of a custom property or an example may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A single, non-collection value (SLA values). */
export type Scalar = string | number | boolean | null;

/** Technical identifier used by references: letters, digits, `_` and `-`. */
export type StableId = string;

/**
 * A reference to a property: `object.property` (by names) or `schema/<id>/properties/<id>` (by ids),
 * optionally prefixed by another contract file (`other.yaml#`).
 */
export type PropertyReference = string;

/** The whole contract document. */
export interface DataContract {
  apiVersion: (typeof ODCS_API_VERSIONS)[number];
  kind: "DataContract";
  id: string;
  version: string;
  status: string;
  name?: string;
  tenant?: string;
  domain?: string;
  /** @deprecated since v3.1.0: describe the product in an ODPS document. */
  dataProduct?: string;
  description?: ContractDescription;
  tags?: string[];
  servers?: Server[];
  schema?: SchemaObject[];
  support?: SupportItem[];
  price?: Price;
  /** A team object (v3.1.0) or, deprecated, the v3.0.x list of members. */
  team?: Team | TeamMember[];
  roles?: Role[];
  /** @deprecated since v3.1.0. */
  slaDefaultElement?: string;
  slaProperties?: ServiceLevelAgreementProperty[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
  customProperties?: CustomProperty[];
  /** RFC 3339 date-time. */
  contractCreatedTs?: string;
}

/** What the data is for. The only object that tolerates keys the standard does not define. */
export interface ContractDescription {
  usage?: string;
  purpose?: string;
  limitations?: string;
  authoritativeDefinitions?: AuthoritativeDefinition[];
  customProperties?: CustomProperty[];
  [extra: string]: unknown;
}

/** Extension point: a key/value pair for anything the standard does not cover. */
export interface CustomProperty {
  id?: StableId;
  property: string;
  value: JsonValue;
  description?: string;
}

/** A link to a source that defines an element (glossary entry, catalog page, repository, video...). */
export interface AuthoritativeDefinition {
  id?: StableId;
  url: string;
  type: string;
  description?: string;
}

/** Every server `type` the standard knows. */
export type ServerType =
  | "api" | "athena" | "azure" | "bigquery" | "clickhouse" | "databricks" | "denodo" | "dremio" | "duckdb"
  | "glue" | "cloudsql" | "db2" | "hive" | "impala" | "informix" | "kafka" | "kinesis" | "local" | "mysql"
  | "oracle" | "postgresql" | "postgres" | "presto" | "pubsub" | "redshift" | "s3" | "sftp" | "snowflake"
  | "sqlserver" | "synapse" | "trino" | "vertica" | "zen" | "custom";

/**
 * Where the data physically lives. Which connection fields are required depends on `type`
 * (e.g. postgres: host, port, database, schema; s3: location); the schema enforces it.
 */
export interface Server extends ServerConnection {
  id?: StableId;
  server: string;
  type: ServerType;
  description?: string;
  environment?: string;
  roles?: Role[];
  customProperties?: CustomProperty[];
}

/** The union of the connection fields of all server types. */
export interface ServerConnection {
  account?: string;
  catalog?: string;
  database?: string;
  dataset?: string;
  delimiter?: string;
  endpointUrl?: string;
  format?: string;
  host?: string;
  location?: string;
  path?: string;
  port?: number;
  project?: string;
  region?: string;
  regionName?: string;
  schema?: string;
  serviceName?: string;
  stagingDir?: string;
  stream?: string;
  warehouse?: string;
}

/** Fields shared by schema objects and their properties. */
export interface SchemaElement {
  id?: StableId;
  name?: string;
  /** Type in the data source: table, view, topic, file; or VARCHAR(2), INT... for a property. */
  physicalType?: string;
  description?: string;
  businessName?: string;
  authoritativeDefinitions?: AuthoritativeDefinition[];
  tags?: string[];
  customProperties?: CustomProperty[];
}

/** One table, view, topic or file of the contract. */
export interface SchemaObject extends SchemaElement {
  name: string;
  logicalType?: "object";
  physicalName?: string;
  dataGranularityDescription?: string;
  properties?: SchemaProperty[];
  relationships?: ObjectRelationship[];
  quality?: DataQuality[];
}

export type LogicalType = "string" | "date" | "timestamp" | "time" | "number" | "integer" | "object" | "array" | "boolean";

/** A column or field. The element type of an array (`items`) has the same shape without a required name. */
export interface SchemaProperty extends SchemaElement {
  name: string;
  logicalType?: LogicalType;
  /** Allowed keys depend on `logicalType`; see {@link LogicalTypeOptions}. */
  logicalTypeOptions?: LogicalTypeOptions;
  physicalName?: string;
  primaryKey?: boolean;
  /** 1-based position in a composite primary key; -1 when not part of it. */
  primaryKeyPosition?: number;
  /** true when the value may not be null. */
  required?: boolean;
  unique?: boolean;
  partitioned?: boolean;
  partitionKeyPosition?: number;
  classification?: string;
  encryptedName?: string;
  transformSourceObjects?: string[];
  transformLogic?: string;
  transformDescription?: string;
  examples?: JsonValue[];
  criticalDataElement?: boolean;
  relationships?: PropertyRelationship[];
  quality?: DataQuality[];
  /** Fields, when logicalType is `object`. */
  properties?: SchemaProperty[];
  /** Element type, when logicalType is `array`. */
  items?: SchemaItems;
}

/** The element type of an array property. */
export type SchemaItems = Omit<SchemaProperty, "name"> & { name?: string };

/** Options of each logical type (the schema allows only the keys of the property's own logicalType). */
export interface LogicalTypeOptionsByType {
  string: { minLength?: number; maxLength?: number; pattern?: string; format?: string };
  date: TemporalOptions;
  timestamp: TemporalOptions & { timezone?: boolean; defaultTimezone?: string };
  time: TemporalOptions & { timezone?: boolean; defaultTimezone?: string };
  integer: NumericOptions & { format?: "i8" | "i16" | "i32" | "i64" | "i128" | "u8" | "u16" | "u32" | "u64" | "u128" };
  number: NumericOptions & { format?: "f32" | "f64" };
  object: { minProperties?: number; maxProperties?: number; required?: string[] };
  array: { minItems?: number; maxItems?: number; uniqueItems?: boolean };
  /** The schema puts no constraint on the options of a boolean. */
  boolean: Record<string, unknown>;
}

export type LogicalTypeOptions = LogicalTypeOptionsByType[LogicalType];

/** Bounds of a date, timestamp or time, written in its `format`. */
export interface TemporalOptions {
  format?: string;
  minimum?: string;
  exclusiveMinimum?: string;
  maximum?: string;
  exclusiveMaximum?: string;
}

/** Bounds of an integer or number. */
export interface NumericOptions {
  multipleOf?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  exclusiveMaximum?: number;
}

/** A foreign key declared on a schema object: `from` and `to` both references, or both lists. */
export interface ObjectRelationship {
  type?: "foreignKey";
  from: PropertyReference | PropertyReference[];
  to: PropertyReference | PropertyReference[];
  customProperties?: CustomProperty[];
}

/** A foreign key declared on a property, which is the implicit `from`. */
export interface PropertyRelationship {
  type?: "foreignKey";
  to: PropertyReference | PropertyReference[];
  customProperties?: CustomProperty[];
}

/** Exactly one comparison of the measured value. */
export type Comparison =
  | { mustBe: JsonValue }
  | { mustNotBe: JsonValue }
  | { mustBeGreaterThan: number }
  | { mustBeGreaterOrEqualTo: number }
  | { mustBeLessThan: number }
  | { mustBeLessOrEqualTo: number }
  | { mustBeBetween: [number, number] }
  | { mustNotBeBetween: [number, number] };

export type QualityDimension = "accuracy" | "completeness" | "conformity" | "consistency" | "coverage" | "timeliness" | "uniqueness";
export type QualityMetric = "nullValues" | "missingValues" | "invalidValues" | "duplicateValues" | "rowCount";

/** Fields shared by every kind of quality rule. */
export interface DataQualityBase {
  id?: StableId;
  name?: string;
  description?: string;
  dimension?: QualityDimension;
  method?: string;
  severity?: string;
  businessImpact?: string;
  unit?: string;
  schedule?: string;
  scheduler?: string;
  tags?: string[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
  customProperties?: CustomProperty[];
}

/** A predefined metric compared with a threshold (the default `type`). */
export type LibraryQuality = DataQualityBase & {
  type?: "library";
  metric: QualityMetric;
  /** @deprecated use `metric`. */
  rule?: string;
  arguments?: Record<string, unknown>;
} & Comparison;

/** A SQL query whose result is compared with a threshold. */
export type SqlQuality = DataQualityBase & { type: "sql"; query: string } & Comparison;

/** A rule run by another engine (Soda, Great Expectations, dbt...). */
export type CustomQuality = DataQualityBase & { type: "custom"; engine: string; implementation: string | Record<string, unknown> };

/** A rule in prose only. */
export type TextQuality = DataQualityBase & { type: "text" };

/** A data quality rule, by `type`. */
export type DataQuality = LibraryQuality | SqlQuality | CustomQuality | TextQuality;

/** One service-level agreement, e.g. `latency` of 4 `d`. */
export interface ServiceLevelAgreementProperty {
  id?: StableId;
  property: string;
  value: Scalar;
  valueExt?: Scalar;
  unit?: string;
  element?: string;
  driver?: string;
  description?: string;
  scheduler?: string;
  schedule?: string;
}

/** A support channel (Slack channel, mailing list, ticket queue...). */
export interface SupportItem {
  id?: StableId;
  channel: string;
  url?: string;
  description?: string;
  tool?: string;
  scope?: string;
  invitationUrl?: string;
  customProperties?: CustomProperty[];
}

/** Subscription price of the data. */
export interface Price {
  id?: StableId;
  priceAmount?: number;
  priceCurrency?: string;
  priceUnit?: string;
}

/** The team that owns the contract (v3.1.0 shape). */
export interface Team {
  id?: StableId;
  name?: string;
  description?: string;
  members?: TeamMember[];
  tags?: string[];
  customProperties?: CustomProperty[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
}

/** A person in the team. */
export interface TeamMember {
  id?: StableId;
  username: string;
  name?: string;
  description?: string;
  role?: string;
  /** YYYY-MM-DD. */
  dateIn?: string;
  /** YYYY-MM-DD. */
  dateOut?: string;
  replacedByUsername?: string;
  tags?: string[];
  customProperties?: CustomProperty[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
}

/** An IAM role that gives access to the data. */
export interface Role {
  id?: StableId;
  role: string;
  description?: string;
  access?: string;
  firstLevelApprovers?: string;
  secondLevelApprovers?: string;
  customProperties?: CustomProperty[];
}
