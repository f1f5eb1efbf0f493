import { describe, expect, it } from "vitest";
import { documentViews } from "./views.js";

describe("documentViews", () => {
  it("points at every property (nested and array items too), counting only the mappings of each list", () => {
    const contract = {
      schema: [
        "not an object",
        { name: "orders", properties: [{ name: "id" }, 7, { name: "lines", properties: [{ name: "sku" }], items: { properties: [{ name: "qty" }] } }] },
      ],
      servers: [null, { server: "lake" }],
      slaProperties: [{ property: "latency" }],
    };
    const views = documentViews("DataContract", contract);
    expect(views.properties!.map((p) => `${p.path} ${p.name} ${p.object}`)).toEqual([
      "/schema/0/properties/0 id orders",
      "/schema/0/properties/1 lines orders",
      "/schema/0/properties/1/properties/0 sku orders",
      "/schema/0/properties/1/items/properties/0 qty orders",
    ]);
    expect(views.schemaObjects!.map((o) => `${o.path} ${o.name}`)).toEqual(["/schema/1 orders"]);
    expect(views.servers!.map((s) => `${s.path} ${s.name}`)).toEqual(["/servers/1 lake"]);
    expect(views.slaProperties!.map((s) => s.path)).toEqual(["/slaProperties/0"]);
  });
});
