/* Shared fixtures for compat tests: a base contract and product, and a deep clone to mutate. */

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function baseContract(): Json {
  return {
    apiVersion: "v3.1.0",
    kind: "DataContract",
    id: "c-orders",
    name: "orders",
    version: "1.4.2",
    status: "active",
    description: { purpose: "Orders placed in the web shop." },
    team: { name: "sales-data", members: [{ username: "ana", role: "owner" }] },
    tags: ["sales"],
    servers: [{ server: "prod", type: "postgres", host: "db.internal", port: 5432, database: "dw", schema: "sales" }],
    roles: [{ role: "analyst", access: "read" }],
    schema: [
      {
        name: "orders",
        physicalType: "table",
        description: "One row per order.",
        properties: [
          { name: "order_id", logicalType: "string", physicalType: "varchar(36)", required: true, unique: true, primaryKey: true, primaryKeyPosition: 1, classification: "internal" },
          { name: "amount", logicalType: "integer", physicalType: "int", required: true, classification: "internal", logicalTypeOptions: { minimum: 0, maximum: 1000 } },
          {
            name: "status",
            logicalType: "string",
            physicalType: "varchar(20)",
            required: false,
            classification: "internal",
            quality: [{ metric: "invalidValues", arguments: { validValues: ["open", "closed"] }, mustBe: 0 }],
          },
          { name: "email", logicalType: "string", physicalType: "varchar(100)", required: false, classification: "confidential", logicalTypeOptions: { pattern: "^.+@.+$", maxLength: 100 } },
          { name: "ordered_at", logicalType: "date", physicalType: "date", required: true, classification: "internal", quality: [{ metric: "nullValues", mustBeLessThan: 5, unit: "percent" }] },
        ],
        quality: [{ metric: "rowCount", mustBeGreaterThan: 100 }],
      },
      { name: "customers", properties: [{ name: "customer_id", logicalType: "string" }] },
    ],
    slaProperties: [
      { property: "latency", value: 4, unit: "h", element: "orders.ordered_at" },
      { property: "retention", value: 7, unit: "y" },
    ],
  };
}

export function baseProduct(): Json {
  return {
    apiVersion: "v1.0.0",
    kind: "DataProduct",
    id: "p-orders",
    name: "orders",
    version: "2.0.0",
    status: "active",
    inputPorts: [{ name: "erp", version: "1.0.0", contractId: "erp-orders" }],
    outputPorts: [{ name: "orders", version: "1.4.2", contractId: "c-orders", type: "tables" }],
  };
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** The property `name` of object `object` (default: orders). */
export function prop(contract: Json, name: string, object = "orders"): Json {
  const found = contract.schema.find((o: Json) => o.name === object).properties.find((p: Json) => p.name === name);
  if (!found) throw new Error(`no property ${object}.${name}`);
  return found;
}
