/**
 * The rule ids `compat.rules` may name, and the change kinds `compat.ignore` may: meshkit.yaml is checked by lint
 * (and the pre-commit hook) as well as by compat, and lint may not import @meshkit/compat, so the ids live here.
 * compat defines each kind's meaning with these ids (a kind of another id does not compile), and its tests check
 * that every id here has a kind or a rule there.
 */
export const COMPAT_CHANGE_KIND_IDS = [
  "contract-added",
  "contract-removed",
  "contract-id-changed",
  "product-id-changed",
  "product-added",
  "product-removed",
  "deprecated-element-removed",
  "element-deprecated",
  "status-withdrawn",
  "status-changed",
  "object-added",
  "object-removed",
  "object-renamed",
  "property-added-optional",
  "property-added-required",
  "property-removed-optional",
  "property-removed-required",
  "property-renamed",
  "property-reordered",
  "logical-type-widened",
  "logical-type-narrowed",
  "logical-type-changed",
  "physical-type-widened",
  "physical-type-narrowed",
  "physical-type-changed",
  "physical-type-fields-added",
  "physical-type-fields-removed",
  "property-made-optional",
  "property-made-required",
  "unique-added",
  "unique-removed",
  "primary-key-added",
  "primary-key-removed",
  "primary-key-changed",
  "valid-values-added",
  "valid-values-removed",
  "constraint-loosened",
  "constraint-tightened",
  "constraint-changed",
  "quality-rule-added",
  "quality-rule-removed",
  "relationship-added",
  "relationship-removed",
  "relationship-changed",
  "quality-rule-relaxed",
  "quality-rule-tightened",
  "quality-rule-changed",
  "sla-added",
  "sla-removed",
  "sla-relaxed",
  "sla-tightened",
  "classification-raised",
  "classification-lowered",
  "role-removed",
  "role-added",
  "role-changed",
  "server-added",
  "server-removed",
  "server-moved",
  "domain-changed",
  "product-renamed",
  "output-port-added",
  "output-port-removed",
  "output-port-renamed",
  "output-port-changed",
  "output-port-upgraded",
  "input-port-changed",
  "description-changed",
  "tags-changed",
  "owner-changed",
  "metadata-changed",
] as const;

export type CompatChangeKindId = (typeof COMPAT_CHANGE_KIND_IDS)[number];

/** compat's rules besides the change kinds and the input rules (which unknownRuleIds handles for every section). */
export const COMPAT_OWN_RULE_IDS = [
  "version-bump",
  "compat-duplicate-id",
  "compat-base-unreadable",
  "compat-document-invalid",
  "compat-history-incomplete",
  "compat-consumers-affected",
] as const;

/** Every id `compat.rules` may set the level of. */
export const COMPAT_RULE_IDS: ReadonlySet<string> = new Set<string>([...COMPAT_CHANGE_KIND_IDS, ...COMPAT_OWN_RULE_IDS]);

/** Every change kind, for `compat.ignore`'s `kind`. */
export const COMPAT_CHANGE_KINDS: ReadonlySet<string> = new Set<string>(COMPAT_CHANGE_KIND_IDS);
