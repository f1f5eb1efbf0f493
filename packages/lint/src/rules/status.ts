import { closest } from "@meshkit/core";
import { defineRule } from "../rule.js";
import { type Mapping } from "../walk.js";

/**
 * The statuses ODCS 3.1 and ODPS 1.0 give as examples. Both standards take any text, and a team may have a
 * status of its own; but meshkit's stages read these (without case): a `retired` contract or product is not
 * provisioned, and the catalog marks it.
 */
const STANDARD_STATUSES = ["proposed", "draft", "active", "deprecated", "retired"] as const;

export const statusValue = defineRule({
  // A warning, and only for a near miss of a standard status: a misspelt `retierd` is read as a status of its
  // own, so the product stays provisioned and listed as if it were in service. Other statuses are left alone.
  meta: { id: "status-value", defaultSeverity: "warning", description: "A `status` is not a misspelling of a standard one (proposed, draft, active, deprecated, retired)." },
  appliesTo: ["DataContract", "DataProduct"],
  check(doc, { report }) {
    const status = (doc.value as Mapping).status;
    if (typeof status !== "string") return;
    const written = status.trim().toLowerCase();
    if ((STANDARD_STATUSES as readonly string[]).includes(written)) return;
    // A typo keeps the word's first letter (`retierd`, `actve`); a status of its own built on a standard one
    // (`inactive`, `deactivated`) does not, and two edits turn a short word (`beta`) into anything.
    const meant = written.length >= 4 ? closest(written, STANDARD_STATUSES) : undefined;
    if (meant === undefined || meant[0] !== written[0]) return;
    report({ path: "/status", message: `Status \`${status}\` is not a standard status; did you mean \`${meant}\`? meshkit reads ${STANDARD_STATUSES.join(", ")} (a retired ${doc.kind.type === "DataProduct" ? "product" : "contract"} is not provisioned).` });
  },
});
