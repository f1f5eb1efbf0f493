import type { RuleMeta } from "./findings.js";

/**
 * What every command that reads documents reports about a file named on the command line that it
 * cannot read as one: lint first of all, and policy-check, which would otherwise check nothing in it.
 */
export const UNSUPPORTED_API_VERSION_RULE: RuleMeta = {
  id: "unsupported-api-version",
  defaultSeverity: "error",
  stage: "lint",
  description: "A contract or product uses an apiVersion this meshkit cannot read.",
};

export const NOT_A_DOCUMENT_RULE: RuleMeta = {
  id: "not-a-document",
  defaultSeverity: "error",
  stage: "lint",
  description: "A document of a file named on the command line (or beside a contract) is not an ODCS contract, ODPS product or meshkit document.",
};
