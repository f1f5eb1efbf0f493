/**
 * Catalog search: one matching and ranking function for the static site (run in the browser over
 * the prebuilt search index) and `meshkit catalog search` (run in Node over the same index built
 * from the catalog's entries).
 *
 * `createSearchEngine` is the single implementation: the site embeds its source text
 * (`createSearchEngine.toString()`), so it must stay self-contained: no imports, no references to
 * anything outside its body, plain ES2020. A test evaluates that source in an empty VM context.
 *
 * Matching: the query is split into tokens (lower case, accents removed — `ø`, `ł`, `ß` and `æ` folded too —,
 * split on anything that is not a letter, digit or combining mark, so `customer_360` is `customer` + `360`; a product's
 * camelCase words also give their parts, so `customerEmail` is `customeremail`, `customer` and `email`, and a run of Chinese,
 * Japanese or Thai, written without spaces, its suffixes, so `分析` finds `顧客分析`); every query token must prefix-
 * match a token of the product in some field. Score per query token: the best field weight (name, id and contract
 * ids 10, tags 6, domain 5, ODPS status 5, owners 5, columns 4, descriptions 1), doubled for an exact token match; an
 * exact name or id match adds 50. Ranked by score, then name, then id. The columns named as matching are ordered the
 * same way: a column named exactly the query, then those holding every matched word whole, then prefix matches. An empty query lists every
 * product in catalog order (domain, name, id).
 */
import { existsSync } from "node:fs";
import { type Finding, UsageError, singleLine } from "@meshkit/core";
import { UNVERSIONED, entryQualityStatus } from "./entry.js";
import type { QualityStatus } from "./results.js";
import { encodeName } from "./paths.js";
import { isNotActive } from "./product-status.js";
import { catalogFindingLine } from "./rules.js";
import { type CatalogProduct, groupProducts, readCatalogDir } from "./store.js";
import { type OpenCatalogOptions, openCatalogStore } from "./targets/open.js";
import type { CatalogStore, CatalogTargetSpec } from "./targets/target.js";
import { allTags, columns, description, outputPorts, owners, productTags } from "./view.js";

export interface SearchDocument {
  id: string;
  name: string;
  domain: string;
  version: string;
  status: string;
  quality: QualityStatus | null;
  owner: string;
  purpose: string;
  tags: string[];
  /** The product page, relative to the site root. */
  url: string;
  /** `object.column` of every column of the latest version. */
  columns: string[];
  /**
   * The tags of the tagged columns, by `object.column`: a hit that matched through a column's tag
   * (`pii`, `revenue`) names that column, as one that matched through its name does.
   */
  columnTags?: Record<string, string[]>;
  /** Text searched, per field. */
  fields: { name: string; domain: string; status: string; tags: string; owners: string; columns: string; text: string };
}

export interface SearchIndex {
  kind: "meshkit-catalog-search";
  version: 1;
  products: SearchDocument[];
}

export interface RankedHit {
  product: SearchDocument;
  score: number;
  /** Columns that matched the query (at most 5). */
  columns: string[];
}

export interface SearchEngine {
  tokenize(text: string): string[];
  search(index: SearchIndex, query: string, limit?: number): RankedHit[];
}

export function createSearchEngine(): SearchEngine {
  const WEIGHTS: [keyof SearchDocument["fields"], number][] = [
    ["name", 10],
    ["tags", 6],
    ["domain", 5],
    // A consumer looks for what to move off (`deprecated`), or what is coming (`proposed`, `draft`), by the word the cards show.
    ["status", 5],
    ["owners", 5],
    ["columns", 4],
    ["text", 1],
  ];
  // Letters that carry their accent in their own shape, which NFKD does not take apart: a consumer typing
  // `soren`, `lodz` or `strasse` looks for Søren, Łódź and Straße.
  const FOLDED: Record<string, string> = { ø: "o", ł: "l", đ: "d", ħ: "h", ı: "i", ŀ: "l", æ: "ae", œ: "oe", ß: "ss", þ: "th", ð: "d" };
  const cache = new WeakMap<SearchDocument, Record<string, string[]>>();
  function tokenize(text: string): string[] {
    return (
      String(text)
        .toLowerCase()
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/[øłđħıŀæœßþð]/g, (c) => FOLDED[c] || c)
        // Other combining marks (an Indic vowel sign, a Japanese voicing mark) belong to their word: splitting
        // there would cut `हिन्दी` into single letters that prefix-match anything written in that script.
        .split(/[^\p{L}\p{N}\p{M}]+/u)
        .filter((t) => t.length > 0)
    );
  }
  // Scripts written without spaces between words: `顧客分析` is one token, and `分析` must still find it.
  const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
  const MARK = /\p{M}/u;
  /** The longest word searched for inside a run of such a script (its suffixes are cut there: bounded work per run). */
  const INNER_WORD = 24;
  // The words of a product's text, and also the words inside a camelCase or PascalCase one: a column `customerEmail`
  // (or `orderID`, `totalAmountEUR`) is found by `email` (`id`, `amount eur`) as `customer_email` is, and `customeremail`
  // still finds it whole. Only the product's side is split, so a query typed in camelCase matches what it matched before.
  // A run of Chinese, Japanese or Thai adds every suffix that starts with a letter of that script, so a query word
  // prefix-matches anywhere inside it (`分析` finds `顧客分析`, `データ` finds `顧客データ`).
  const CAMEL = /([\p{Ll}\p{N}]\p{M}*)(?=\p{Lu})|(\p{Lu}\p{M}*)(?=\p{Lu}\p{Ll})/gu;
  function productTokens(text: string, whole = tokenize(text)): string[] {
    const split = String(text).replace(CAMEL, "$1$2 ");
    // A set: a long description has thousands of words, and a list looked up once per word is quadratic.
    const seen = new Set(whole);
    const out = whole.concat(split === String(text) ? [] : tokenize(split).filter((t) => !seen.has(t)));
    if (!UNSPACED.test(text)) return out;
    for (const token of whole) {
      if (!UNSPACED.test(token)) continue;
      const chars = Array.from(token);
      for (let i = 1; i < chars.length; i++) {
        if (UNSPACED.test(chars[i]!) && !MARK.test(chars[i]!)) out.push(chars.slice(i, i + INNER_WORD).join(""));
      }
    }
    return out;
  }
  function tokensOf(doc: SearchDocument): Record<string, string[]> {
    let tokens = cache.get(doc);
    if (!tokens) {
      tokens = {};
      for (const [field] of WEIGHTS) tokens[field] = Array.from(new Set(productTokens(doc.fields[field] || "")));
      cache.set(doc, tokens);
    }
    return tokens;
  }
  // A column's name as the query would be typed (`whole`) and the words its name and tags give, computed once per
  // product: the site runs a search on every key stroke.
  const columnCache = new WeakMap<SearchDocument, { whole: string; words: string[] }[]>();
  function columnTokensOf(doc: SearchDocument): { whole: string; words: string[] }[] {
    let parts = columnCache.get(doc);
    if (!parts) {
      parts = doc.columns.map((column) => {
        const tags = (doc.columnTags && Object.prototype.hasOwnProperty.call(doc.columnTags, column) ? doc.columnTags[column] : undefined) || [];
        const name = column.slice(column.indexOf(".") + 1);
        const words = tokenize(name);
        return { whole: words.join(" "), words: tags.length === 0 ? productTokens(name, words) : productTokens(name, words).concat(productTokens(tags.join(" "))) };
      });
      columnCache.set(doc, parts);
    }
    return parts;
  }
  function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function search(index: SearchIndex, query: string, limit?: number): RankedHit[] {
    const terms = Array.from(new Set(tokenize(query)));
    const hits: RankedHit[] = [];
    if (terms.length === 0) {
      // No query: every product, in catalog order.
      const all = index.products.map((doc) => ({ product: doc, score: 0, columns: [] as string[] }));
      return typeof limit === "number" ? all.slice(0, limit) : all;
    }
    for (const doc of index.products) {
      const tokens = tokensOf(doc);
      let score = 0;
      let matched = true;
      for (const term of terms) {
        let best = 0;
        for (const [field, weight] of WEIGHTS) {
          for (const token of tokens[field]!) {
            if (token === term) best = Math.max(best, weight * 2);
            else if (token.startsWith(term)) best = Math.max(best, weight);
          }
        }
        if (best === 0) {
          matched = false;
          break;
        }
        score += best;
      }
      if (!matched) continue;
      // The query is the product's name, or its id (what `meshkit catalog search orders` and a consumer who copied it type):
      // that product comes before those that only hold the same words.
      const query = terms.join(" ");
      if (tokenize(doc.name).join(" ") === query || tokenize(doc.id).join(" ") === query) score += 50;
      // A column is named as matching when its own name or one of its tags does (not its table's), unless another
      // column matches every query word it matches and more: `e_mail` names `e_mail_kunde`, not `montant_eur` for
      // its `e`; `order_id email` names both `order_id` and `customer_email`.
      // Of those, the closest come first, as the product ranking goes (exact over prefix), since only five are named:
      // `email` names the column `email`, then `user_email` (the word itself), then `emailing_batch` (a prefix).
      const parts = columnTokensOf(doc);
      const termsOf = parts.map((own) => terms.filter((term) => own.words.some((part) => part.startsWith(term))));
      const closeness = (i: number): number => {
        const own = parts[i]!;
        if (own.whole === query) return 2;
        return termsOf[i]!.every((term) => own.words.indexOf(term) >= 0) ? 1 : 0;
      };
      const cols = doc.columns
        .map((column, i) => ({ column, i, closeness: closeness(i) }))
        .filter(({ i }) => {
          const own = termsOf[i]!;
          return own.length > 0 && !termsOf.some((other) => other.length > own.length && own.every((term) => other.indexOf(term) >= 0));
        })
        .sort((a, b) => b.closeness - a.closeness || a.i - b.i)
        .map(({ column }) => column);
      hits.push({ product: doc, score, columns: cols.slice(0, 5) });
    }
    hits.sort((a, b) => b.score - a.score || compare(a.product.name, b.product.name) || compare(a.product.id, b.product.id));
    return typeof limit === "number" ? hits.slice(0, limit) : hits;
  }
  return { tokenize, search };
}

/** The page of a product in the site, relative to the site root. */
export function productPagePath(id: string): string {
  return `products/${encodeName(id)}.html`;
}

/** The search index of a catalog's products (their latest versions), in catalog order (domain, name, id). */
export function buildSearchIndex(products: readonly CatalogProduct[]): SearchIndex {
  return {
    kind: "meshkit-catalog-search",
    version: 1,
    products: products.map(({ id, latest }) => {
      const cols = columns(latest);
      const columnTags: Record<string, string[]> = {};
      for (const c of cols) {
        if (c.tags.length === 0) continue;
        const key = `${c.object}.${c.name}`;
        columnTags[key] = [...new Set([...(columnTags[key] ?? []), ...c.tags])];
      }
      const team = owners(latest);
      const text = description(latest);
      const contractText = latest.contracts.flatMap((c) => {
        const d = (c as { description?: { purpose?: unknown } }).description;
        return [typeof c.name === "string" ? c.name : "", typeof d?.purpose === "string" ? d.purpose : ""];
      });
      // Output ports by name and description: the name is what a consumer's input port and the lineage graph call the
      // data (`shipments_api`), the description says what it serves (`Shipment events as a Kafka topic`).
      const portText = outputPorts(latest).flatMap((port) => [port.name, port.description]);
      return {
        id,
        name: latest.name,
        domain: latest.domain,
        version: latest.productVersion,
        status: latest.status,
        quality: entryQualityStatus(latest),
        owner: team.team,
        purpose: text.purpose,
        tags: productTags(latest),
        url: productPagePath(id),
        columns: [...new Set(cols.map((c) => `${c.object}.${c.name}`))],
        ...(Object.keys(columnTags).length > 0 ? { columnTags } : {}),
        fields: {
          // A consumer who holds a contract id (from a lineage link, a finding or a contract file) finds the product serving it.
          name: [latest.name, id, ...new Set(latest.contracts.map((c) => c.id).filter((c): c is string => typeof c === "string"))].join(" "),
          domain: latest.domain,
          status: latest.status,
          tags: allTags(latest).join(" "),
          owners: [team.team, ...team.members.flatMap((m) => [m.name, m.username])].filter(Boolean).join(" "),
          columns: [...new Set(cols.flatMap((c) => [c.object, c.name]))].join(" "),
          text: [text.purpose, text.usage, text.limitations, ...contractText, ...portText, ...cols.map((c) => c.description)].filter(Boolean).join(" "),
        },
      };
    }),
  };
}

export interface SearchHit {
  id: string;
  name: string;
  domain: string;
  version: string;
  /** The ODPS status of the latest version (`active`, `deprecated`, `retired`, …), as the site's cards show it. */
  status: string;
  score: number;
  owner: string;
  purpose: string;
  tags: string[];
  quality: QualityStatus | null;
  /** The product page, relative to a site built from the same catalog. */
  url: string;
  /** Columns that matched (`object.column`, at most 5). */
  columns: string[];
}

/**
 * Searches the catalog in `catalogDir` (a dir target's folder, or a checkout of a git catalog) as
 * the site's search box does. An empty query lists every product. Unreadable entries are findings.
 */
export function searchCatalog(catalogDir: string, text: string, options: { limit?: number; label?: (path: string) => string } = {}): { hits: SearchHit[]; findings: Finding[] } {
  if (!existsSync(catalogDir)) throw new UsageError(`catalog folder ${catalogDir} does not exist`);
  const state = readCatalogDir(catalogDir, options.label);
  const index = buildSearchIndex(groupProducts(state.entries));
  const hits = createSearchEngine()
    .search(index, text, options.limit)
    .map(({ product, score, columns: matched }) => ({
      id: product.id,
      name: product.name,
      domain: product.domain,
      version: product.version,
      status: product.status,
      score,
      owner: product.owner,
      purpose: product.purpose,
      tags: product.tags,
      quality: product.quality,
      url: product.url,
      columns: matched,
    }));
  return { hits, findings: state.findings };
}

/** `searchCatalog` on a catalog target (`dir:…`, `git:…#…`): a git catalog is checked out for the search. */
export async function searchCatalogTarget(
  target: string | CatalogTargetSpec | CatalogStore,
  text: string,
  options: OpenCatalogOptions & { limit?: number } = {},
): Promise<{ hits: SearchHit[]; findings: Finding[] }> {
  const store = typeof target === "object" && "read" in target ? target : openCatalogStore(target, options);
  return store.read((dir) => searchCatalog(dir, text, { ...(options.limit !== undefined ? { limit: options.limit } : {}), label: store.label }));
}

/**
 * What `meshkit catalog search` prints in text format: one line per hit (or `no product matches …`)
 * on stdout — a product that is not `active` (deprecated, retired, draft…) with its status after its
 * version, as the site's card shows it, so that a retired product is not taken for one to build on —, and each finding about the catalog (an entry that cannot be read, left out of the
 * search) on stderr, gcc style (`file:line:column: severity rule-id message`), so a damaged catalog
 * is never a silent "no match" (the command then exits 1, as for any error finding; no match alone exits 0).
 */
export function searchTextOutput(text: string, result: { hits: readonly SearchHit[]; findings: readonly Finding[] }): { stdout: string; stderr: string } {
  const lines =
    result.hits.length === 0
      ? [`no product matches ${JSON.stringify(text)}`]
      : result.hits.map((hit) =>
          singleLine(`${hit.domain === "" ? "" : `${hit.domain}/`}${hit.name} ${hit.version === "" ? UNVERSIONED : hit.version}${isNotActive(hit.status) ? ` (${hit.status})` : ""}  owner ${hit.owner || "-"}${hit.columns.length > 0 ? `  columns: ${hit.columns.join(", ")}` : ""}`),
        );
  const problems = result.findings.map(catalogFindingLine);
  const out = (list: string[]) => list.map((line) => `${line}\n`).join("");
  return { stdout: out(lines), stderr: out(problems) };
}
