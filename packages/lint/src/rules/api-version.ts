import { isMapping, ODCS_30_API_VERSIONS, type PathSegment } from "@meshkit/core";
import { defineRule } from "../rule.js";
import { forEachListAt, mappingsIn, pointer, qualityRules, type Mapping } from "../walk.js";

/**
 * Fields ODCS v3.1.0 added to elements whose ODCS v3.0.x schema is open (it lets any key pass): a v3.0.x contract
 * that writes one is valid, but a v3.0.x reader does not know the field and drops it. On elements v3.0.x closes
 * (schema objects, properties: their `id`, `relationships`) the same fields are schema-valid errors, which say
 * "valid in ODCS v3.1.0". Kept in step with the `remove` entries of packages/core/scripts/odcs-3.0-differences.mjs
 * on the definitions it opens (api-version.test.ts compares them).
 */
export const V31_FIELDS_OF_OPEN_V30_ELEMENTS = {
  Server: ["id"],
  CustomServer: ["stream"],
  QualityRule: ["id"],
  SupportChannel: ["id", "customProperties"],
  Price: ["id"],
  TeamMember: ["id", "tags", "customProperties", "authoritativeDefinitions"],
  Role: ["id"],
  SlaProperty: ["id", "description", "scheduler", "schedule"],
  CustomProperty: ["id", "description"],
  AuthoritativeDefinition: ["id", "description"],
} as const satisfies Record<string, readonly string[]>;

type Definition = keyof typeof V31_FIELDS_OF_OPEN_V30_ELEMENTS;

/** What a message calls each element. */
const ELEMENT_NOUNS: Record<Definition, string> = {
  Server: "a server",
  CustomServer: "a custom server",
  QualityRule: "a quality rule",
  SupportChannel: "a support channel",
  Price: "the price",
  TeamMember: "a team member",
  Role: "a role",
  SlaProperty: "an SLA property",
  CustomProperty: "a custom property",
  AuthoritativeDefinition: "an authoritative definition",
};

/** Every element of a v3.0.x contract that may hold a field of V31_FIELDS_OF_OPEN_V30_ELEMENTS, with its path. */
function openElements(contract: Mapping): { element: Mapping; path: PathSegment[]; definition: Definition }[] {
  const found: { element: Mapping; path: PathSegment[]; definition: Definition }[] = [];
  const listAt = (key: string, definition: Definition) => {
    for (const [element, i] of mappingsIn(contract[key])) found.push({ element, path: [key, i], definition });
  };
  listAt("servers", "Server");
  listAt("support", "SupportChannel");
  listAt("team", "TeamMember");
  listAt("roles", "Role");
  for (const [server, i] of mappingsIn(contract.servers)) {
    if (server.type === "custom") found.push({ element: server, path: ["servers", i], definition: "CustomServer" });
    // A server's own `roles` are Roles too (v3.0.x and v3.1.0 alike).
    for (const [role, r] of mappingsIn(server.roles)) found.push({ element: role, path: ["servers", i, "roles", r], definition: "Role" });
  }
  listAt("slaProperties", "SlaProperty");
  if (isMapping(contract.price)) found.push({ element: contract.price as Mapping, path: ["price"], definition: "Price" });
  for (const { rule, path } of qualityRules(contract)) found.push({ element: rule, path, definition: "QualityRule" });
  // Inside a team member or support channel, the whole list is the v3.1.0 field, reported once.
  const insideNewList = (path: readonly PathSegment[]) => path[0] === "team" || path[0] === "support";
  for (const [key, definition] of [["customProperties", "CustomProperty"], ["authoritativeDefinitions", "AuthoritativeDefinition"]] as const) {
    forEachListAt(contract, key, (entries, path) => {
      if (insideNewList(path)) return;
      for (const [element, i] of entries) found.push({ element, path: [...path, i], definition });
    });
  }
  return found;
}

export const apiVersionField = defineRule({
  // A warning: the contract is valid v3.0.x, and loses nothing it had; but what the author wrote is not read.
  meta: { id: "api-version-field", defaultSeverity: "warning", description: "A v3.0.x contract uses a field ODCS v3.1.0 added where the v3.0.x schema lets any key pass, so v3.0.x readers ignore it." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    const contract = doc.value as Mapping;
    const apiVersion = contract.apiVersion;
    if (!(ODCS_30_API_VERSIONS as readonly unknown[]).includes(apiVersion)) return;
    for (const { element, path, definition } of openElements(contract)) {
      for (const field of V31_FIELDS_OF_OPEN_V30_ELEMENTS[definition]) {
        if (!Object.hasOwn(element, field)) continue;
        report({
          path: pointer([...path, field]),
          target: "key",
          message: `\`${field}\` on ${ELEMENT_NOUNS[definition]} is new in ODCS v3.1.0, but this contract is ${String(apiVersion)}: v3.0.x lets the key pass without defining it, so tools reading the contract as ${String(apiVersion)} ignore it; set apiVersion: v3.1.0 to use it, or remove it.`,
        });
      }
    }
  },
});
