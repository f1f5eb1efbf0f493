import { describe, expect, it } from "vitest";
import { compileExpression } from "./cel.js";
import { compareCodePoints } from "./cel-strings.js";
import { parseGoDuration, parseRfc3339 } from "./cel-time.js";

function evaluate(source: string): unknown {
  const compiled = compileExpression(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  const outcome = compiled.expression.evaluate({});
  return outcome.ok ? outcome.value : `error: ${outcome.error}`;
}

/** An expression's value (compiled code, else the interpreter), which the interpreter, the reference, must give too. */
function evaluateBoth(source: string, bindings: Record<string, unknown>): unknown {
  const compiled = compileExpression(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  const outcome = compiled.expression.evaluate(bindings);
  // Compiled code that cannot answer leaves the error to the interpreter.
  expect(compiled.expression.interpret(bindings), source).toEqual(outcome);
  return outcome.ok ? outcome.value : `error: ${outcome.error}`;
}

describe("parseRfc3339", () => {
  it("reads RFC 3339 timestamps with their offset and fraction", () => {
    expect(parseRfc3339("1970-01-01T00:00:00Z")).toEqual({ seconds: 0n, nanos: 0 });
    expect(parseRfc3339("2024-02-29T12:30:15.5+02:00")).toEqual({ seconds: BigInt(Date.UTC(2024, 1, 29, 10, 30, 15) / 1000), nanos: 500_000_000 });
    expect(parseRfc3339("0001-01-01T00:00:00Z").seconds).toBe(-62135596800n);
    expect(parseRfc3339("9999-12-31T23:59:59.999999999Z")).toEqual({ seconds: 253402300799n, nanos: 999_999_999 });
    expect(parseRfc3339("1969-12-31T23:59:59-00:30").seconds).toBe(1799n);
  });

  it("refuses dates and times that do not exist, and other forms", () => {
    for (const text of ["2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-04-31T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z", "2024-01-01T00:00:60Z", "2024-01-01", "2024-01-01T00:00:00", "2024-01-01 00:00:00Z", "", "2024-01-01T00:00:00+2400", "2024-01-01t00:00:00Z", "2024-01-01T00:00:00z", "2024-01-01t00:00:00z"]) {
      expect(() => parseRfc3339(text), text).toThrow(/Failed to parse timestamp/);
    }
  });
});

describe("parseGoDuration", () => {
  it("reads what Go's time.ParseDuration reads, to the nanosecond", () => {
    expect(parseGoDuration("0")).toEqual({ seconds: 0n, nanos: 0 });
    expect(parseGoDuration("1h30m")).toEqual({ seconds: 5400n, nanos: 0 });
    expect(parseGoDuration("-1.5s")).toEqual({ seconds: -1n, nanos: -500_000_000 });
    expect(parseGoDuration("300ms")).toEqual({ seconds: 0n, nanos: 300_000_000 });
    expect(parseGoDuration("1µs2ns")).toEqual({ seconds: 0n, nanos: 1002 });
    expect(parseGoDuration(".5m")).toEqual({ seconds: 30n, nanos: 0 });
  });

  it("refuses an empty text, a number without unit, unknown units and overflow", () => {
    for (const text of ["", "-", "1", "1d", "1.5", "h", ".s", "1h 2m", "3000000h"]) expect(() => parseGoDuration(text), text).toThrow(/invalid duration/);
  });
});

describe("timestamps, durations and string order in expressions", () => {
  it("reads timestamp(int) as Unix seconds, as cel-go does", () => {
    expect(evaluate("timestamp(1700000000) == timestamp('2023-11-14T22:13:20Z')")).toBe(true);
    expect(evaluate("int(timestamp(1000000000))")).toBe(1000000000);
    expect(evaluate("timestamp(253402300800)")).toMatch(/^error: .*out of range/);
  });

  it("refuses impossible timestamps and an empty duration instead of reading them as something else", () => {
    // (string(…) makes the text a run-time value: a constant one is refused at load, see cel-types.test.ts)
    expect(evaluate("timestamp(string('2024-02-30T00:00:00Z')) > timestamp(0)")).toMatch(/^error: .*not a date and time that exists/);
    expect(evaluate("duration(string('')) == duration('0s')")).toMatch(/^error: .*invalid duration/);
    // cel-go parses with Go's time.RFC3339 layout, whose `T` and `Z` are upper case (RFC 3339 allows lower case).
    expect(evaluate("timestamp(string('2024-01-01t00:00:00z')) > timestamp(0)")).toMatch(/^error: .*not an RFC 3339 timestamp/);
    expect(evaluate("duration('1h30m') == duration('90m') && timestamp('2024-02-29T00:00:00Z') + duration('24h') == timestamp('2024-03-01T00:00:00Z')")).toBe(true);
  });

  it("reads the first instants of year 1, west of UTC, as the last day of year 0, in an IANA zone as at a fixed offset", () => {
    // Intl names that year 1 BC: Go's proleptic calendar, as cel-go reads it, has year 0 (a leap year).
    for (const zone of ["America/New_York", "-05:00"]) {
      expect(evaluate(`timestamp('0001-01-01T03:00:00Z').getFullYear('${zone}') == 0 && timestamp('0001-01-01T03:00:00Z').getMonth('${zone}') == 11 && timestamp('0001-01-01T03:00:00Z').getDayOfYear('${zone}') == 365`), zone).toBe(true);
    }
  });

  it("reads a fixed offset as cel-go does: hours of one digit too, and never one without a colon", () => {
    expect(evaluate("timestamp('2026-01-01T00:00:00Z').getHours('+5:30') == 5 && timestamp('2026-01-01T00:00:00Z').getMinutes('5:30') == 30 && timestamp('2026-01-01T00:00:00Z').getHours('-8:00') == 16")).toBe(true);
    // cel-go looks `+0530` up as a zone name, which none is (newer Nodes' Intl would read it as an offset).
    for (const zone of ["+0530", "-05", "+5:3x"]) {
      expect(evaluate(`timestamp('2026-01-01T00:00:00Z').getHours(string('${zone}')) == 5`), zone).toMatch(/^error: .*Invalid time zone specified/);
    }
  });

  it("reads a zone name as cel-go does, in the tz database's case: Intl's reading of `europe/paris` is no zone there", () => {
    expect(evaluate("timestamp('2026-01-01T00:00:00Z').getHours('Europe/Paris') == 1 && timestamp('2026-01-01T00:00:00Z').getHours('UTC') == 0")).toBe(true);
    for (const zone of ["europe/paris", "utc", "AMERICA/NEW_YORK"]) {
      expect(evaluate(`timestamp('2026-01-01T00:00:00Z').getHours(string('${zone}')) == 1`), zone).toMatch(/^error: .*Invalid time zone specified/);
    }
  });

  it("reads a link of the tz database in its own case only, as cel-go does: Intl's reading of `us/eastern` is no zone there", () => {
    expect(evaluate("timestamp('2026-01-01T00:00:00Z').getHours('US/Eastern') == 19 && timestamp('2026-01-01T00:00:00Z').getHours('Etc/UTC') == 0 && timestamp('2026-01-01T00:00:00Z').getMinutes('Asia/Kolkata') == 30")).toBe(true);
    for (const zone of ["us/eastern", "etc/utc", "US/EASTERN", "asia/kolkata", "gmt"]) {
      expect(evaluate(`timestamp('2026-01-01T00:00:00Z').getHours(string('${zone}')) == 0`), zone).toMatch(/^error: .*Invalid time zone specified/);
    }
  });

  it("reads the empty zone name as UTC, as cel-go's time.LoadLocation does", () => {
    expect(evaluate("timestamp('2026-01-01T23:30:00Z').getHours('') == 23 && timestamp('2026-01-01T23:30:00Z').getDate(string('')) == 1")).toBe(true);
  });

  it("reads a timestamp's fields in UTC or the zone given, whatever the machine's own time zone", () => {
    const expressions = [
      // Years below 100 are not 1900 and more.
      "timestamp('0050-06-01T12:00:00Z').getFullYear() == 50",
      // An instant in a zone's spring gap (Berlin's 02:00-03:00 on 2026-03-29) keeps its UTC hour.
      "timestamp('2026-03-29T02:30:00Z').getHours() == 2",
      // The first hour of a summer day is of that day, not of the one before.
      "timestamp('2026-06-01T00:30:00Z').getDayOfYear() == 151",
      "timestamp('2026-03-29T01:30:00Z').getHours('Europe/Berlin') == 3 && timestamp('2026-03-29T00:59:59Z').getHours('Europe/Berlin') == 1",
      "timestamp('2026-03-29T01:30:00Z').getHours('+01:00') == 2 && timestamp('2026-01-01T00:00:00Z').getHours('-02:30') == 21 && timestamp('2026-01-01T00:00:00Z').getMinutes('-02:30') == 30",
      "timestamp('2026-01-01T00:00:00Z').getDayOfWeek('America/New_York') == 3 && timestamp('2026-01-01T00:00:00Z').getFullYear('America/New_York') == 2025",
      "timestamp('2026-03-01T00:00:00.250Z').getDayOfMonth() == 0 && timestamp('2026-03-01T00:00:00.250Z').getDate() == 1 && timestamp('2026-03-01T00:00:00.250Z').getMonth() == 2",
      "timestamp('1969-12-31T23:59:59.5Z').getSeconds() == 59 && timestamp('1969-12-31T23:59:59.5Z').getMilliseconds() == 500 && timestamp('1969-12-31T23:59:59.5Z').getHours('Asia/Tokyo') == 8",
      "timestamp('2026-12-31T23:00:00Z').getDayOfYear() == 364 && timestamp('2024-12-31T23:00:00Z').getDayOfYear() == 365",
    ];
    const machineZone = process.env.TZ;
    try {
      for (const zone of ["UTC", "Europe/Berlin", "America/New_York"]) {
        process.env.TZ = zone;
        for (const source of expressions) expect(evaluate(source), `${source} (TZ=${zone})`).toBe(true);
      }
    } finally {
      if (machineZone === undefined) delete process.env.TZ;
      else process.env.TZ = machineZone;
    }
    // (string(…) makes the zone a run-time value: a constant one is refused at load, see cel-types.test.ts)
    expect(evaluate("timestamp('2026-01-01T00:00:00Z').getHours(string('Mars/Phobos')) == 1")).toMatch(/^error: .*Invalid time zone specified: Mars\/Phobos/);
  });

  it("orders strings by code points, not UTF-16 code units", () => {
    expect(compareCodePoints("\uffff", "\u{1F600}")).toBeLessThan(0);
    expect(compareCodePoints("a", "ab")).toBeLessThan(0);
    expect(compareCodePoints("\u{1F600}", "\u{1F601}")).toBeLessThan(0);
    for (const [source, expected] of [
      ["'\\uffff' < '\\U0001F600'", true],
      ["'\\U0001F600' > '\\uffff'", true],
      ["'\\uffff' >= '\\U0001F600'", false],
      ["'b' <= 'a'", false],
      // Through a value the compiled code cannot vouch for (a uint): the interpreter's answer is the same.
      ["'\\uffff' < '\\U0001F600' && 1u > 0u", true],
    ] as const) {
      expect(evaluate(source), source).toBe(expected);
    }
  });
});

describe("has()", () => {
  it("is an error on a value that is no map, compiled or interpreted, and absorbed by || as CEL's errors are", () => {
    const document = { tags: ["pii"], name: "x", nothing: null, meta: { a: 1, empty: null }, list: [{ a: 1 }, "s"] };
    const run = (source: string) => {
      const compiled = compileExpression(source);
      if (!compiled.ok) throw new Error(compiled.error.message);
      const outcome = compiled.expression.evaluate({ object: document });
      return outcome.ok ? outcome.value : `error: ${outcome.error}`;
    };
    for (const source of ["has(object.tags.pii)", "has(object.name.size)", "has(object.nothing.x)", "object.list.all(x, has(x.a))", "has(object.meta.a) && has(object.tags.x)"]) {
      expect(run(source), source).toMatch(/^error: has\(\) of '\w+' on a value that is no map/);
    }
    expect(run("has(object.meta.a) && !has(object.meta.empty) && !has(object.meta.b)")).toBe(true);
    expect(run("has(object.tags.pii) || true")).toBe(true);
    expect(run("object.list.exists(x, has(x.a))")).toBe(true);
  });
});

describe("list indexing", () => {
  it("says the list's size when an index is past its end, compiled or interpreted", () => {
    const run = evaluateBoth;
    expect(run("[1, 2][5] == 1", {})).toBe("error: index 5 out of bounds [0, 2)");
    expect(run("[1, 2][-1] == 1", {})).toBe("error: index -1 out of bounds [0, 2)");
    expect(run("properties[0].name == 'x'", { properties: [] })).toBe("error: index 0 out of bounds [0, 0)");
    expect(run("object.tags[3] == 'x'", { object: { tags: ["a"] } })).toBe("error: index 3 out of bounds [0, 1)");
    // Indexes that exist, of every kind CEL takes, and errors absorbed as CEL absorbs them.
    expect(run("[1, 2][1] == 2 && [[1], [2, 3]][1][1u] == 3 && {'a': [1]}['a'][0] == 1", {})).toBe(true);
    expect(run("[1][5] == 1 || true", {})).toBe(true);
    // A map's missing key is still the interpreter's own error.
    expect(run("object.m['k'] == 1", { object: { m: {} } })).toBe("error: field not found: k");
  });

  it("takes only a number as a list's index, and says which key a map lacks, compiled or interpreted", () => {
    const run = evaluateBoth;
    const object = { tags: ["a", "b"], m: { a: 1 }, flag: true, key: "1", half: 1.5 };
    // A bool is no index (CEL has no `_[_]` of a list and a bool): not element 1 for true, 0 for false.
    expect(run("object.tags[object.flag] == 'b'", { object })).toBe("error: found no matching overload for '_[_]' applied to '(list, bool)'");
    expect(run("object.tags[has(object.m.b)] == 'a'", { object })).toBe("error: found no matching overload for '_[_]' applied to '(list, bool)'");
    expect(run("object.tags[object.key] == 'b'", { object })).toBe("error: found no matching overload for '_[_]' applied to '(list, string)'");
    expect(run("object.tags[object.half] == 'b'", { object })).toBe("error: unsupported index value 1.5 in list: an index is a whole number");
    // A number no key of a map equals is a missing key, not a list's index out of bounds.
    expect(run("{1: 'a'}[object.half] == 'a'", { object })).toBe("error: no such key: 1.5");
    expect(run("object.m[1] == 1", { object })).toBe("error: no such key: 1");
    // Numbers that are whole, of every kind, still index.
    expect(run("object.tags[1] == 'b' && object.tags[1u] == 'b' && object.tags[dyn(1.0)] == 'b' && {1: 'a'}[1.0] == 'a'", { object })).toBe(true);
  });
});

describe("double() of a string", () => {
  it("makes a number past the largest double an error (cel-go: ParseFloat's range error), one too small 0, compiled or interpreted", () => {
    const run = (text: string) => evaluateBoth("double(object.text) == 0.0", { object: { text } });
    expect(run("1e400")).toBe("error: double overflow during type conversion");
    expect(run("-1e400")).toBe("error: double overflow during type conversion");
    expect(run("1e-400")).toBe(true);
    expect(evaluateBoth("double(object.text) > 1e308", { object: { text: "inf" } })).toBe(true);
  });
});

describe("string() of a double", () => {
  it("writes it as cel-go does (+Inf, NaN, -0, 1e-05, 1.2345675e+06), compiled or interpreted; a document's whole number keeps its digits", () => {
    const run = (value: number) => evaluateBoth("string(object.x)", { object: { x: value } });
    const written = [Infinity, -Infinity, NaN, -0, 0, 0.00001, 0.0001, 123.456, -0.0045, 1234567.5, 2.5e-7, 1e21, 2 ** 53, 9007199254740991, 20240101, 7].map(run);
    expect(written).toEqual(["+Inf", "-Inf", "NaN", "-0", "0", "1e-05", "0.0001", "123.456", "-0.0045", "1.2345675e+06", "2.5e-07", "1e+21", "9.007199254740992e+15", "9007199254740991", "20240101", "7"]);
    // Literals, folded when the policy loads, read the same.
    expect(evaluate("string(1.0 / 0.0) + ' ' + string(-0.0) + ' ' + string(0.00001)")).toBe("+Inf -0 1e-05");
  });
});

describe("string() of a duration or a timestamp", () => {
  it("writes them as cel-go does: the seconds shortest (1.5s), RFC 3339 with the fraction's trailing zeros dropped", () => {
    const run = (source: string) => evaluateBoth(source, { object: {} });
    expect(run("string(duration('1500ms'))")).toBe("1.5s");
    expect(run("string(duration('-1500ms'))")).toBe("-1.5s");
    expect(run("string(duration('1h1ms'))")).toBe("3600.001s");
    expect(run("string(duration('1ns'))")).toBe("0.000000001s");
    expect(run("string(duration('0s'))")).toBe("0s");
    expect(run("string(duration('1000000s'))")).toBe("1000000s");
    expect(run("string(timestamp('2024-01-01T00:00:00.500Z'))")).toBe("2024-01-01T00:00:00.5Z");
    expect(run("string(timestamp('2024-01-01T02:00:00.123456789+02:00'))")).toBe("2024-01-01T00:00:00.123456789Z");
    expect(run("string(timestamp('0001-01-01T00:00:00Z'))")).toBe("0001-01-01T00:00:00Z");
  });
});

describe("int remainder", () => {
  it("makes the smallest int % -1 an overflow error, compiled or interpreted, as its division is (cel-go's moduloInt64Checked)", () => {
    // (`size(object.n)`, 0, makes operands only the document gives: the compiled code runs, not a constant.)
    const run = (source: string) => evaluateBoth(source, { object: { n: [] } });
    expect(run("(-9223372036854775807 - 1 + size(object.n)) % -1 == 0")).toBe("error: int overflow during modulus by -1");
    expect(run("(-9223372036854775807 - 1) / -1 == 0")).toMatch(/^error: int overflow/);
    expect(run("7 % (size(object.n) + 0) == 0")).toBe("error: int modulus by zero");
    // Every other remainder keeps the sign of the dividend (truncated division), the smallest int's included.
    expect(run("(-9223372036854775807 - 1) % 1 == 0 && (-9223372036854775807 - 1) % -2 == 0 && -7 % 3 == -1 && 7 % -3 == 1")).toBe(true);
    // An error absorbed as CEL absorbs them.
    expect(run("(-9223372036854775807 - 1) % -1 == 0 || true")).toBe(true);
  });
});

describe("equality of an int and a double", () => {
  it("agrees with ordering, compiled or interpreted: e1 <= e2 is e1 < e2 || e1 == e2 (cel-spec), with the int as a double", () => {
    // `size(object.n)` (0) makes the int a value only the document gives: the compiled code runs, not a constant.
    const object = { n: [], big: 9007199254740992, max: 9223372036854775808 };
    for (const [int, double] of [
      ["9007199254740993", "object.big"],
      ["9223372036854775807", "object.max"],
      ["9223372036854775807", "9223372036854775808.0"],
      ["3", "3.0"],
      ["3", "3.5"],
    ]) {
      const i = `(${int} + size(object.n))`;
      const source = `(${i} <= ${double}) == (${i} < ${double} || ${i} == ${double}) && (${i} >= ${double}) == (${i} > ${double} || ${double} == ${i})`;
      expect(evaluateBoth(source, { object }), source).toBe(true);
    }
    expect(evaluateBoth("dyn(9007199254740993 + size(object.n)) == object.big && [9007199254740993 + size(object.n)] == [object.big] && (9007199254740993 + size(object.n)) in [object.big]", { object })).toBe(true);
    // Two ints (or two doubles) are still compared as they are: past 2^53, as doubles they would read alike.
    expect(evaluateBoth("9007199254740993 + size(object.n) != 9007199254740992 && !(9007199254740993 + size(object.n) in [9007199254740992])", { object })).toBe(true);
  });
});
