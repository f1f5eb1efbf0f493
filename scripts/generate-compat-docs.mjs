// Generates the parts of the schema-compat docs that come from the code, so they cannot drift:
//   - docs/compat.md: the sections between <!-- <name>:start --> and <!-- <name>:end --> markers
//     (change kinds × bump per mode, type widening, quality rule and SLA judgement, classification order);
//   - docs/rules/<id>.md for every compat rule id: the part between <!-- generated:start/end -->
//     (text outside the markers is hand-written and kept); a missing page is created;
//   - docs/rules/README.md: a row for every compat rule id the index does not list yet.
// Every example below is run through the real compat code: a page shows what meshkit reports for it,
// and the script fails when an example no longer produces its change kind or is not valid ODCS / ODPS.
//
// Usage: node scripts/generate-compat-docs.mjs           write what changed
//        node scripts/generate-compat-docs.mjs --check   write nothing; exit 1 when a file is out of date
// packages/compat/src/docs.test.ts checks the same thing with the TypeScript sources.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The modes the kinds table shows; each -transitive mode requires what its base mode requires. */
export const TABLE_MODES = ["forward", "backward", "full", "none"];
/** "Now" for the examples: deprecation dates in them are before it. */
export const EXAMPLE_NOW = new Date("2026-01-01T00:00:00Z");

/** Strips the common indentation of a template literal and its first and last empty lines. */
function yaml(strings, ...values) {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, "").replace(/\n\s*$/, "");
  const indent = Math.min(...text.split("\n").filter((l) => l.trim()).map((l) => /^ */.exec(l)[0].length));
  return text
    .split("\n")
    .map((l) => l.slice(indent))
    .join("\n");
}

// ---------------------------------------------------------------------------------------------------
// Examples. `doc: "contract"` / `"product"`: before and after are fragments of one contract (id
// `orders`) or product (id `orders-product`); the rest of the document is the same on both sides.
// `doc: "files"`: before and after are whole files (a file missing from a side does not exist there).
// `reason` is the ignore entry's reason on the page.

const CONTRACT_FILE = "orders.odcs.yaml";
const PRODUCT_FILE = "orders.odps.yaml";

const ordersContract = (extra = "") => yaml`
  apiVersion: v3.1.0
  kind: DataContract
  id: orders
  name: orders
  version: 1.4.0
  status: active${extra}
  schema:
    - name: orders
      properties:
        - name: order_id
          logicalType: string
          required: true
`;

const ordersProduct = yaml`
  apiVersion: v1.0.0
  kind: DataProduct
  id: orders-product
  name: orders
  version: 1.4.0
  status: active
  outputPorts:
    - name: orders
      version: 1.4.0
      contractId: orders
`;

export const EXAMPLES = {
  "contract-added": {
    doc: "files",
    before: {},
    after: { [CONTRACT_FILE]: ordersContract() },
    reason: "new contracts are reviewed by the platform team instead",
  },
  "contract-removed": {
    doc: "files",
    before: { [CONTRACT_FILE]: ordersContract() },
    after: {},
    reason: "orders moved to the sales-ledger repository",
  },
  "contract-id-changed": {
    doc: "files",
    before: { [CONTRACT_FILE]: ordersContract() },
    after: { [CONTRACT_FILE]: ordersContract().replace("id: orders", "id: web-orders") },
    reason: "the id was a typo in an unreleased 0.x contract",
  },
  "product-id-changed": {
    doc: "files",
    before: { [PRODUCT_FILE]: ordersProduct },
    after: { [PRODUCT_FILE]: ordersProduct.replace("id: orders-product", "id: web-orders-product") },
    reason: "the id was a typo in an unreleased 0.x product",
  },
  "product-added": {
    doc: "files",
    before: {},
    after: { [PRODUCT_FILE]: ordersProduct },
    reason: "new products are reviewed by the platform team instead",
  },
  "product-removed": {
    doc: "files",
    before: { [PRODUCT_FILE]: ordersProduct },
    after: {},
    reason: "the product was merged into sales-360; consumers moved in Q3",
  },
  "deprecated-element-removed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
            - name: legacy_channel
              logicalType: string
              customProperties:
                - property: deprecated
                  value: "2025-06-30"
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
    `,
  },
  "element-deprecated": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
            - name: legacy_channel
              logicalType: string
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
            - name: legacy_channel
              logicalType: string
              customProperties:
                - property: deprecated
                  value: "2026-06-30"
    `,
  },
  "status-withdrawn": {
    doc: "contract",
    before: "status: active",
    after: "status: draft",
  },
  "status-changed": {
    doc: "contract",
    before: "status: draft",
    after: "status: active",
  },
  "object-added": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
    `,
    after: yaml`
      schema:
        - name: orders
        - name: refunds
          properties:
            - name: refund_id
              logicalType: string
    `,
  },
  "object-removed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
        - name: refunds
    `,
    after: yaml`
      schema:
        - name: orders
    `,
    reason: "refunds moved to their own contract",
  },
  "object-renamed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
    `,
    after: yaml`
      schema:
        - name: web_orders
          customProperties:
            - property: renamedFrom
              value: orders
    `,
  },
  "property-added-optional": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
              required: true
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
              required: true
            - name: gift_note
              logicalType: string
              required: false
    `,
  },
  "property-added-required": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
              required: true
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
              required: true
            - name: sales_channel
              logicalType: string
              required: true
    `,
    reason: "sales_channel was backfilled for every historical order",
  },
  "property-removed-optional": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
            - name: fax_number
              logicalType: string
              required: false
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
    `,
  },
  "property-removed-required": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
              required: true
            - name: store_code
              logicalType: string
              required: true
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
              required: true
    `,
  },
  "property-renamed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - id: customer_email_prop
              name: email
              logicalType: string
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - id: customer_email_prop
              name: customer_email
              logicalType: string
    `,
  },
  "property-reordered": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
            - name: ordered_at
              logicalType: timestamp
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: ordered_at
              logicalType: timestamp
            - name: order_id
              logicalType: string
    `,
  },
  "logical-type-widened": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: quantity
              logicalType: integer
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: quantity
              logicalType: number
    `,
  },
  "logical-type-narrowed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: delivered_on
              logicalType: timestamp
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: delivered_on
              logicalType: date
    `,
  },
  "logical-type-changed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: is_gift
              logicalType: boolean
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: is_gift
              logicalType: integer
    `,
  },
  "physical-type-widened": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: coupon_code
              logicalType: string
              physicalType: varchar(20)
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: coupon_code
              logicalType: string
              physicalType: varchar(50)
    `,
  },
  "physical-type-fields-added": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: shipping
              logicalType: object
              physicalType: STRUCT<city STRING, zip STRING>
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: shipping
              logicalType: object
              physicalType: STRUCT<city STRING, zip STRING, country STRING>
    `,
  },
  "physical-type-fields-removed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: shipping
              logicalType: object
              physicalType: STRUCT<city STRING, zip STRING>
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: shipping
              logicalType: object
              physicalType: STRUCT<city STRING>
    `,
  },
  "physical-type-narrowed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: line_count
              logicalType: integer
              physicalType: bigint
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: line_count
              logicalType: integer
              physicalType: int
    `,
  },
  "physical-type-changed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
              physicalType: varchar(36)
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
              physicalType: uuid
    `,
  },
  "property-made-optional": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: shipped_at
              logicalType: timestamp
              required: true
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: shipped_at
              logicalType: timestamp
              required: false
    `,
  },
  "property-made-required": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: customer_id
              logicalType: string
              required: false
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: customer_id
              logicalType: string
              required: true
    `,
  },
  "unique-added": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: invoice_number
              logicalType: string
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: invoice_number
              logicalType: string
              unique: true
    `,
  },
  "unique-removed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: invoice_number
              logicalType: string
              unique: true
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: invoice_number
              logicalType: string
    `,
  },
  "primary-key-added": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
              primaryKey: true
              primaryKeyPosition: 1
    `,
  },
  "primary-key-removed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
              primaryKey: true
              primaryKeyPosition: 1
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
    `,
  },
  "primary-key-changed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: order_lines
          properties:
            - name: order_id
              logicalType: string
              primaryKey: true
              primaryKeyPosition: 1
            - name: line_number
              logicalType: integer
    `,
    after: yaml`
      schema:
        - name: order_lines
          properties:
            - name: order_id
              logicalType: string
              primaryKey: true
              primaryKeyPosition: 1
            - name: line_number
              logicalType: integer
              primaryKey: true
              primaryKeyPosition: 2
    `,
  },
  "valid-values-added": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: status
              logicalType: string
              quality:
                - type: library
                  metric: invalidValues
                  arguments:
                    validValues: [open, shipped, closed]
                  mustBe: 0
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: status
              logicalType: string
              quality:
                - type: library
                  metric: invalidValues
                  arguments:
                    validValues: [open, shipped, closed, returned]
                  mustBe: 0
    `,
  },
  "valid-values-removed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: status
              logicalType: string
              quality:
                - type: library
                  metric: invalidValues
                  arguments:
                    validValues: [open, on_hold, shipped, closed]
                  mustBe: 0
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: status
              logicalType: string
              quality:
                - type: library
                  metric: invalidValues
                  arguments:
                    validValues: [open, shipped, closed]
                  mustBe: 0
    `,
  },
  "constraint-loosened": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: customer_email
              logicalType: string
              logicalTypeOptions:
                maxLength: 100
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: customer_email
              logicalType: string
              logicalTypeOptions:
                maxLength: 254
    `,
  },
  "constraint-tightened": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: quantity
              logicalType: integer
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: quantity
              logicalType: integer
              logicalTypeOptions:
                minimum: 1
    `,
  },
  "constraint-changed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: order_number
              logicalType: string
              logicalTypeOptions:
                pattern: '^[0-9]{8}$'
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: order_number
              logicalType: string
              logicalTypeOptions:
                pattern: '^ORD-[0-9]{8}$'
    `,
  },
  "relationship-added": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: customer_id
              logicalType: string
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: customer_id
              logicalType: string
              relationships:
                - to: customers.id
    `,
  },
  "relationship-removed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          relationships:
            - from: [orders.customer_id, orders.region]
              to: [customers.id, customers.region]
          properties:
            - name: customer_id
              logicalType: string
            - name: region
              logicalType: string
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: customer_id
              logicalType: string
            - name: region
              logicalType: string
    `,
  },
  "relationship-changed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: customer_id
              logicalType: string
              relationships:
                - to: customers.id
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: customer_id
              logicalType: string
              relationships:
                - to: customers.customer_number
    `,
  },
  "quality-rule-added": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: customer_id
              logicalType: string
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: customer_id
              logicalType: string
              quality:
                - type: library
                  metric: nullValues
                  mustBe: 0
    `,
  },
  "quality-rule-removed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          quality:
            - type: library
              metric: rowCount
              mustBeGreaterThan: 100
    `,
    after: yaml`
      schema:
        - name: orders
    `,
  },
  "quality-rule-relaxed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: customer_id
              logicalType: string
              quality:
                - type: library
                  metric: nullValues
                  mustBeLessThan: 1
                  unit: percent
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: customer_id
              logicalType: string
              quality:
                - type: library
                  metric: nullValues
                  mustBeLessThan: 5
                  unit: percent
    `,
  },
  "quality-rule-tightened": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          quality:
            - type: library
              metric: rowCount
              mustBeGreaterThan: 100
    `,
    after: yaml`
      schema:
        - name: orders
          quality:
            - type: library
              metric: rowCount
              mustBeGreaterThan: 1000
    `,
  },
  "quality-rule-changed": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          quality:
            - name: no_negative_totals
              type: sql
              query: SELECT COUNT(*) FROM orders WHERE total_eur < 0
              mustBe: 0
    `,
    after: yaml`
      schema:
        - name: orders
          quality:
            - name: no_negative_totals
              type: sql
              query: SELECT COUNT(*) FROM orders WHERE total_eur < 0 AND status <> 'refunded'
              mustBe: 0
    `,
  },
  "sla-added": {
    doc: "contract",
    before: yaml`
      slaProperties:
        - property: latency
          value: 4
          unit: h
    `,
    after: yaml`
      slaProperties:
        - property: latency
          value: 4
          unit: h
        - property: retention
          value: 7
          unit: y
    `,
  },
  "sla-removed": {
    doc: "contract",
    before: yaml`
      slaProperties:
        - property: latency
          value: 4
          unit: h
        - property: timeToRepair
          value: 8
          unit: h
    `,
    after: yaml`
      slaProperties:
        - property: latency
          value: 4
          unit: h
    `,
  },
  "sla-relaxed": {
    doc: "contract",
    before: yaml`
      slaProperties:
        - property: latency
          value: 4
          unit: h
          element: orders.ordered_at
    `,
    after: yaml`
      slaProperties:
        - property: latency
          value: 8
          unit: h
          element: orders.ordered_at
    `,
  },
  "sla-tightened": {
    doc: "contract",
    before: yaml`
      slaProperties:
        - property: retention
          value: 3
          unit: y
    `,
    after: yaml`
      slaProperties:
        - property: retention
          value: 7
          unit: y
    `,
  },
  "classification-raised": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: delivery_address
              logicalType: string
              classification: internal
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: delivery_address
              logicalType: string
              classification: confidential
    `,
  },
  "classification-lowered": {
    doc: "contract",
    before: yaml`
      schema:
        - name: orders
          properties:
            - name: store_code
              logicalType: string
              classification: confidential
    `,
    after: yaml`
      schema:
        - name: orders
          properties:
            - name: store_code
              logicalType: string
              classification: internal
    `,
  },
  "role-removed": {
    doc: "contract",
    before: yaml`
      roles:
        - role: sales_analyst
          access: read
        - role: fraud_analyst
          access: read
    `,
    after: yaml`
      roles:
        - role: sales_analyst
          access: read
    `,
  },
  "role-added": {
    doc: "contract",
    before: yaml`
      roles:
        - role: sales_analyst
          access: read
    `,
    after: yaml`
      roles:
        - role: sales_analyst
          access: read
        - role: finance_controller
          access: read
          firstLevelApprovers: Head of Sales Data
    `,
  },
  "role-changed": {
    doc: "contract",
    before: yaml`
      roles:
        - role: sales_analyst
          access: read
          firstLevelApprovers: Sales Data Lead
    `,
    after: yaml`
      roles:
        - role: sales_analyst
          access: read
          firstLevelApprovers: Sales Data Lead
          secondLevelApprovers: Data Protection Officer
    `,
  },
  "server-added": {
    doc: "contract",
    before: yaml`
      servers:
        - server: warehouse
          type: postgres
          host: db.internal
          port: 5432
          database: analytics
          schema: sales
    `,
    after: yaml`
      servers:
        - server: warehouse
          type: postgres
          host: db.internal
          port: 5432
          database: analytics
          schema: sales
        - server: lake
          type: s3
          location: s3://acme-lake/domain=sales/product=orders/
          format: parquet
    `,
  },
  "server-removed": {
    doc: "contract",
    before: yaml`
      servers:
        - server: warehouse
          type: postgres
          host: db.internal
          port: 5432
          database: analytics
          schema: sales
        - server: legacy
          type: sqlserver
          host: mssql.internal
          database: dwh
          schema: dbo
    `,
    after: yaml`
      servers:
        - server: warehouse
          type: postgres
          host: db.internal
          port: 5432
          database: analytics
          schema: sales
    `,
  },
  "server-moved": {
    doc: "contract",
    before: yaml`
      servers:
        - server: warehouse
          type: postgres
          host: db.internal
          port: 5432
          database: analytics
          schema: sales
    `,
    after: yaml`
      servers:
        - server: warehouse
          type: postgres
          host: db.internal
          port: 5432
          database: analytics
          schema: sales_v2
    `,
  },
  "domain-changed": {
    doc: "product",
    before: yaml`
      domain: sales
    `,
    after: yaml`
      domain: finance
    `,
    reason: "sales and finance merged; consumers moved to the finance schema in PLAT-901",
  },
  "product-renamed": {
    doc: "product",
    before: yaml`
      name: orders
    `,
    after: yaml`
      name: sales_orders
    `,
    reason: "consumers moved to lake/domain=sales/product=sales_orders/ in PLAT-902",
  },
  "output-port-upgraded": {
    doc: "product",
    before: yaml`
      outputPorts:
        - name: orders
          version: 1.4.0
          contractId: orders
    `,
    after: yaml`
      outputPorts:
        - name: orders
          version: 1.5.0
          contractId: orders
    `,
  },
  "compat-document-invalid": {
    doc: "product",
    schemaInvalid: true,
    before: yaml`
      outputPorts:
        - name: orders
          version: 1.4.0
          contractId: orders
    `,
    after: yaml`
      outputPorts: orders
    `,
  },
  "output-port-added": {
    doc: "product",
    before: yaml`
      outputPorts:
        - name: orders
          version: 1.4.0
          contractId: orders
    `,
    after: yaml`
      outputPorts:
        - name: orders
          version: 1.4.0
          contractId: orders
        - name: order_events
          version: 1.0.0
          contractId: order-events
    `,
  },
  "output-port-removed": {
    doc: "product",
    before: yaml`
      outputPorts:
        - name: orders
          version: 1.4.0
          contractId: orders
        - name: orders_csv_export
          version: 1.0.0
          contractId: orders-export
    `,
    after: yaml`
      outputPorts:
        - name: orders
          version: 1.4.0
          contractId: orders
    `,
  },
  "output-port-renamed": {
    doc: "product",
    before: yaml`
      outputPorts:
        - name: orders
          version: 1.4.0
          contractId: orders
    `,
    after: yaml`
      outputPorts:
        - name: sales_orders
          version: 1.4.0
          contractId: orders
          customProperties:
            - property: renamedFrom
              value: orders
    `,
  },
  "output-port-changed": {
    doc: "product",
    before: yaml`
      outputPorts:
        - name: orders
          version: 1.4.0
          contractId: orders
    `,
    after: yaml`
      outputPorts:
        - name: orders
          version: 2.0.0
          contractId: orders
    `,
  },
  "input-port-changed": {
    doc: "product",
    before: yaml`
      inputPorts:
        - name: erp_orders
          version: 3.2.0
          contractId: erp-orders
    `,
    after: yaml`
      inputPorts:
        - name: erp_orders
          version: 3.2.0
          contractId: erp-orders
        - name: web_sessions
          version: 1.1.0
          contractId: web-sessions
    `,
  },
  "description-changed": {
    doc: "contract",
    before: yaml`
      description:
        purpose: Orders placed in the web shop.
    `,
    after: yaml`
      description:
        purpose: Orders placed in the web shop and the mobile app.
    `,
  },
  "tags-changed": {
    doc: "contract",
    before: "tags: [sales]",
    after: "tags: [sales, gdpr]",
  },
  "owner-changed": {
    doc: "contract",
    before: yaml`
      team:
        name: sales-data
        members:
          - username: ana@acme.example
            role: owner
    `,
    after: yaml`
      team:
        name: sales-data
        members:
          - username: ana@acme.example
            role: owner
          - username: li@acme.example
            role: data engineer
    `,
  },
  "metadata-changed": {
    doc: "contract",
    before: yaml`
      customProperties:
        - property: costCenter
          value: CC-410
    `,
    after: yaml`
      customProperties:
        - property: costCenter
          value: CC-415
    `,
  },
  // Rules that are not change kinds.
  "version-bump": {
    doc: "contract",
    before: yaml`
      version: 1.4.0
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
            - name: store_code
              logicalType: string
    `,
    after: yaml`
      version: 1.5.0
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
    `,
  },
  "compat-base-unreadable": {
    doc: "release-folder",
    before: {
      [CONTRACT_FILE]: yaml`
        apiVersion: v3.1.0
        kind: DataContract
        id: orders
        version: 1.4.0
        status: active
        description:
          purpose: "Orders placed in the web shop.
        schema:
          - name: orders
      `,
    },
    after: { [CONTRACT_FILE]: ordersContract() },
  },
  "compat-duplicate-id": {
    doc: "files",
    before: { [CONTRACT_FILE]: ordersContract() },
    after: { [CONTRACT_FILE]: ordersContract(), "orders-copy.odcs.yaml": ordersContract() },
  },
};

/** Page text for the rules that are not change kinds (change kinds get theirs from the registry). */
const SPECIAL_RULES = {
  "version-bump": {
    severity: "error (under-declared, or no bump at all) · warning (a bump too small from a 0.x / pre-release version) · info (over-declared)",
    detects: [
      "The version a contract or product declares against the bump its changes require. Every change has a required bump under the compatibility mode (see the other pages); the highest one wins, and the declared version change (base `version` → head `version`) must carry at least that bump.",
      "",
      "| declared vs required | severity |",
      "|---|---|",
      "| under-declared | error, naming the version it should be (e.g. `make it 2.0.0`) |",
      "| no bump at all for changes that need one (documentation-only ones included; any version) | error: a released version must not change (semver §3) |",
      "| a bump too small from a `0.x` or pre-release version (under 0.x: a breaking change in the same `0.y` line) | warning (semver allows anything there, but consumers still break) |",
      "| over-declared (a bigger bump than needed) | info |",
      "| version went down | error |",
      "| head version is not semver 2.0.0 (`v1.2.3`, `1.2`, leading zeros), and the changes need a bump | error |",
      "| a product's version written `v1.2.3` (as ODPS's own example does; lint only warns) | judged as `1.2.3`, as above; a contract's version must be exactly semver |",
      "| base (released) version is not semver but reads loosely as one (`1.0` → `1.0.0`, `v2` → `2.0.0`, `1.3.0-rc.01` → `1.3.0-rc.1`: a pre-release stays one), head is semver | judged against that reading, as above; the message says so (a released version cannot be fixed, the next one can) |",
      "| such a base, and the head has no `version` | error naming the version to add from that reading (`0.1` with a breaking change: `add version: 0.2.0`), as `requiredVersion` does |",
      "| base version cannot be read as semver at all (`latest`), and the changes need a bump | error |",
      "",
      "Under `0.x` the version is read as semver's caret range reads it (and as meshkit reads an output port's version): `^0.3.1` takes `0.3.2` but not `0.4.0`, so a new minor version (`0.3.1` → `0.4.0`, or `1.0.0`) carries a breaking change, and the next patch (`0.3.1` → `0.3.2`) every compatible one, features included. Every `0.0.z` is a line of its own: any bump from it carries anything. A breaking change that stays in the line (`0.3.1` → `0.3.2`) is a warning naming `0.4.0`.",
      "",
      "From a pre-release, the release of its line carries that line's bump (`semver.inc`): `2.0.0-rc.1` → `2.0.0` (or → `2.0.0-rc.2`) is major, `1.3.0-rc.1` → `1.3.0` minor. Build metadata alone (`1.2.3+a` → `1.2.3+b`) is no bump (semver §10).",
      "",
      "A contract with changes and the right bump gets no `version-bump` finding.",
    ],
    config: [
      "```yaml",
      "# meshkit.yaml",
      "compat:",
      "  rules:",
      "    version-bump: warning   # every verdict that has a finding is reported at this level; off hides them",
      "```",
      "",
      "`ignore` entries do not apply to the verdict; to accept one change without its bump, ignore that change (its page says how).",
    ],
  },
  "compat-document-invalid": {
    severity: "error (the head) · warning (the released base)",
    detects: [
      "A list the standard requires (`outputPorts`, `inputPorts` of a product; `schema`, `properties`, `quality`, `slaProperties`, `servers`, `roles` of a contract; the `customProperties` of an object, property, server or output port, where deprecation and rename markers are read; the `relationships` (foreign keys) of an object or property) is written as something else: a string, a mapping, `null`. The document is schema-invalid there (`meshkit lint` reports the schema error).",
      "compat does not compare that list: reading it as empty would report every port, object or column of the other side as removed (or added), with a verdict to match. The rest of the document is compared as usual.",
      "On the head (what is being released) it is an error: its changes there cannot be judged. On the base (already released, it cannot be fixed) it is a warning.",
    ],
    config: [
      "```yaml",
      "# meshkit.yaml",
      "compat:",
      "  rules:",
      "    compat-document-invalid: warning   # off | info | warning | error, on the head and the base alike",
      "```",
      "",
      "Lowering it lets the rest of the document's changes decide the run; the list is still not compared. Better: write the field as a list.",
    ],
  },
  "compat-duplicate-id": {
    severity: "error",
    detects: [
      "Two documents on one side (the head or the base) share a contract or product `id`. compat matches documents by id, not by file, so it cannot tell which of the two to compare: neither is compared, and neither is reported as removed.",
    ],
    config: [
      "```yaml",
      "# meshkit.yaml",
      "compat:",
      "  rules:",
      "    compat-duplicate-id: warning   # off | info | warning | error, e.g. while a duplicate the released base already has is being fixed",
      "```",
      "",
      "Neither document is compared at any level. Give each document its own `id` (a copied file usually still carries the original's).",
    ],
  },
  "compat-base-unreadable": {
    severity: "warning",
    detects: [
      "A file on the base side (in the git ref or the folder given to `--base`) cannot be read as a document: it is not valid YAML, not UTF-8, or too large. It is already part of the released history, so the run is not blocked: the file is skipped, and a head document with the same id is reported as new (`contract-added` / `product-added`).",
      "A single file given to `--base` is different: it is the one thing to compare with, so when it cannot be read the run stops (exit 2) with the reason and its line, instead of reporting everything as new.",
    ],
    config: [
      "```yaml",
      "# meshkit.yaml",
      "compat:",
      "  rules:",
      "    compat-base-unreadable: error   # off | info | warning | error",
      "```",
      "",
      "Fix the file in the next release, or compare with a later base (`--base`).",
    ],
  },
};

/** Physical type names tried when the families table is built; the code decides which relate to which. */
const PHYSICAL_CANDIDATES = [
  "tinyint", "int1", "byteint", "smallint", "int2", "short", "smallserial", "int", "int4", "integer", "serial", "mediumint", "bigint", "int8", "int64", "long", "bigserial", "hugeint",
  "utinyint", "usmallint", "uinteger", "ubigint", "uhugeint",
  "real", "float4", "float32", "float", "double", "double precision", "float8", "float64",
  "decimal", "numeric", "number", "bignumeric", "bigdecimal",
  "char", "character", "nchar", "national character", "national char",
  "varchar", "character varying", "char varying", "nvarchar", "nchar varying", "national character varying", "national char varying", "varchar2", "nvarchar2",
  "string", "text", "clob", "nclob",
  // Timestamps of another precision than 6 when bare (datetime2, timestamp_ns…) are in the prose beside the table: by
  // precision they are neither above nor below every type of another rank.
  "date", "datetime", "timestamp", "timestamp_ntz", "timestampntz", "timestamp_us",
  "timestamptz", "timestamp with time zone", "timestamp_tz", "timestamp_ltz", "timestampltz", "timestamp with local time zone",
  "time", "timetz", "time with time zone",
  "boolean", "bool", "uuid", "json", "binary", "blob", "interval",
];

/** Physical type pairs whose relation the docs show, with the argument rules they illustrate. */
const PHYSICAL_EXAMPLES = [
  ["varchar(20)", "varchar(50)"],
  ["varchar(50)", "text"],
  ["char(2)", "varchar(2)"],
  ["char(5)", "char"],
  ["varchar(10)", "char(20)"],
  ["int", "bigint"],
  ["bigint", "int"],
  ["int", "mediumint"],
  ["int", "numeric(38,0)"],
  ["bigint", "numeric(10,0)"],
  ["numeric(12,2)", "int"],
  ["decimal(10,2)", "decimal(18,4)"],
  ["decimal(18,2)", "decimal(10,2)"],
  ["decimal(10,2)", "decimal(12,1)"],
  ["real", "double"],
  ["double", "float"],
  ["date", "timestamp"],
  ["timestamp(3)", "timestamp(6)"],
  ["timestamp", "timestamptz"],
  ["timestamp(9)", "timestamptz(3)"],
  ["timestamp", "timestamptz(0)"],
  ["datetime2", "timestamp(6)"],
  ["timestamp_ms", "datetime2(3)"],
  ["time(3)", "time"],
  ["time", "timetz"],
  ["bpchar(5)", "char(5)"],
  ["int64", "bigint"],
  ["utinyint", "usmallint"],
  ["utinyint", "smallint"],
  ["int", "varchar(10)"],
  ["varchar(36)", "uuid"],
  ["array<int>", "array<bigint>"],
  ["bigint[]", "int[]"],
  ["numeric", "bignumeric"],
  ["STRUCT<a INT64>", "STRUCT<a INT64, b STRING>"],
  ["struct<a:int,b:int>", "struct<a:int>"],
  ["struct<a:int>", "STRUCT<a BIGINT>"],
  ["struct<a:int,b:int>", "struct<a:bigint>"],
  ["STRUCT<a INT64>", "STRUCT<a INT64, b INT64 NOT NULL>"],
  ["STRUCT<a: INT COMMENT 'id'>", "STRUCT<a: INT COMMENT 'order id'>"],
  ["STRUCT<a INT64>", "STRUCT<a INT64 OPTIONS(description = 'order id')>"],
  ["int[3]", "int[]"],
  ["int[3]", "int[4]"],
];

const LOGICAL_TYPES = ["string", "number", "integer", "boolean", "date", "timestamp", "time", "object", "array"];

/** Quality rule pairs the docs show (the same rule in two versions). */
const QUALITY_EXAMPLES = [
  [{ metric: "nullValues", mustBeLessThan: 1, unit: "percent" }, { metric: "nullValues", mustBeLessThan: 5, unit: "percent" }],
  [{ metric: "rowCount", mustBeGreaterThan: 100 }, { metric: "rowCount", mustBeGreaterThan: 1000 }],
  [{ metric: "duplicateValues", mustBeLessOrEqualTo: 5 }, { metric: "duplicateValues", mustBeLessThan: 5 }],
  [{ metric: "rowCount", mustBeBetween: [100, 500] }, { metric: "rowCount", mustBeBetween: [50, 800] }],
  [{ metric: "duplicateValues", mustBe: 0 }, { metric: "duplicateValues", mustBeLessThan: 10 }],
  [{ metric: "nullValues", mustBe: 0, severity: "error" }, { metric: "nullValues", mustBe: 0, severity: "warning" }],
  [{ metric: "rowCount", mustBeGreaterThan: 100 }, { metric: "rowCount", mustBeLessThan: 100 }],
  [{ metric: "nullValues", mustBeLessThan: 5, unit: "rows" }, { metric: "nullValues", mustBeLessThan: 5, unit: "percent" }],
  [{ metric: "nullValues", mustBe: 0, unit: "rows" }, { metric: "nullValues", mustBe: 0, unit: "percent" }],
  [{ metric: "nullValues", mustBe: 0, unit: "rows" }, { metric: "nullValues", mustBeLessThan: 1, unit: "percent" }],
  [{ metric: "nullValues", mustBe: 0, description: "No missing ids." }, { metric: "nullValues", mustBe: 0, description: "Every order has an id." }],
];

const SLA_PROPERTIES = [
  "latency", "freshness", "frequency", "timeToDetect", "timeToNotify", "timeToRepair", "errorRate",
  "retention", "availability", "throughput", "generalAvailability", "endOfSupport", "endOfLife", "timeOfAvailability",
];

// ---------------------------------------------------------------------------------------------------
// Running the examples through the compat code.

const RELEASE_FOLDER = "released";

const SKELETON = {
  contract: { apiVersion: "v3.1.0", kind: "DataContract", id: "orders", name: "orders", version: "1.4.0", status: "active" },
  product: { apiVersion: "v1.0.0", kind: "DataProduct", id: "orders-product", name: "orders", version: "1.4.0", status: "active" },
};

/**
 * One whole document from a fragment: the skeleton's header fields (the fragment's own value when it
 * has one, else `version` when given), then the fragment's other top-level keys, as the page shows it.
 */
function wholeDocument(doc, fragment, version) {
  const blocks = new Map();
  let current;
  for (const line of fragment.split("\n")) {
    const key = /^([A-Za-z]\w*):/.exec(line)?.[1];
    if (key) blocks.set((current = key), [line]);
    else if (current) blocks.get(current).push(line);
    else throw new Error(`a fragment must start with a top-level key: ${line}`);
  }
  const header = { ...SKELETON[doc], ...(version ? { version } : {}) };
  const lines = Object.entries(header).flatMap(([key, value]) => blocks.get(key) ?? [`${key}: ${value}`]);
  for (const [key, block] of blocks) if (!(key in header)) lines.push(...block);
  return lines.join("\n");
}

/** The files of one side of an example, as they are shown and compared; `version` for the head document. */
function sideFiles(example, side, version) {
  if (example.doc === "files" || example.doc === "release-folder") return example[side];
  return { [example.doc === "contract" ? CONTRACT_FILE : PRODUCT_FILE]: wholeDocument(example.doc, example[side], version) };
}

/** The files of a side in the order `meshkit compat` finds them (sorted by path, as discoverFiles does). */
const discoveryOrder = (files) => Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Every document of a set of files, with each file's read problems and schema violations. In the
 * order the CLI reads them: which of two documents with one id is reported depends on it.
 */
function loadFiles(lib, files, label, problems) {
  const documents = [];
  for (const [file, text] of discoveryOrder(files)) {
    const loaded = lib.loadText(file, text);
    for (const f of loaded.findings) problems.push(`${label} ${file}: ${f.message}`);
    for (const doc of loaded.documents) {
      const validate = doc.kind.type === "DataProduct" ? lib.validateProductSchema : lib.validateContractSchema;
      for (const issue of validate(doc.value)) problems.push(`${label} ${file} is not valid: ${issue.pointer} ${issue.message}`);
      documents.push(doc);
    }
  }
  return documents;
}

/** `release-folder`: `meshkit compat <head files> --base released` in a temp folder, as the CLI runs it. */
async function runReleaseFolder(lib, example, problems) {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-compat-docs-"));
  try {
    mkdirSync(join(dir, RELEASE_FOLDER));
    for (const [file, text] of Object.entries(example.before)) writeFileSync(join(dir, RELEASE_FOLDER, file), `${text}\n`);
    for (const [file, text] of Object.entries(example.after)) writeFileSync(join(dir, file), `${text}\n`);
    loadFiles(lib, example.after, "after", problems);
    const run = await lib.runCompat({ cwd: dir, paths: Object.keys(example.after), base: RELEASE_FOLDER, now: EXAMPLE_NOW });
    return run.findings;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function compareFiles(lib, before, after, problems) {
  const base = { label: "v1.4.0", documents: loadFiles(lib, before, "before", problems) };
  const head = { label: "the working tree", documents: loadFiles(lib, after, "after", problems) };
  return lib.compareSides(base, head, { mode: "forward", config: lib.defaultConfig(ROOT).compat, now: EXAMPLE_NOW });
}

/**
 * Runs one example through the compat code in forward mode: `compareSides` on the two sides, or the
 * whole `runCompat` for a release folder. A fragment example whose head does not set `version` gets
 * the version its changes require, so the page shows a correct release. Returns the files as
 * compared, the findings and changes of the rule id, and every problem: a document that is not
 * valid ODCS / ODPS, or no finding of the rule.
 */
export async function runExample(lib, id, example) {
  const problems = [];
  const before = sideFiles(example, "before");
  let after = sideFiles(example, "after");
  let findings;
  let changes = [];
  if (example.doc === "release-folder") findings = await runReleaseFolder(lib, example, problems);
  else {
    let result = compareFiles(lib, before, after, []);
    const bump = result.contracts[0]?.requiredBump;
    if ((example.doc === "contract" || example.doc === "product") && !/^version:/m.test(example.after) && bump && bump !== "none") {
      after = sideFiles(example, "after", lib.suggestedVersion(SKELETON[example.doc].version, bump));
    }
    result = compareFiles(lib, before, after, problems);
    findings = result.findings;
    changes = result.contracts.flatMap((c) => c.changes).filter((c) => c.kind === id);
  }
  // An example of a schema-invalid document: its schema problems are the point, not a mistake of the page.
  if (example.schemaInvalid) problems.splice(0, problems.length, ...problems.filter((p) => !p.includes(" is not valid: ")));
  const own = findings.filter((f) => f.ruleId === id);
  if (own.length === 0) problems.push(`reports no ${id} (it reports: ${findings.map((f) => f.ruleId).join(", ") || "nothing"})`);
  return { files: { before, after }, findings: own, changes, problems };
}

// ---------------------------------------------------------------------------------------------------
// Rendering.

const code = (text) => `\`${text}\``;
const bold = (bump) => (bump === "major" ? "**major**" : bump);

/** docs/compat.md `kinds`: every change kind with its bump per mode. */
export function renderKindsTable(lib) {
  const lines = [`| change kind | ${TABLE_MODES.join(" | ")} | what changed |`, `|---|${TABLE_MODES.map(() => "---").join("|")}|---|`];
  for (const kind of lib.CHANGE_KINDS) {
    const bumps = TABLE_MODES.map((mode) => bold(lib.requiredBump(kind.id, mode)));
    lines.push(`| [${code(kind.id)}](rules/${kind.id}.md) | ${bumps.join(" | ")} | ${kind.description.replace(/\|/g, "\\|")} |`);
  }
  return lines.join("\n");
}

/** docs/compat.md `logical-types`: for each logical type, the types it widens and narrows to. */
export function renderLogicalTypes(lib) {
  const lines = ["| from | widened to (accepts more values) | narrowed to (accepts fewer) |", "|---|---|---|"];
  for (const from of LOGICAL_TYPES) {
    const to = (relation) => LOGICAL_TYPES.filter((t) => lib.relateLogicalTypes(from, t) === relation).map(code).join(", ") || "—";
    lines.push(`| ${code(from)} | ${to("widened")} | ${to("narrowed")} |`);
  }
  return lines.join("\n");
}

/** docs/compat.md `physical-families`: the families, narrowest first, found by asking the code. */
export function renderPhysicalFamilies(lib) {
  const families = [];
  const placed = new Set();
  for (const name of PHYSICAL_CANDIDATES) {
    if (placed.has(name)) continue;
    const members = PHYSICAL_CANDIDATES.filter((other) => !placed.has(other) && (other === name || lib.relatePhysicalTypes(name, other) !== "changed"));
    if (members.length < 2) continue;
    members.forEach((m) => placed.add(m));
    // Equal-width names share a rank; ranks ordered narrowest first.
    const ranks = [];
    for (const member of members) {
      const rank = ranks.find((r) => lib.relatePhysicalTypes(r[0], member) === "same");
      if (rank) rank.push(member);
      else ranks.push([member]);
    }
    ranks.sort((a, b) => (lib.relatePhysicalTypes(a[0], b[0]) === "widened" ? -1 : 1));
    families.push(ranks.map((r) => r.map(code).join(" = ")).join(" < "));
  }
  const others = PHYSICAL_CANDIDATES.filter((n) => !placed.has(n));
  return [
    "| family (narrowest first; `=` same width) |",
    "|---|",
    ...families.map((f) => `| ${f} |`),
    "",
    `Any other type (${others.map(code).join(", ")}, …) is only the same as itself: a change to or from it is \`physical-type-changed\`. Names are compared case-insensitively.`,
  ].join("\n");
}

/** docs/compat.md `physical-examples`: how the code judges some type changes. */
export function renderPhysicalExamples(lib) {
  const lines = ["| before | after | judged |", "|---|---|---|"];
  for (const [a, b] of PHYSICAL_EXAMPLES) lines.push(`| ${code(a)} | ${code(b)} | ${lib.relatePhysicalTypes(a, b)} |`);
  return lines.join("\n");
}

const flow = (rule) =>
  `{${Object.entries(rule)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(", ")}]` : v}`)
    .join(", ")}}`;

/** docs/compat.md `quality-examples`: quality rule changes and how they are judged. */
export function renderQualityExamples(lib) {
  const name = { relaxed: "quality-rule-relaxed", tightened: "quality-rule-tightened", changed: "quality-rule-changed", description: "description-changed", same: "no change" };
  const lines = ["| before | after | reported as |", "|---|---|---|"];
  for (const [a, b] of QUALITY_EXAMPLES) lines.push(`| ${code(flow(a))} | ${code(flow(b))} | ${code(name[lib.compareQualityRule(a, b)])} |`);
  return lines.join("\n");
}

/** docs/compat.md `sla-directions`: which way each SLA property gets stronger. */
export function renderSlaDirections(lib) {
  const lines = ["| SLA property | a larger value is |", "|---|---|"];
  for (const property of SLA_PROPERTIES) {
    const relation = lib.compareSla({ property, value: 1, unit: "d" }, { property, value: 2, unit: "d" });
    const text = relation === "tightened" ? "stronger (a smaller one relaxes it)" : relation === "relaxed" ? "weaker (a larger one relaxes it)" : "not ordered: any change is `sla-relaxed`";
    lines.push(`| ${code(property)} | ${text} |`);
  }
  return lines.join("\n");
}

/** docs/compat.md `classification`: the order, least sensitive first. */
export function renderClassificationOrder(lib) {
  return `${lib.CLASSIFICATION_ORDER.map(code).join(" < ")} < any other value`;
}

/** Every generated section of docs/compat.md, by marker name. */
export function compatSections(lib) {
  return {
    kinds: renderKindsTable(lib),
    "logical-types": renderLogicalTypes(lib),
    "physical-families": renderPhysicalFamilies(lib),
    "physical-examples": renderPhysicalExamples(lib),
    "quality-examples": renderQualityExamples(lib),
    "sla-directions": renderSlaDirections(lib),
    classification: renderClassificationOrder(lib),
  };
}

/** The compat rules that get a page here (input rules have their own, hand-written). */
export function compatRules(lib) {
  return lib.COMPAT_RULES.filter((r) => r.stage === "compat");
}

function kindSeverity(lib, kind) {
  if (!(kind.breaks.forward || kind.breaks.backward)) return "info";
  // No version verdict carries a removed document's change: it fails the run itself.
  return lib.KINDS_WITHOUT_VERDICT.has(kind.id) ? "error when the mode makes it major (no version can declare it), info otherwise" : "warning when the mode makes it major, info otherwise";
}

/** The README row's severity column. */
function indexSeverity(lib, rule) {
  const kind = lib.CHANGE_KINDS.find((k) => k.id === rule.id);
  if (kind) return kind.breaks.forward || kind.breaks.backward ? `${lib.KINDS_WITHOUT_VERDICT.has(kind.id) ? "error" : "warning"} (major) / info` : "info";
  return rule.id === "version-bump" ? "error / warning / info" : rule.defaultSeverity;
}

function breaksText(kind) {
  const { forward, backward } = kind.breaks;
  if (forward && backward) return "It breaks readers in both directions: consumers still on the old contract reading new data (**forward**), and consumers on the new contract reading data written under the old one (**backward**).";
  if (forward) return "It breaks consumers still on the old contract reading data written under the new one (**forward**); consumers on the new contract can read old data.";
  if (backward) return "It breaks consumers on the new contract reading data written under the old one (**backward**); consumers still on the old contract keep reading new data.";
  return "It breaks no reader in any mode.";
}

function fence(lang, text) {
  return ["```" + lang, text, "```"];
}

/** The example section of a page: both sides as whole files, and what meshkit reports. */
async function exampleLines(lib, id, example) {
  const { files, findings, changes, problems } = await runExample(lib, id, example);
  if (problems.length > 0) throw new Error(`docs example for ${id}: ${problems.join("; ")}`);
  const lines = [];
  const sides = example.doc === "release-folder" ? [[`Released, in folder ${code(RELEASE_FOLDER + "/")}`, "before"], ["Working tree", "after"]] : [["Released (base)", "before"], ["Changed (head)", "after"]];
  for (const [label, side] of sides) {
    const entries = Object.entries(files[side]);
    if (entries.length === 0) lines.push(`${label}: no such file.`, "");
    for (const [file, text] of entries) lines.push(`${label}, ${code(file)}:`, ...fence("yaml", text), "");
  }
  if (example.doc === "release-folder") {
    const command = `$ meshkit compat ${Object.keys(example.after).join(" ")} --base ${RELEASE_FOLDER}`;
    lines.push("`meshkit compat` reports:", ...fence("text", [command, ...findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.ruleId} ${f.message}`)].join("\n")));
  } else {
    lines.push("`meshkit compat --base v1.4.0` reports (forward mode):", ...fence("text", findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.ruleId} ${f.message}`).join("\n")));
  }
  return { lines, change: changes[0] };
}

function ignoreLines(id, example, change) {
  const contract = example.doc === "product" ? "orders-product" : "orders";
  const element = change && !["contract", "product", contract].includes(change.element) ? change.element : undefined;
  return [
    ...fence(
      "yaml",
      [
        "# meshkit.yaml",
        "compat:",
        "  rules:",
        `    ${id}: error   # off | info | warning | error`,
        "  ignore:",
        `    - kind: ${id}`,
        `      contract: ${contract}   # optional: only this contract or product id`,
        ...(element ? [`      path: ${JSON.stringify(element)}   # optional: the element; * within a name, ** across dots`] : []),
        `      reason: ${JSON.stringify(example.reason ?? "announced in the release notes; consumers have moved")}`,
      ].join("\n"),
    ),
    "",
    "A level only changes how the finding is shown: the version must still carry the bump ([`version-bump`](version-bump.md)).",
    "`off`, or an `ignore` entry that matches, drops the change altogether: it no longer counts towards the required bump either.",
  ];
}

/** The generated part of docs/rules/<id>.md (between the markers). */
export async function renderRulePage(lib, rule) {
  const kind = lib.CHANGE_KINDS.find((k) => k.id === rule.id);
  const special = SPECIAL_RULES[rule.id];
  const example = EXAMPLES[rule.id];
  if (!example) throw new Error(`no docs example for ${rule.id}: add one to EXAMPLES in scripts/generate-compat-docs.mjs`);
  if (!kind && !special) throw new Error(`no page text for ${rule.id}: add it to SPECIAL_RULES in scripts/generate-compat-docs.mjs`);
  const lines = [`**Default severity:** ${kind ? kindSeverity(lib, kind) : special.severity} · **Stage:** compat · see [schema-compat](../compat.md)`, "", "## What it detects", ""];
  if (kind) {
    lines.push(kind.description, "", breaksText(kind), "", "## Version bump per mode", "");
    lines.push(`| mode | ${TABLE_MODES.join(" | ")} |`, `|---|${TABLE_MODES.map(() => "---").join("|")}|`, `| required bump | ${TABLE_MODES.map((m) => bold(lib.requiredBump(kind.id, m))).join(" | ")} |`, "");
    lines.push("The `-transitive` modes require what their base mode requires, and also compare with every earlier release of the same major version.", "");
  } else lines.push(...special.detects, "");
  const { lines: exampleText, change } = await exampleLines(lib, rule.id, example);
  lines.push("## Example", "", ...exampleText);
  lines.push("", kind ? "## Configure or ignore" : "## Configure", "");
  lines.push(...(kind ? ignoreLines(rule.id, example, change) : special.config));
  return lines.join("\n");
}

/** The README row of a compat rule. */
export function renderIndexRow(lib, rule) {
  return `| [${code(rule.id)}](${rule.id}.md) | ${indexSeverity(lib, rule)} | compat | ${rule.description.replace(/\|/g, "\\|")} |`;
}

// ---------------------------------------------------------------------------------------------------
// Applying the sections to files.

/** Replaces what is between `<!-- name:start -->` and `<!-- name:end -->`; throws when the markers are missing. */
export function replaceSection(text, name, content) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`markers ${start} … ${end} not found`);
  return `${text.slice(0, i + start.length)}\n${content}\n${text.slice(j)}`;
}

/** What is between the markers, or undefined. */
export function sectionOf(text, name) {
  const start = `<!-- ${name}:start -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(`<!-- ${name}:end -->`);
  return i < 0 || j < i ? undefined : text.slice(i + start.length, j).replace(/^\n/, "").replace(/\n$/, "");
}

/** The new text of every docs file the generator owns, by path relative to the root (only those that change). */
export async function plannedWrites(lib, read) {
  const writes = new Map();
  const compatPath = "docs/compat.md";
  const compat = read(compatPath);
  if (compat === undefined) throw new Error(`${compatPath} is missing: it holds the hand-written text around the generated sections`);
  let updated = compat;
  for (const [name, content] of Object.entries(compatSections(lib))) updated = replaceSection(updated, name, content);
  if (updated !== compat) writes.set(compatPath, updated);

  for (const rule of compatRules(lib)) {
    const path = `docs/rules/${rule.id}.md`;
    const current = read(path);
    const generated = await renderRulePage(lib, rule);
    const next = current === undefined ? `# ${rule.id}\n\n<!-- generated:start -->\n${generated}\n<!-- generated:end -->\n` : sectionOf(current, "generated") === undefined ? current : replaceSection(current, "generated", generated);
    if (next !== current) writes.set(path, next);
  }

  const indexPath = "docs/rules/README.md";
  const index = read(indexPath);
  const listed = new Set([...index.matchAll(/^\| \[`([^`]+)`\]/gm)].map((m) => m[1]));
  const missing = compatRules(lib).filter((r) => !listed.has(r.id));
  if (missing.length > 0) {
    const lines = index.split("\n");
    // The rows go at the end of the first table, after its last row.
    const header = lines.findIndex((l) => l.startsWith("| id |"));
    let last = header;
    while (last + 1 < lines.length && lines[last + 1].startsWith("|")) last++;
    lines.splice(last + 1, 0, ...missing.map((r) => renderIndexRow(lib, r)));
    writes.set(indexPath, lines.join("\n"));
  }
  return writes;
}

/** The compat library as the CLI ships it: one esbuild bundle, imported from a temp folder. */
async function loadLibrary() {
  const { build } = await import("esbuild");
  const dir = mkdtempSync(join(tmpdir(), "meshkit-compat-docs-"));
  try {
    const outfile = join(dir, "compat.mjs");
    await build({
      stdin: {
        contents: [
          'export * from "./packages/compat/src/index.ts";',
          'export { CLASSIFICATION_ORDER, compareQualityRule, compareSla } from "./packages/compat/src/guarantees.ts";',
          'export { defaultConfig, loadText, validateContractSchema, validateProductSchema } from "@meshkit/core";',
        ].join("\n"),
        resolveDir: ROOT,
        loader: "ts",
      },
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile,
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: "warning",
    });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const check = process.argv.includes("--check");
  const lib = await loadLibrary();
  const read = (path) => (existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), "utf8") : undefined);
  const writes = await plannedWrites(lib, read);
  for (const [path, text] of writes) {
    if (check) {
      console.error(`out of date: ${path}`);
      continue;
    }
    const target = join(ROOT, path);
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, target);
    console.log(`wrote ${path}`);
  }
  if (check && writes.size > 0) {
    console.error("run: node scripts/generate-compat-docs.mjs");
    process.exit(1);
  }
  if (writes.size === 0) console.log("compat docs are up to date");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
