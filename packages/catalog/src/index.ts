// @meshkit/catalog: catalog model, dir/git targets, static site and search (this block), and the
// DataHub / OpenMetadata / Backstage emitters (appended below by their modules).
export * from "./entry.js";
export * from "./results.js";
export * from "./rules.js";
export * from "./paths.js";
export * from "./stable-json.js";
export * from "./versions.js";
export * from "./store.js";
export * from "./publish.js";
export * from "./documents.js";
export * from "./products-source.js";
export * from "./targets/target.js";
export * from "./targets/open.js";
export { dirCatalog } from "./targets/dir.js";
export { gitCatalog, type GitCatalogOptions, type RetryOptions } from "./targets/git.js";
export * from "./search.js";
export * from "./consumers.js";
export { buildCatalogSite, buildSite, type SiteBuildOptions, type SiteBuildResult } from "./site/build.js";
// DataHub / OpenMetadata / Backstage targets and their HTTP client.
export * from "./http.js";
export * from "./datahub.js";
export * from "./openmetadata.js";
export * from "./backstage.js";
export { CatalogDeliveryError, type DeliverOptions, publishToCatalog } from "./deliver.js";
export * from "./stage-report.js";
