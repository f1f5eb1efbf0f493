/**
 * Types of an ODPS data product (Open Data Product Standard, apiVersion v1.0.0 or v0.9.0), as accepted
 * by schemas/odps-1.0.schema.json. Hand-written to match the schema; validate before trusting a value
 * to have this shape.
 */
import type { ODPS_API_VERSIONS } from "../kinds.js";
import type { JsonValue } from "./odcs.js";

/** The whole product descriptor. */
export interface DataProduct {
  apiVersion: (typeof ODPS_API_VERSIONS)[number];
  kind: "DataProduct";
  id: string;
  status: string;
  name?: string;
  /** Recommended, not required. */
  version?: string;
  domain?: string;
  tenant?: string;
  description?: ProductDescription;
  tags?: string[];
  authoritativeDefinitions?: ProductAuthoritativeDefinition[];
  customProperties?: ProductCustomProperty[];
  /** Data the product consumes: the lineage. */
  inputPorts?: InputPort[];
  /** Data the product serves: each bound to a data contract. */
  outputPorts?: OutputPort[];
  managementPorts?: ManagementPort[];
  support?: ProductSupportChannel[];
  team?: ProductTeam;
  /** RFC 3339 date-time. */
  productCreatedTs?: string;
}

/** What the product is for. */
export interface ProductDescription {
  purpose?: string;
  limitations?: string;
  usage?: string;
  authoritativeDefinitions?: ProductAuthoritativeDefinition[];
  customProperties?: ProductCustomProperty[];
}

/** Extension point: a key/value pair for anything the standard does not cover. */
export interface ProductCustomProperty {
  property: string;
  value: JsonValue;
  description?: string;
}

/** A link to a source that defines an element; `url` must be an absolute URI. */
export interface ProductAuthoritativeDefinition {
  type: string;
  url: string;
  description?: string;
}

/** Fields every port and most nested objects share. */
interface Annotated {
  tags?: string[];
  customProperties?: ProductCustomProperty[];
  authoritativeDefinitions?: ProductAuthoritativeDefinition[];
}

/** A dependency on data described by a contract (`contractId` is that contract's `id`). */
export interface InputPort extends Annotated {
  name: string;
  version: string;
  contractId: string;
}

/** What the product promises, one entry per version; `name` + `version` is the key. */
export interface OutputPort extends Annotated {
  name: string;
  version: string;
  description?: string;
  /** Kind of port, e.g. `tables`. */
  type?: string;
  /** `id` of the data contract this port serves. */
  contractId?: string;
  sbom?: Sbom[];
  /** Contracts this port's data derives from. */
  inputContracts?: InputContract[];
}

/** Software bill of materials of a port version. */
export interface Sbom {
  type?: string;
  url: string;
}

/** A contract (id + version) an output port derives from. */
export interface InputContract {
  id: string;
  version: string;
}

/** An endpoint to discover, observe or control the product (`rest` by default, or `topic`). */
export interface ManagementPort extends Annotated {
  name: string;
  content: string;
  type?: string;
  url?: string;
  channel?: string;
  description?: string;
}

/** A support channel; unlike ODCS, `url` is required and must be a URI. */
export interface ProductSupportChannel extends Annotated {
  channel: string;
  url: string;
  description?: string;
  tool?: string;
  scope?: string;
  invitationUrl?: string;
}

/** The team that owns the product. */
export interface ProductTeam extends Annotated {
  name?: string;
  description?: string;
  members?: ProductTeamMember[];
}

/** A person in the team. */
export interface ProductTeamMember extends Annotated {
  username: string;
  name?: string;
  description?: string;
  role?: string;
  /** YYYY-MM-DD. */
  dateIn?: string;
  /** YYYY-MM-DD. */
  dateOut?: string;
  replacedByUsername?: string;
}
