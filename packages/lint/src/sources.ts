import { closeSync, openSync, readSync } from "node:fs";
import { type DiscoveredFile, type SourceText, decodeSource, mayBeMeshkitDocument, namedAsMeshkitDocument, readSourceFile } from "@meshkit/core";

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
}

export function fileSource(file: DiscoveredFile): LintSource {
  // A file named on the command line, or named like a contract or product, is reported when it is not one.
  const explicit = file.explicit || namedAsMeshkitDocument(file.path);
  return {
    file: file.display,
    explicit,
    read() {
      const read = readSourceFile(file.path, file.display);
      if (explicit) return read;
      if (read.ok) return mayBeMeshkitDocument(read.text) ? read : undefined;
      // A discovered file that is binary, or too large and not ours, is skipped like any other non-document.
      const reportable = read.finding.ruleId === "file-unreadable" || (read.finding.ruleId === "file-too-large" && headLooksLikeDocument(file.path));
      return reportable ? read : undefined;
    },
  };
}

/** In-memory content (the git index, tests), with the same rules as a file on disk. */
export function bytesSource(file: string, content: Uint8Array | string, explicit = false): LintSource {
  return {
    file,
    explicit,
    read() {
      const read: SourceText = typeof content === "string" ? { ok: true, text: content } : decodeSource(content, file);
      return explicit || !read.ok || mayBeMeshkitDocument(read.text) ? read : undefined;
    },
  };
}

/** Whether the first 64 KiB of a file (too large to read whole) mention a meshkit kind. */
function headLooksLikeDocument(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(64 * 1024);
    const length = readSync(fd, head, 0, head.length, 0);
    return mayBeMeshkitDocument(head.subarray(0, length).toString("utf8"));
  } finally {
    closeSync(fd);
  }
}
