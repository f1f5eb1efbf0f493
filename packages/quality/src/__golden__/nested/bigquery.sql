-- shipments.odcs.yaml: contract test-shipments 1.0.0 (bigquery)
-- not checked: shipments.ship to.email.required: nested property `ship to.email` (under an object) is checked on DuckDB only, not on bigquery.
-- not checked: shipments.ship to.email.format: nested property `ship to.email` (under an object) is checked on DuckDB only, not on bigquery.
-- not checked: shipments.ship to.zip.type: nested property `ship to.zip` (under an object) is checked on DuckDB only, not on bigquery.
-- not checked: shipments.ship to.zip.pattern: nested property `ship to.zip` (under an object) is checked on DuckDB only, not on bigquery.
-- not checked: shipments.ship to.country.country_invalid: nested property `ship to.country` (under an object) is checked on DuckDB only, not on bigquery.
-- not checked: shipments.ship to.country.country_missing: nested property `ship to.country` (under an object) is checked on DuckDB only, not on bigquery.
-- not checked: shipments.ship to.geo.lat.minimum: nested property `ship to.geo.lat` (under an object) is checked on DuckDB only, not on bigquery.
-- not checked: shipments.ship to.geo.lat.maximum: nested property `ship to.geo.lat` (under an object) is checked on DuckDB only, not on bigquery.
-- not checked: shipments.parcels[].weight.exclusiveMinimum: nested property `parcels[].weight` (in the items of an array) is checked on DuckDB only, not on bigquery.
-- not checked: shipments.parcels[].label.required: nested property `parcels[].label` (in the items of an array) is checked on DuckDB only, not on bigquery.
-- not checked: shipments.parcels[].label.maxLength: nested property `parcels[].label` (in the items of an array) is checked on DuckDB only, not on bigquery.
-- not checked: shipments.tags[].pattern: nested property `tags[]` (in the items of an array) is checked on DuckDB only, not on bigquery.

-- shipments: one scan for 2 checks
SELECT
  count(*) AS row_count,
  COUNTIF(`tags` IS NOT NULL AND ARRAY_LENGTH(`tags`) < 1) AS m1 -- shipments.tags.minItems
FROM `shipments`;
