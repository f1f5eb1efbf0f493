/**
 * What the end-to-end tests share: a real domain repository made by `meshkit init` (git, with a bare
 * `origin`), the webhook payloads GitHub sends, and the pipeline's actions run one after another as
 * the reusable workflow's job runs them: bundled, with INPUT_* variables, an event file, GITHUB_OUTPUT
 * and GITHUB_STEP_SUMMARY files, against a local server that answers as GitHub's REST API does.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BundledAction, type BundledActionRun, bundledAction } from "@meshkit/github/testing";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CLI = resolve(REPO_ROOT, "packages/cli/bin/meshkit.js");
export const REPOSITORY = "acme/sales-data";
export const WRITE_TOKEN = "ghs_write_token";
export const READ_ONLY_TOKEN = "ghs_read_only_token";
/** The sample data `meshkit init` writes is as of this moment. */
export const SAMPLE_AS_OF = "2026-01-15T06:00:00Z";

const GIT_ENV = {
  GIT_AUTHOR_NAME: "Domain Dev",
  GIT_AUTHOR_EMAIL: "dev@acme.example",
  GIT_COMMITTER_NAME: "Domain Dev",
  GIT_COMMITTER_EMAIL: "dev@acme.example",
  GIT_CONFIG_NOSYSTEM: "1",
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...GIT_ENV, HOME: cwd } }).trim();
}

/** A domain repository: a bare origin, a working clone on `main` with one released product. */
export interface DomainRepo {
  root: string;
  origin: string;
  work: string;
  contract: string;
  product: string;
  data: string;
  productId: string;
  baseSha: string;
  cleanup(): void;
}

/**
 * `meshkit init domain sales --product orders`, made a released 1.0.0 (active) and pushed to origin's
 * main: the base every scenario branches from.
 */
export function createDomainRepo(): DomainRepo {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "meshkit-e2e-")));
  const origin = join(root, "origin.git");
  const work = join(root, "work");
  git(root, "init", "--bare", "--initial-branch=main", origin);
  execFileSync(process.execPath, [CLI, "init", "domain", "sales", "--dir", work, "--product", "orders", "--owner", "ana@acme.example", "--team", "sales-data", "--support-channel", "#sales-data", "--cost-center", "CC-530", "--no-git"], { encoding: "utf8" });
  git(root, "init", "--initial-branch=main", work);
  const contract = join(work, "products/orders/orders.odcs.yaml");
  const product = join(work, "products/orders/product.odps.yaml");
  const data = join(work, "products/orders/data/orders.csv");
  edit(contract, (text) => text.replace(/^version: .*$/m, "version: 1.0.0").replace(/^status: .*$/m, "status: active"));
  edit(product, (text) => setProductVersion(text, "1.0.0").replace(/^status: .*$/m, "status: active"));
  git(work, "add", "-A");
  git(work, "commit", "-q", "-m", "orders 1.0.0");
  git(work, "remote", "add", "origin", origin);
  git(work, "push", "-q", "origin", "main");
  const productId = /^id: (.+)$/m.exec(readFileSync(product, "utf8"))?.[1] ?? "";
  return { root, origin, work, contract, product, data, productId, baseSha: git(work, "rev-parse", "HEAD"), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The contract's version. */
export function setContractVersion(text: string, version: string): string {
  return text.replace(/^version: .*$/m, `version: ${version}`);
}

/** The product's version and its output port's contract version (one port, as `meshkit init` makes it). */
export function setProductVersion(text: string, version: string): string {
  return text.replace(/^version: .*$/m, `version: ${version}`).replace(/^(\s+version: ).*$/m, (_, key: string) => `${key}${version}`);
}

export function edit(file: string, change: (text: string) => string): void {
  const before = readFileSync(file, "utf8");
  const after = change(before);
  if (after === before) throw new Error(`the edit changed nothing in ${file}`);
  writeFileSync(file, after);
}

/**
 * A pull request branch from main with one commit made by `change` (or, with `push`, one more commit
 * on the branch as it is); returns its head SHA.
 */
export function openPullRequest(repo: DomainRepo, branch: string, change: () => void, options: { push?: boolean } = {}): string {
  if (options.push) git(repo.work, "checkout", "-q", branch);
  else git(repo.work, "checkout", "-q", "-B", branch, repo.baseSha);
  change();
  git(repo.work, "commit", "-q", "-am", branch);
  git(repo.work, "push", "-q", "-f", "origin", branch);
  return git(repo.work, "rev-parse", "HEAD");
}

/** The `pull_request` webhook payload GitHub writes to GITHUB_EVENT_PATH (the fields meshkit reads, and a few more). */
export function pullRequestEvent(repo: DomainRepo, branch: string, headSha: string, options: { number: number; fork?: boolean }) {
  const headRepo = options.fork ? "contributor/sales-data" : REPOSITORY;
  return {
    name: "pull_request",
    payload: {
      action: "synchronize",
      number: options.number,
      pull_request: {
        number: options.number,
        state: "open",
        head: { ref: branch, sha: headSha, repo: { full_name: headRepo, fork: options.fork === true } },
        base: { ref: "main", sha: repo.baseSha, repo: { full_name: REPOSITORY } },
      },
      repository: { full_name: REPOSITORY, default_branch: "main" },
    },
  };
}

/** The `push` payload of a merge into main. */
export function pushEvent(before: string, after: string) {
  return { name: "push", payload: { ref: "refs/heads/main", before, after, repository: { full_name: REPOSITORY, default_branch: "main" } } };
}

/** The pipeline's actions, bundled, each copied once for the whole file. */
export class PipelineActions {
  private readonly actions = new Map<string, BundledAction>();

  action(name: string): BundledAction {
    let action = this.actions.get(name);
    if (!action) {
      action = bundledAction(resolve(REPO_ROOT, "actions", name));
      this.actions.set(name, action);
    }
    return action;
  }

  cleanup(): void {
    for (const action of this.actions.values()) action.cleanup();
  }
}

export interface JobRun {
  steps: Record<string, BundledActionRun>;
}

/**
 * The reusable workflow's pull request job: each stage a step, every step after the first with
 * `if: !cancelled()`, in one workspace (a full clone of the pull request's head).
 */
export async function runPullRequestJob(actions: PipelineActions, workspace: string, event: ReturnType<typeof pullRequestEvent>, options: { apiUrl: string; token: string }): Promise<JobRun> {
  const env = runnerEnv(workspace, { GITHUB_API_URL: options.apiUrl, GITHUB_REF: `refs/pull/${event.payload.number}/merge`, GITHUB_SHA: event.payload.pull_request.head.sha });
  const steps: Record<string, BundledActionRun> = {};
  const stages: [string, Record<string, string>][] = [
    ["contract-lint", {}],
    ["schema-compat", {}],
    ["policy-check", {}],
    ["contract-test", { "as-of": SAMPLE_AS_OF, "results-file": ".meshkit/contract-test.json" }],
    ["provision", { command: "plan" }],
  ];
  for (const [name, inputs] of stages) steps[name] = await actions.action(name).runAsync(workspace, inputs, { event, env, githubToken: options.token });
  return { steps };
}

/** The environment the runner gives every step (git can commit and push: HOME with an identity). */
export function runnerEnv(workspace: string, more: Record<string, string>): Record<string, string> {
  const home = join(workspace, "..", "runner-home");
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, ".gitconfig"), "[user]\n\tname = github-actions[bot]\n\temail = 41898282+github-actions[bot]@users.noreply.github.com\n");
  return { HOME: home, GITHUB_REPOSITORY: REPOSITORY, GITHUB_ACTOR: "domain-dev", GITHUB_RUN_ID: "4242", ...more };
}

/** `actions/checkout` with fetch-depth 0: a full clone of origin at `sha`. */
export function checkout(repo: DomainRepo, sha: string, name: string): string {
  const dir = join(repo.root, name);
  git(repo.root, "clone", "-q", repo.origin, dir);
  git(dir, "checkout", "-q", "--detach", sha);
  return dir;
}
