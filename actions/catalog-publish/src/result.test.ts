import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { releaseTagsToken } from "./result.js";

const root = mkdtempSync(join(tmpdir(), "meshkit-release-token-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function checkout(name: string, config: [string, string][] = []): string {
  const dir = join(root, name);
  mkdirSync(dir);
  execFileSync("git", ["init", "-q", dir]);
  for (const [key, value] of config) execFileSync("git", ["config", key, value], { cwd: dir });
  return dir;
}

// The workflow's token reaches the workflow's repository only: sent for another repository's checkout, it would
// replace the credentials that checkout persisted (actions/checkout `token:`) and have the tags' push refused.
describe("releaseTagsToken", () => {
  it("pushes the workflow's own checkout with github-token", async () => {
    const own = checkout("own", [["http.https://github.com/.extraheader", "AUTHORIZATION: basic abc"]]);
    expect(await releaseTagsToken({ checkout: own, workingDirectoryCheckout: true }, "ghs_workflow")).toBe("ghs_workflow");
  });

  it("leaves another repository's checkout its persisted credentials", async () => {
    const sales = checkout("sales", [["http.https://github.com/.extraheader", "AUTHORIZATION: basic abc"]]);
    expect(await releaseTagsToken({ checkout: sales, workingDirectoryCheckout: false }, "ghs_workflow")).toBe("");
  });

  it("leaves another repository's checkout the credentials actions/checkout v6 persisted in an included file", async () => {
    const sales = checkout("sales-v6");
    // checkout v6 writes the header to a file under RUNNER_TEMP and includes it for the checkout's git folder only.
    const credentials = join(root, "git-credentials-sales.config");
    writeFileSync(credentials, '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic abc\n');
    execFileSync("git", ["config", "--local", `includeIf.gitdir:${join(sales, ".git")}.path`, credentials], { cwd: sales });
    expect(await releaseTagsToken({ checkout: sales, workingDirectoryCheckout: false }, "ghs_workflow")).toBe("");
  });

  it("sends github-token to another repository's checkout that persisted none", async () => {
    const sales = checkout("bare-credentials");
    expect(await releaseTagsToken({ checkout: sales, workingDirectoryCheckout: false }, "ghs_pat")).toBe("ghs_pat");
  });
});
