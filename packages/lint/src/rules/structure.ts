import { isMapping, type LoadedDocument, type PathSegment } from "@meshkit/core";
import { defineRule } from "../rule.js";
import { mappingsIn, pointer, schemaObjects, stringAt, valueDefinitions, type Mapping } from "../walk.js";

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

function reportDuplicateNames(doc: LoadedDocument, entries: readonly [Mapping, number][], listPath: PathSegment[], what: string, report: (path: string, message: string, severity?: "warning") => void) {
  reportDuplicates(doc, entries, listPath, "name", (name, earlier) => `Duplicate ${what} name \`${name}\` (also at ${earlier}); give each ${what} its own name.`, report);
  // ODCS names are case-sensitive, but DuckDB, BigQuery, Glue and unquoted SQL fold case: `Email` and `email`
  // are one column (or table) there, which provision refuses as provision-object-conflict. A warning, not
  // an error: PostgreSQL and Snowflake, quoting every name, keep them apart.
  const first = new Map<string, [string, number]>();
  for (const [entry, i] of entries) {
    const name = stringAt(entry, "name");
    if (name === undefined) continue;
    const earlier = first.get(name.toLowerCase());
    if (earlier === undefined) first.set(name.toLowerCase(), [name, i]);
    else if (earlier[0] !== name) {
      const line = doc.locate(pointer([...listPath, earlier[1], "name"])).line;
      report(pointer([...listPath, i, "name"]), `${what[0]!.toUpperCase()}${what.slice(1)} name \`${name}\` differs from \`${earlier[0]}\` (line ${line}) only in case: DuckDB, BigQuery, Glue and unquoted SQL read them as one name; give each ${what} its own name.`, "warning");
    }
  }
}

export const uniqueObjectName = defineRule({
  meta: { id: "unique-object-name", defaultSeverity: "error", description: "Schema object names are unique within a contract." },
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

export const uniquePropertyName = defineRule({
  meta: { id: "unique-property-name", defaultSeverity: "error", description: "Property names are unique within their object." },
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


/**
 * Keys whose lists hold no elements of the standard, so their `id`s are not element ids: free-form data
 * (a custom property's `value`, a property's `examples`, a quality rule's `arguments` and a custom
 * engine's `implementation`) and ODPS `inputContracts`, whose `id` names a contract, which a port may
 * read at two versions.
 */
const NOT_ELEMENT_LISTS: ReadonlySet<string> = new Set(["value", "examples", "arguments", "implementation", "inputContracts"]);

/**
 * Calls `onList` with every list of a document and its path (the live path: copy it to keep it), skipping
 * free-form data (NOT_ELEMENT_LISTS). One path, pushed and popped: rules using it visit every node of every
 * linted document.
 */
function forEachList(root: unknown, onList: (list: unknown[], path: PathSegment[]) => void): void {
  const path: PathSegment[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      onList(value, path);
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item !== "object" || item === null) continue;
        path.push(i);
        visit(item);
        path.pop();
      }
    } else if (isMapping(value)) {
      for (const key of Object.keys(value)) {
        const child = value[key];
        if (typeof child !== "object" || child === null || NOT_ELEMENT_LISTS.has(key)) continue;
        path.push(key);
        visit(child);
        path.pop();
      }
    }
  };
  visit(root);
}

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
    forEachList(doc.value, (list, path) => {
      if (path.at(-1) !== "customProperties") return;
      reportDuplicates(doc, mappingsIn(list), [...path], "property", (name, earlier) => `Custom property \`${name}\` is already set in this list (at ${earlier}); keep one entry per property, as readers keep only one of the values.`, (p, message) => report({ path: p, message }));
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
