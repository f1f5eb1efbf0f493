import type { Rule } from "../rule.js";
import { apiVersionField } from "./api-version.js";
import { authoritativeDefinitionUrl, supportUrl } from "./links.js";
import { deprecatedField, contractOwner, namingConvention, priceAmount, propertyClassification, semverVersion } from "./metadata.js";
import { inputPortContract, outputPortContract, uniqueDocumentId, uniquePort } from "./ports.js";
import { qualityArguments, qualityComparator, qualityMetricLevel, qualityPercentRange, qualitySqlQuery } from "./quality.js";
import { relationshipKeyLength, relationshipReference, relationshipType } from "./relationships.js";
import { logicalTypeBounds, logicalTypePattern, logicalTypeTimezone, schemaValid } from "./schema.js";
import { slaElement, slaProperty } from "./sla.js";
import { statusValue } from "./status.js";
import { primaryKeyPosition, serverPort, uniqueCustomProperty, uniqueElementId, uniqueObjectName, uniquePropertyName, uniqueRole, uniqueServerName } from "./structure.js";
import { teamMemberDates, uniqueTeamMember } from "./team.js";

/** Every document rule, in reporting order: schema validity first, then semantics. */
export const DOCUMENT_RULES: readonly Rule[] = [
  schemaValid,
  uniqueObjectName,
  uniquePropertyName,
  uniqueElementId,
  uniqueServerName,
  uniqueRole,
  uniqueCustomProperty,
  serverPort,
  authoritativeDefinitionUrl,
  supportUrl,
  uniqueDocumentId,
  semverVersion,
  statusValue,
  priceAmount,
  primaryKeyPosition,
  logicalTypeBounds,
  logicalTypePattern,
  logicalTypeTimezone,
  qualityComparator,
  qualityMetricLevel,
  qualityArguments,
  qualityPercentRange,
  qualitySqlQuery,
  slaProperty,
  slaElement,
  relationshipReference,
  relationshipKeyLength,
  relationshipType,
  propertyClassification,
  contractOwner,
  teamMemberDates,
  uniqueTeamMember,
  outputPortContract,
  inputPortContract,
  uniquePort,
  namingConvention,
  deprecatedField,
  apiVersionField,
];
