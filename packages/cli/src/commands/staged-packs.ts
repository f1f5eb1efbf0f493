import { join, relative } from "node:path";
import { type Finding, type OversizedBlob, UsageError, decodeSource, isInsideFolder } from "@meshkit/core";
import type { PackFiles } from "@meshkit/policy";

/** What an index path holds for the commit (as the hook reads it): content, or why it cannot be read. */
export type IndexContent = Buffer | OversizedBlob | { finding: Finding };

/** The files of a pack folder that the loader reads (others are only listed: a `.rego` says the pack is Rego). */
const POLICY_FILE = /\.(ya?ml|json)$/i;

/**
 * The local policy packs (absolute paths of `policy.packs` entries) as the index holds them, for the
 * pre-commit hook: a pack that has files in the index is read from there — the commit's policies, not an
 * unstaged edit or an untracked file beside them. A pack the index has nothing of is read from `disk`, as a
 * config's `extends` is: a platform pack installed under node_modules/ is in no index.
 */
export async function indexPackFiles(
  packs: readonly string[],
  top: string,
  indexPaths: Iterable<string>,
  read: (paths: string[]) => Promise<Map<string, IndexContent>>,
  disk: PackFiles,
): Promise<PackFiles> {
  const inPacks = [...indexPaths].filter((path) => packs.some((pack) => isInsideFolder(join(top, path), pack)));
  const contents = await read(inPacks.filter((path) => POLICY_FILE.test(path)));
  const files = new Map(inPacks.map((path) => [join(top, path), contents.get(path)]));
  const below = (folder: string) => [...files.keys()].filter((file) => file !== folder && isInsideFolder(file, folder));
  return {
    kind: (path) => (files.has(path) ? "file" : below(path).length > 0 ? "folder" : disk.kind(path)),
    list: (folder) => {
      const inIndex = below(folder);
      return inIndex.length > 0 ? inIndex.map((file) => relative(folder, file)) : disk.list(folder);
    },
    read: (path, display) => {
      if (!files.has(path)) return disk.read(path, display);
      const content = files.get(path);
      // Not read above: not a policy file, which the loader does not ask for.
      if (content === undefined) throw new UsageError(`${display}: not read from the git index`);
      const text = "finding" in content ? { ok: false as const, finding: content.finding } : decodeSource(content, display);
      if (!text.ok) throw new UsageError(`${display}: ${text.finding.message}`);
      return text.text;
    },
  };
}

/**
 * `files`, but a pack of `untracked` (see StagedIndex.untrackedPacks) is refused where the loader first
 * looks for it: a `config-invalid` finding at its `policy.packs` entry, as a pack that does not exist is.
 */
export function untrackedPacksRefused(files: PackFiles, untracked: ReadonlySet<string>): PackFiles {
  if (untracked.size === 0) return files;
  return {
    ...files,
    kind: (path) => {
      if (untracked.has(path)) throw new UsageError(`policy pack ${path} is not in the commit: its files are untracked (git add them; CI checks out the commit and would not find the pack)`);
      return files.kind(path);
    },
  };
}
