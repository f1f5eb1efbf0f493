import { DuckDBInstance } from "@duckdb/node-api";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UsageError } from "@meshkit/core";
import { DIALECT_NAMES, type DialectName, getDialect } from "./dialects.js";

const NAMES = ["orders", "ship region", 'it\'s "quoted"', "select", "back`tick", "back\\slash", "Mixed_Case"];

describe("identifier quoting", () => {
  it.each([
    ["duckdb", ['"orders"', '"ship region"', '"it\'s ""quoted"""', '"select"', '"back`tick"', '"back\\slash"', '"Mixed_Case"']],
    ["postgres", ['"orders"', '"ship region"', '"it\'s ""quoted"""', '"select"', '"back`tick"', '"back\\slash"', '"Mixed_Case"']],
    ["trino", ['"orders"', '"ship region"', '"it\'s ""quoted"""', '"select"', '"back`tick"', '"back\\slash"', '"Mixed_Case"']],
    // Plain names stay bare so Snowflake folds them to upper case like the tables they name; a reserved
    // word is quoted as it folds, the name provision --target snowflake gives it.
    ["snowflake", ["orders", '"ship region"', '"it\'s ""quoted"""', '"SELECT"', '"back`tick"', '"back\\slash"', "Mixed_Case"]],
    ["bigquery", ["`orders`", "`ship region`", "`it's \"quoted\"`", "`select`", "`back\\`tick`", "`back\\\\slash`", "`Mixed_Case`"]],
    ["spark", ["`orders`", "`ship region`", "`it's \"quoted\"`", "`select`", "`back``tick`", "`back\\slash`", "`Mixed_Case`"]],
  ])("%s", (name, expected) => {
    expect(NAMES.map((n) => getDialect(name).quoteIdentifier(n))).toEqual(expected);
  });
});

describe("snowflake identifiers", () => {
  it("quotes a reserved word as Snowflake folds it, the name provision --target snowflake creates (ORDER, not order)", () => {
    const quote = getDialect("snowflake").quoteIdentifier;
    expect(["order", "Select", "ORDER", "orders"].map(quote)).toEqual(['"ORDER"', '"SELECT"', '"ORDER"', "orders"]);
  });

  it("quotes ASOF and MATCH_CONDITION, keywords since the 2024_01 bundle (ASOF JOIN)", () => {
    const quote = getDialect("snowflake").quoteIdentifier;
    expect(["asof", "match_condition", "asof_date"].map(quote)).toEqual(['"ASOF"', '"MATCH_CONDITION"', "asof_date"]);
  });

  it("quotes OUTER, which Snowflake refuses as a table name in FROM as it does LEFT and JOIN", () => {
    const quote = getDialect("snowflake").quoteIdentifier;
    expect(["outer", "left", "outer_zone"].map(quote)).toEqual(['"OUTER"', '"LEFT"', "outer_zone"]);
  });

  it("leaves a name with `$` bare, as Snowflake reads it unquoted (folded: `amount$usd` is the column AMOUNT$USD); not at the start", () => {
    const quote = getDialect("snowflake").quoteIdentifier;
    expect(["amount$usd", "AMOUNT$USD", "_x$", "$x", "1$"].map(quote)).toEqual(["amount$usd", "AMOUNT$USD", "_x$", '"$x"', '"1$"']);
  });
});

describe("string literals", () => {
  const VALUES = ["plain", "it's", "C:\\temp", "two\nlines", "tab\there"];
  it.each([
    ["duckdb", ["'plain'", "'it''s'", "'C:\\temp'", "'two\nlines'", "'tab\there'"]],
    ["trino", ["'plain'", "'it''s'", "'C:\\temp'", "'two\nlines'", "'tab\there'"]],
    // E'' reads backslashes the same whatever standard_conforming_strings says.
    ["postgres", ["'plain'", "'it''s'", "E'C:\\\\temp'", "'two\nlines'", "'tab\there'"]],
    ["snowflake", ["'plain'", "'it\\'s'", "'C:\\\\temp'", "'two\\nlines'", "'tab\\there'"]],
    ["bigquery", ["'plain'", "'it\\'s'", "'C:\\\\temp'", "'two\\nlines'", "'tab\\there'"]],
    ["spark", ["'plain'", "'it\\'s'", "'C:\\\\temp'", "'two\\nlines'", "'tab\\there'"]],
  ])("%s", (name, expected) => {
    expect(VALUES.map((v) => getDialect(name).stringLiteral(v))).toEqual(expected);
  });

  // Printed raw, a NUL ends the statement for PostgreSQL's wire protocol and an ESC drives the terminal --emit-sql prints to.
  it.each([
    ["duckdb", "('b' || chr(0) || 'c')", "('^a' || chr(27) || '\\[0m')"],
    ["trino", "('b' || chr(0) || 'c')", "('^a' || chr(27) || '\\[0m')"],
    ["postgres", "('b' || chr(0) || 'c')", "('^a' || chr(27) || E'\\\\[0m')"],
  ])("%s writes a control character as chr(), never raw", (name, nul, escape) => {
    const literal = getDialect(name).stringLiteral;
    expect(literal("b\u0000c")).toBe(nul);
    expect(literal("^a\u001b\\[0m")).toBe(escape);
    expect(literal("\u0007")).toBe("(chr(7))");
  });

  it("DuckDB reads back any string and any name exactly as given", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const duckdb = getDialect("duckdb");
    try {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 40 }), async (value) => {
          // (a name holds no NUL: DuckDB cuts it there)
          const name = value.replaceAll("\u0000", "") || "x";
          const reader = await connection.runAndReadAll(`SELECT ${duckdb.stringLiteral(value)} AS ${duckdb.quoteIdentifier(name)}`);
          expect(reader.getRowsJS()[0]![0]).toBe(value);
          expect(reader.columnNames()[0]).toBe(name);
        }),
        { numRuns: 200, seed: 20240601 },
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe("DuckDB's text of a float, as PostgreSQL prints it", () => {
  // What PostgreSQL 15 prints (`format('%s', v)`, extra_float_digits 1) for each value, double precision then real.
  const DOUBLES: [string, string][] = [
    ["1.0", "1"], ["100.0", "100"], ["0.1", "0.1"], ["2.5", "2.5"], ["-0.0", "-0"], ["1e14", "100000000000000"],
    ["999999999999999", "999999999999999"], ["1e15", "1e+15"], ["-1000000000000000.5", "-1.0000000000000005e+15"],
    ["1234567890123456", "1.234567890123456e+15"], ["1e16", "1e+16"], ["1e22", "1e+22"], ["0.0001", "0.0001"],
    ["0.000123", "0.000123"], ["1e-5", "1e-05"], ["1.25e-5", "1.25e-05"], ["5e-324", "5e-324"],
    ["1.7976931348623157e308", "1.7976931348623157e+308"], ["0.30000000000000004", "0.30000000000000004"],
    ["NaN", "NaN"], ["Infinity", "Infinity"], ["-Infinity", "-Infinity"],
  ];
  const REALS: [string, string][] = [
    ["1.0", "1"], ["0.1", "0.1"], ["123456", "123456"], ["999999", "999999"], ["1000000", "1e+06"], ["1234567", "1.234567e+06"],
    ["16777216", "1.6777216e+07"], ["-1234567.5", "-1.2345675e+06"], ["3.4e38", "3.4e+38"], ["1e-5", "1e-05"], ["NaN", "NaN"],
  ];

  it.each([
    ["DOUBLE", false, DOUBLES],
    ["FLOAT", true, REALS],
  ] as const)("%s", async (type, single, cases) => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      const text = getDialect("duckdb").floatToText!("v", single);
      const reader = await connection.runAndReadAll(`SELECT ${text} FROM (VALUES ${cases.map(([v], i) => `(${i}, CAST('${v}' AS ${type}))`).join(", ")}) AS t(i, v) ORDER BY i`);
      expect(reader.getRowsJS().map((row) => row[0])).toEqual(cases.map(([, printed]) => printed));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe("dialect functions", () => {
  it.each(DIALECT_NAMES.map((d) => [d]))("%s compiles every building block", (name) => {
    const d = getDialect(name);
    expect([d.countWhere("c"), d.regexContains("t", "p"), d.charLength("t"), d.itemCount("a"), d.castToText("x"), d.epochSeconds("x")].every((s) => s.length > 0)).toBe(true);
  });

  it("uses each engine's own functions", () => {
    expect(getDialect("duckdb").regexContains("x", "'p'")).toBe("regexp_matches(x, 'p')");
    expect(getDialect("postgres").regexContains("x", "'p'")).toBe("(x ~ 'p')");
    expect(getDialect("snowflake").regexContains("x", "'p'")).toBe("(REGEXP_INSTR(x, 'p') > 0)");
    expect(getDialect("bigquery").regexContains("x", "'p'")).toBe("REGEXP_CONTAINS(x, 'p')");
    expect(getDialect("trino").regexContains("x", "'p'")).toBe("regexp_like(x, 'p')");
    expect(getDialect("spark").regexContains("x", "'p'")).toBe("(x RLIKE 'p')");
    expect(getDialect("bigquery").countWhere("c")).toBe("COUNTIF(c)");
    expect(getDialect("snowflake").countWhere("c")).toBe("COUNT_IF(c)");
    expect(getDialect("postgres").countWhere("c")).toBe("count(*) FILTER (WHERE c)");
  });

  it("counts an array's items with each engine's function", () => {
    expect(DIALECT_NAMES.map((d) => getDialect(d).itemCount("a"))).toEqual(["len(a)", "coalesce(array_length(a, 1), 0)", "ARRAY_SIZE(a)", "ARRAY_LENGTH(a)", "cardinality(a)", "size(a)"]);
  });

  it("only the runners' dialects bind parameters", () => {
    expect(DIALECT_NAMES.filter((d) => getDialect(d).parameterPlaceholder)).toEqual(["duckdb", "postgres"]);
  });

  it("an unknown dialect is a usage error naming the choices", () => {
    expect(() => getDialect("oracle")).toThrow(UsageError);
    expect(() => getDialect("oracle")).toThrow("unknown SQL dialect `oracle`: use one of duckdb, postgres, snowflake, bigquery, trino, spark");
  });
});

describe("what the engines that only get emitted SQL read differently", () => {
  it("BigQuery compares DATETIME and TIMESTAMP columns with an untyped literal: neither coerces to the other", () => {
    expect(getDialect("bigquery").typedLiteral("'2024-03-01'", "date")).toBe("'2024-03-01'");
    expect(getDialect("bigquery").typedLiteral("'2024-01-02 00:00:00'", "timestamp")).toBe("'2024-01-02 00:00:00'");
    expect(getDialect("snowflake").typedLiteral("'2024-03-01'", "date")).toBe("CAST('2024-03-01' AS DATE)");
    expect(getDialect("duckdb").typedLiteral("$1", "timestamp")).toBe("CAST($1 AS TIMESTAMP)");
  });

  it("BigQuery quoted names take the escapes of its strings", () => {
    expect(getDialect("bigquery").quoteIdentifier("two\nlines")).toBe("`two\\nlines`");
  });

  it("Trino reads a timestamp without time zone as UTC, whatever the session's time zone", () => {
    expect(getDialect("trino").epochSeconds("x")).toBe("to_unixtime(with_timezone(CAST(x AS TIMESTAMP(6)), 'UTC'))");
  });

  // An SLA age is counted in microseconds (DuckDB's and PostgreSQL's): Snowflake's EPOCH_SECOND dropped the
  // fraction (an age up to 1 s longer, failing a `ms` SLA it meets), Trino's bare TIMESTAMP is timestamp(3).
  it("reads the epoch seconds of an SLA's newest or oldest value to the microsecond on every dialect", () => {
    expect(Object.fromEntries(DIALECT_NAMES.map((d) => [d, getDialect(d).epochSeconds("x", "timestamp")]))).toMatchObject({
      snowflake: "(DATE_PART(EPOCH_MICROSECOND, x) / 1000000)",
      bigquery: "(UNIX_MICROS(CAST(x AS TIMESTAMP)) / 1000000)",
      trino: "to_unixtime(with_timezone(CAST(x AS TIMESTAMP(6)), 'UTC'))",
      spark: "(unix_micros(CAST(x AS TIMESTAMP)) / 1000000)",
    });
    expect(getDialect("snowflake").epochSeconds("x", "date")).toBe("(DATE_PART(EPOCH_MICROSECOND, CAST(x AS TIMESTAMP_NTZ)) / 1000000)");
  });

  it("a multipleOf remainder is taken of integers as they are, of anything else as decimals, with each engine's operator", () => {
    const both = (d: DialectName) => [getDialect(d).remainder("x", "3", true), getDialect(d).remainder("x", "0.1", false)];
    expect(Object.fromEntries(DIALECT_NAMES.map((d) => [d, both(d)]))).toEqual({
      // DuckDB's DOUBLE → DECIMAL cast is binary (1e15 → 999999999999999.983222784): through text. A value of
      // 1e29 or more, which DECIMAL(38, 9) cannot hold (nor BigQuery's NUMERIC), is no multiple (remainder 1),
      // rather than a cast error that stops the scan (NULL on Spark, which would pass); so are NaN and ±inf,
      // which are not below it either. Two comparisons, as `abs` overflows on the smallest BIGINT.
      duckdb: ["(x % 3)", "(CASE WHEN x > -1e29 AND x < 1e29 THEN CAST(CAST(x AS VARCHAR) AS DECIMAL(38, 9)) % CAST(0.1 AS DECIMAL(38, 9)) ELSE 1 END)"],
      // round() to 9 places; numeric would hold 1e30, which fails as on the other engines. A float through its
      // shortest text, as on DuckDB (PostgreSQL's own cast keeps 6 digits of a real: 0.30000004 would be 0.3).
      postgres: ["mod(x, 3)", "(CASE WHEN x > -1e29 AND x < 1e29 THEN mod(round(CAST(CAST(x AS text) AS numeric), 9), round(CAST(0.1 AS numeric), 9)) ELSE 1 END)"],
      // Snowflake and Spark order NaN above every number.
      snowflake: ["MOD(x, 3)", "(CASE WHEN ABS(CAST(x AS FLOAT)) < 1e29 THEN MOD(CAST(x AS NUMBER(38, 9)), CAST(0.1 AS NUMBER(38, 9))) ELSE 1 END)"],
      // BigQuery's MOD takes no FLOAT64.
      bigquery: ["MOD(x, 3)", "(CASE WHEN x > -1e29 AND x < 1e29 THEN MOD(CAST(x AS NUMERIC), CAST(0.1 AS NUMERIC)) ELSE 1 END)"],
      trino: ["mod(x, 3)", "(CASE WHEN x > -1e29 AND x < 1e29 THEN mod(CAST(x AS DECIMAL(38, 9)), CAST(0.1 AS DECIMAL(38, 9))) ELSE 1 END)"],
      spark: ["(x % 3)", "(CASE WHEN abs(CAST(x AS DOUBLE)) < 1e29 THEN (CAST(x AS DECIMAL(38, 9)) % CAST(0.1 AS DECIMAL(38, 9))) ELSE 1 END)"],
    });
  });
});

describe("time on the engines that only get emitted SQL", () => {
  it("Snowflake compares with a TIMESTAMP_NTZ bound, whatever TIMESTAMP_TYPE_MAPPING says", () => {
    expect(getDialect("snowflake").typedLiteral("'2024-01-02 00:00:00'", "timestamp")).toBe("CAST('2024-01-02 00:00:00' AS TIMESTAMP_NTZ)");
  });

  it("Spark reads a timestamp bound as the UTC instant (a `Z` suffix), not in the session's time zone", () => {
    const utc = getDialect("spark").utcTimestampText!;
    // Spark's cast takes a zone only after the seconds, and `T` or a space before the time: `2024-01-02 00:00Z`,
    // `2024-01-02Z` and `2024-01-02t…` are NULL, a bound that counts no row; a date alone would be read in the session's zone.
    expect(["2024-01-02 00:00:00", "2024-01-02T00:00:00.123456", "2024-01-02 00:00", "2024-01-02t10:30", "2024-01-02", "not a time"].map(utc)).toEqual([
      "2024-01-02 00:00:00Z",
      "2024-01-02 00:00:00.123456Z",
      "2024-01-02 00:00:00Z",
      "2024-01-02 10:30:00Z",
      "2024-01-02 00:00:00Z",
      "not a time",
    ]);
    expect(DIALECT_NAMES.filter((d) => getDialect(d).utcTimestampText)).toEqual(["snowflake", "bigquery", "trino", "spark"]);
  });

  // BigQuery coerces `YYYY-[M]M-[D]D[( |T)[H]H:[M]M:[S]S[.DDDDDD]]` only; Snowflake's cast reads TIMESTAMP_INPUT_FORMAT's
  // AUTO list, written with an upper-case `T` or a space, and holds 9 decimals. Another text fails the literal, and the scan.
  it.each([
    ["bigquery", "2024-01-02 10:30:05.123456"],
    ["snowflake", "2024-01-02 10:30:05.123456789"],
  ])("%s gets a timestamp bound as its cast reads it: a space, seconds written, decimals cut to its finest", (name, fraction) => {
    const utc = getDialect(name).utcTimestampText!;
    expect(["2024-01-02T10:30", "2024-01-02t10:30", "2024-01-02t10:30:05.1234567891", "2024-01-02 00:00:00.5", "2024-01-02", "not a time"].map(utc)).toEqual([
      "2024-01-02 10:30:00",
      "2024-01-02 10:30:00",
      fraction,
      "2024-01-02 00:00:00.5",
      "2024-01-02 00:00:00",
      "not a time",
    ]);
  });

  it("Trino reads a timestamp bound as a timestamp literal, with a space for the T and every digit of its fraction up to 12", () => {
    const trino = getDialect("trino");
    expect(trino.utcTimestampText!("2024-01-02T00:00:00.1234567890123456")).toBe("2024-01-02 00:00:00.123456789012");
    expect(["2024-01-02T00:00:00.123456", "2024-01-02t00:00", "2024-01-02 00:00:00", "2024-01-02"].map(trino.utcTimestampText!)).toEqual([
      "2024-01-02 00:00:00.123456",
      "2024-01-02 00:00",
      "2024-01-02 00:00:00",
      "2024-01-02",
    ]);
    expect(trino.typedLiteral("'2024-01-02 00:00:00.123456'", "timestamp")).toBe("TIMESTAMP '2024-01-02 00:00:00.123456'");
    expect(trino.typedLiteral("'2024-01-02'", "date")).toBe("CAST('2024-01-02' AS DATE)");
  });

  it("keeps the fraction of a second in epoch seconds, as DuckDB's epoch() does", () => {
    expect(getDialect("bigquery").epochSeconds("x")).toBe("(UNIX_MICROS(CAST(x AS TIMESTAMP)) / 1000000)");
    expect(getDialect("spark").epochSeconds("x")).toBe("(unix_micros(CAST(x AS TIMESTAMP)) / 1000000)");
  });

  it("every engine's reading of time may depend on the session (BigQuery's through a project's default_time_zone)", () => {
    expect(DIALECT_NAMES.filter((d) => !getDialect(d).sessionTimeZoneNote)).toEqual([]);
    expect(getDialect("bigquery").sessionTimeZoneNote).toContain("SET @@time_zone = 'UTC'");
  });
});

describe("NaN on engines whose comparisons follow IEEE 754", () => {
  it("Trino and BigQuery have a NaN test; the others order NaN above every number, as DuckDB does", () => {
    expect(Object.fromEntries(DIALECT_NAMES.map((d) => [d, getDialect(d).isNaN?.("x")]))).toEqual({
      duckdb: undefined,
      postgres: undefined,
      snowflake: undefined,
      bigquery: "IS_NAN(x)",
      trino: "is_nan(x)",
      spark: undefined,
    });
  });
});

describe("patterns as PostgreSQL must read them", () => {
  it("writes `.` as [^\\n] outside bracket expressions, leaving escapes and classes alone", () => {
    const rewrite = getDialect("postgres").regexPattern!;
    expect(rewrite("^a.b$")).toEqual({ pattern: "^a[^\\n]b$" });
    expect(rewrite("^\\.[.][^.][]x.][[:alpha:].]+\\\\.$")).toEqual({ pattern: "^\\.[.][^.][]x.][[:alpha:].]+\\\\[^\\n]$" });
    expect(getDialect("duckdb").regexPattern).toBeUndefined();
  });

  it("Trino and Spark get Java's reading, Snowflake its own; BigQuery is RE2, as DuckDB", () => {
    const rewrite = (d: DialectName) => getDialect(d).regexPattern?.("^a.b*?$") ?? { pattern: "^a.b*?$" };
    expect(Object.fromEntries(DIALECT_NAMES.map((d) => [d, rewrite(d)]))).toEqual({
      duckdb: { pattern: "^a.b*?$" },
      postgres: { pattern: "^a[^\\n]b*?$" },
      snowflake: { pattern: "^a.b*$" },
      bigquery: { pattern: "^a.b*?$" },
      trino: { pattern: "^a[^\\n]b*?\\z" },
      spark: { pattern: "^a[^\\n]b*?\\z" },
    });
  });

  it("names a Unicode script as Spark's Java (`\\p{IsGreek}`) and Trino (no underscores) read it; Snowflake gets hex escapes as characters", () => {
    // java.util.regex refuses a bare script name ("Unknown character property name {Greek}"): the whole scan would fail.
    expect(getDialect("spark").regexPattern!("^\\p{Greek}+\\p{L}$")).toEqual({ pattern: "^\\p{IsGreek}+\\p{L}\\z" });
    expect(getDialect("trino").regexPattern!("^\\p{Old_Italic}+$")).toEqual({ pattern: "^\\p{OldItalic}+\\z" });
    expect(getDialect("snowflake").regexPattern!("^\\x41[\\x30-\\x39]$")).toEqual({ pattern: "^A[0-9]$" });
  });
});
