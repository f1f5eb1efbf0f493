/**
 * The page of one product (its latest version in full; every version in the versions table):
 * overview, quality status and history, lineage graph, output ports with their servers, the schema
 * of each contract (types, keys, classification with personal data highlighted), SLAs, owners and
 * support, versions and changelog.
 */
import { measuredForReading, thresholdForReading, valueWithUnit } from "@meshkit/core";
import { type CatalogEntry, entryQualityStatus, untestedContracts, versionLabel } from "../entry.js";
import type { CatalogCheck } from "../results.js";
import { productPagePath } from "../search.js";
import { isNotActive, productStatusNotice } from "../product-status.js";
import { compareText } from "../stable-json.js";
import type { CatalogProduct } from "../store.js";
import {
  type ColumnView,
  type Lineage,
  type LinkView,
  type PropertyView,
  description,
  inputPorts,
  managementPorts,
  outputPorts,
  owners,
  productLinks,
  productProperties,
  productTags,
  qualityMeasuredElsewhere,
  schemaObjects,
  slas,
  support,
} from "../view.js";
import { type SafeHtml, html, safeUrl } from "./html.js";
import type { UnreadableEntry } from "./index-page.js";
import { page, qualityBadge, tags } from "./layout.js";
import { type LineageGraph, type LineageNode, lineageSvg } from "./lineage.js";

/** How many quality runs the history table shows (newest first). */
const HISTORY_ROWS = 30;

export function productPage(product: CatalogProduct, lineage: Lineage, unreadable: readonly UnreadableEntry[] = []): string {
  const entry = product.latest;
  const text = description(entry);
  const props = productProperties(entry);
  const definitions = productLinks(entry);
  const created = typeof entry.product.productCreatedTs === "string" ? entry.product.productCreatedTs : "";
  const body = html`<nav class="muted"><a href="../index.html">All products</a> / ${entry.domain || "no domain"}</nav>
<h1 id="product-name">${entry.name}</h1>
<p><span class="badge" id="product-version">${versionLabel(entry.productVersion)}</span><span class="badge" id="product-status" data-status="${entry.status}">${entry.status || "no status"}</span><span class="badge">${entry.domain ? `domain: ${entry.domain}` : "no domain"}</span>${qualityBadge(entryQualityStatus(entry))}</p>
${statusNotice(entry.status)}
${unreadable.length > 0
  ? html`<p class="notice" id="unreadable-versions" role="note">The catalog holds ${unreadable.map((u, i) => html`${i > 0 ? ", " : ""}${u.version !== undefined ? html`version ${versionLabel(u.version)}` : "a folder"} (<code>${u.path}</code>)`)} of this product, which could not be read: this page shows the versions that could, and may not show its latest.</p>`
  : ""}
<p>${tags(productTags(entry))}</p>
<section id="overview">
${text.purpose ? html`<p class="prose"><strong>Purpose.</strong> ${text.purpose}</p>` : ""}
${text.usage ? html`<p class="prose"><strong>Usage.</strong> ${text.usage}</p>` : ""}
${text.limitations ? html`<p class="prose"><strong>Limitations.</strong> ${text.limitations}</p>` : ""}
<p class="muted">Product id <code>${entry.id}</code>${typeof entry.product.tenant === "string" ? html` · tenant ${entry.product.tenant}` : ""}${created ? html` · created ${time(created)}` : ""}${entry.productVersion === "" ? html` · this product declares no version: its page shows what was published last` : ""}</p>
${definitions.length > 0 ? html`<p class="definitions">Definitions: ${linkList(definitions)}</p>` : ""}
${props.length > 0
  ? html`<table class="properties"><thead><tr><th>Property</th><th>Value</th><th>Description</th></tr></thead><tbody>${props.map((p) => html`<tr><td><code>${p.property}</code></td><td>${p.value}</td><td>${p.description}</td></tr>`)}</tbody></table>`
  : ""}
</section>
${qualitySection(product)}
${lineageSection(product, lineage)}
${portsSection(entry)}
${managementSection(entry)}
${schemaSection(entry)}
${slaSection(entry)}
${ownersSection(entry)}
${versionsSection(product)}
<footer>Entry published ${time(entry.publication.publishedAt)}${entry.publication.repo ? html` from ${entry.publication.repo}` : ""}${entry.publication.commit ? html` at ${entry.publication.commit.slice(0, 12)}` : ""} by ${entry.publication.publisher}.</footer>`;
  return page({ title: `${entry.name} — data product catalog`, root: "../", body });
}

function qualitySection(product: CatalogProduct): SafeHtml {
  const quality = product.latest.quality;
  // A version not tested yet still shows how the earlier ones did: the track record is what a consumer weighs it by.
  if (!quality) return html`<section id="quality"><h2>Quality</h2><p>${qualityBadge(null)} No contract-test results were published for this version.</p>${qualityHistory(product)}</section>`;
  const s = quality.summary;
  const problems = quality.contracts.flatMap((c) => c.checks.filter((check) => check.status !== "pass"));
  return html`<section id="quality"><h2>Quality</h2>
<p>${qualityBadge(entryQualityStatus(product.latest))} ${s.passed} of ${s.checks} checks passed${s.failed ? html`, ${s.failed} failed` : ""}${s.warned ? html`, ${s.warned} warnings` : ""}${s.errors ? html`, ${s.errors} could not run` : ""} · checked ${time(quality.checkedAt)}</p>
${untestedContracts(product.latest).map((c) => html`<p class="note">${qualityBadge(null)} No contract-test results were published for contract <code>${c.id}</code> v${c.version}.</p>`)}
${quality.contracts.map((c) => {
  const served = qualityMeasuredElsewhere(product.latest, c);
  return served
    ? html`<p class="note measured-elsewhere">Contract <code>${c.contractId}</code> v${c.contractVersion} was checked on <code>${c.source}</code>, not on <code>${served.server}</code>${served.environment ? ` (${served.environment})` : ""} where its data is served: these results describe the data checked, not the served table.</p>`
    : "";
})}
${quality.contracts.flatMap((c) => c.notes ?? []).map((note) => html`<p class="note">${qualityBadge(note.severity === "error" ? "error" : "warn")} <code>${note.ruleId}</code>: ${note.message}</p>`)}
${problems.length > 0 ? html`<h3>Checks not passing</h3>${checksTable(problems)}` : ""}
${quality.contracts.map(
  (c) => html`<details><summary>All ${c.summary.checks} checks of contract <code>${c.contractId}</code> v${c.contractVersion} (${c.source || "?"}, ${c.engine || "?"}, ${time(c.checkedAt)})</summary>${checksTable(c.checks)}</details>`,
)}
${qualityHistory(product)}
</section>`;
}

/** The contract-test runs of every version, newest first (at most HISTORY_ROWS); nothing when no version was tested. */
function qualityHistory(product: CatalogProduct): SafeHtml | "" {
  const history = product.versions
    .flatMap((v) => (v.quality?.history ?? []).map((h) => ({ ...h, version: v.productVersion })))
    .sort((a, b) => compareText(b.checkedAt, a.checkedAt) || compareText(b.version, a.version))
    .slice(0, HISTORY_ROWS);
  if (history.length === 0) return "";
  return html`<h3>History</h3>
<table class="history"><thead><tr><th>Checked</th><th>Version</th><th>Status</th><th>Passed</th><th>Failed</th><th>Warnings</th><th>Errors</th></tr></thead><tbody>
${history.map((h) => html`<tr><td>${time(h.checkedAt)}</td><td>${h.version}</td><td>${qualityBadge(h.status)}</td><td>${h.summary.passed}/${h.summary.checks}</td><td>${h.summary.failed}</td><td>${h.summary.warned}</td><td>${h.summary.errors}</td></tr>`)}
</tbody></table>`;
}

/** `2026-06-30T06:00:00.500Z` → `2026-06-30 06:00:00 UTC`: the same on every machine (no locale, no zone). */
export function time(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

/** The measured value rounded for reading (`0.3`, not 0.30000000000000004), its exact value in the cell's title when they differ. */
function measuredCell(c: CatalogCheck): SafeHtml {
  if (c.measured === null) return html`—`;
  const shown = measuredForReading(c.measured, c.threshold);
  const exact = String(c.measured);
  return shown === exact ? html`${valueWithUnit(shown, c.unit)}` : html`<span title="${exact}">${valueWithUnit(shown, c.unit)}</span>`;
}

/** The threshold as a consumer reads it (`≤ 1 row`, `between 0% and 5% (exclusive)`), its ODCS form in the cell's title. */
function thresholdCell(c: CatalogCheck): SafeHtml {
  if (c.threshold === null || c.threshold === undefined) return html`—`;
  const written = JSON.stringify(c.threshold);
  const shown = thresholdForReading(c.threshold, c.unit);
  return shown === undefined ? html`<code>${written}</code>` : html`<span title="${written}">${shown}</span>`;
}

function checksTable(checks: readonly CatalogCheck[]): SafeHtml {
  return html`<table class="checks"><thead><tr><th>Check</th><th>Status</th><th>Measured</th><th>Threshold</th><th>Message</th></tr></thead><tbody>
${checks.map(
  (c) =>
    html`<tr class="check-${c.status}"><td><code>${c.id}</code></td><td>${qualityBadge(c.status)}</td><td>${measuredCell(c)}</td><td>${thresholdCell(c)}</td><td>${c.message}</td></tr>`,
)}
</tbody></table>`;
}

function lineageSection(product: CatalogProduct, lineage: Lineage): SafeHtml {
  const entry = product.latest;
  const graph = lineageGraph(product, lineage);
  const inputs = inputPorts(entry);
  const consumers = lineage.consumersOf(product);
  return html`<section id="lineage"><h2>Lineage</h2>
${lineageSvg(graph, `Lineage of ${entry.name}`)}
<h3>Input ports</h3>
${inputs.length === 0
  ? html`<p class="muted">This product declares no input ports.</p>`
  : html`<table class="inputs"><thead><tr><th>Port</th><th>Version</th><th>Contract</th><th>Upstream product</th><th>Details</th></tr></thead><tbody>
${inputs.map((port) => {
  const producer = lineage.producerOf(port.contractId);
  const servedBy = producer && lineage.servedOnlyBy(producer, port.contractId);
  return html`<tr><td>${portName(port.name)} ${tags(port.tags)}</td><td>${port.version}</td><td><code>${port.contractId}</code></td><td>${producer ? html`<a href="${`../${productPagePath(producer.id)}`}">${producer.latest.name}</a> (${producer.latest.domain})${statusBadge(producer.latest.status)}${servedBy ? html`<br><span class="muted not-in-latest">served by its version ${versionLabel(servedBy.productVersion)}, not by its latest, ${versionLabel(producer.latest.productVersion)}</span>` : ""}` : html`<span class="muted">not in the catalog (external)</span>`}</td><td>${portDetails("", port)}</td></tr>`;
})}
</tbody></table>`}
<h3>Consumers</h3>
${consumers.length === 0
  ? html`<p class="muted">No product in the catalog declares an input port on this product yet.</p>`
  : html`<ul>${consumers.map((c) => html`<li><a href="${`../${productPagePath(c.product.id)}`}">${c.product.latest.name}</a> (${c.product.latest.domain})${statusBadge(c.product.latest.status)} via ${c.ports.map((p) => p.name).join(", ")}${c.ports.map((p) => {
    // A consumer still reading a contract this version no longer serves (or only a pre-release does) is the one a change hurts.
    const servedBy = lineage.servedOnlyBy(product, p.contractId);
    return servedBy ? html`<br><span class="muted not-in-latest">${p.name} reads contract <code>${p.contractId}</code>, which version ${versionLabel(servedBy.productVersion)} of this product serves, not this one, ${versionLabel(entry.productVersion)}</span>` : "";
  })}</li>`)}</ul>`}
</section>`;
}

/** Upstream products (or external contracts) → this product → its output ports → consuming products. */
export function lineageGraph(product: CatalogProduct, lineage: Lineage): LineageGraph {
  const entry = product.latest;
  const self: LineageNode = { key: "self", label: entry.name, sublabel: `${entry.domain || "no domain"} · ${versionLabel(entry.productVersion)}`, kind: "self" };
  const upstream = new Map<string, LineageNode>();
  // One node per upstream product, however many of its ports this one reads: each port's version is on it, not
  // only the last one's (two ports at v2.0.0 and v1.0.0 drawn as "v1.0.0" would hide the other).
  const upstreamVersions = new Map<string, string[]>();
  // An upstream product whose latest version no longer serves a contract read is marked as a retired one is.
  const notInLatest = new Set<string>();
  for (const port of inputPorts(entry)) {
    const producer = lineage.producerOf(port.contractId);
    if (producer && producer.id !== product.id) {
      const key = `p:${producer.id}`;
      const versions = upstreamVersions.get(key) ?? [];
      if (!versions.includes(port.version)) versions.push(port.version);
      upstreamVersions.set(key, versions);
      if (lineage.servedOnlyBy(producer, port.contractId)) notInLatest.add(key);
      upstream.set(key, { key, label: producer.latest.name, sublabel: `${producer.latest.domain || "no domain"} · ${versions.map(versionLabel).join(", ")}`, href: `../${productPagePath(producer.id)}`, kind: "upstream", ...linkedStatus(producer.latest.status, notInLatest.has(key)) });
    } else {
      upstream.set(`c:${port.contractId}:${port.name}`, { key: `c:${port.contractId}:${port.name}`, label: port.name, sublabel: `external · ${versionLabel(port.version)}`, kind: "external" });
    }
  }
  const outputs = outputPorts(entry).map((port, i) => ({ port, node: { key: `o:${i}`, label: port.name, sublabel: [port.type, versionLabel(port.version)].filter(Boolean).join(" · "), kind: "output" as const } }));
  const consumers = lineage.consumersOf(product);
  const edges: LineageGraph["edges"] = [];
  const sortedUpstream = [...upstream.values()].sort((a, b) => compareText(a.label, b.label) || compareText(a.key, b.key));
  for (const node of sortedUpstream) edges.push({ from: node.key, to: "self" });
  for (const { node } of outputs) edges.push({ from: "self", to: node.key });
  const consumerNodes = consumers.map((c) => {
    const key = `k:${c.product.id}`;
    const fed = outputs.filter(({ port }) => c.ports.some((p) => p.contractId === port.contractId));
    for (const { node } of fed) edges.push({ from: node.key, to: key });
    // Reading only contracts another version of this product serves, no output of this one feeds it: no edge, and the
    // node says which version it reads from (a retired consumer still says it is retired).
    const servedBy = fed.length === 0 ? c.ports.map((p) => lineage.servedOnlyBy(product, p.contractId)).find((v) => v !== undefined) : undefined;
    const status = isNotActive(c.product.latest.status) || servedBy === undefined ? linkedStatus(c.product.latest.status) : { status: `reads ${versionLabel(servedBy.productVersion)}` };
    return { key, label: c.product.latest.name, sublabel: `${c.product.latest.domain} · via ${c.ports.map((p) => p.name).join(", ")}`, href: `../${productPagePath(c.product.id)}`, kind: "consumer" as const, ...status };
  });
  return { upstream: sortedUpstream, self, outputs: outputs.map((o) => o.node), consumers: consumerNodes, edges };
}

/**
 * A port's name, bidi-isolated (as the stylesheet isolates a name in a span): it is text of the cell, beside the
 * port's tags, and a right-to-left name, or one ending in a stray U+202E, would otherwise reorder them.
 */
function portName(name: string): SafeHtml {
  return html`<bdi>${name}</bdi>`;
}

function portsSection(entry: CatalogEntry): SafeHtml {
  const ports = outputPorts(entry);
  return html`<section id="output-ports"><h2>Output ports</h2>
${ports.length === 0
  ? html`<p class="muted">No output ports.</p>`
  : html`<table class="ports"><thead><tr><th>Port</th><th>Version</th><th>Type</th><th>Contract</th><th>Servers (where the data is)</th><th>Description</th></tr></thead><tbody>
${ports.map(
  (p) =>
    html`<tr><td>${portName(p.name)} ${tags(p.tags)}</td><td>${p.version}</td><td>${p.type}</td><td>${p.contractName || (p.contractId ? html`<code>${p.contractId}</code> <span class="muted">(not published with the product)</span>` : html`<span class="muted">no contract</span>`)}</td><td>${p.servers.length === 0 ? html`<span class="muted">none declared</span>` : html`<ul>${p.servers.map((s) => html`<li><strong>${s.server}</strong> (${s.type}${s.environment ? `, ${s.environment}` : ""}) <code>${s.location}</code></li>`)}</ul>`}</td><td>${portDetails(p.description, p)}</td></tr>`,
)}
</tbody></table>`}
</section>`;
}

function schemaSection(entry: CatalogEntry): SafeHtml {
  const objects = schemaObjects(entry);
  return html`<section id="schema"><h2>Schema</h2>
${objects.length === 0 ? html`<p class="muted">No contract schema was published with this product.</p>` : ""}
${objects.map(
  (o) => html`<h3 id="${`object-${o.contractId}-${o.name}`}">${o.name} <span class="muted">— contract ${o.contractName} v${o.contractVersion}${o.physicalName && o.physicalName !== o.name ? html`, table <code>${o.physicalName}</code>` : ""}</span></h3>
${o.description ? html`<p class="prose">${o.description}</p>` : ""}
<table class="schema" data-object="${o.name}"><thead><tr><th>Column</th><th>Type</th><th>Physical type</th><th>Required</th><th>Key</th><th>Classification</th><th>Tags</th><th>Description</th></tr></thead><tbody>
${o.columns.map(
  (c) =>
    html`<tr${c.sensitive ? html` class="sensitive"` : ""} data-column="${c.name}"><td><code>${c.name}</code></td><td>${c.logicalType}</td><td>${c.physicalType}</td><td>${notNull(c) ? "yes" : "no"}</td><td>${[c.primaryKey ? "primary key" : "", c.unique ? "unique" : ""].filter(Boolean).join(", ")}</td><td>${c.classification || html`<span class="muted">—</span>`}${c.pii ? html`<span class="pii" title="personal data">PII</span>` : c.sensitive ? html`<span class="pii" title="sensitive: ${c.sensitiveReason}">sensitive</span>` : ""}</td><td>${tags(c.tags)}</td><td>${c.description}</td></tr>`,
)}
</tbody></table>`,
)}
</section>`;
}

function slaSection(entry: CatalogEntry): SafeHtml {
  const list = slas(entry);
  return html`<section id="slas"><h2>Service levels</h2>
${list.length === 0
  ? html`<p class="muted">No SLAs declared.</p>`
  : html`<table class="slas"><thead><tr><th>Contract</th><th>Property</th><th>Value</th><th>Element</th><th>Driver</th><th>Description</th></tr></thead><tbody>
${list.map((s) => html`<tr><td>${s.contractName}</td><td>${s.property}</td><td>${s.value}${s.unit ? ` ${s.unit}` : ""}</td><td>${s.element ? html`<code>${s.element}</code>` : ""}</td><td>${s.driver}</td><td>${s.description}</td></tr>`)}
</tbody></table>`}
</section>`;
}

function ownersSection(entry: CatalogEntry): SafeHtml {
  const team = owners(entry);
  const channels = support(entry);
  return html`<section id="owners"><h2>Owners and support</h2>
<div class="grid2"><div>
<h3>Team ${team.team ? html`<span id="owner-team">${team.team}</span>` : html`<span class="muted">not named</span>`}</h3>
${team.description ? html`<p>${team.description}</p>` : ""}
${team.members.length > 0 ? html`<table class="members"><thead><tr><th>Name</th><th>User</th><th>Role</th></tr></thead><tbody>${team.members.map((m) => html`<tr><td>${m.name}</td><td>${m.username}</td><td>${m.role}</td></tr>`)}</tbody></table>` : ""}
</div><div>
<h3>Support</h3>
${channels.length === 0
  ? html`<p class="muted">No support channel declared.</p>`
  : html`<ul class="support">${channels.map((c) => {
      const url = safeUrl(c.url);
      return html`<li><strong>${c.channel}</strong>${c.tool ? ` (${c.tool}${c.scope ? `, ${c.scope}` : ""})` : ""}${url ? html` — <a href="${url}" rel="noopener">${c.url}</a>` : c.url ? html` — ${c.url}` : ""}${c.invitationUrl ? html`<br>Join: ${linkOrText(c.invitationUrl)}` : ""}${c.description ? html`<br><span class="muted">${c.description}</span>` : ""}</li>`;
    })}</ul>`}
</div></div>
</section>`;
}

function versionsSection(product: CatalogProduct): SafeHtml {
  const versions = [...product.versions].reverse();
  return html`<section id="versions"><h2>Versions and changelog</h2>
<table class="versions"><thead><tr><th>Version</th><th>Published</th><th>Updated</th><th>Source</th><th>Quality</th><th>Changes</th></tr></thead><tbody>
${versions.map(
  (v) =>
    html`<tr data-version="${v.productVersion}"><td>${v.productVersion || html`<span class="muted">unversioned</span>`}${v === product.latest ? html` <span class="badge">latest</span>` : ""}</td><td>${time(v.publication.publishedAt)}</td><td>${time(v.publication.updatedAt)}</td><td>${v.publication.repo ?? ""}${v.publication.commit ? html` <code>${v.publication.commit.slice(0, 12)}</code>` : ""}<br><span class="muted">${v.publication.publisher}</span></td><td>${qualityBadge(entryQualityStatus(v))}</td><td class="prose">${v.changelog ?? ""}</td></tr>`,
)}
</tbody></table>
</section>`;
}

/**
 * The status of a linked product that is not `active` (an upstream that is deprecated or retired), as its card on the
 * front page shows it: a consumer reading this page learns that an input it builds on is going away.
 */
function statusBadge(status: string): SafeHtml | string {
  return isNotActive(status) ? html` <span class="badge status" data-status="${status}">${status}</span>` : "";
}

/**
 * The status a lineage node of a linked product shows: only one that is not active, as `statusBadge`; else, for an
 * upstream product whose latest version no longer serves a contract this one reads, `not in latest`.
 */
function linkedStatus(status: string, notInLatest = false): { status?: string } {
  return isNotActive(status) ? { status } : notInLatest ? { status: "not in latest" } : {};
}

function statusNotice(status: string): SafeHtml | string {
  const text = productStatusNotice(status);
  if (text === undefined) return "";
  return html`<p class="notice status-${status.trim().toLowerCase()}" id="status-notice" role="note">${text}</p>`;
}

/** A URL from a document as a link when it is safe (http, https, mailto), else as text. */
function linkOrText(url: string, label = url): SafeHtml {
  const safe = safeUrl(url);
  return safe ? html`<a href="${safe}" rel="noopener">${label}</a>` : html`<code>${url}</code>`;
}

function linkList(list: readonly LinkView[]): SafeHtml {
  return html`${list.map((d, i) => html`${i > 0 ? ", " : ""}${linkOrText(d.url, d.type || d.url)}${d.description ? html` <span class="muted">(${d.description})</span>` : ""}`)}`;
}

/** What a port declares beyond its name, as a consumer reads it: its description, then each kind of detail on a line of its own. */
interface PortDetails {
  links: readonly LinkView[];
  properties: readonly PropertyView[];
  sbom?: readonly string[];
  inputContracts?: readonly { id: string; version: string }[];
}

/**
 * A port's description and details: definitions, SBOM, the upstream contracts an output port version is built from
 * (ODPS `inputContracts`) and its custom properties — ODPS gives every port these, and a consumer choosing between two
 * versions of a port reads them (refresh, format, what it is built from), so the page drops none.
 */
function portDetails(description: string, port: PortDetails): SafeHtml {
  const lines: (SafeHtml | string)[] = [];
  if (description) lines.push(description);
  if (port.links.length > 0) lines.push(html`Definitions: ${linkList(port.links)}`);
  if (port.sbom && port.sbom.length > 0) lines.push(html`SBOM: ${linkList(port.sbom.map((url) => ({ type: "", url, description: "" })))}`);
  if (port.inputContracts && port.inputContracts.length > 0) lines.push(html`Built from: ${port.inputContracts.map((c, i) => html`${i > 0 ? ", " : ""}<code>${c.id}</code> ${c.version}`)}`);
  if (port.properties.length > 0) lines.push(html`Properties: ${port.properties.map((p, i) => html`${i > 0 ? "; " : ""}<code>${p.property}</code> = ${p.value}${p.description ? html` <span class="muted">(${p.description})</span>` : ""}`)}`);
  return html`${lines.map((line, i) => html`${i > 0 ? html`<br>` : ""}${line}`)}`;
}

/** ODPS management ports: where to discover, observe or control the product (REST endpoints, topics). */
function managementSection(entry: CatalogEntry): SafeHtml | string {
  const ports = managementPorts(entry);
  if (ports.length === 0) return "";
  return html`<section id="management-ports"><h2>Management ports</h2>
<table class="management"><thead><tr><th>Port</th><th>Content</th><th>Type</th><th>Endpoint</th><th>Description</th></tr></thead><tbody>
${ports.map(
  (p) =>
    html`<tr data-port="${p.name}"><td>${portName(p.name)} ${tags(p.tags)}</td><td>${p.content}</td><td>${p.type}</td><td>${p.url ? linkOrText(p.url) : ""}${p.url && p.channel ? html`<br>` : ""}${p.channel ? html`channel <code>${p.channel}</code>` : ""}${!p.url && !p.channel ? html`<span class="muted">not given</span>` : ""}</td><td>${portDetails(p.description, p)}</td></tr>`,
)}
</tbody></table>
</section>`;
}

/**
 * Whether a column never holds NULL: required, or part of the primary key, which contract-test checks for nulls and
 * provision declares NOT NULL (DataHub's `nullable: false`, OpenMetadata's `PRIMARY_KEY`), required or not.
 */
function notNull(column: Pick<ColumnView, "required" | "primaryKey">): boolean {
  return column.required || column.primaryKey;
}
