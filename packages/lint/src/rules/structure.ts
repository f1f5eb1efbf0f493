import { isMapping, type LoadedDocument, type PathSegment } from "@meshkit/core";
import { defineRule } from "../rule.js";
import { forEachList, forEachListAt, mappingsIn, pointer, schemaObjects, stringAt, valueDefinitions, type Mapping } from "../walk.js";

/**
 * Reports every entry whose `key` (`name`, `id`) repeats an earlier sibling's; `repeated` words the finding,
 * given where the earlier one is (`line 12`: what an author looks for in the file, not an index in the list).
 */
function reportDuplicates(
  doc: LoadedDocument,
  entries: readonly [Mapping, number][],
  listPath: PathSegment[],
  key: string,
  repeated: (value: string, earlier: string) => string,
  report: (path: string, message: string) => void,
) {
  const first = new Map<string, number>();
  for (const [entry, i] of entries) {
    const value = stringAt(entry, key);
    if (value === undefined) continue;
    const earlier = first.get(value);
    if (earlier === undefined) first.set(value, i);
    else report(pointer([...listPath, i, key]), repeated(value, `line ${doc.locate(pointer([...listPath, earlier, key])).line}`));
  }
}

/**
 * Reports, as warnings, entries whose `key` differs from an earlier sibling's only in case (`Email`, `email`):
 * exact repeats are reportDuplicates' findings. `repeated` words the finding, given the earlier value and its line.
 */
function reportCaseOnlyRepeats(
  doc: LoadedDocument,
  entries: readonly [Mapping, number][],
  listPath: PathSegment[],
  key: string,
  repeated: (value: string, earlier: string, line: number) => string,
  report: (path: string, message: string, severity: "warning") => void,
) {
  const first = new Map<string, [string, number]>();
  for (const [entry, i] of entries) {
    const value = stringAt(entry, key);
    if (value === undefined) continue;
    const earlier = first.get(value.toLowerCase());
    if (earlier === undefined) first.set(value.toLowerCase(), [value, i]);
    else if (earlier[0] !== value) report(pointer([...listPath, i, key]), repeated(value, earlier[0], doc.locate(pointer([...listPath, earlier[1], key])).line), "warning");
  }
}

function reportDuplicateNames(doc: LoadedDocument, entries: readonly [Mapping, number][], listPath: PathSegment[], what: string, report: (path: string, message: string, severity?: "warning") => void) {
  reportDuplicates(doc, entries, listPath, "name", (name, earlier) => `Duplicate ${what} name \`${name}\` (also at ${earlier}); give each ${what} its own name.`, report);
  const What = `${what[0]!.toUpperCase()}${what.slice(1)}`;
  // ODCS names are case-sensitive, but DuckDB, BigQuery, Glue, unquoted SQL and Snowflake (upper-cased by
  // meshkit's provision) fold case: `Email` and `email` are one column (or table) there, which provision
  // refuses as provision-object-conflict. A warning, not an error: PostgreSQL, quoting every name, keeps them apart.
  reportCaseOnlyRepeats(doc, entries, listPath, "name", (name, earlier, line) => `${What} name \`${name}\` differs from \`${earlier}\` (line ${line}) only in case: DuckDB, BigQuery, Glue, Snowflake and unquoted SQL read them as one name; give each ${what} its own name.`, report);
  // A property is a column (an object a table) named by its `physicalName`, else its `name`: two different
  // names with one physical name (`email` and `email_address`, both `physicalName: email_addr`; or `status`
  // beside another property's `physicalName: status`) are one column of the warehouse table, whichever
  // is provisioned or tested. Exactly alike, an error; alike but for case, a warning, as above.
  // Names exactly alike are the duplicate above; names alike but for case, stored alike but for case, the
  // case-only warning above: one finding for one clash. Stored exactly alike under names that differ in case
  // (`Email` and `email`, both `physicalName: email_addr`) they are one column in every engine: an error too.
  const storedAlike = new Map<string, { physical: string; name: string; i: number; key: string }[]>();
  const kept = new Set<string>();
  for (const [entry, i] of entries) {
    const name = stringAt(entry, "name");
    if (name === undefined) continue;
    const written = stringAt(entry, "physicalName");
    const key = written !== undefined && written.trim() !== "" ? "physicalName" : "name";
    const physical = key === "physicalName" ? written! : name;
    const group = storedAlike.get(physical.toLowerCase()) ?? [];
    storedAlike.set(physical.toLowerCase(), group);
    const clash = group.find((e) => e.physical === physical && e.name !== name) ?? group.find((e) => e.name.toLowerCase() !== name.toLowerCase());
    // One entry per (physical name, name) pair: repeats of one entry add nothing to search.
    const pair = JSON.stringify([physical, name]);
    if (!kept.has(pair)) group.push({ physical, name, i, key });
    kept.add(pair);
    if (clash !== undefined) {
      const exact = clash.physical === physical;
      const theirs = clash.key === "physicalName" ? `the physicalName \`${clash.physical}\`` : "that name";
      const line = doc.locate(pointer([...listPath, clash.i, clash.key])).line;
      const message = `${What} \`${name}\` is stored as \`${physical}\`, and \`${clash.name}\` (line ${line}) has ${theirs}${exact ? "" : " but for case (one name where names fold case: DuckDB, BigQuery, Glue, Snowflake, unquoted SQL)"}: both would be one ${what === "property" ? "column" : "table"}; give each ${what} its own physicalName.`;
      report(pointer([...listPath, i, key]), message, exact ? undefined : "warning");
    }
  }
}

export const uniqueObjectName = defineRule({
  meta: { id: "unique-object-name", defaultSeverity: "error", description: "Schema object names, and the physical names (tables) they are stored under, are unique within a contract." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    reportDuplicateNames(doc, mappingsIn((doc.value as Mapping).schema), ["schema"], "object", (path, message, severity) => report({ path, message, severity }));
  },
});

export const uniqueServerName = defineRule({
  meta: { id: "unique-server-name", defaultSeverity: "error", description: "Server names (`server`) are unique within a contract." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    // `meshkit test --server`, provision and the catalog pick a server by this name: with two, they would
    // take the first and never see the other, and compat could not tell which one moved.
    reportDuplicates(doc, mappingsIn((doc.value as Mapping).servers), ["servers"], "server", (name, earlier) => `Duplicate server name \`${name}\` (also at ${earlier}); give each server its own name (one per environment or system), as commands choose a server by it.`, (path, message) => report({ path, message }));
  },
});

export const uniqueRole = defineRule({
  meta: { id: "unique-role", defaultSeverity: "error", description: "Each IAM role (`role`) is listed once in a contract's `roles`." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    // A role is one principal: listed twice (`analyst` read, `analyst` write), it gets two grants, or one of two
    // approval chains, depending on which entry a tool reads. IAM roles and Google groups (AWS, BigQuery) ignore
    // case, and meshkit upper-cases Snowflake role names; a repeat but for case is a warning: PostgreSQL keeps quoted names apart.
    const roles = mappingsIn((doc.value as Mapping).roles);
    reportDuplicates(doc, roles, ["roles"], "role", (role, earlier) => `Role \`${role}\` is already listed (at ${earlier}); list each role once, with its one access and approvers (a role with two accesses gets both grants).`, (path, message) => report({ path, message }));
    reportCaseOnlyRepeats(doc, roles, ["roles"], "role", (role, earlier, line) => `Role \`${role}\` differs from \`${earlier}\` (line ${line}) only in case: AWS IAM, Google groups and Snowflake read them as one role, which gets both entries' grants; list each role once.`, (path, message, severity) => report({ path, message, severity }));
  },
});

export const uniquePropertyName = defineRule({
  meta: { id: "unique-property-name", defaultSeverity: "error", description: "Property names, and the physical names (columns) they are stored under, are unique within their object." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    const contract = doc.value as Mapping;
    const owners: { list: unknown; path: PathSegment[] }[] = schemaObjects(contract).map(({ object, path }) => ({ list: object.properties, path: [...path, "properties"] }));
    // Nested lists (properties of object-typed properties and of array items) are rare: only those that exist.
    for (const { owner, path } of valueDefinitions(contract)) if (Array.isArray(owner.properties)) owners.push({ list: owner.properties, path: [...path, "properties"] });
    for (const { list, path } of owners) reportDuplicateNames(doc, mappingsIn(list), path, "property", (p, message, severity) => report({ path: p, message, severity }));
  },
});

export const primaryKeyPosition = defineRule({
  meta: { id: "primary-key-position", defaultSeverity: "error", description: "Primary key positions, where written, number the key columns 1..n, unique, and only on key properties." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    for (const { object, path } of schemaObjects(doc.value as Mapping)) {
      const keys: { name: string; position: unknown; path: PathSegment[] }[] = [];
      for (const [property, i] of mappingsIn(object.properties)) {
        const propertyPath = [...path, "properties", i];
        // -1 is the ODCS default, "no position": written out, it says no more than leaving it out.
        const position = property.primaryKeyPosition === -1 ? undefined : property.primaryKeyPosition;
        if (property.primaryKey === true) {
          keys.push({ name: stringAt(property, "name") ?? `#${i}`, position, path: propertyPath });
        } else if (typeof position === "number" && position > 0) {
          report({
            path: pointer([...propertyPath, "primaryKeyPosition"]),
            message: `primaryKeyPosition ${position} on a property that is not a primary key; set primaryKey: true or use -1.`,
          });
        }
      }
      // No position on any key column: ODCS does not require them (its own AdventureWorks example writes
      // composite keys so), and the key is in the order its columns are listed, as provision, contract-test
      // and the catalog read it. Only a key that numbers some of its columns leaves the others' place unknown.
      if (keys.every((key) => key.position === undefined)) continue;
      const objectName = stringAt(object, "name") ?? "object";
      const seen = new Map<number, string>();
      for (const key of keys) {
        const position = key.position;
        if (position === undefined) {
          if (keys.length > 1)
            report({ path: pointer(key.path), about: "primaryKeyPosition", message: `\`${key.name}\` is part of a composite primary key of \`${objectName}\` whose other columns are numbered, but has no primaryKeyPosition; number all key columns 1..${keys.length} (or none, to keep them in the order listed).` });
          continue;
        }
        // A fraction is not a column number whatever its range: say so, rather than that it is out of range.
        if (typeof position === "number" && !Number.isInteger(position)) {
          report({ path: pointer([...key.path, "primaryKeyPosition"]), message: `primaryKeyPosition of \`${key.name}\` is ${position}, but it must be a whole number; number the key columns of \`${objectName}\` 1..${keys.length}.` });
          continue;
        }
        if (typeof position !== "number" || position < 1 || position > keys.length) {
          report({ path: pointer([...key.path, "primaryKeyPosition"]), message: `primaryKeyPosition of \`${key.name}\` is ${JSON.stringify(position)}; \`${objectName}\` has ${keys.length} key column(s), so use 1..${keys.length}.` });
          continue;
        }
        const other = seen.get(position);
        if (other !== undefined) {
          report({ path: pointer([...key.path, "primaryKeyPosition"]), message: `primaryKeyPosition ${position} of \`${key.name}\` is already used by \`${other}\`; each key column needs its own position.` });
        } else seen.set(position, key.name);
      }
    }
  },
});


export const uniqueElementId = defineRule({
  meta: { id: "unique-element-id", defaultSeverity: "error", description: "An element's `id` is unique within its list (ODCS: \"Must be unique within its containing array\")." },
  appliesTo: ["DataContract", "DataProduct"],
  check(doc, { report }) {
    // Every list of the document, wherever it is: ODCS 3.1 gives ids to schema objects, properties,
    // quality rules, servers, SLAs, team members, roles, support channels, … and other references
    // (relationships, SLA elements) name them, so a repeated one makes the reference ambiguous.
    forEachList(doc.value, (list, path) => {
      if (!list.some((item) => isMapping(item) && "id" in item)) return;
      const name = String(path.at(-1) ?? "list");
      reportDuplicates(doc, mappingsIn(list), [...path], "id", (id, earlier) => `Duplicate id \`${id}\` in \`${name}\` (also at ${earlier}); an id must be unique within its list, as references name elements by it.`, (p, message) => report({ path: p, message }));
    });
  },
});

export const uniqueCustomProperty = defineRule({
  meta: { id: "unique-custom-property", defaultSeverity: "error", description: "Within one `customProperties` list, each `property` name appears once." },
  appliesTo: ["DataContract", "DataProduct"],
  check(doc, { report }) {
    // A custom property is a key/value pair: with the key twice, tools reading the list into a map keep
    // one of the values (which one depends on the tool), as with a duplicate YAML key.
    forEachListAt(doc.value, "customProperties", (entries, path) => {
      reportDuplicates(doc, entries, path, "property", (name, earlier) => `Custom property \`${name}\` is already set in this list (at ${earlier}); keep one entry per property, as readers keep only one of the values.`, (p, message) => report({ path: p, message }));
    });
  },
});

/** TCP and UDP ports: 0 is "any port" to a listener, never one a client connects to. */
const PORT_RANGE = { min: 1, max: 65535 } as const;

export const serverPort = defineRule({
  meta: { id: "server-port", defaultSeverity: "error", description: "A server's `port` is a TCP port, 1..65535." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    // ODCS types `port` as an integer only; a port outside the range can never be connected to.
    for (const [server, i] of mappingsIn((doc.value as Mapping).servers)) {
      const port = server.port;
      if (typeof port !== "number" || !Number.isInteger(port) || (port >= PORT_RANGE.min && port <= PORT_RANGE.max)) continue;
      report({ path: pointer(["servers", i, "port"]), message: `Port ${port} of server \`${stringAt(server, "server") ?? `#${i}`}\` is not a TCP port; use ${PORT_RANGE.min}..${PORT_RANGE.max} (the port the ${stringAt(server, "type") ?? "database"} server listens on).` });
    }
  },
});
