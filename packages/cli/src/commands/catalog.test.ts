import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tempDir } from "../test-support.js";
import { localPublisher } from "./catalog.js";

afterEach(() => vi.unstubAllEnvs());

describe("localPublisher", () => {
  it("takes a blank GITHUB_ACTOR or GITHUB_REPOSITORY for unset (git refuses an empty author; the remote still names the repository)", async () => {
    const cwd = tempDir("publisher-");
    execFileSync("git", ["init", "-q"], { cwd });
    execFileSync("git", ["remote", "add", "origin", "git@github.com:acme/sales.git"], { cwd });
    vi.stubEnv("GITHUB_ACTOR", "");
    vi.stubEnv("GITHUB_REPOSITORY", "");
    vi.stubEnv("USER", "lena");
    expect(await localPublisher(cwd)).toEqual({ name: "lena", repo: "acme/sales" });
    vi.stubEnv("USER", " ");
    expect((await localPublisher(cwd)).name).toBe("meshkit");
  });
});
