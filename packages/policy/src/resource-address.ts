/**
 * The Terraform resource a failure's JSON pointer is inside, by its address, so that a waiver can name
 * a resource (`resource: aws_s3_bucket.legacy`) rather than its position: in a `terraform show -json`
 * plan or state, resources are a list sorted by address, and a waiver's `path`
 * (`/planned_values/root_module/resources/1/values`) would accept whichever resource a later plan puts
 * at that index.
 */
export function resourceAddressAt(document: unknown, pointer: string): string | undefined {
  if (pointer === "") return undefined;
  const segments = pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  // Configuration JSON: `/resource/<type>/<name>/…`, or HCL's array form with list indices between the labels.
  if (segments[0] === "resource") {
    const labels = segments.slice(1).filter((s) => !/^\d+$/.test(s));
    return labels.length >= 2 ? `${labels[0]}.${labels[1]}` : undefined;
  }
  // A plan or state (`terraform show -json`): the innermost object on the way that carries its own `address`.
  let node: unknown = document;
  let address: string | undefined;
  for (const segment of segments) {
    if (node === null || typeof node !== "object") break;
    node = (node as Record<string, unknown>)[segment];
    if (node !== null && typeof node === "object" && !Array.isArray(node)) {
      const record = node as Record<string, unknown>;
      if (typeof record.address === "string" && typeof record.type === "string") address = record.address;
    }
  }
  return address;
}

/**
 * Whether a waiver's `resource` covers a resource address: the same address, one of its instances
 * (`aws_s3_bucket.lake` covers `aws_s3_bucket.lake["raw"]`), or a module instance holding it
 * (`module.lake` covers `module.lake.aws_s3_bucket.this`, `module.zone["eu"]` its instance only).
 */
export function addressCovers(waived: string, address: string): boolean {
  return address === waived || address.startsWith(`${waived}.`) || address.startsWith(`${waived}[`);
}
