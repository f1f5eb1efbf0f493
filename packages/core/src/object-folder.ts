/** A server location's placeholders for the schema object: `{model}` (datacontract-cli's spelling) and `{object}` (ODCS's word). */
export const OBJECT_PLACEHOLDERS = /\{(?:model|object)\}/g;
const OBJECT_PLACEHOLDER = /\{(?:model|object)\}/;

/**
 * The name of a schema object's data — its table, view or file stem — and so what `{object}` (`{model}`) in an object
 * store's location stands for in the catalog and provision: the object's `physicalName` (ODCS: the physical name of the
 * table or file), else its `name` (an empty `physicalName` names nothing). (`meshkit test` fills a local server's sample
 * path with the object's `name`, as datacontract-cli does: sample files named after the object.)
 */
export function objectPhysicalName<T extends { name?: unknown; physicalName?: unknown }>(object: T): string | T["name"] {
  // (a `name` that is no text is returned as it is, for the caller to say so)
  return typeof object.physicalName === "string" && object.physicalName !== "" ? object.physicalName : object.name;
}

/** Whether a server's path or location names the object (`{object}` or `{model}` in it). */
export function namesObject(location: string): boolean {
  return OBJECT_PLACEHOLDER.test(location);
}

/** `location` with each `{object}` (`{model}`) put in as `name` (an `objectPhysicalName`, escaped as the caller reads it). */
export function fillObjectPlaceholders(location: string, name: string): string {
  // A function, so that a `$` in the name is the name's (`$&` would otherwise put in the placeholder).
  return location.replace(OBJECT_PLACEHOLDERS, () => name);
}

/**
 * The folder of one schema object's data in an object store (S3, Azure), from a path of its server's location
 * (`/`-separated, without the scheme): the catalog's dataset name and provision's table folder. An ODCS location may
 * name the files (`bucket/data/{model}/*.json`, its schema's own example), but a table is a folder (DataHub's S3 and
 * Azure sources make one dataset per `{table}` folder; a Glue table's location is one): the path ends at the segment
 * that names the object, filled in (`bucket/data/orders`); a path without a placeholder (or whose placeholder is in a
 * file pattern, `bucket/data/{object}_*.parquet`) ends at its first wildcard segment (the folder holding the files,
 * `bucket/data`) when it is one object's (`shared`: the contract has several);
 * and a plain folder (or that of files several objects share) holds one folder per object (`bucket/prefix/orders`).
 */
export function objectFolderPath(path: string, object: string, shared: boolean): string {
  const segments = path.split("/").filter((segment) => segment !== "");
  const named = segments.findIndex((segment) => OBJECT_PLACEHOLDER.test(segment));
  // A segment that names the object's files (`{object}_*.parquet`, a pattern) is no folder: read as a file pattern is.
  const pattern = (segment: string) => /[*?[{]/.test(segment.replace(OBJECT_PLACEHOLDERS, ""));
  if (named >= 0 && !pattern(segments[named]!)) return fillObjectPlaceholders(segments.slice(0, named + 1).join("/"), object);
  const wildcard = segments.findIndex(pattern);
  const folder = wildcard === -1 ? segments : segments.slice(0, wildcard);
  return folder.length > 0 && wildcard > 0 && !shared ? folder.join("/") : [...folder, object].join("/");
}
