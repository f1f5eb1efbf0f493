CREATE SCHEMA "select";

CREATE TABLE "select"."order" ("user" VARCHAR NOT NULL, "select" BIGINT, "group" DECIMAL(38,10), "CamelCase" VARCHAR, "small_int" INTEGER, "unsigned_big" UBIGINT, "huge" HUGEINT, "wide_decimal_int" DECIMAL(38,0), "ratio" DECIMAL(5,5), "score" DOUBLE, "score_f32" FLOAT, "flag" BOOLEAN, "day" DATE, "at_local" TIMESTAMP, "at_zoned" TIMESTAMPTZ, "clock" TIME, "clock_zoned" TIMETZ, "payload" JSON, "raw" BLOB, "labels" VARCHAR[], "amounts" DECIMAL(10,2)[], "no_logical" TIMESTAMPTZ, "email" VARCHAR);

COMMENT ON TABLE "select"."order" IS '{"product":"odd_names","domain":"select","owner":"o''brien@example.com","contract":"golden-odd-names","contractVersion":"1.2.3","object":"order","description":"It''s the \"order\" table.\nSecond line: a back\\slash, $$dollar$$ quoting, */ and -- markers, ünïcödé ✓ 🎉","managedBy":"meshkit"}';

COMMENT ON COLUMN "select"."order"."user" IS 'who''s "user"
next line	tab [primary key]';

COMMENT ON COLUMN "select"."order"."select" IS '[unique]';

COMMENT ON COLUMN "select"."order"."email" IS 'Primary e-mail; ''hashed'' for readers not approved [classification: restricted]';
