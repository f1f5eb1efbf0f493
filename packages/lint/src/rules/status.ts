import { typoDistance } from "@meshkit/core";
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
    const meant = written.length >= 4 ? nearMiss(written) : undefined;
    if (meant === undefined || meant[0] !== written[0]) return;
    report({ path: "/status", message: `Status \`${status}\` is not a standard status; did you mean \`${meant}\`? meshkit reads ${STANDARD_STATUSES.join(", ")} (a retired ${doc.kind.type === "DataProduct" ? "product" : "contract"} is not provisioned).` });
  },
});

/**
 * The standard status `written` is a typo of: one letter missed, added, changed, or two swapped (`retierd`,
 * `drfat`), two for the long `deprecated` (`depreacted`). Two edits of a shorter one are other words a team
 * may well mean as its own status (`promoted`, `revised`, `retained`, `drafted`), not typos.
 */
function nearMiss(written: string): string | undefined {
  let best: { status: string; distance: number } | undefined;
  for (const status of STANDARD_STATUSES) {
    const distance = typoDistance(written, status);
    if (distance <= (status.length >= 10 ? 2 : 1) && (best === undefined || distance < best.distance)) best = { status, distance };
  }
  return best?.status;
}
