import { validateContractSchema } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { lintOne } from "../test-support.js";
import { V31_FIELDS_OF_OPEN_V30_ELEMENTS } from "./api-version.js";

/** A v3.0.x contract writing each field ODCS v3.1.0 added to an element v3.0.x leaves open. */
const withV31Fields = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: DataContract
id: orders-contract
version: 1.0.0
status: active
authoritativeDefinitions:
  - {type: canonical, url: "https://wiki.acme.example/orders", id: canonical_def, description: Where the contract lives}
servers:
  - {server: stream, type: custom, id: stream_srv, stream: orders-events}
support:
  - {channel: orders-help, url: "https://chat.acme.example/orders", id: help, customProperties: [{property: tier, value: gold}]}
price: {priceAmount: 1, priceCurrency: EUR, priceUnit: GB, id: price_1}
roles:
  - {role: orders_reader, access: read, id: reader, customProperties: [{property: tier, value: gold, id: tier_cp, description: Support tier}]}
schema:
  - name: orders
    quality:
      - {metric: rowCount, mustBeGreaterThan: 0, id: has_rows}
    properties:
      - {name: ordered_at, logicalType: date}
slaProperties:
  - {property: latency, value: 4, unit: h, element: orders.ordered_at, id: lat, description: Fresh by six, scheduler: cron, schedule: "0 6 * * *"}
`;
const withV31TeamMember = (apiVersion: string) =>
  withV31Fields(apiVersion).replace("status: active\n", "status: active\nteam:\n  - {username: ana, role: owner, id: ana, tags: [lead], customProperties: [{property: a, value: 1}], authoritativeDefinitions: [{type: x, url: 'https://x.example'}]}\n");

describe("api-version-field", () => {
  it("warns, at the key, of each field ODCS v3.1.0 added that a v3.0.x contract writes where v3.0.x lets any key pass", () => {
    const findings = lintOne(withV31TeamMember("v3.0.2")).filter((f) => f.ruleId === "api-version-field");
    expect(findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.message.split(" is new")[0]}`)).toEqual([
      "7:34 warning `id` on a team member",
      "7:43 warning `tags` on a team member",
      "7:57 warning `customProperties` on a team member",
      "7:102 warning `authoritativeDefinitions` on a team member",
      "9:64 warning `id` on an authoritative definition",
      "9:83 warning `description` on an authoritative definition",
      "11:36 warning `id` on a server",
      "11:52 warning `stream` on a custom server",
      "13:69 warning `id` on a support channel",
      "13:79 warning `customProperties` on a support channel",
      "14:60 warning `id` on the price",
      "16:41 warning `id` on a role",
      "16:102 warning `id` on a custom property",
      "16:115 warning `description` on a custom property",
      "20:50 warning `id` on a quality rule",
      "24:72 warning `id` on an SLA property",
      "24:81 warning `description` on an SLA property",
      "24:108 warning `scheduler` on an SLA property",
      "24:125 warning `schedule` on an SLA property",
    ]);
    expect(findings[0]!.message).toBe(
      "`id` on a team member is new in ODCS v3.1.0, but this contract is v3.0.2: v3.0.x lets the key pass without defining it, so tools reading the contract as v3.0.2 ignore it; set apiVersion: v3.1.0 to use it, or remove it.",
    );
    // The same contract as v3.1.0 reads every one of them (its list-form team is deprecated-field's).
    expect(lintOne(withV31Fields("v3.1.0"))).toEqual([]);
    expect(lintOne(withV31Fields("v3.0.0")).filter((f) => f.ruleId === "api-version-field")).toHaveLength(15);
  });

  it("warns of a v3.1.0 field on a server's roles as on the contract's (both are roles)", () => {
    const text = withV31Fields("v3.0.2").replace(
      "  - {server: stream, type: custom, id: stream_srv, stream: orders-events}\n",
      "  - server: prod\n    type: postgres\n    host: db.acme.example\n    port: 5432\n    database: orders\n    schema: public\n    roles:\n      - {role: analyst, access: read, id: analyst_role}\n",
    );
    expect(validateContractSchema(parse(text))).toEqual([]);
    const findings = lintOne(text).filter((f) => f.ruleId === "api-version-field" && f.message.includes("on a role"));
    expect(findings.map((f) => `${f.line}:${f.column} ${f.path}`)).toEqual(["16:39 /servers/0/roles/0/id", "21:41 /roles/0/id"]);
  });

  it("lists only fields the v3.0 schema lets pass and the v3.1 schema defines (otherwise schema-valid reports them)", () => {
    expect(validateContractSchema(parse(withV31TeamMember("v3.0.2")))).toEqual([]);
    expect(validateContractSchema(parse(withV31Fields("v3.1.0")))).toEqual([]);
    const described = Object.values(V31_FIELDS_OF_OPEN_V30_ELEMENTS).flat();
    const written = withV31TeamMember("v3.0.2");
    for (const field of new Set(described)) expect(written, field).toContain(`${field}: `);
  });

  it("has the fields odcs-3.0-differences.mjs removes from the elements it opens (a custom server's are a server's)", async () => {
    const script = new URL("../../../core/scripts/odcs-3.0-differences.mjs", import.meta.url).href;
    const { ODCS_30_DIFFERENCES } = (await import(script)) as { ODCS_30_DIFFERENCES: { path: unknown[]; remove?: boolean }[] };
    const removed = ODCS_30_DIFFERENCES.filter((d) => d.remove && d.path[0] === "$defs").map((d) => d.path.slice(1) as string[]);
    const opened = new Set(removed.filter(([, key]) => key === "additionalProperties" || key === "unevaluatedProperties").map(([definition]) => definition!));
    const openedOrServerBranch = (definition: string) => opened.has(definition) || (definition === "CustomServer" && opened.has("Server"));
    const expected: Record<string, string[]> = {};
    for (const [definition, key, field] of removed) if (key === "properties" && openedOrServerBranch(definition!)) (expected[definition!] ??= []).push(field!);
    expect(V31_FIELDS_OF_OPEN_V30_ELEMENTS).toEqual(expected);
  });
});
