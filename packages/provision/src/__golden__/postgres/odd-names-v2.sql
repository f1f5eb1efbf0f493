DROP VIEW "select_safe"."order";

ALTER TABLE "select"."order" RENAME TO "orders";

ALTER TABLE "select"."orders" RENAME COLUMN "clock" TO "clock_local";

ALTER TABLE "select"."orders" DROP COLUMN "score_f32";

ALTER TABLE "select"."orders" ALTER COLUMN "CamelCase" TYPE varchar(10) USING "CamelCase"::varchar(10);

ALTER TABLE "select"."orders" ALTER COLUMN "small_int" TYPE bigint;

ALTER TABLE "select"."orders" ALTER COLUMN "flag" SET NOT NULL;

ALTER TABLE "select"."orders" ADD COLUMN "added_note" text;

COMMENT ON COLUMN "select"."orders"."added_note" IS 'Added in 2.0.0: it''s optional';

ALTER TABLE "select"."orders" DROP CONSTRAINT "order_select_key";

CREATE VIEW "select_safe"."orders" AS SELECT "user", "select", "group", "CamelCase", "small_int", "unsigned_big", "huge", "wide_decimal_int", "ratio", "score", "flag", "day", "at_local", "at_zoned", "clock_local", "clock_zoned", "payload", "raw", "labels", "amounts", "no_logical", pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("email", 'UTF8')), 'hex') AS "email", "added_note" FROM "select"."orders";

ALTER VIEW "select_safe"."orders" OWNER TO "select_owner";

REVOKE ALL ON TABLE "select_safe"."orders" FROM PUBLIC;

DO $meshkit$BEGIN EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', '"select_safe"."orders"', pg_catalog.left(E'{"product":"odd_names","domain":"select","owner":"o''brien@example.com","contract":"golden-odd-names","contractVersion":"2.0.0","object":"orders","description":"It''s the \\"order\\" table.\\nSecond line: a back\\\\slash, $$dollar$$ quoting, */ and -- markers, ünïcödé ✓ 🎉","managedBy":"meshkit","view":"select.orders for readers not approved for sensitive data","masked":["email (sha256)"],"definition":"ac20f107d25e9ba2"}', -1) || ',"viewDigest":"' || pg_catalog.md5(pg_catalog.pg_get_viewdef('"select_safe"."orders"'::pg_catalog.regclass)) || '"}'); END$meshkit$;

COMMENT ON COLUMN "select_safe"."orders"."user" IS 'who''s "user"
next line	tab';

COMMENT ON COLUMN "select_safe"."orders"."email" IS 'Primary e-mail (the customer''s own). Masked (restricted): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read select.orders.';

COMMENT ON COLUMN "select_safe"."orders"."added_note" IS 'Added in 2.0.0: it''s optional';

COMMENT ON COLUMN "select"."orders"."email" IS 'Primary e-mail (the customer''s own). Sensitive (restricted): readable in clear only by roles approved for it; masked in select_safe.orders.';

COMMENT ON TABLE "select"."orders" IS E'{"product":"odd_names","domain":"select","owner":"o''brien@example.com","contract":"golden-odd-names","contractVersion":"2.0.0","object":"orders","description":"It''s the \\"order\\" table.\\nSecond line: a back\\\\slash, $$dollar$$ quoting, */ and -- markers, ünïcödé ✓ 🎉","managedBy":"meshkit"}';

GRANT SELECT ON TABLE "select_safe"."orders" TO "user";
