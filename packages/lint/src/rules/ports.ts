import { isRetiredStatus, isSemverText, typoFinder } from "@meshkit/core";
import semver from "semver";
import { defineRule, type DocumentIndex, type FileLabel, type IndexedDocument } from "../rule.js";
import { mappingsIn, pointer, stringAt, type Mapping } from "../walk.js";
import { semverToWrite } from "./metadata.js";

function where(entry: IndexedDocument, shown: FileLabel): string {
  const pos = entry.locate("/id");
  return `${shown(entry.file)}:${pos.line}:${pos.column}`;
}

export const uniqueDocumentId = defineRule({
  meta: { id: "unique-document-id", defaultSeverity: "error", description: "Each contract id and each product id is used by one document in the repository." },
  appliesTo: ["DataContract", "DataProduct"],
  checkRepository(entry, { report, index, displayFile }) {
    const id = entry.id;
    if (id === undefined) return;
    const what = entry.kind === "DataContract" ? "contract" : "product";
    // The schema takes any string; blanks identify nothing (and the catalog refuses them at publish).
    if (id.trim() === "") {
      report({ path: "/id", message: `The ${what} id is blank; ids identify a ${what} across versions and repos: give it one (e.g. a new UUID).` });
      return;
    }
    const pool = entry.kind === "DataContract" ? index.contracts : index.products;
    const others = (pool.get(id) ?? []).filter((other) => other !== entry);
    if (others.length === 0) return;
    // Each copy names the others: with every copy named, a folder of n copies (a template copied in bulk)
    // would print n² places; a few show where to look, the count says how many there are.
    const shown = others.slice(0, MAX_OTHER_COPIES_NAMED).map((other) => where(other, displayFile));
    const more = others.length > MAX_OTHER_COPIES_NAMED ? ` and ${others.length - MAX_OTHER_COPIES_NAMED} more` : "";
    report({
      path: "/id",
      message: `${what} id ${id} is also used by ${shown.join(", ")}${more}; ids identify a ${what} across versions and repos, so give each its own (e.g. a new UUID).`,
    });
  },
});

/** How many other documents with the same id a unique-document-id finding names. */
const MAX_OTHER_COPIES_NAMED = 5;

/** Why a contract id is not among the contracts read: one of an apiVersion meshkit does not read, or none here. */
function notFound(index: DocumentIndex, id: string, absent: string, shown: FileLabel): string {
  const unread = index.unreadContracts.get(id);
  if (!unread) {
    const files = index.unreadFiles;
    if (files.length === 0) return absent;
    const named = files.slice(0, 3).map(shown).join(", ") + (files.length > 3 ? ` and ${files.length - 3} more` : "");
    return `${absent} (or it is in a file meshkit could not read: ${named}; lint ${files.length === 1 ? "it" : "them"} to see why)`;
  }
  const version = unread.apiVersion === undefined ? "no apiVersion" : `apiVersion ${JSON.stringify(unread.apiVersion)}`;
  return `is in ${shown(unread.file)}, but with ${version}, which meshkit does not read (see unsupported-api-version there)`;
}

/**
 * The contract id of the repository `id` is most likely a typo of (see closest). A repository of thousands of
 * contracts asks this for every port that names none of them: comparing each such id with every contract id
 * took minutes, so the ids are indexed once per run.
 */
function nearestContractId(index: DocumentIndex, id: string): string | undefined {
  let find = CONTRACT_ID_FINDERS.get(index);
  if (!find) {
    find = typoFinder([...index.contracts.keys()]);
    CONTRACT_ID_FINDERS.set(index, find);
  }
  return find(id);
}
const CONTRACT_ID_FINDERS = new WeakMap<DocumentIndex, (id: string) => string | undefined>();

/** Ids shorter than this are not suggested for a typo: two edits turn any short id into another. */
const MIN_TYPO_ID_LENGTH = 8;

/**
 * What an id that names no contract here most likely meant, as a sentence to append to the message (empty when
 * nothing is likely): the data product it is the id of (a port names a contract, not a product), or a contract
 * id it is a typo or a case variant of (ids are compared exactly, so `Orders` does not find `orders`).
 */
function likelyMeant(index: DocumentIndex, id: string, shown: FileLabel): string {
  if (index.unreadContracts.has(id)) return "";
  const product = index.products.get(id)?.[0];
  if (product) return ` ${shownText(id)} is the id of the data product in ${shown(product.file)}, not of a contract: name the contract one of its output ports serves.`;
  // A space copied in with the id (`contractId: "orders "`) is invisible in the message, whose id then reads as
  // one that is in the repository: say so, however short the id and however many spaces.
  const trimmed = contractsWithId(index, id.trim());
  if (trimmed) return ` Ids are compared exactly, spaces included: remove the spaces around it (contract ${id.trim()} is in ${shown(trimmed[0]!.file)}).`;
  const near = nearestContractId(index, id);
  // (`x` is two edits from `c9`: among short ids, only a case variant is a likely slip.)
  if (near === undefined || (near.toLowerCase() !== id.toLowerCase() && Math.min(id.length, near.length) < MIN_TYPO_ID_LENGTH)) return "";
  return ` Did you mean ${shownText(near)} (${shown(index.contracts.get(near)![0]!.file)})?`;
}

/** Whether a port names no contract: no `contractId`, an empty one, or blank text (a blank id names nothing, as a blank document id does). */
function namesNoContract(port: Mapping): boolean {
  const value = port.contractId;
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/** Where a port's missing contractId is reported: at an empty or blank value where one is written, else at the port. */
function missingContractAt(list: "outputPorts" | "inputPorts", i: number, port: Mapping): { path: string; about?: string } {
  return "contractId" in port ? { path: pointer([list, i, "contractId"]) } : { path: pointer([list, i]), about: "contractId" };
}

/** The contracts in the repository with this id, or undefined when there is none. */
function contractsWithId(index: DocumentIndex, id: string): IndexedDocument[] | undefined {
  const found = index.contracts.get(id);
  return found && found.length > 0 ? found : undefined;
}

/**
 * The contracts of one id whose `version` is text, the only versions a port can be compared with. A contract
 * with no version, or one YAML read as a number (`version: 2.0` is 2), has its finding at the contract
 * (schema-valid, semver-version); compared with a port, it showed as "at undefined" or "at 2".
 */
function versionedContracts(contracts: readonly IndexedDocument[]): IndexedDocument[] {
  return contracts.filter((contract) => typeof contract.version === "string");
}

/** Equal as semver (build metadata ignored), or equal as written when either is not semver. */
function sameVersion(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === "string" && typeof b === "string" && semver.valid(a) !== null && semver.valid(b) !== null && semver.eq(a, b);
}

/** A version as semver-version says to write it (`1.3` → `1.3.0`); as written when it is semver, or has no semver meant. */
function versionToWrite(version: string): string {
  return isSemverText(version) ? version : (semverToWrite(version) ?? version);
}

export const outputPortContract = defineRule({
  meta: { id: "output-port-contract", defaultSeverity: "error", description: "Each output port references a contract in the repository, at the version the port declares." },
  appliesTo: ["DataProduct"],
  checkRepository(entry, { report, index, displayFile }) {
    const ports = (entry.value as Mapping).outputPorts;
    // ODPS: "You need at least one, as a data product without output is useless." A warning: a product
    // may be described before its first port exists.
    // An `outputPorts` that is not a list is the schema's error, not this one.
    if (ports === undefined || ports === null || (Array.isArray(ports) && ports.length === 0)) {
      report({ path: ports === undefined ? "" : "/outputPorts", severity: "warning", message: "The product has no output port; ODPS asks for at least one (a data product without output is useless): add the port its consumers read, with its contract." });
    }
    for (const [port, i] of mappingsIn(ports)) {
      const name = stringAt(port, "name") ?? `#${i}`;
      if (namesNoContract(port)) {
        report({ ...missingContractAt("outputPorts", i, port), message: `Output port \`${name}\` has no contractId; every output port needs a data contract that consumers can rely on.` });
        continue;
      }
      const contractId = port.contractId;
      // Another type names a contract, wrongly typed: schema-valid reports it at the value.
      if (typeof contractId !== "string") continue;
      const contracts = contractsWithId(index, contractId);
      if (!contracts) {
        // A warning: the contract may be published from another repository (ODPS does not require it here,
        // and its examples reference contracts they do not ship). A contract that is here at another
        // version is certain to be wrong, and stays an error below.
        report({
          path: pointer(["outputPorts", i, "contractId"]),
          severity: "warning",
          message: `Output port \`${name}\` references contract ${shownText(contractId)}, which ${notFound(index, contractId, "is not in this repository; add the contract or fix the id", displayFile)}.${likelyMeant(index, contractId, displayFile)}`,
        });
        continue;
      }
      const version = port.version;
      // A mapping or list (or null) is no version to compare: schema-valid reports it at the value. Nor is a
      // number: YAML read `version: 2.0` as 2, which this message would show as "2"; semver-version reports it
      // at the same node as written ("write \"2.0.0\""), and input ports leave numbers to it the same way.
      if (typeof version !== "string") continue;
      // A version that is not semver is semver-version's finding, which says what to write (`1.3` → `1.3.0`), on the
      // port or on the contract: when the two agree once written so, a second finding here would only repeat it
      // (and "make them match" would send the author to copy the contract's `1.3` into the port).
      const versioned = versionedContracts(contracts);
      if (versioned.length > 0 && !versioned.some((c) => sameVersion(versionToWrite(c.version as string), versionToWrite(version)))) {
        report({
          path: pointer(["outputPorts", i, "version"]),
          message: `Output port \`${name}\` declares version ${shownText(version)}, but contract ${contractId} is at ${contractVersions(versioned, displayFile)}; make them match.`,
        });
      }
    }
  },
});

/**
 * Why an input port's `version` cannot be read from the contract in the repository, or undefined when it can.
 * A consumer may lag behind its upstream within one compatibility line (semver's caret range: reading 1.3.0
 * while the contract is at 1.4.0 is fine); a version the contract has not reached, or one of another line
 * (another major; another minor under 0.x), is not served here. A port's version that is not semver is left to
 * semver-version (equal as written is fine); a contract's is read as semver-version says to write it (`1.3` is
 * 1.3.0), as an output port's is compared, rather than leaving every port of it unchecked. A contract at a pre-release is in the line its version is in
 * (1.3.0-rc.1 in 1.x), not in another one.
 */
function inputVersionProblem(version: unknown, contracts: readonly IndexedDocument[]): string | undefined {
  if (version === undefined) return undefined;
  const versions = contracts.map((c) => c.version);
  if (versions.some((v) => sameVersion(v, version))) return undefined;
  const wanted = typeof version === "string" ? semver.valid(version) : null;
  const served = versions.map((v) => (typeof v === "string" ? semver.valid(versionToWrite(v)) : null)).filter((v): v is string => v !== null);
  if (wanted === null || served.length === 0) return undefined;
  // includePrerelease: a pre-release of a later minor or patch (1.3.0-rc.1 for a port reading 1.2.0) is still in
  // the port's line; semver's default leaves pre-releases out of every range but their own version's.
  if (served.some((v) => semver.satisfies(v, `^${wanted}`, { includePrerelease: true }))) return undefined;
  if (served.every((v) => semver.gt(wanted, v))) return "that version does not exist in this repository; read a version the contract has released.";
  return "the contract has moved to another compatibility line (another major version, or another minor under 0.x), so the release this port reads is no longer served here; check its breaking changes and update the port.";
}

/**
 * The files of a contract id that is retired (every document of it), for a product that reads it, or undefined.
 * A retired contract is no longer served (provision leaves it out, the catalog hides it): a reader of it reads
 * data that stopped coming (a warning: a product may be on its way off it). A retired product is no reader any more.
 */
function retiredFiles(contracts: readonly IndexedDocument[], reader: IndexedDocument, displayFile: FileLabel): string | undefined {
  if (!contracts.every((contract) => isRetiredStatus(contract.status)) || isRetiredStatus((reader.value as Mapping).status)) return undefined;
  return contracts.map((c) => displayFile(c.file)).join(", ");
}

export const inputPortContract = defineRule({
  meta: { id: "input-port-contract", defaultSeverity: "error", description: "Each input port names the contract it consumes, at a version an in-repo contract serves (so does an output port's inputContracts entry); contracts outside the repository are reported as info." },
  appliesTo: ["DataProduct"],
  checkRepository(entry, { report, index, displayFile }) {
    const served = new Set(mappingsIn((entry.value as Mapping).outputPorts).map(([port]) => stringAt(port, "contractId")));
    for (const [port, i] of mappingsIn((entry.value as Mapping).inputPorts)) {
      const name = stringAt(port, "name") ?? `#${i}`;
      if (namesNoContract(port)) {
        report({ ...missingContractAt("inputPorts", i, port), message: `Input port \`${name}\` has no contractId; name the upstream contract so lineage and impact analysis can follow it.` });
      } else if (typeof port.contractId === "string") {
        // (Another type is schema-valid's finding, at the value.)
        const contractId = port.contractId;
        const contracts = contractsWithId(index, contractId);
        if (!contracts) {
          report({
            path: pointer(["inputPorts", i, "contractId"]),
            severity: "info",
            message: index.unreadContracts.has(contractId)
              ? `Input port \`${name}\` consumes contract ${shownText(contractId)}, which ${notFound(index, contractId, "", displayFile)}; its version cannot be checked.`
              : `Input port \`${name}\` consumes contract ${shownText(contractId)} from outside this repository; its version cannot be checked here.${likelyMeant(index, contractId, displayFile)}`,
          });
          continue;
        }
        if (served.has(contractId)) {
          // Lineage would show the product as its own upstream: an input port names what another product serves.
          report({
            path: pointer(["inputPorts", i, "contractId"]),
            severity: "warning",
            message: `Input port \`${name}\` consumes contract ${contractId}, which this product serves on its own output port: an input port names an upstream product's contract (a build that reads its own earlier output needs no input port).`,
          });
          continue;
        }
        const retired = retiredFiles(contracts, entry, displayFile);
        if (retired !== undefined) {
          report({
            path: pointer(["inputPorts", i, "contractId"]),
            severity: "warning",
            message: `Input port \`${name}\` consumes contract ${contractId}, which is retired (${retired}): its data is no longer served; move the port to the contract that replaced it, or remove the port.`,
          });
          continue;
        }
        const versioned = versionedContracts(contracts);
        const problem = inputVersionProblem(port.version, versioned);
        if (problem !== undefined) {
          report({
            path: pointer(["inputPorts", i, "version"]),
            message: `Input port \`${name}\` reads version ${shownText(port.version)} of contract ${contractId}, but the contract is at ${contractVersions(versioned, displayFile)}: ${problem}`,
          });
        }
      }
    }
    // An output port's `inputContracts` name the contracts (id and version) its data is derived from: the
    // catalog draws its lineage from them before the input ports. One of a contract in the repository is held
    // to a version that contract serves, as an input port is. One from elsewhere cannot be checked here (the
    // input ports already say which upstreams are external): it is reported (info) only when it looks like a
    // slip for a document that is here. A sibling port's contract is no warning: a port may be derived from it.
    for (const [port, i] of mappingsIn((entry.value as Mapping).outputPorts)) {
      const name = stringAt(port, "name") ?? `#${i}`;
      for (const [input, j] of mappingsIn(port.inputContracts)) {
        // (An id or version of another type is schema-valid's finding.)
        if (typeof input.id !== "string" || typeof input.version !== "string") continue;
        const contracts = contractsWithId(index, input.id);
        if (!contracts) {
          // Only when it most likely meant one that is here: a product's id, or a typo of a contract id.
          const meant = likelyMeant(index, input.id, displayFile);
          if (meant !== "")
            report({ path: pointer(["outputPorts", i, "inputContracts", j, "id"]), severity: "info", message: `Output port \`${name}\` lists input contract ${shownText(input.id)}, which is not in this repository.${meant}` });
          continue;
        }
        // The lineage would draw the port from data that stopped coming, as an input port reading it would.
        const retired = retiredFiles(contracts, entry, displayFile);
        if (retired !== undefined) {
          report({
            path: pointer(["outputPorts", i, "inputContracts", j, "id"]),
            severity: "warning",
            message: `Output port \`${name}\` lists input contract ${input.id}, which is retired (${retired}): its data is no longer served; name the contract that replaced it, or remove the entry.`,
          });
          continue;
        }
        const versioned = versionedContracts(contracts);
        const problem = inputVersionProblem(input.version, versioned);
        if (problem === undefined) continue;
        report({
          path: pointer(["outputPorts", i, "inputContracts", j, "version"]),
          message: `Output port \`${name}\` lists input contract ${input.id} at version ${shownText(input.version)}, but the contract is at ${contractVersions(versioned, displayFile)}: ${problem}`,
        });
      }
    }
  },
});

/**
 * The lists of ports a product keys, with what keys an entry: output ports by name and version (ODPS: "the
 * combination of the name and version is the key"), input ports the same way (a product consumes one version
 * of an input once), management ports by name (ODPS: "endpoint identifier or unique name").
 */
const PORT_LISTS = [
  { list: "outputPorts", what: "Output port", byVersion: true },
  { list: "inputPorts", what: "Input port", byVersion: true },
  { list: "managementPorts", what: "Management port", byVersion: false },
] as const;

export const uniquePort = defineRule({
  meta: { id: "unique-port", defaultSeverity: "error", description: "A product lists each port once: name and version are an output port's key (ODPS), and an input port's; a management port's name is unique." },
  appliesTo: ["DataProduct"],
  check(doc, { report }) {
    for (const { list, what, byVersion } of PORT_LISTS) {
      const first = new Map<string, number>();
      for (const [port, i] of mappingsIn((doc.value as Mapping)[list])) {
        const name = stringAt(port, "name");
        if (name === undefined) continue;
        const key = JSON.stringify(byVersion ? [name, port.version ?? null] : [name]);
        const earlier = first.get(key);
        if (earlier === undefined) {
          first.set(key, i);
          continue;
        }
        // Where the first one is as a line of the file: an index in the list is no place an author can find.
        const line = doc.locate(pointer([list, earlier, "name"])).line;
        report({
          path: pointer([list, i, "name"]),
          message: byVersion
            ? `${what} \`${name}\` version ${String(port.version ?? "(none)")} is listed twice (also at line ${line}); name and version identify a port: remove the copy or give it its own version.`
            : `${what} \`${name}\` is listed twice (also at line ${line}); a management port's name identifies it: remove the copy or rename one.`,
        });
      }
    }
  },
});

/** An id or version as a message shows it: quoted when empty, blank or with spaces around it, so that they are seen. */
function shownText(text: unknown): string {
  return typeof text === "string" && (text.trim() === "" || text.trim() !== text) ? JSON.stringify(text) : String(text);
}

/** The versions of the contracts of one id, each once with its files: `1.2.0 (a.yaml), 1.3.0 (b.yaml, c.yaml)`. */
function contractVersions(contracts: readonly { version: unknown; file: string }[], shown: FileLabel): string {
  const files = new Map<string, string[]>();
  for (const contract of contracts) {
    const version = shownText(contract.version);
    files.set(version, [...(files.get(version) ?? []), shown(contract.file)]);
  }
  return [...files].map(([version, of]) => `${version} (${of.join(", ")})`).join(", ");
}
