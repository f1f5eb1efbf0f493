import { closeSync, lstatSync, mkdirSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { realFolder } from "./config.js";
import { UsageError } from "./findings.js";
import { nodeCrypto } from "./node-crypto.js";

/** What is written: a text, or a text in pieces (jsonPieces: more than one string can hold). */
export type WrittenText = string | Iterable<string>;

/**
 * Writes `text` to `path` atomically (a temp file beside it, then rename): readers never see half a file.
 * Whatever is at `path` is replaced, a symbolic link too: a link cannot lead a write out of a folder
 * meshkit manages (a catalog, a site, a plan folder). A file the user named is written with writeOutputFile.
 */
export function writeFileAtomic(path: string, text: WrittenText, shown = path): void {
  const temp = join(dirname(path), besideName(basename(path), "tmp"));
  try {
    makeDirectory(dirname(path));
    writeText(temp, text);
    renameSync(temp, path);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // the folder itself could not be made: nothing was written
    }
    throw writeError(shown, error, path);
  }
}

/** File systems take names of at most 255 bytes (ext4, XFS, APFS, tmpfs). */
const MAX_NAME_BYTES = 255;

/**
 * The name of a file meshkit makes beside `name` for a moment (`.<name>.<pid>.<random>.<ending>`: an atomic write's
 * temp file, a probe that a folder takes a file), its `<name>` cut, by whole characters, so that it fits where `name`
 * does: a name of up to 255 bytes is a file system's to take, and this one, some 20 bytes longer, must be too (else
 * writing, or probing for, a file whose name fits would fail with ENAMETOOLONG).
 */
export function besideName(name: string, ending: string): string {
  const suffix = `.${process.pid}.${nodeCrypto().randomBytes(4).toString("hex")}.${ending}`;
  let kept = "";
  let room = MAX_NAME_BYTES - 1 - Buffer.byteLength(suffix);
  for (const char of name) {
    room -= Buffer.byteLength(char);
    if (room < 0) break;
    kept += char;
  }
  return `.${kept}${suffix}`;
}

/**
 * Writes a file the user named (`-o`, `--results`, `--markdown`, an action's `sarif-file`) as a shell
 * redirect would: through a symbolic link (the file it names is replaced, atomically; the link stays),
 * and into a device or a pipe in place (`/dev/null`, `/dev/stdout`, a named pipe): renaming a file over
 * one would put a plain file where the device was. `shown` is what an error calls it (the option that named
 * it, `--output report.json`, as the user typed it, not its absolute path).
 */
export function writeOutputFile(path: string, text: WrittenText, shown = path): void {
  let target: string;
  try {
    const fd = standardStream(path);
    // The process's own stream, as the shell opened it (`>> log` appends): reopening the path would truncate it.
    if (fd !== undefined) return writePieces(fd, text);
    if (isSpecialFile(path)) return writeText(path, text);
    target = linkTarget(path);
  } catch (error) {
    throw writeError(shown, error, path);
  }
  writeFileAtomic(target, text, shown);
}

/** The file descriptor `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` or `/proc/self/fd/N` names. */
function standardStream(path: string): number | undefined {
  const named = /^\/dev\/(stdout|stderr)$/.exec(path)?.[1];
  if (named) return named === "stdout" ? 1 : 2;
  const fd = /^\/(?:dev|proc\/self)\/fd\/(\d{1,9})$/.exec(path)?.[1];
  return fd === undefined ? undefined : Number(fd);
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
}

function writePieces(fd: number, text: WrittenText): void {
  for (const piece of typeof text === "string" ? [text] : text) writeAll(fd, Buffer.from(piece));
}

/** writeFileSync, for a text in pieces too. */
function writeText(path: string, text: WrittenText): void {
  if (typeof text === "string") return writeFileSync(path, text);
  const fd = openSync(path, "w");
  try {
    writePieces(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether `path` is written in place: a device, a FIFO or a socket through any link, and anything under
 * /dev or /proc (a stream alias can look like the regular file it was redirected to).
 */
function isSpecialFile(path: string): boolean {
  if (/^\/(?:dev|proc)\//.test(resolve(path))) return true;
  try {
    const stats = statSync(path);
    return !stats.isFile() && !stats.isDirectory();
  } catch {
    return false;
  }
}

/**
 * The file a symbolic link at `path` leads to, so that the link stays and the file it names is replaced:
 * its real path when it exists, else the links followed by hand (to a file not made yet), each from its
 * folder's real path, as the system resolves `..` in it.
 */
function linkTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    let at = resolve(path);
    for (let hops = 0; hops < 40; hops++) {
      let link: string;
      try {
        if (!lstatSync(at).isSymbolicLink()) return at;
        link = readlinkSync(at);
      } catch {
        return at;
      }
      at = resolve(realFolder(dirname(at)), link);
    }
    throw Object.assign(new Error(`ELOOP: too many symbolic links, open '${path}'`), { code: "ELOOP" });
  }
}

/** A failed write as one line: Node's message names the temp file and the syscall (`rename '.x.1.ab.tmp' -> 'x'`); the reason is its code. */
function writeError(shown: string, error: unknown, path = shown): UsageError {
  return new UsageError(`cannot write ${shown}: ${writeFailureReason(path, error)}`);
}

/**
 * Why writing `path` (or making a folder on its way) failed, in words, without Node's text (`ENOTDIR: not a
 * directory, mkdir '…'` names the syscall and a path the user did not give). A file in the way is named,
 * so the user knows which one to move or which path to change.
 */
export function writeFailureReason(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EISDIR") return "it is a folder";
  if (code === "ENOTDIR") {
    const file = fileInTheWay(path);
    if (file !== undefined) return `${file} is a file, not a folder (ENOTDIR): choose another path`;
  }
  return code ? (WRITE_ERRORS[code] ?? code) : String((error as Error).message ?? error).split("\n")[0]!;
}

/**
 * The first existing path down to `path` (itself included) that is not a folder: what a write, or a folder
 * made, there stumbles on. Undefined when the folders on the way are folders (or do not exist yet).
 */
export function fileInTheWay(path: string): string | undefined {
  const above: string[] = [];
  for (let at = resolve(path); dirname(at) !== at; at = dirname(at)) above.unshift(at);
  return above.find((at) => statKind(at) === "other");
}

const WRITE_ERRORS: Record<string, string> = {
  EACCES: "permission denied (EACCES)",
  EPERM: "operation not permitted (EPERM)",
  ENOTDIR: "a part of its path is a file, not a folder (ENOTDIR)",
  ENOSPC: "no space left on the device (ENOSPC)",
  EROFS: "the file system is read-only (EROFS)",
  ENAMETOOLONG: "the name is too long (ENAMETOOLONG)",
  ELOOP: "too many symbolic links, a loop? (ELOOP)",
  ENOENT: "it cannot be created there (ENOENT)",
  EINVAL: "that file cannot hold a report (EINVAL: a special file, such as one under /proc)",
  EEXIST: "a file of that name appeared while it was being written (EEXIST)",
  EDQUOT: "the disk quota is exceeded (EDQUOT)",
};

/**
 * Makes sure a folder meshkit will write into exists and is a folder, before any work whose result goes there
 * (an apply, whose plan is written after it changed the infrastructure): a usage error saying why otherwise.
 */
export function prepareOutputFolder(path: string, shown = path): void {
  try {
    makeDirectory(path);
  } catch (error) {
    throw writeError(shown, error, path);
  }
}

/**
 * `mkdir -p`, one folder at a time from the deepest one that exists. Node's own recursive mkdirSync
 * never returns for a path under /proc (it retries the ENOENT procfs answers forever); here every step
 * either makes a folder or throws.
 */
export function makeDirectory(path: string): void {
  const missing: string[] = [];
  let at = resolve(path);
  for (;;) {
    const kind = statKind(at);
    if (kind === "directory") break;
    if (kind === "other") throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), { code: "ENOTDIR" });
    const parent = dirname(at);
    if (parent === at) break;
    missing.push(at);
    at = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Another process (a second publisher) may have made it meanwhile.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || statKind(folder) !== "directory") throw error;
    }
  }
}

function statKind(path: string): "directory" | "other" | "missing" {
  try {
    return statSync(path).isDirectory() ? "directory" : "other";
  } catch {
    return "missing";
  }
}
