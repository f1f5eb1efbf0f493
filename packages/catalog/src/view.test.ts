import { describe, expect, it } from "vitest";
import type { CatalogEntry } from "./entry.js";
import { columns, owners } from "./view.js";

describe("columns", () => {
  it("marks a column sensitive when it or a nested field or array item is, as provision masks it", () => {
    const contract = {
      id: "crm",
      name: "crm",
      schema: [
        {
          name: "contacts",
          properties: [
            { name: "id", logicalType: "string" },
            { name: "emails", logicalType: "array", items: { logicalType: "string", tags: ["pii"] } },
            { name: "address", logicalType: "object", properties: [{ name: "street", classification: "restricted" }, { name: "city" }] },
          ],
        },
      ],
    };
    const entry = { contracts: [contract] } as unknown as CatalogEntry;
    expect(columns(entry).map((c) => [c.name, c.sensitive])).toEqual([
      ["id", false],
      ["emails", true],
      ["address", true],
      ["address.street", true],
      ["address.city", false],
    ]);
  });

  it("marks a column PII when it is tagged or classified pii, or is an array whose items are", () => {
    const contract = {
      id: "crm",
      schema: [
        {
          name: "contacts",
          properties: [
            { name: "email", classification: "PII" },
            { name: "phones", logicalType: "array", items: { logicalType: "string", classification: "pii" } },
            { name: "aliases", logicalType: "array", items: { logicalType: "array", items: { logicalType: "string", tags: ["pii"] } } },
            { name: "notes", logicalType: "array", items: { logicalType: "string", classification: "restricted" } },
          ],
        },
      ],
    };
    const entry = { contracts: [contract] } as unknown as CatalogEntry;
    expect(columns(entry).map((c) => [c.name, c.pii])).toEqual([
      ["email", true],
      ["phones", true],
      ["aliases", true],
      ["notes", false],
    ]);
  });

  it("lists the fields of the objects an array holds, however deep its arrays nest", () => {
    const contract = {
      id: "grid",
      schema: [
        {
          name: "cells",
          properties: [
            { name: "rows", logicalType: "array", items: { logicalType: "object", properties: [{ name: "n" }] } },
            { name: "matrix", logicalType: "array", items: { logicalType: "array", items: { logicalType: "object", properties: [{ name: "v", classification: "pii" }] } } },
          ],
        },
      ],
    };
    const entry = { contracts: [contract] } as unknown as CatalogEntry;
    expect(columns(entry).map((c) => [c.name, c.pii])).toEqual([
      ["rows", false],
      ["rows[].n", false],
      ["matrix", false],
      ["matrix[][].v", true],
    ]);
  });
});

describe("owners", () => {
  it("shows the members of the team it names: a product team that lists none does not take a contract team's members", () => {
    const contract = { id: "c", team: { name: "data-eng", members: [{ username: "ana@example.com", role: "owner" }] } };
    const withTeam = (team: unknown) => ({ product: { team }, contracts: [contract] }) as unknown as CatalogEntry;
    expect(owners(withTeam({ name: "sales" }))).toEqual({ team: "sales", description: "", members: [] });
    expect(owners(withTeam(undefined))).toEqual({ team: "data-eng", description: "", members: [{ username: "ana@example.com", name: "", role: "owner" }] });
    expect(owners(withTeam({ name: "sales", members: [{ username: "bo@example.com", role: "lead" }] })).members).toEqual([{ username: "bo@example.com", name: "", role: "lead" }]);
  });
});
