/**
 * What an ODPS product status other than `active` means for a consumer (ODPS: proposed, draft, active,
 * deprecated, retired), said first wherever the product is shown — the catalog site's product page, the
 * OpenMetadata data product's description — before anyone relies on it.
 */
const STATUS_NOTICES: Readonly<Record<string, string>> = {
  proposed: "This product is proposed: it is not built yet, and what it will offer may still change.",
  draft: "This product is a draft: it may change without notice; do not build on it yet.",
  deprecated: "This product is deprecated: it is still served, but will be retired. Do not start using it; plan a move to its replacement.",
  retired: "This product is retired: it is no longer served or supported. The page is kept for reference.",
};

/**
 * Whether a product is not (or no longer) `active` (any case) — proposed, draft, deprecated, retired or a
 * status of its own — so that wherever it is listed (the site's cards, `meshkit catalog search`) it says so
 * before anyone relies on it. A blank status says nothing either way.
 */
export function isNotActive(status: string): boolean {
  const key = status.trim().toLowerCase();
  return key !== "" && key !== "active";
}

/** The notice for `status` (any case), or undefined for `active` and a blank status. */
export function productStatusNotice(status: string): string | undefined {
  if (!isNotActive(status)) return undefined;
  const key = status.trim().toLowerCase();
  return STATUS_NOTICES[key] ?? `This product's status is ${status}: check with its owners before relying on it.`;
}
