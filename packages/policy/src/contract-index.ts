import { type LoadedDocument, compareSemverText, isPreReleaseText, isSemverText, loadText } from "@meshkit/core";
import { LazyValueMap } from "./cel-js.js";
import { withCelInts } from "./cel-numbers.js";

/** A contract not parsed again yet: where its value comes from. */
class Unread {
  constructor(
    readonly file: string,
    readonly text: string,
    readonly index: number,
    readonly version: unknown,
  ) {}
}

/**
 * Whether a contract of `version` takes the place of one of `held` under the same id: ODCS keeps a
 * contract's id across its versions, and a repository may hold several; `contracts['<id>']` is the latest
 * (semver), whichever file was read first, so a product's verdict does not depend on the paths named. The
 * latest as the catalog shows it: the newest release, a pre-release only where there is none (a
 * `2.0.0-rc.1` in the works does not stand for the `1.4.0` consumers read). A version that is not semver
 * never wins over one that is, nor over another that is not (the first stays).
 */
export function supersedes(version: unknown, held: unknown): boolean {
  if (!isSemverText(version)) return false;
  if (!isSemverText(held)) return true;
  if (isPreReleaseText(version) !== isPreReleaseText(held)) return isPreReleaseText(held);
  return compareSemverText(version, held) > 0;
}

/** Adds a document to a contracts index when it is a contract with an id not seen yet, or a later version of one (see supersedes). */
export function contractAdder(contracts: Record<string, unknown>): (doc: LoadedDocument) => void {
  return (doc) => {
    const value = doc.value as Record<string, unknown>;
    if (doc.kind.type !== "DataContract" || typeof value.id !== "string") return;
    if (!(value.id in contracts) || supersedes(value.version, (contracts[value.id] as Record<string, unknown>).version)) contracts[value.id] = value;
  };
}

/**
 * The contracts index of a streamed run: every contract by id, for the policies that read `contracts`
 * (products read their ports' contracts). Contracts arrive as documents are read, long before the
 * documents that read them are evaluated. Kept as parsed objects, thousands of contracts made every
 * young-generation collection copy them (~2 s of a 5,000-document run); kept as their text (one string
 * each, already read), each is parsed again — by the same loadText, so to the same value — when a policy
 * first reads it, and most are never read.
 */
export class ContractIndex {
  /** Id -> where the contract is, in the key order of the plain object checkDocuments' index is. */
  private readonly entries: Record<string, Unread> = {};
  private plain = true;

  /**
   * Adds a document when it is a contract with an id not seen yet, or a later version of one (see
   * supersedes), exactly as checkDocuments builds its index. `source.text` is the file's content; `plain`
   * tells whether the document's value is plain data.
   */
  add(doc: LoadedDocument, source: { text: string }, plain: () => boolean): void {
    const value = doc.value as Record<string, unknown>;
    if (doc.kind.type !== "DataContract" || typeof value.id !== "string") return;
    const held = this.entries[value.id];
    if (held !== undefined && !supersedes(value.version, held.version)) return;
    this.entries[value.id] = new Unread(doc.file, source.text, doc.index, value.version);
    this.plain &&= plain();
  }

  /**
   * The index for evaluation: what `toCel` makes of the index object (a map of its entries, in its key
   * order), each contract parsed on first read; `plain` says whether all of them are plain data.
   */
  toMap(): { map: LazyValueMap<string, unknown>; plain: boolean } {
    const map = new LazyValueMap<string, unknown>(
      Object.entries(this.entries),
      (entry) => {
        const { file, text, index } = entry as Unread;
        const doc = loadText(file, text).documents[index]!;
        return withCelInts(doc.value, { doc, at: "" });
      },
      (entry) => entry instanceof Unread,
    );
    return { map, plain: this.plain };
  }
}
