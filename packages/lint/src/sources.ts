import { type DiscoveredFile, type OversizedBlob, type SourceText, decodeSource, isNamedDocument, mayBeMeshkitDocument, readDocumentFile } from "@meshkit/core";

/**
 * A file to lint, read when the engine gets to it (and again only if a cross-file finding needs its
 * positions), so that linting thousands of files never holds all their texts.
 * `read()` returns undefined for a file that was only discovered and is not a meshkit document:
 * a folder of thousands of other YAML files costs one read and one regex each.
 */
export interface LintSource {
  /** The path shown in findings. */
  file: string;
  /** Named on the command line (or named `*.odcs.yaml`, `*.odps.yaml`…): a file that is not a document is reported instead of skipped. */
  explicit: boolean;
  read(): SourceText | undefined;
  /** The file on disk, when it is one (not a staged version): what a config's relative `policy.packs` are resolved against. */
  path?: string;
}

export function fileSource(file: DiscoveredFile): LintSource {
  return { file: file.display, explicit: isNamedDocument(file), read: () => readDocumentFile(file), path: file.path };
}

/** In-memory content (the git index, tests), with the same rules as a file on disk. */
export function bytesSource(file: string, content: Uint8Array | OversizedBlob | string, explicit = false): LintSource {
  return {
    file,
    explicit,
    read() {
      const read: SourceText = typeof content === "string" ? { ok: true, text: content } : decodeSource(content, file);
      return explicit || !read.ok || mayBeMeshkitDocument(read.text) ? read : undefined;
    },
  };
}
