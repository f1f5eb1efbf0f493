import { MESHKIT_RULE_STAGES } from "./generated/builtin-packs.js";
import { ENGINE_RULE_IDS } from "./targets.js";

/**
 * Rule ids a pack's validation or an OPA message may not take: meshkit's own, policy-check's and every
 * other stage's (a page each in docs/rules, embedded at build). A pack rule reported as `policy-invalid`
 * or `yaml-syntax` would be read as meshkit's (exit 2: the packs or a file could not be processed), one
 * named `waiver-expired` would take that rule's docs and level, and one named `contract-owner` would be
 * merged with lint's rule in the reports that hold both stages (the pre-commit hook's).
 */
/** The rule ids of meshkit's stages (docs/rules), each with the stage its page names (`contract-owner`: lint). */
export const STAGE_OF_RULE: ReadonlyMap<string, string> = new Map(Object.entries(MESHKIT_RULE_STAGES));

export const RESERVED_RULE_IDS: ReadonlySet<string> = new Set([...ENGINE_RULE_IDS, ...STAGE_OF_RULE.keys()]);
