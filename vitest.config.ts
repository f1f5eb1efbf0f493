import { readdirSync, readFileSync, existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One root config. Every workspace (and test/e2e) is a project named after its package,
// so `vitest run --project @meshkit/lint` runs one package; `extends: true` shares the options below.
function workspaceProjects() {
  const dirs = ["packages", "actions"].flatMap((top) =>
    readdirSync(top, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${top}/${d.name}`),
  );
  return dirs
    .filter((dir) => existsSync(`${dir}/package.json`))
    .map((dir) => ({
      extends: true as const,
      test: { name: JSON.parse(readFileSync(`${dir}/package.json`, "utf8")).name as string, root: dir },
    }));
}

export default defineConfig({
  test: {
    projects: [...workspaceProjects(), { extends: true, test: { name: "e2e", root: "test" } }],
    // Tests spawn real processes (git, node, the bundled CLI); give them room on a 2-core box.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default is one worker per core but one, which is a single worker on the 2-core CI machine:
    // most test time is spent waiting on child processes (git, node, PostgreSQL), so two files at a time
    // there nearly halve the suite's wall time (803 → 450 s).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ["default", "./scripts/plain-summary-reporter.ts"],
    // Each test file's temporary folders under one of its own, removed after it (see the file).
    setupFiles: [fileURLToPath(new URL("./scripts/test-tmpdir.ts", import.meta.url))],
  },
});
