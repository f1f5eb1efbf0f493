import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { compileExpression } from "./cel.js";
import { loadPacks } from "./load.js";

/** The load-time problem of an expression (message and 1-based column), or "ok". */
function checked(source: string, returns?: "bool" | "string" | "list"): string {
  const result = compileExpression(source, undefined, undefined, undefined, returns ? { type: returns, what: "it" } : undefined);
  return result.ok ? "ok" : `${result.error.message} @${result.error.offset + 1}`;
}

describe("type check at load", () => {
  it("reports operators and functions no overload accepts, at their column", () => {
    expect(checked("'abc' - 1 == 2")).toBe("found no matching overload for '_-_' applied to '(string, int)' @7");
    expect(checked("object.name.startsWith(1)")).toBe("found no matching overload for 'startsWith' applied to '(dyn, int)' @12");
    expect(checked("size(object.columns) > 'a'")).toBe("found no matching overload for '_>_' applied to '(int, string)' @22");
    expect(checked("1 + 2.0 > 0")).toMatch(/^found no matching overload for '_\+_' applied to '\(int, double\)'/);
    expect(checked("!'yes'")).toMatch(/^found no matching overload for '!_'/);
    expect(checked("true && 1")).toBe("found no matching overload for '_&&_' applied to '(bool, int)' @9");
    expect(checked("'a' in 'abc'")).toMatch(/^found no matching overload for '@in'/);
    expect(checked("'abc'[0] == 'a'")).toMatch(/^found no matching overload for '_\[_\]'/);
    expect(checked("(1).field == 2")).toMatch(/^type 'int' does not support field selection/);
    expect(checked("1.all(x, x > 0)")).toMatch(/cannot be the range of a comprehension/);
  });

  it("reports a constant argument that fails on every document: a regex RE2 refuses, a timestamp or duration that does not parse", () => {
    expect(checked("object.name.matches('[a-z')")).toMatch(/^invalid regular expression "\[a-z": .*@21$/);
    expect(checked("matches(object.name, '(?<n>x')")).toMatch(/^invalid regular expression "\(\?<n>x": /);
    expect(checked("timestamp('2024-13-01T00:00:00Z') < timestamp(object.at)")).toBe('Failed to parse timestamp: "2024-13-01T00:00:00Z" is not a date and time that exists @11');
    expect(checked("timestamp('0000-01-01T00:00:00Z') < timestamp(object.at)")).toBe('timestamp "0000-01-01T00:00:00Z" is out of range (years 1 to 9999) @11');
    expect(checked("timestamp('2024-01-01t00:00:00z') < timestamp(object.at)")).toBe('Failed to parse timestamp: "2024-01-01t00:00:00z" is not an RFC 3339 timestamp @11');
    expect(checked("duration('7 days') > duration('1h')")).toBe('invalid duration "7 days" @10');
    // A pattern or text only the document gives is checked when it runs; valid constants pass.
    expect(checked("object.name.matches(object.pattern) && object.name.matches('^[a-z_]+$') && timestamp('2024-05-01T12:00:00Z') < timestamp(object.at) && duration('168h') > duration('1h')")).toBe("ok");
  });

  it("types the timestamp and duration accessors: an int, a method of a timestamp (with an optional time zone) or of a duration", () => {
    expect(checked("timestamp(object.at).getFullYear() > '2024'")).toBe("found no matching overload for '_>_' applied to '(int, string)' @36");
    expect(checked("duration(object.ttl).getHours() + 'h' == '1h'")).toBe("found no matching overload for '_+_' applied to '(int, string)' @33");
    expect(checked("timestamp(object.at).getHours(1) == 0")).toBe("found no matching overload for 'getHours' applied to '(timestamp, int)' @21");
    expect(checked("duration('1h').getFullYear() == 0")).toBe("found no matching overload for 'getFullYear' applied to '(duration)' @15");
    expect(checked("'2024'.getMonth() == 0")).toBe("found no matching overload for 'getMonth' applied to '(string)' @7");
    expect(checked("getFullYear(timestamp(object.at)) == 2024")).toMatch(/^found no matching overload for 'getFullYear' applied to '\(timestamp\)' \(a method: write x\.getFullYear\(…\), not getFullYear\(x, …\)\)/);
    // A zone no accessor knows fails on every document.
    expect(checked("timestamp(object.at).getHours('Europe/Pariss') == 0")).toBe('unknown time zone "Europe/Pariss": give an IANA name (Europe/Paris) or a fixed offset (+01:00) @31');
    // As cel-go, whatever the Node: an offset has a colon (newer Nodes' Intl reads `+0530` too).
    expect(checked("timestamp(object.at).getHours('+0530') == 0")).toBe('unknown time zone "+0530": give an IANA name (Europe/Paris) or a fixed offset (+01:00) @31');
    // As cel-go, a name in the tz database's case (Intl reads `europe/paris` ignoring case).
    expect(checked("timestamp(object.at).getHours('europe/paris') == 0")).toBe('unknown time zone "europe/paris": zone names are case-sensitive, as cel-go reads them: write Europe/Paris @31');
    // (Node 20's Intl reads a link as the zone it links to, newer Nodes as the link in its own case)
    expect(checked("timestamp(object.at).getHours('us/eastern') == 0")).toMatch(/^unknown time zone "us\/eastern": zone names are case-sensitive, as cel-go reads them: write (America\/New_York|US\/Eastern) @31$/);
    for (const source of [
      "timestamp(object.at).getHours('+01:00') == 0 && timestamp(object.at).getHours('UTC') == 0 && timestamp(object.at).getHours(object.zone) == 0",
      "timestamp(object.at).getHours('+5:30') == 0 && timestamp(object.at).getMinutes('-8:00') == 0",
      "timestamp(object.at).getHours('US/Eastern') == 0 && timestamp(object.at).getHours('') == 0",
      "timestamp(object.at).getFullYear() >= 2024 && timestamp(object.at).getDayOfWeek('Europe/Paris') < 6",
      "duration(object.ttl).getMinutes() <= 90 && duration(object.ttl).getMilliseconds() > 0",
      "object.at.getFullYear() == 2024", // dyn: a timestamp for some document
    ]) {
      expect(checked(source, "bool"), source).toBe("ok");
    }
  });

  it("accepts whatever may be right for some document: dyn fits every overload", () => {
    for (const source of [
      "object.a - 1 > 0",
      "object.version == 1",
      "size(object.schema) > 0 && object.schema.all(o, has(o.name))",
      "object.name.startsWith(params.prefix)",
      "1 < 2.5 && 2u > 1 && 1 == 1.0",
      "object.tags.exists(t, t == 'pii') ? object.x : 'none'",
      "[1, 2] + object.list == [1]",
      "timestamp(object.at) - timestamp('2026-01-01T00:00:00Z') > duration('1h')",
      "object.x == null || type(object.x) == string",
      "1 == 'a' || [] == {}", // heterogeneous equality: false, not an error
      "{'a': 1}.a == 1 && {'a': 1}['a'] == 1",
      "object.columns.map(c, c.name).filter(n, n.startsWith('x')).size() == 0",
      "object.columns.exists_one(c, c.primaryKey == true)",
      "'a,b'.split(',').size() == 2 && ['a'].join('-') == 'a' && ' x '.trim().lowerAscii() == 'x'",
    ]) {
      expect(checked(source, "bool"), source).toBe("ok");
    }
  });

  it("checks what the expression returns where it stands: a condition a bool, a message a string, forEach a list", () => {
    expect(checked("1 + 1", "bool")).toBe("returns int, but it must return bool @1");
    expect(checked("'missing owner'", "bool")).toBe("returns string, but it must return bool @1");
    expect(checked("size(object.columns)", "string")).toBe("returns int, but it must return string @1");
    expect(checked("'owner of ' + object.id", "string")).toBe("ok");
    expect(checked("object.columns.all(c, has(c.name))", "list")).toBe("returns bool, but it must return list @1");
    expect(checked("object.columns.filter(c, has(c.name))", "list")).toBe("ok");
    expect(checked("object.anything", "bool")).toBe("ok");
  });

  it("gives the elements of a list literal the type they all have, as cel-go's list(string): a comparison none can pass is refused", () => {
    expect(checked("['pii', 'gold'].exists(t, t > 1)")).toBe("found no matching overload for '_>_' applied to '(string, int)' @29");
    expect(checked("['a', 'b'][0] + 1 == 2")).toBe("found no matching overload for '_+_' applied to '(string, int)' @15");
    expect(checked("[[1], [2]].exists(l, l.startsWith('a'))")).toBe("found no matching overload for 'startsWith' applied to '(list, string)' @23");
    // Elements of mixed types, of unknown ones and nulls are dyn, as cel-go's list(dyn); ints compare with doubles.
    for (const source of ["[1, 'a'].exists(t, t == 1)", "[object.a, object.b].all(x, x > 1)", "[null].all(x, x == null)", "[1, 2].all(x, x > 1.5)", "[{'a': 1}].exists(m, m.a == 1)"]) {
      expect(checked(source), source).toBe("ok");
    }
  });

  it("knows a forEach's index is an int: a message or pointer that adds it to a string is refused at load", () => {
    expect(checked("'Column #' + index + ' has no description'", "string")).toBe("found no matching overload for '_+_' applied to '(string, int)' @12");
    expect(checked("'/schema/0/properties/' + index", "string")).toBe("found no matching overload for '_+_' applied to '(string, int)' @25");
    expect(checked("index", "string")).toBe("returns int, but it must return string @1");
    expect(checked("index + 1.0 > 0.0", "bool")).toMatch(/^found no matching overload for '_\+_' applied to '\(int, double\)'/);
    expect(checked("'Column #' + string(index + 1)", "string")).toBe("ok");
    expect(checked("index % 2 == 0 && item.value.size() > index", "bool")).toBe("ok");
    // A comprehension that binds the name itself has its own `index`, of unknown type.
    expect(checked("object.names.all(index, index.startsWith('a'))", "bool")).toBe("ok");
  });

  it("refuses a call with a number of arguments no overload takes: format's values are one list, not printf's arguments", () => {
    expect(checked("'Column %s of %s'.format(item.name, object.name)", "string")).toBe("found no matching overload for 'format' applied to '(string, dyn, dyn)' @18");
    expect(checked("'%d columns'.format(size(object.schema))", "string")).toBe("found no matching overload for 'format' applied to '(string, int)' @13");
    expect(checked("object.name.startsWith('a', 'b')")).toBe("found no matching overload for 'startsWith' applied to '(dyn, string, string)' @12");
    expect(checked("'Column %s of %s'.format([item.name, object.name])", "string")).toBe("ok");
    expect(checked("'%.2f'.format(object.ratios)", "string")).toBe("ok");
  });

  it("refuses a method called as a function and a conversion called as a method: no overload takes either, on any document", () => {
    expect(checked("contains(object.name, 'x')")).toBe("found no matching overload for 'contains' applied to '(dyn, string)' (a method: write x.contains(…), not contains(x, …)) @1");
    expect(checked("format('%s of %s', [object.name, object.id])", "string")).toBe("found no matching overload for 'format' applied to '(string, list)' (a method: write x.format(…), not format(x, …)) @1");
    expect(checked("matches(object.name, '^a')")).toMatch(/^found no matching overload for 'matches' applied to '\(dyn, string\)' \(a method/);
    expect(checked("object.count.int() > 0")).toBe("found no matching overload for 'int' applied to '(dyn)' (a function: write int(x), not x.int()) @13");
    // size is both.
    expect(checked("size(object.name) + object.name.size() > 0")).toBe("ok");
    expect(checked("object.name.contains('x') && int(object.count) > 0 && '%s'.format([1]) != ''")).toBe("ok");
    // What the check refuses, the engine refuses on every document.
    for (const source of ["contains('abc', 'a')", "'1'.int() == 1"]) {
      const result = compileExpression(source, undefined, undefined, undefined, undefined, false);
      expect(result.ok).toBe(false);
    }
  });

  it("knows the types of the names every policy reads: kind and file strings, contracts a map, the views lists", () => {
    expect(checked("kind", "bool")).toBe("returns string, but it must return bool @1");
    expect(checked("file", "bool")).toBe("returns string, but it must return bool @1");
    expect(checked("properties", "bool")).toBe("returns list, but it must return bool @1");
    expect(checked("size(resources) > 'a'")).toBe("found no matching overload for '_>_' applied to '(int, string)' @17");
    expect(checked("contracts + 1 > 0")).toBe("found no matching overload for '_+_' applied to '(map, int)' @11");
    expect(checked("'Contract ' + file + ': ' + kind", "string")).toBe("ok");
    expect(checked("kind == 'DataContract' && file.endsWith('.yaml') && size(object) > 0 && has(object.id)", "bool")).toBe("ok");
    expect(checked("(properties + arrayItems).all(p, has(p.value.description)) && unreadFiles.size() == 0 && 'x' in contracts && size(module.resources) >= 0", "bool")).toBe("ok");
    // A comprehension that binds the name itself has its own `kind`, of unknown type.
    expect(checked("object.items.all(kind, kind)", "bool")).toBe("ok");
  });
});

describe("the built-in pack under the type check", () => {
  it("loads as a local pack (every expression type-checked, as the embedded copy is not) without a finding", () => {
    const folder = fileURLToPath(new URL("../packs/platform-baseline", import.meta.url));
    const loaded = loadPacks([folder], process.cwd());
    expect(loaded.findings).toEqual([]);
    expect(loaded.policies.length).toBeGreaterThan(5);
  });
});
