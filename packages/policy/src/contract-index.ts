import { type LoadedDocument, loadText } from "@meshkit/core";
import { LazyValueMap } from "./cel-js.js";

/** A contract not parsed again yet: where its value comes from. */
class Unread {
  constructor(
    readonly file: string,
    readonly text: string,
    readonly index: number,
  ) {}
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
   * Adds a document when it is a contract with an id not seen yet (the first one wins), exactly as
   * checkDocuments builds its index. `source.text` is the file's content; `plain` tells whether the
   * document's value is plain data.
   */
  add(doc: LoadedDocument, source: { text: string }, plain: () => boolean): void {
    const value = doc.value as Record<string, unknown>;
    if (doc.kind.type !== "DataContract" || typeof value.id !== "string" || value.id in this.entries) return;
    this.entries[value.id] = new Unread(doc.file, source.text, doc.index);
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
        return loadText(file, text).documents[index]!.value;
      },
      (entry) => entry instanceof Unread,
    );
    return { map, plain: this.plain };
  }
}
