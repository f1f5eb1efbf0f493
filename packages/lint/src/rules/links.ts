import { defineRule } from "../rule.js";
import { forEachListAt, pointer } from "../walk.js";

/** Schemes a reader's browser opens as a link: what the catalog site, Backstage and DataHub link (the catalog's safeUrl). */
const LINKED_SCHEMES: ReadonlySet<string> = new Set(["http:", "https:", "mailto:"]);

/** Schemes that run code, or show inline content, in the page of whoever clicks the link. */
const SCRIPT_SCHEMES: ReadonlySet<string> = new Set(["javascript:", "vbscript:", "data:"]);

/** What is wrong with an authoritative definition's `url`, and how badly; undefined for a link that works. */
export function definitionUrlProblem(written: string): { message: string; severity?: "info" } | undefined {
  const url = written.trim();
  const shown = JSON.stringify(written);
  if (url === "") return { message: "Authoritative definition has an empty `url`; write the address of the definition (https://…), or remove the entry." };
  if (/\s/.test(url)) return { message: `Authoritative definition url ${shown} is not a URL: it has a space in it, where a link ends; write the address without spaces (%20 for a space in a path).` };
  // A Windows path (`C:\docs\orders.md`, `D:/docs`) parses as a URL of a one-letter scheme: no scheme is one letter.
  const parsed = URL.canParse(url) && !/^[a-z]:/i.test(url) ? new URL(url) : undefined;
  // A relative path (`docs/glossary.md`), a bare host (`wiki.acme.example/orders`) or a file path is no URL: the catalog, a PR
  // comment and a consumer reading the contract elsewhere have nothing to resolve it against.
  if (parsed === undefined && /^[a-z][a-z0-9+.-]+:/i.test(url))
    return { message: `Authoritative definition url ${shown} is not a valid URL (a malformed host, port or escape); correct it so that a browser can open it.` };
  if (parsed === undefined)
    return { message: `Authoritative definition url ${shown} is not an absolute URL; write the full address with its scheme (e.g. https://wiki.acme.example/glossary/orders), as readers open it outside this repository.` };
  const scheme = parsed.protocol.toLowerCase();
  if (SCRIPT_SCHEMES.has(scheme)) return { message: `Authoritative definition url ${shown} uses the \`${scheme}\` scheme, which runs or shows content in the reader's page instead of linking to a definition; link to the definition with https://.` };
  // WHATWG reads `https:wiki.example` as https://wiki.example/, but nothing else does: a web address starts `https://<host>`.
  if ((scheme === "http:" || scheme === "https:") && !/^https?:\/\/[^/?#]/i.test(url))
    return { message: `Authoritative definition url ${shown} has no host; write it as ${scheme}//<host>/<path>.` };
  // `mailto:` and nothing else opens an empty mail, and the catalog leaves it out.
  if (scheme === "mailto:" && url.slice(scheme.length) === "") return { message: `Authoritative definition url ${shown} has no address; write it as mailto:<address>.` };
  // Valid, and written so by ODCS's own full example (a `jdbc:` implementation link): an info, not a warning.
  if (!LINKED_SCHEMES.has(scheme))
    return { severity: "info", message: `Authoritative definition url ${shown} uses the \`${scheme}\` scheme, which the catalog does not show as a link (only http, https and mailto); link to a page that shows the definition, over https://.` };
  return undefined;
}

export const authoritativeDefinitionUrl = defineRule({
  meta: { id: "authoritative-definition-url", defaultSeverity: "error", description: "The `url` of an authoritative definition is an absolute http(s) (or mailto) URL a reader can open." },
  appliesTo: ["DataContract", "DataProduct"],
  check(doc, { report }) {
    // Wherever the list is: the contract's or product's, an object's, a property's, the team's, a port's, a description's.
    forEachListAt(doc.value, "authoritativeDefinitions", (entries, path) => {
      for (const [definition, i] of entries) {
        // A missing or non-text url is the schema's finding.
        if (typeof definition.url !== "string") continue;
        const problem = definitionUrlProblem(definition.url);
        if (problem) report({ path: pointer([...path, i, "url"]), message: problem.message, severity: problem.severity });
      }
    });
  },
});
