/**
 * Which standard a document follows, decided by its content (`apiVersion` + `kind`), never by its
 * file name: a contract called `orders.yaml` and a policy called `contract.yaml` are both found.
 */
import { writtenOnOneLine } from "./message-text.js";
import { closest } from "./suggest.js";

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
  const shown = writtenOnOneLine(apiVersion, source);
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
  return MESHKIT_KIND.test(text) || STANDARD_API_VERSION.test(text);
}

/** Cheap test on raw text for a meshkit.yaml of any name (`extends` may name one): whether it may say `kind: Config`. */
export function mayBeMeshkitConfig(text: string): boolean {
  return CONFIG_KIND.test(text);
}

/**
 * What YAML allows between a key's `:` and its scalar: white space and line breaks, comments, a tag
 * (`!!str`), an anchor (`&kind`) and a block scalar's header (`|-`, `>`). A contract that writes its kind
 * so is still one, and a folder walk that skipped it would pass it unchecked. (Each alternative starts with
 * a character of its own and runs to a line break or white space, so a text can be split into them in one
 * way only and the test stays linear: `kind: !!!!…x` does not backtrack.)
 */
const BEFORE_SCALAR = String.raw`(?:\s|#[^\n]*\n|![^\s]*\s|&[^\s]+\s|[|>][-+0-9]*\s)*`;
/**
 * A key as the prefilter finds it: in any case, and with invisible characters pasted in after it (`Kind:`,
 * `kind\u200b:`), which lint reports at that key (a look-alike key) rather than skip the file as other YAML.
 */
const lookalikeKeyPattern = (key: string) => `${[...key].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join("")}[\u00a0\u200b-\u200d\u2060\ufeff]*`;
const kindPattern = (kinds: readonly string[]) => new RegExp(String.raw`\b${lookalikeKeyPattern("kind")}["']?\s*:${BEFORE_SCALAR}["']?(?:${kinds.join("|")})\b`);
const MESHKIT_KIND = kindPattern(["DataContract", "DataProduct", "Config", "Policy"]);
const CONFIG_KIND = kindPattern(["Config"]);
const STANDARD_API_VERSION = new RegExp(
  String.raw`\b${lookalikeKeyPattern("apiVersion")}["']?\s*:${BEFORE_SCALAR}["']?(?:${[...ODCS_API_VERSIONS, ...ODPS_API_VERSIONS].map((v) => v.replace(/\./g, "\\.")).join("|")})\b`,
);

/**
 * A mapping with no `kind` that is an ODCS contract or ODPS product otherwise: one of their apiVersions and
 * an `id`. A folder walk reports it (a forgotten `kind` would pass the contract unchecked) where it passes
 * over other YAML; the apiVersion alone could be another tool's.
 */
export function isContractWithoutKind(value: unknown): value is Record<string, unknown> {
  // `kind:` left empty is no kind either.
  if (!isMapping(value) || (value.kind !== undefined && value.kind !== null && value.kind !== "") || value.id === undefined) return false;
  return hasStandardApiVersion(value);
}

/**
 * A mapping that is an ODCS contract or ODPS product but for a misspelt `kind`: one of their apiVersions, an
 * `id`, and a kind that is not text (`kind: [DataContract]`, `kind: true`) or is close to one of theirs
 * (misspeltKindOf). A folder walk reports it, as one without kind: skipped, the contract would pass
 * unchecked. Another word (`kind: Chart`) may be another tool's, and is left alone.
 */
export function isContractWithMisspeltKind(value: unknown): value is Record<string, unknown> {
  if (!isMapping(value) || value.id === undefined || value.kind === undefined || value.kind === null || !hasStandardApiVersion(value)) return false;
  return typeof value.kind !== "string" || misspeltKindOf(value.kind) !== undefined;
}

const STANDARD_KINDS = ["DataContract", "DataProduct"] as const;

/**
 * The standard kind a written `kind` misspells: another case or spaces (`datacontract`, `Data Product`),
 * or a slip of a letter or two (`DataContact`, `DataContracts`); undefined for the kind itself or another word.
 */
export function misspeltKindOf(kind: string): (typeof STANDARD_KINDS)[number] | undefined {
  if ((STANDARD_KINDS as readonly string[]).includes(kind)) return undefined;
  return closest(kind.replace(/\s+/g, ""), STANDARD_KINDS) as (typeof STANDARD_KINDS)[number] | undefined;
}

function hasStandardApiVersion(value: Record<string, unknown>): boolean {
  return typeof value.apiVersion === "string" && ([...ODCS_API_VERSIONS, ...ODPS_API_VERSIONS] as readonly string[]).includes(value.apiVersion);
}
