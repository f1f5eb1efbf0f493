CREATE ROLE "Approved_Readers" NOLOGIN;

COMMENT ON ROLE "Approved_Readers" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "loader" NOLOGIN;

COMMENT ON ROLE "loader" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "select_owner" NOLOGIN;

COMMENT ON ROLE "select_owner" IS 'managed by meshkit: owner of the schemas, tables and views of domain select';

CREATE ROLE "user" NOLOGIN;

COMMENT ON ROLE "user" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE SCHEMA "select" AUTHORIZATION "select_owner";

REVOKE ALL ON SCHEMA "select" FROM PUBLIC;

COMMENT ON SCHEMA "select" IS '{"domain":"select","holds":"the tables of the domain''s data products; roles approved for sensitive data read them here, every other reader reads select_safe","managedBy":"meshkit"}';

CREATE SCHEMA "select_safe" AUTHORIZATION "select_owner";

REVOKE ALL ON SCHEMA "select_safe" FROM PUBLIC;

COMMENT ON SCHEMA "select_safe" IS '{"domain":"select","holds":"one view per table of select, sensitive columns masked, for readers not approved for sensitive data","managedBy":"meshkit"}';

CREATE TABLE "select"."order" ("user" text NOT NULL, "select" bigint, "group" numeric(38,10), "CamelCase" varchar(20), "small_int" integer, "unsigned_big" numeric(20,0), "huge" numeric(39,0), "wide_decimal_int" numeric(38,0), "ratio" numeric(5,5), "score" double precision, "score_f32" real, "flag" boolean, "day" date, "at_local" timestamp, "at_zoned" timestamptz, "clock" time, "clock_zoned" timetz, "payload" jsonb, "raw" bytea, "labels" varchar(5)[], "amounts" numeric(10,2)[], "no_logical" timestamptz, "email" text, PRIMARY KEY ("user"), CONSTRAINT "order_select_key" UNIQUE ("select"));

COMMENT ON CONSTRAINT "order_select_key" ON "select"."order" IS 'managed by meshkit: unique in the data contract';

ALTER TABLE "select"."order" OWNER TO "select_owner";

REVOKE ALL ON TABLE "select"."order" FROM PUBLIC;

COMMENT ON TABLE "select"."order" IS E'{"product":"odd_names","domain":"select","owner":"o''brien@example.com","contract":"golden-odd-names","contractVersion":"1.2.3","object":"order","description":"It''s the \\"order\\" table.\\nSecond line: a back\\\\slash, $$dollar$$ quoting, */ and -- markers, ünïcödé ✓ 🎉","managedBy":"meshkit"}';

COMMENT ON COLUMN "select"."order"."user" IS 'who''s "user"
next line	tab';

COMMENT ON COLUMN "select"."order"."email" IS 'Primary e-mail; ''hashed'' for readers not approved. Sensitive (restricted): readable in clear only by roles approved for it; masked in select_safe.order.';

CREATE VIEW "select_safe"."order" AS SELECT "user", "select", "group", "CamelCase", "small_int", "unsigned_big", "huge", "wide_decimal_int", "ratio", "score", "score_f32", "flag", "day", "at_local", "at_zoned", "clock", "clock_zoned", "payload", "raw", "labels", "amounts", "no_logical", pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("email", 'UTF8')), 'hex') AS "email" FROM "select"."order";

ALTER VIEW "select_safe"."order" OWNER TO "select_owner";

REVOKE ALL ON TABLE "select_safe"."order" FROM PUBLIC;

DO $meshkit$BEGIN EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', '"select_safe"."order"', pg_catalog.left(E'{"product":"odd_names","domain":"select","owner":"o''brien@example.com","contract":"golden-odd-names","contractVersion":"1.2.3","object":"order","description":"It''s the \\"order\\" table.\\nSecond line: a back\\\\slash, $$dollar$$ quoting, */ and -- markers, ünïcödé ✓ 🎉","managedBy":"meshkit","view":"select.order for readers not approved for sensitive data","masked":["email (sha256)"],"definition":"d7645647b6fc54ae"}', -1) || ',"viewDigest":"' || pg_catalog.md5(pg_catalog.pg_get_viewdef('"select_safe"."order"'::pg_catalog.regclass)) || '"}'); END$meshkit$;

COMMENT ON COLUMN "select_safe"."order"."user" IS 'who''s "user"
next line	tab';

COMMENT ON COLUMN "select_safe"."order"."email" IS 'Primary e-mail; ''hashed'' for readers not approved. Masked (restricted): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read select.order.';

GRANT SELECT ON TABLE "select"."order" TO "Approved_Readers";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "select"."order" TO "loader";

GRANT SELECT ON TABLE "select_safe"."order" TO "user";

GRANT USAGE ON SCHEMA "select" TO "Approved_Readers";

GRANT USAGE ON SCHEMA "select" TO "loader";

GRANT USAGE ON SCHEMA "select_safe" TO "user";
