/**
 * `status: retired` (any case, spaces around it ignored): the last status ODCS and ODPS give a contract or
 * product, one no longer served. Provision leaves it out, the catalog hides it, lint warns its readers.
 */
export function isRetiredStatus(status: unknown): boolean {
  return typeof status === "string" && status.trim().toLowerCase() === "retired";
}
