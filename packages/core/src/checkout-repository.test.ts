import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { holdsAnotherRepository, repositoryName, workflowRepositoryOf } from "./checkout-repository.js";

/** A checkout at a new folder whose .git/config is `config`. */
function checkoutWith(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), "checkout-repository-"));
  mkdirSync(join(dir, ".git"));
  writeFileSync(join(dir, ".git", "config"), config);
  return dir;
}

const origin = (url: string) => checkoutWith(`[core]\n\tbare = false\n[remote "origin"]\n\turl = ${url}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`);

describe("repositoryName", () => {
  it("names owner/repo of https, ssh and scp-like remotes, without credentials or .git", () => {
    expect(["https://x-access-token:t@github.com/acme/sales", "git@github.com:acme/sales.git", "ssh://git@ghe.example.com/acme/sales.git/"].map(repositoryName)).toEqual(["acme/sales", "acme/sales", "acme/sales"]);
  });
});

describe("workflowRepositoryOf", () => {
  it("is GITHUB_REPOSITORY on GITHUB_SERVER_URL's host (github.com when unset), none outside a runner", () => {
    expect(workflowRepositoryOf({ GITHUB_REPOSITORY: "acme/sales" })).toEqual({ name: "acme/sales", host: "github.com" });
    expect(workflowRepositoryOf({ GITHUB_REPOSITORY: "acme/sales", GITHUB_SERVER_URL: "https://GHE.example.com:8443" })).toEqual({ name: "acme/sales", host: "ghe.example.com" });
    expect(workflowRepositoryOf({ GITHUB_REPOSITORY: " " })).toBeUndefined();
  });
});

describe("holdsAnotherRepository", () => {
  const sales = { name: "acme/sales", host: "github.com" };

  it("is true for a checkout whose origin, as actions/checkout writes it (https or ssh-key), is another repository of the server", () => {
    expect(holdsAnotherRepository(origin("https://github.com/acme/shared"), sales)).toBe(true);
    expect(holdsAnotherRepository(origin("git@github.com:acme/shared.git"), sales)).toBe(true);
    const withUpstream = checkoutWith('[remote "upstream"]\n\turl = https://github.com/acme/sales\n[remote "origin"]\n\turl = https://github.com/acme/shared\n');
    expect(holdsAnotherRepository(withUpstream, sales)).toBe(true);
  });

  it("is false for the workflow's own repository, in any case, as GitHub's names ignore case", () => {
    expect(holdsAnotherRepository(origin("https://github.com/Acme/Sales"), sales)).toBe(false);
    expect(holdsAnotherRepository(origin("https://github.com/acme/sales.git"), sales)).toBe(false);
  });

  it("is false when it is not known: no workflow repository, no origin, no checkout, or an origin elsewhere (a mirror, a local path)", () => {
    expect(holdsAnotherRepository(origin("https://github.com/acme/shared"), undefined)).toBe(false);
    expect(holdsAnotherRepository(checkoutWith("[core]\n\tbare = false\n"), sales)).toBe(false);
    expect(holdsAnotherRepository(mkdtempSync(join(tmpdir(), "checkout-repository-")), sales)).toBe(false);
    expect(holdsAnotherRepository(origin("https://mirror.example.com/git/sales.git"), sales)).toBe(false);
    expect(holdsAnotherRepository(origin("/srv/git/sales.git"), sales)).toBe(false);
  });
});
