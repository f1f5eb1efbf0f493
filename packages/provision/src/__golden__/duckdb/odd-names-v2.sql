ALTER TABLE "select"."order" RENAME TO "orders";

ALTER TABLE "select"."orders" RENAME COLUMN "clock" TO "clock_local";

ALTER TABLE "select"."orders" ADD COLUMN "added_note" VARCHAR;

COMMENT ON COLUMN "select"."orders"."added_note" IS 'Added in 2.0.0: it''s optional';

ALTER TABLE "select"."orders" ALTER COLUMN "small_int" SET DATA TYPE BIGINT;

ALTER TABLE "select"."orders" ALTER COLUMN "flag" SET NOT NULL;

COMMENT ON TABLE "select"."orders" IS '{"product":"odd_names","domain":"select","owner":"o''brien@example.com","contract":"golden-odd-names","contractVersion":"2.0.0","object":"orders","description":"It''s the \"order\" table.\nSecond line: a back\\slash, $$dollar$$ quoting, */ and -- markers, ünïcödé ✓ 🎉","managedBy":"meshkit"}';

COMMENT ON COLUMN "select"."orders"."select" IS NULL;

COMMENT ON COLUMN "select"."orders"."email" IS 'Primary e-mail (the customer''s own) [classification: restricted]';

ALTER TABLE "select"."orders" DROP COLUMN "score_f32";
