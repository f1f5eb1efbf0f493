/**
 * Objects a planned contract had made for another product: its domain, `dataProduct` or ODPS product
 * changed since. A planner changes and drops only the objects of the product a contract is provisioned as
 * (planning one product must never touch another's), so these would stay as they are, unseen by every
 * later plan, still read by whoever could read them. The plan says so rather than stay silent.
 */
import { type Finding, type LoadedDocument, compareText } from "@meshkit/core";

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

/** An object meshkit made for a contract that is no longer in the project. */
export interface UnclaimedObject extends LeftBehindObject {
  /** The `contract` its comment names. */
  contract: string;
}

/**
 * What meshkit made for contracts the project no longer holds (a contract file deleted, a product moved out of the
 * repository, a contract's id changed): a whole-project plan finds them, where no plan drops them, since no contract
 * among the inputs says what became of them. `at`: the warehouse file (`local`), or a contract of the domain whose
 * schemas hold them (`postgres`, where the server has no file).
 */
export function unclaimedFinding(at: { file: string } | LoadedDocument, objects: readonly UnclaimedObject[], readers: string): Finding {
  const byContract = new Map<string, UnclaimedObject[]>();
  for (const object of objects) byContract.set(object.contract, [...(byContract.get(object.contract) ?? []), object]);
  const listed = [...byContract]
    .sort(([a], [b]) => compareText(a, b))
    .map(([contract, list]) => `contract ${contract} of product ${list[0]!.product} (${list.map((o) => o.object).join(", ")})`)
    .join("; ");
  const init = {
    ruleId: "provision-unclaimed",
    severity: "warning",
    message:
      `What meshkit made for contracts that are no longer in the project is still there${readers}: ${listed}. ` +
      "No plan will update or drop it: meshkit drops only what a contract among the inputs no longer has. " +
      "If the contract was removed, move the rows still needed, then drop it by hand; if its id was changed, give it back its earlier id; " +
      "to keep the data on purpose, keep the contract with status: retired.",
    stage: "provision",
  } as const;
  return "finding" in at ? at.finding({ ...init, path: "/id" }) : { ...init, file: at.file, line: 1, column: 1, path: "" };
}
