-- shipments.odcs.yaml: contract test-shipments 1.0.0 (duckdb)

-- shipments: one scan for 14 checks
SELECT
  count(*) AS row_count,
  count(CASE WHEN ("ship to" IS NOT NULL AND (("ship to")."email" IS NULL)) THEN 1 END) AS m1, -- shipments.ship to.email.required
  count(CASE WHEN ("ship to" IS NOT NULL AND (("ship to")."email" IS NOT NULL AND NOT regexp_matches(("ship to")."email", '^[^@ ]+@[^@ ]+[.][^@ ]+$'))) THEN 1 END) AS m2, -- shipments.ship to.email.format
  count(CASE WHEN ("ship to" IS NOT NULL AND (length(trim(TRAILING ' ' FROM ("ship to")."zip")) > 5)) THEN 1 END) AS m3, -- shipments.ship to.zip.type
  count(CASE WHEN ("ship to" IS NOT NULL AND (("ship to")."zip" IS NOT NULL AND NOT regexp_matches(("ship to")."zip", '^[0-9]+$'))) THEN 1 END) AS m4, -- shipments.ship to.zip.pattern
  count(CASE WHEN ("ship to" IS NOT NULL AND (("ship to")."country" IS NOT NULL AND ("ship to")."country" NOT IN ('PT', 'ES'))) THEN 1 END) AS m5, -- shipments.ship to.country.country_invalid
  count(CASE WHEN ("ship to" IS NOT NULL AND (("ship to")."country" IS NULL OR ("ship to")."country" IN ('', 'n/a'))) THEN 1 END) AS m6, -- shipments.ship to.country.country_missing
  count(CASE WHEN (("ship to")."geo" IS NOT NULL AND (((("ship to")."geo")."lat" < -90 OR (("ship to")."geo")."lat" = CAST('NaN' AS DOUBLE)))) THEN 1 END) AS m7, -- shipments.ship to.geo.lat.minimum
  count(CASE WHEN (("ship to")."geo" IS NOT NULL AND ((("ship to")."geo")."lat" > 90)) THEN 1 END) AS m8, -- shipments.ship to.geo.lat.maximum
  count(CASE WHEN (len(list_filter("parcels", lambda meshkit_item_1: meshkit_item_1 IS NOT NULL AND (((meshkit_item_1)."weight" <= 0 OR (meshkit_item_1)."weight" = CAST('NaN' AS DOUBLE))))) > 0) THEN 1 END) AS m9, -- shipments.parcels[].weight.exclusiveMinimum
  count(CASE WHEN (len(list_filter("parcels", lambda meshkit_item_1: meshkit_item_1 IS NOT NULL AND ((meshkit_item_1)."label" IS NULL))) > 0) THEN 1 END) AS m10, -- shipments.parcels[].label.required
  count(CASE WHEN (len(list_filter("parcels", lambda meshkit_item_1: meshkit_item_1 IS NOT NULL AND (length((meshkit_item_1)."label") > 4))) > 0) THEN 1 END) AS m11, -- shipments.parcels[].label.maxLength
  count(CASE WHEN "tags" IS NOT NULL AND len("tags") < 1 THEN 1 END) AS m12, -- shipments.tags.minItems
  count(CASE WHEN (len(list_filter("tags", lambda meshkit_item_1: meshkit_item_1 IS NOT NULL AND NOT regexp_matches(meshkit_item_1, '^[a-z]+$'))) > 0) THEN 1 END) AS m13 -- shipments.tags[].pattern
FROM "shipments";
