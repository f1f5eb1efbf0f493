/** A server location's placeholders for the schema object: `{model}` (datacontract-cli's spelling) and `{object}` (ODCS's word). */
export const OBJECT_PLACEHOLDERS = /\{(?:model|object)\}/g;
const OBJECT_PLACEHOLDER = /\{(?:model|object)\}/;

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
  if (named >= 0 && !pattern(segments[named]!)) return segments.slice(0, named + 1).join("/").replace(OBJECT_PLACEHOLDERS, object);
  const wildcard = segments.findIndex(pattern);
  const folder = wildcard === -1 ? segments : segments.slice(0, wildcard);
  return folder.length > 0 && wildcard > 0 && !shared ? folder.join("/") : [...folder, object].join("/");
}
