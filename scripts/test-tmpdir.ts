/**
 * Each test file's temporary folders (projects, git repositories, catalogs, servers' data) go below one
 * folder of its own, removed when the file's tests end: the suite makes thousands of them, which piled
 * up in the machine's temp folder run after run. Set as vitest's setupFiles; child processes the tests
 * start inherit TMPDIR.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const outer = process.env.TMPDIR;
const own = mkdtempSync(join(tmpdir(), "meshkit-tests-"));
process.env.TMPDIR = own;

afterAll(() => {
  if (outer === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = outer;
  try {
    rmSync(own, { recursive: true, force: true });
  } catch {
    // a folder a test left unreadable on purpose: the rest is gone, and no test fails for it
  }
});
