/**
 * The site's front page: a search box over products, columns, owners and tags, and the product
 * cards. The cards are in the HTML (the page works without JavaScript); the inline script runs the
 * catalog's search engine (search.ts, the same code as `meshkit catalog search`) over the inline
 * search index and re-renders the cards with DOM text nodes (never innerHTML).
 */
import { plural } from "@meshkit/core";
import { versionLabel } from "../entry.js";
import { isNotActive } from "../product-status.js";
import { type SearchDocument, type SearchIndex, createSearchEngine } from "../search.js";
import { type SafeHtml, html, jsonForScript, trusted } from "./html.js";
import { page, qualityBadge, tags } from "./layout.js";

export function indexPage(index: SearchIndex, counts: { versions: number }, unreadable: readonly UnreadableEntry[] = []): string {
  const domains = new Set(index.products.map((p) => p.domain).filter((d) => d !== "")).size;
  const body = html`<h1>Data products</h1>
<p class="muted">${plural(index.products.length, "product")} in ${plural(domains, "domain")}, ${plural(counts.versions, "published version")}.</p>
${unreadableNotice(unreadable)}
<input id="search" class="search" type="search" placeholder="Search products, columns, owners and tags…" aria-label="Search the catalog" autocomplete="off">
<p id="result-count" class="muted" aria-live="polite">${plural(index.products.length, "product")}</p>
<ul id="results" class="products">
${index.products.map((p) => card(p, []))}
</ul>
<footer>Built by meshkit from the catalog's entries. Search runs in this page; nothing is loaded from the network.</footer>`;
  const script = html`<script type="application/json" id="search-index">${jsonForScript(index)}</script>
<script>${trusted(clientScript())}</script>`;
  return page({ title: "Data product catalog", root: "", body, script });
}

/** A catalog file that could not be read, with the product (and version) its path names. */
export interface UnreadableEntry {
  path: string;
  productId?: string;
  version?: string;
}

/** What a damaged catalog leaves out of the site, named by product and version, so the list is not taken for the whole catalog. */
function unreadableNotice(unreadable: readonly UnreadableEntry[]): SafeHtml | string {
  if (unreadable.length === 0) return "";
  return html`<div class="notice" id="unreadable-entries" role="note"><p>${unreadable.length} catalog ${unreadable.length === 1 ? "entry" : "entries"} could not be read and ${unreadable.length === 1 ? "is" : "are"} left out of this site: a product below may show an earlier version than its latest, and a product may be missing. Its owners can publish it again.</p>
<ul>${unreadable.map((u) => html`<li>${u.productId !== undefined ? html`product <code>${u.productId}</code>${u.version !== undefined ? html` ${versionLabel(u.version)}` : " (every version)"} — ` : ""}<code>${u.path}</code></li>`)}</ul></div>`;
}

function card(p: SearchDocument, matchedColumns: readonly string[]): SafeHtml {
  return html`<li class="product-card" data-id="${p.id}"><a class="name" href="${p.url}">${p.name}</a> <span class="badge">${versionLabel(p.version)}</span><span class="badge">${p.domain || "no domain"}</span>${isNotActive(p.status) ? html`<span class="badge status" data-status="${p.status}">${p.status}</span>` : ""}${qualityBadge(p.quality)}
<p>${p.purpose}</p>
<p class="muted">Owner: ${p.owner || "—"}</p>
<p>${tags(p.tags)}</p>${matchedColumns.length > 0 ? html`<p class="cols">Columns: ${matchedColumns.map((column, i) => html`${i > 0 ? ", " : ""}<bdi>${column}</bdi>`)}</p>` : ""}</li>
`;
}

/**
 * The page script. `createSearchEngine` is embedded from its source; the rest renders the same
 * card markup as `card` above, with DOM APIs.
 */
function clientScript(): string {
  return `
(function () {
  "use strict";
  var engine = (${createSearchEngine.toString()})();
  var index = JSON.parse(document.getElementById("search-index").textContent);
  var input = document.getElementById("search");
  var list = document.getElementById("results");
  var count = document.getElementById("result-count");
  var QUALITY = { pass: "quality: pass", warn: "quality: warnings", fail: "quality: failing", error: "quality: check errors" };
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function card(hit) {
    var p = hit.product;
    var li = el("li", "product-card");
    li.setAttribute("data-id", p.id);
    var link = el("a", "name", p.name);
    link.setAttribute("href", p.url);
    li.appendChild(link);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("span", "badge", p.version === "" ? "unversioned" : /^\\d/.test(p.version) ? "v" + p.version : p.version));
    li.appendChild(el("span", "badge", p.domain || "no domain"));
    if (p.status && p.status.trim().toLowerCase() !== "active") {
      var status = el("span", "badge status", p.status);
      status.setAttribute("data-status", p.status);
      li.appendChild(status);
    }
    var q = el("span", "badge q-" + (p.quality || "none"), QUALITY[p.quality] || "quality: no results");
    q.setAttribute("data-quality", p.quality || "none");
    li.appendChild(q);
    li.appendChild(el("p", "", p.purpose));
    li.appendChild(el("p", "muted", "Owner: " + (p.owner || "\\u2014")));
    var tags = el("p");
    p.tags.forEach(function (t) { tags.appendChild(el("span", "tag", t)); });
    li.appendChild(tags);
    if (hit.columns.length > 0) {
      // Each name bidi-isolated, as the server's card has it: a column named with a stray U+202E cannot reorder the others.
      var cols = el("p", "cols", "Columns: ");
      hit.columns.forEach(function (column, i) {
        if (i > 0) cols.appendChild(document.createTextNode(", "));
        cols.appendChild(el("bdi", "", column));
      });
      li.appendChild(cols);
    }
    return li;
  }
  function render() {
    var query = input.value;
    var hits = engine.search(index, query);
    while (list.firstChild) list.removeChild(list.firstChild);
    hits.forEach(function (hit) { list.appendChild(card(hit)); });
    var total = index.products.length;
    count.textContent = query.trim() === "" ? total + (total === 1 ? " product" : " products") : hits.length + " of " + total + (total === 1 ? " product matches" : " products match");
  }
  input.addEventListener("input", function () {
    render();
    try { history.replaceState(null, "", input.value ? "#q=" + encodeURIComponent(input.value) : "#"); } catch (e) { /* file:// may refuse */ }
  });
  var initial = /^#q=(.*)$/.exec(location.hash);
  if (initial) { try { input.value = decodeURIComponent(initial[1]); } catch (e) { input.value = ""; } }
  render();
})();
`;
}
