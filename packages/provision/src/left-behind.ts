/**
 * Objects a planned contract had made for another product: its domain, `dataProduct` or ODPS product
 * changed since. A planner changes and drops only the objects of the product a contract is provisioned as
 * (planning one product must never touch another's), so these would stay as they are, unseen by every
 * later plan, still read by whoever could read them. The plan says so rather than stay silent.
 */
import type { Finding, LoadedDocument } from "@meshkit/core";

export interface LeftBehindObject {
  /** `domain/product` the object's comment names. */
  product: string;
  /** What the plan lists: `table sales.orders`, `view sales_safe.orders`. */
  object: string;
}

/** `readers`: what the objects still give whoever could read them, for the message (`""` when nothing). */
export function leftBehindFinding(contract: { id: string; document: LoadedDocument }, product: string, objects: readonly LeftBehindObject[], readers: string): Finding {
  const byProduct = new Map<string, string[]>();
  for (const { product: earlier, object } of objects) byProduct.set(earlier, [...(byProduct.get(earlier) ?? []), object]);
  const earlier = [...byProduct].map(([name, list]) => `product ${name} (${list.join(", ")})`).join(" and ");
  return contract.document.finding({
    ruleId: "provision-left-behind",
    severity: "warning",
    message:
      `Contract ${contract.id} is provisioned as product ${product} now, but what was made for it as ${earlier} is still there${readers}. ` +
      "No plan will update or drop it: meshkit changes and drops only the objects of the product a contract is provisioned as. " +
      "Move the rows still needed, then drop it by hand; or, if the contract should not have moved, give it back its earlier domain and product.",
    path: "/id",
    stage: "provision",
  });
}
