import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { UsageError } from "@meshkit/core";

const run = promisify(execFile);

/** Runs git with arguments (never through a shell) and returns stdout. */
export async function git(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run("git", args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" });
    return stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? "").trim().split("\n")[0];
    throw new UsageError(`git ${args[0]} failed: ${stderr || (error as Error).message}`);
  }
}

export async function gitTopLevel(cwd: string): Promise<string> {
  return (await git(["rev-parse", "--show-toplevel"], cwd)).trim();
}

/** Paths (relative to the top level) of files added, copied, modified or renamed in the index. */
export async function stagedPaths(top: string): Promise<string[]> {
  const out = await git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--no-renames"], top);
  return out.split("\0").filter(Boolean);
}

/**
 * The staged (index) content of each path, through one `git cat-file --batch` process:
 * what will be committed, not what is in the working tree.
 */
export function stagedBlobs(top: string, paths: readonly string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], { cwd: top, stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new UsageError(`git cat-file failed with exit code ${code}`));
      const out = Buffer.concat(chunks);
      const blobs = new Map<string, Buffer>();
      let offset = 0;
      for (const path of paths) {
        const headerEnd = out.indexOf(0x0a, offset);
        const header = out.subarray(offset, headerEnd).toString("utf8");
        const size = Number(header.split(" ")[2]);
        if (header.endsWith(" missing") || !Number.isFinite(size)) {
          offset = headerEnd + 1;
          continue;
        }
        blobs.set(path, out.subarray(headerEnd + 1, headerEnd + 1 + size));
        offset = headerEnd + 1 + size + 1;
      }
      resolvePromise(blobs);
    });
    child.stdin.end(paths.map((p) => `:${p}\n`).join(""));
  });
}
