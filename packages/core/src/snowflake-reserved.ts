/**
 * Snowflake's reserved words (docs.snowflake.com/sql-reference/reserved-keywords), upper case: an
 * identifier spelled as one must be double-quoted wherever Snowflake reads it as SQL. Shared by the
 * quality dialect (queries) and provision (clustering keys, which the Terraform provider writes as raw
 * SQL), so both quote the same names.
 */
export const SNOWFLAKE_RESERVED_WORDS: ReadonlySet<string> = new Set(
  // ASOF and MATCH_CONDITION are keywords since the 2024_01 bundle (ASOF JOIN): `FROM asof` is an error there.
  // OUTER is not in the page's table, but its text names it: "prohibits the use of keywords such as LEFT,
  // OUTER, JOIN, etc. as table names or aliases in the FROM list" (`FROM outer`).
  ("ACCOUNT ALL ALTER AND ANY AS ASOF BETWEEN BY CASE CAST CHECK COLUMN CONNECT CONNECTION CONSTRAINT CREATE CROSS CURRENT " +
    "CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DATABASE DELETE DISTINCT DROP ELSE EXISTS FALSE FOLLOWING FOR " +
    "FROM FULL GRANT GROUP GSCLUSTER HAVING ILIKE IN INCREMENT INNER INSERT INTERSECT INTO IS ISSUE JOIN LATERAL LEFT LIKE " +
    "LOCALTIME LOCALTIMESTAMP MATCH_CONDITION MINUS NATURAL NOT NULL OF ON OR ORDER ORGANIZATION OUTER QUALIFY REGEXP REVOKE RIGHT RLIKE ROW ROWS " +
    "SAMPLE SCHEMA SELECT SET SOME START TABLE TABLESAMPLE THEN TO TRIGGER TRUE TRY_CAST UNION UNIQUE UPDATE USING VALUES " +
    "VIEW WHEN WHENEVER WHERE WITH").split(" "),
);
