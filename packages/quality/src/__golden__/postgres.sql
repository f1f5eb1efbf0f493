-- a timestamptz column meets the timestamp bounds in the session's TimeZone: run SET TIME ZONE 'UTC' first
-- orders: one scan for 53 checks
SELECT
  count(*) AS row_count,
  count(*) FILTER (WHERE "order_id" IS NULL) AS m1, -- orders.order_id.required, orders.order_id.primaryKey
  count(*) FILTER (WHERE "status" IS NOT NULL AND "status" NOT IN ('placed', 'shipped', 'refunded', 'cancelled', 'it''s', E'C:\\temp\\new', 'two
lines', 'naïve')) AS m2, -- orders.status.status_invalid
  count(*) FILTER (WHERE "status" IS NOT NULL AND NOT ("status" ~ '^[0-9A-Za-z_]+$')) AS m3, -- orders.status.status_pattern
  count(*) FILTER (WHERE ("status" IS NOT NULL AND "status" NOT IN ('placed', 'shipped')) OR ("status" IS NOT NULL AND NOT ("status" ~ '^[a-z]+$'))) AS m4, -- orders.status.status_list_and_pattern
  count(*) FILTER (WHERE "status" IS NULL) AS m5, -- orders.status.status_has_nulls
  count(*) FILTER (WHERE "email" IS NOT NULL AND NOT ("email" ~ '^[^@ ]+@[^@ ]+[.][^@ ]+$')) AS m6, -- orders.email.format
  count(*) FILTER (WHERE "email" IS NULL) AS m7, -- orders.email.email_nulls, orders.email.email_nulls_percent, orders.email.email_nulls_percent_strict
  count(*) FILTER (WHERE "email" IS NULL OR "email" IN ('')) AS m8, -- orders.email.email_missing_default
  count(*) FILTER (WHERE "email" IS NULL OR "email" IN ('', 'N/A')) AS m9, -- orders.email.email_missing_listed
  count(*) FILTER (WHERE ("email" = 'N/A')) AS m10, -- orders.email.email_na_count
  count(*) FILTER (WHERE ("amount" < 0 OR "amount" = CAST('NaN' AS double precision))) AS m11, -- orders.amount.minimum
  count(*) FILTER (WHERE "amount" > 900) AS m12, -- orders.amount.maximum
  count(*) FILTER (WHERE "amount" IS NOT NULL AND (CASE WHEN "amount" > -1e29 AND "amount" < 1e29 THEN mod(round(CAST(CAST("amount" AS text) AS numeric), 9), round(CAST(0.1 AS numeric), 9)) ELSE 1 END) <> 0) AS m13, -- orders.amount.multipleOf
  count(*) FILTER (WHERE ("amount" <= 0 OR "amount" = CAST('NaN' AS double precision))) AS m14, -- orders.amount_exclusive.exclusiveMinimum
  count(*) FILTER (WHERE "amount" >= 900) AS m15, -- orders.amount_exclusive.exclusiveMaximum
  count(*) FILTER (WHERE "quantity" IS NOT NULL AND mod("quantity", 3) <> 0) AS m16, -- orders.quantity.multipleOf
  count(*) FILTER (WHERE "quantity" IS NOT NULL AND "quantity" NOT IN (0, 1, 2, 3, 4, 5)) AS m17, -- orders.quantity.quantity_invalid
  count(*) FILTER (WHERE char_length("code") < 4) AS m18, -- orders.code.minLength
  count(*) FILTER (WHERE char_length("code") > 6) AS m19, -- orders.code.maxLength
  count(*) FILTER (WHERE "code" IS NOT NULL AND NOT ("code" ~ '^AB-[0-9]{3}$')) AS m20, -- orders.code.pattern
  count(*) FILTER (WHERE "created_at" < CAST('2024-01-02 00:00:00' AS TIMESTAMP)) AS m21, -- orders.created_at.minimum
  count(*) FILTER (WHERE "shipped_on" IS NULL) AS m22, -- orders.shipped_on.required
  count(*) FILTER (WHERE "shipped_on" > CAST('2024-03-01' AS DATE)) AS m23, -- orders.shipped_on.maximum
  count(*) FILTER (WHERE char_length(trim(TRAILING ' ' FROM "ship region")) > 5) AS m24, -- orders.ship region.type
  count(*) FILTER (WHERE "ship region" IS NOT NULL AND "ship region" NOT IN ('north')) AS m25, -- orders.ship region.region_invalid
  count(*) FILTER (WHERE "select" IS NULL) AS m26, -- orders.select.required
  count(*) FILTER (WHERE "it's ""quoted""" IS NULL) AS m27, -- orders.it's "quoted".required
  count(*) FILTER (WHERE (amount < 0)) AS m28, -- orders.negative_amounts
  EXTRACT(EPOCH FROM max("created_at")) AS m29, -- orders.created_at.latency, orders.created_at.latency-2, orders.created_at.freshness
  EXTRACT(EPOCH FROM min("created_at")) AS m30 -- orders.created_at.retention, orders.created_at.retention-2
FROM "orders";

-- orders.order_id.unique, orders.order_id.primaryKey: duplicates of (order_id) in orders and the 5 most repeated keys; no row: none
SELECT key_1, key_rows, count(*) OVER () AS duplicated_values, sum(key_rows) OVER () - count(*) OVER () AS duplicate_rows
FROM (
  SELECT "order_id" AS key_1, count(*) AS key_rows FROM "orders"
  WHERE "order_id" IS NOT NULL
  GROUP BY "order_id"
  HAVING count(*) > 1
) AS duplicates
ORDER BY key_rows DESC, key_1
LIMIT 5;

-- orders.email.email_duplicates, orders.email.email_duplicates_percent: duplicates of (email) in orders and the 5 most repeated keys; no row: none
SELECT CASE WHEN key_1 IS NULL THEN NULL ELSE '***' END, key_rows, count(*) OVER () AS duplicated_values, sum(key_rows) OVER () - count(*) OVER () AS duplicate_rows
FROM (
  SELECT "email" AS key_1, count(*) AS key_rows FROM "orders"
  WHERE "email" IS NOT NULL
  GROUP BY "email"
  HAVING count(*) > 1
) AS duplicates
ORDER BY key_rows DESC, key_1
LIMIT 5;

-- orders.select.unique: duplicates of (select) in orders and the 5 most repeated keys; no row: none
SELECT key_1, key_rows, count(*) OVER () AS duplicated_values, sum(key_rows) OVER () - count(*) OVER () AS duplicate_rows
FROM (
  SELECT "select" AS key_1, count(*) AS key_rows FROM "orders"
  WHERE "select" IS NOT NULL
  GROUP BY "select"
  HAVING count(*) > 1
) AS duplicates
ORDER BY key_rows DESC, key_1
LIMIT 5;

-- orders.ids_positive
-- a comment; with a semicolon
WITH ids AS (SELECT order_id FROM "orders")
SELECT bool_and(order_id > 0) FROM ids;

-- orders.lines_of_orders
SELECT count(*) FROM orders o JOIN order_lines l ON o.order_id = l.order_id;

-- orders.many_rows
SELECT order_id FROM "orders";

-- orders.two_columns
SELECT 1, 2;

-- orders.null_value
SELECT max(amount) FROM "orders" WHERE false;

-- orders.syntax_error
SELECT count(* FROM "orders";

-- order_lines: one scan for 2 checks
SELECT
  count(*) AS row_count,
  count(*) FILTER (WHERE "order_id" IS NULL OR "line_no" IS NULL) AS m1 -- order_lines.primaryKey
FROM "order_lines";

-- order_lines.primaryKey: duplicates of (order_id, line_no) in order_lines and the 5 most repeated keys; no row: none
SELECT key_1, key_2, key_rows, count(*) OVER () AS duplicated_values, sum(key_rows) OVER () - count(*) OVER () AS duplicate_rows
FROM (
  SELECT "order_id" AS key_1, "line_no" AS key_2, count(*) AS key_rows FROM "order_lines"
  WHERE "order_id" IS NOT NULL AND "line_no" IS NOT NULL
  GROUP BY "order_id", "line_no"
  HAVING count(*) > 1
) AS duplicates
ORDER BY key_rows DESC, key_1, key_2
LIMIT 5;

-- order_lines.lines_key_duplicates: duplicates of (order_id, line_no) in order_lines and the 5 most repeated keys; no row: none
SELECT key_1, key_2, key_rows, count(*) OVER () AS duplicated_values, sum(key_rows) OVER () - count(*) OVER () AS duplicate_rows
FROM (
  SELECT "order_id" AS key_1, "line_no" AS key_2, count(*) AS key_rows FROM "order_lines"
  WHERE NOT ("order_id" IS NULL AND "line_no" IS NULL)
  GROUP BY "order_id", "line_no"
  HAVING count(*) > 1
) AS duplicates
ORDER BY key_rows DESC, key_1, key_2
LIMIT 5;

-- order_lines.whole_row_duplicates: duplicates of (order_id, line_no, sku) in order_lines and the 5 most repeated keys; no row: none
SELECT key_1, key_2, key_3, key_rows, count(*) OVER () AS duplicated_values, sum(key_rows) OVER () - count(*) OVER () AS duplicate_rows
FROM (
  SELECT "order_id" AS key_1, "line_no" AS key_2, "sku" AS key_3, count(*) AS key_rows FROM "order_lines"
  WHERE NOT ("order_id" IS NULL AND "line_no" IS NULL AND "sku" IS NULL)
  GROUP BY "order_id", "line_no", "sku"
  HAVING count(*) > 1
) AS duplicates
ORDER BY key_rows DESC, key_1, key_2, key_3
LIMIT 5;
