/**
 * Test support other packages' tests use (`@meshkit/catalog/testing`): the recording servers that
 * answer as DataHub GMS and OpenMetadata do, and the checker of DataHub proposals against the
 * reference aspect models. Not part of the library's API.
 */
export {
  DATAHUB_REFERENCE_DIR,
  loadDataHubSchemaChecker,
  startGmsServer,
  type DataHubSchemaChecker,
  type GmsScript,
  type GmsServer,
} from "./datahub-test-support.js";
export { startOpenMetadataServer, type OpenMetadataScript, type OpenMetadataServer } from "./openmetadata-test-support.js";
