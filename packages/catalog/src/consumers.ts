/**
 * The catalog as compat's `ConsumerDirectory`: who reads a contract, from the input ports of the
 * latest registered version of every product (`meshkit compat --catalog`, the schema-compat action's
 * `catalog` input). A port names the contract by `contractId`; the columns it reads come from its
 * `usedColumns` custom property (core's `declaredColumns`). Retired products read nothing.
 *
 * The catalog is read once, on the first lookup: a comparison without breaking changes never
 * opens it.
 */
import { type ConsumerDirectory, type ContractConsumer, type Finding, declaredColumns, isMapping, isRetiredStatus } from "@meshkit/core";
import type { CatalogEntry } from "./entry.js";
import { compareText } from "./stable-json.js";
import { groupProducts, readCatalogDir } from "./store.js";
import { type OpenCatalogOptions, openCatalogStore } from "./targets/open.js";
import type { CatalogStore, CatalogTargetSpec } from "./targets/target.js";
import { owners, support } from "./view.js";

export interface CatalogConsumerDirectory extends ConsumerDirectory {
  /** The catalog as printed (credentials redacted). */
  readonly display: string;
  /** Catalog entries that could not be read (warnings: the consumers listed may be incomplete). */
  findings(): Promise<Finding[]>;
}

interface ConsumerIndex {
  byContract: Map<string, ContractConsumer[]>;
  findings: Finding[];
}

/**
 * The consumers registered in a dir or git catalog. The target is parsed and opened at once (a bad
 * target is a UsageError here); the catalog is read on the first `consumersOf`.
 */
export function catalogConsumers(target: string | CatalogTargetSpec | CatalogStore, options: OpenCatalogOptions = {}): CatalogConsumerDirectory {
  const store = isStore(target) ? target : openCatalogStore(target, options);
  let loaded: Promise<ConsumerIndex> | undefined;
  const load = () => (loaded ??= store.read((dir) => indexConsumers(readCatalogDir(dir, (path) => store.label(path)))));
  return {
    display: store.display,
    async consumersOf(contractId: string) {
      return [...((await load()).byContract.get(contractId) ?? [])];
    },
    async findings() {
      if (!loaded) return [];
      // Only an entry that cannot be read hides its consumers; a case collision leaves both products indexed.
      return (await loaded).findings.map((f): Finding => ({ ...f, severity: "warning", message: f.ruleId === "catalog-entry-unreadable" ? `${f.message} Consumers registered in it are not listed.` : f.message }));
    },
  };
}

/** Contract id → the consumers naming it, from each product's latest version. */
export function indexConsumers(state: { entries: readonly CatalogEntry[]; findings?: readonly Finding[] }): ConsumerIndex {
  const byContract = new Map<string, ContractConsumer[]>();
  for (const { latest } of groupProducts(state.entries)) {
    if (isRetiredStatus(latest.status)) continue;
    for (const consumer of consumersIn(latest)) byContract.set(consumer.contractId, [...(byContract.get(consumer.contractId) ?? []), consumer.consumer]);
  }
  for (const list of byContract.values()) {
    list.sort((a, b) => compareText(a.domain, b.domain) || compareText(a.productName, b.productName) || compareText(a.productId, b.productId) || compareText(a.port, b.port));
  }
  return { byContract, findings: [...(state.findings ?? [])] };
}

/** The input ports of one entry, as consumers of the contracts they name. */
export function consumersIn(entry: CatalogEntry): { contractId: string; consumer: ContractConsumer }[] {
  const ports = Array.isArray(entry.product.inputPorts) ? entry.product.inputPorts : [];
  const team = owners(entry).team;
  const channel = support(entry).find((s) => s.channel !== "" || s.url !== "");
  const out: { contractId: string; consumer: ContractConsumer }[] = [];
  for (const port of ports) {
    if (!isMapping(port) || typeof port.contractId !== "string" || port.contractId === "") continue;
    const columns = declaredColumns(port);
    out.push({
      contractId: port.contractId,
      consumer: {
        productId: entry.id,
        productName: entry.name,
        domain: entry.domain,
        version: entry.productVersion,
        port: typeof port.name === "string" ? port.name : "",
        ...(typeof port.version === "string" ? { contractVersion: port.version } : {}),
        ...(columns ? { columns } : {}),
        ...(team ? { owner: team } : {}),
        ...(channel ? { support: channel.channel || channel.url } : {}),
      },
    });
  }
  return out;
}

function isStore(target: string | CatalogTargetSpec | CatalogStore): target is CatalogStore {
  return typeof target === "object" && "read" in target && typeof target.read === "function";
}
