import { isSchemaUri } from "@meshkit/core";
import { defineRule } from "../rule.js";
import { forEachListAt, mappingsIn, pointer, stringAt, type Mapping } from "../walk.js";

/** Schemes a reader's browser opens as a link: what the catalog site, Backstage and DataHub link (the catalog's safeUrl). */
const LINKED_SCHEMES: ReadonlySet<string> = new Set(["http:", "https:", "mailto:"]);

/** Schemes that run code, or show inline content, in the page of whoever clicks the link. */
const SCRIPT_SCHEMES: ReadonlySet<string> = new Set(["javascript:", "vbscript:", "data:"]);

/** A link field of a document, as its messages name it. */
interface LinkField {
  /** What holds the link: "Authoritative definition", "Support channel `#orders`". */
  subject: string;
  /** The key the link is under: `url`, `invitationUrl`. */
  field: string;
  /** What the link leads to, for the fix: "definition", "channel". */
  target: string;
  /** A link of the right kind, for the fix of a relative one. */
  example: string;
  /** What to remove when there is no address: "the entry" when the link is required, else the field. */
  remove: string;
}

const DEFINITION_URL: LinkField = { subject: "Authoritative definition", field: "url", target: "definition", example: "https://wiki.acme.example/glossary/orders", remove: "the entry" };

/** What is wrong with a link a reader opens from the catalog, and how badly; undefined for a link that works. */
function linkProblem(written: string, link: LinkField): { message: string; severity?: "info" } | undefined {
  const { subject, field, target, example, remove } = link;
  const url = written.trim();
  const shown = `${subject} ${field} ${JSON.stringify(written)}`;
  if (url === "") return { message: `${subject} has an empty \`${field}\`; write the address of the ${target} (https://…), or remove ${remove}.` };
  if (/\s/.test(url)) return { message: `${shown} is not a URL: it has a space in it, where a link ends; write the address without spaces (%20 for a space in a path).` };
  // A Windows path (`C:\docs\orders.md`, `D:/docs`) parses as a URL of a one-letter scheme: no scheme is one letter.
  const parsed = URL.canParse(url) && !/^[a-z]:/i.test(url) ? new URL(url) : undefined;
  // A relative path (`docs/glossary.md`), a bare host (`wiki.acme.example/orders`) or a file path is no URL: the catalog, a PR
  // comment and a consumer reading the contract elsewhere have nothing to resolve it against.
  if (parsed === undefined && /^[a-z][a-z0-9+.-]+:/i.test(url))
    return { message: `${shown} is not a valid URL (a malformed host, port or escape); correct it so that a browser can open it.` };
  if (parsed === undefined)
    return { message: `${shown} is not an absolute URL; write the full address with its scheme (e.g. ${example}), as readers open it outside this repository.` };
  const scheme = parsed.protocol.toLowerCase();
  if (SCRIPT_SCHEMES.has(scheme)) return { message: `${shown} uses the \`${scheme}\` scheme, which runs or shows content in the reader's page instead of linking to a ${target}; link to the ${target} with https://.` };
  // WHATWG reads `https:wiki.example` as https://wiki.example/, but nothing else does: a web address starts `https://<host>`.
  if ((scheme === "http:" || scheme === "https:") && !/^https?:\/\/[^/?#]/i.test(url))
    return { message: `${shown} has no host; write it as ${scheme}//<host>/<path>.` };
  // `mailto:` and nothing else opens an empty mail, and the catalog leaves it out.
  if (scheme === "mailto:" && url.slice(scheme.length) === "") return { message: `${shown} has no address; write it as mailto:<address>.` };
  // Valid, and written so by ODCS's own full example (a `jdbc:` implementation link): an info, not a warning.
  if (!LINKED_SCHEMES.has(scheme))
    return { severity: "info", message: `${shown} uses the \`${scheme}\` scheme, which the catalog does not show as a link (only http, https and mailto); link to a page that shows the ${target}, over https://.` };
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
        const problem = linkProblem(definition.url, DEFINITION_URL);
        if (problem) report({ path: pointer([...path, i, "url"]), message: problem.message, severity: problem.severity });
      }
    });
  },
});

/** The links of a support channel, as ODCS names them: "Access URL using normal URL scheme (https, mailto, etc.)". */
const SUPPORT_LINKS = ["url", "invitationUrl"] as const;

export const supportUrl = defineRule({
  // A warning: ODCS types these as text, and a channel is still named by `channel`; but the link is how a
  // consumer reaches the owner.
  meta: { id: "support-url", defaultSeverity: "warning", description: "A contract's or product's support channel `url` and `invitationUrl` are absolute http(s) (or mailto) URLs a consumer can open." },
  appliesTo: ["DataContract", "DataProduct"],
  check(doc, { report }) {
    // An ODPS product's links are `format: uri`: one that is no URI is schema-valid's finding. A URI the schema takes
    // (`javascript:…`, `https:acme.slack.com`, `slack://…`) is this rule's, as the catalog shows a product's own
    // channels rather than its contracts'.
    const schemaChecked = doc.kind.type === "DataProduct";
    for (const [channel, i] of mappingsIn((doc.value as Mapping).support)) {
      const written = stringAt(channel, "channel")?.trim();
      const name = written ? `Support channel \`${written}\`` : `Support channel #${i}`;
      for (const field of SUPPORT_LINKS) {
        const link = channel[field];
        // A missing or non-text link is the schema's finding (or no link at all, which ODCS allows).
        if (typeof link !== "string" || (schemaChecked && !isSchemaUri(link))) continue;
        const problem = linkProblem(link, { subject: name, field, target: "channel", example: "https://acme.slack.com/archives/C0123 or mailto:orders-team@acme.example", remove: `\`${field}\`` });
        if (problem) report({ path: pointer(["support", i, field]), message: problem.message, severity: problem.severity });
      }
    }
  },
});
