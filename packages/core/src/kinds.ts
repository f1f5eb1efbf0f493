/**
 * Which standard a document follows, decided by its content (`apiVersion` + `kind`), never by its
 * file name: a contract called `orders.yaml` and a policy called `contract.yaml` are both found.
 */
export const ODCS_API_VERSIONS = ["v3.0.0", "v3.0.1", "v3.0.2", "v3.1.0"] as const;
/** ODPS 1.0.0; the official schema also accepts its pre-release v0.9.0, and so do we. */
export const ODPS_API_VERSIONS = ["v0.9.0", "v1.0.0"] as const;
export const MESHKIT_API_VERSION = "meshkit/v1";

export type DocumentKind =
  | { type: "DataContract"; apiVersion: (typeof ODCS_API_VERSIONS)[number] }
  | { type: "DataProduct"; apiVersion: (typeof ODPS_API_VERSIONS)[number] }
  | { type: "Config"; apiVersion: typeof MESHKIT_API_VERSION }
  | { type: "Policy"; apiVersion: typeof MESHKIT_API_VERSION }
  /** A known `kind` with an `apiVersion` this release cannot read. */
  | { type: "unsupported"; kind: string; apiVersion: unknown; supported: readonly string[] }
  /** Not a meshkit document at all (any other YAML, or not a mapping). */
  | { type: "other"; reason: "not-a-mapping" | "no-kind" };

// `owns(apiVersion)` says whether a document of that kind is ours to read at all: `kind: Policy` and
// `kind: Config` are common words (Kyverno policies, kubeconfig files), so only a `meshkit/…` apiVersion
// claims them; DataContract and DataProduct are Bitol's, and ours unless a Kubernetes API group claims them
// (`apiVersion: datamesh.example.com/v1`: a custom resource, no ODCS or ODPS document).
const KNOWN: Record<string, { versions: readonly string[]; owns: (apiVersion: unknown) => boolean }> = {
  DataContract: { versions: ODCS_API_VERSIONS, owns: isNoApiGroup },
  DataProduct: { versions: ODPS_API_VERSIONS, owns: isNoApiGroup },
  Config: { versions: [MESHKIT_API_VERSION], owns: isMeshkitApiVersion },
  Policy: { versions: [MESHKIT_API_VERSION], owns: isMeshkitApiVersion },
};

function isNoApiGroup(apiVersion: unknown): boolean {
  return !(typeof apiVersion === "string" && apiVersion.includes("/"));
}

function isMeshkitApiVersion(apiVersion: unknown): boolean {
  return typeof apiVersion === "string" && apiVersion.startsWith("meshkit/");
}

/**
 * An apiVersion as a message shows it: text quoted, anything else as the file writes it (`source`, the
 * node's text) and what it is, since YAML reads `apiVersion: 1.0` as the number 1.
 */
export function writtenApiVersion(apiVersion: unknown, source: string | undefined): string {
  if (typeof apiVersion === "string") return JSON.stringify(apiVersion);
  const shown = source !== undefined && source.trim() !== "" ? source.trim() : JSON.stringify(apiVersion);
  return `${shown} (${typeof apiVersion === "object" ? "not a string" : `a ${typeof apiVersion}, not a string`})`;
}

/**
 * Why a document of a known kind is not read: `DataContract apiVersion "v9.0.0" is not one meshkit reads (…)`,
 * or that it has none. `source` is the apiVersion's text in the file (see writtenApiVersion).
 */
export function unsupportedApiVersionText(kind: Extract<DocumentKind, { type: "unsupported" }>, source?: string): string {
  const which = kind.apiVersion === undefined ? "has no apiVersion, so it is not one meshkit reads" : `apiVersion ${writtenApiVersion(kind.apiVersion, source)} is not one meshkit reads`;
  return `${kind.kind} ${which} (${kind.supported.join(", ")})`;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function detectKind(value: unknown): DocumentKind {
  if (!isMapping(value)) return { type: "other", reason: "not-a-mapping" };
  const kind = value.kind;
  if (typeof kind !== "string" || !Object.hasOwn(KNOWN, kind)) return { type: "other", reason: "no-kind" };
  const { versions, owns } = KNOWN[kind]!;
  const apiVersion = value.apiVersion;
  if (!owns(apiVersion)) return { type: "other", reason: "no-kind" };
  if (typeof apiVersion !== "string" || !versions.includes(apiVersion)) {
    return { type: "unsupported", kind, apiVersion, supported: versions };
  }
  return { type: kind, apiVersion } as DocumentKind;
}

/**
 * Whether a file's name says it is a contract or a product (`*.odcs.yaml`, `*.odps.json`, …), as the
 * ODCS and ODPS examples name them: such a file that is not one is reported, not skipped as other YAML.
 */
export function namedAsMeshkitDocument(path: string): boolean {
  return /\.od[cp]s\.(?:ya?ml|json)$/i.test(path);
}

/** Cheap test on raw text used by discovery to skip files that cannot be meshkit documents (or contracts that lost their kind). */
export function mayBeMeshkitDocument(text: string): boolean {
  return /\bkind["']?\s*:\s*["']?(?:DataContract|DataProduct|Config|Policy)\b/.test(text) || STANDARD_API_VERSION.test(text);
}

const STANDARD_API_VERSION = new RegExp(`\\bapiVersion["']?\\s*:\\s*["']?(?:${[...ODCS_API_VERSIONS, ...ODPS_API_VERSIONS].map((v) => v.replace(/\./g, "\\.")).join("|")})\\b`);

/**
 * A mapping with no `kind` that is an ODCS contract or ODPS product otherwise: one of their apiVersions and
 * an `id`. A folder walk reports it (a forgotten `kind` would pass the contract unchecked) where it passes
 * over other YAML; the apiVersion alone could be another tool's.
 */
export function isContractWithoutKind(value: unknown): value is Record<string, unknown> {
  // `kind:` left empty is no kind either.
  if (!isMapping(value) || (value.kind !== undefined && value.kind !== null && value.kind !== "") || value.id === undefined) return false;
  return typeof value.apiVersion === "string" && ([...ODCS_API_VERSIONS, ...ODPS_API_VERSIONS] as readonly string[]).includes(value.apiVersion);
}
