/**
 * Workflow hardening (issue 8): every GitHub Actions workflow in the repository — this repository's own
 * (.github/workflows), the examples' (examples/** /.github/workflows), the workflow text `meshkit init`
 * renders and every whole workflow the documentation shows (the actions' READMEs, docs/), and the jobs it
 * shows to add to one — is parsed with
 * the `yaml` package and checked for:
 *
 * - `permissions`: least privilege. Top-level `permissions: {}` (or read-only), and an explicit
 *   `permissions:` on every job; no `write-all`, no write grant at the top. A job that runs
 *   github/codeql-action/upload-sarif is granted what the upload needs: `security-events: write`, and
 *   `actions: read` (a private or internal repository's upload reads the workflow run).
 * - `expression-in-run`: no `${{ }}` inside a `run:` script (an expression is pasted into the script
 *   before the shell sees it: script injection), nor in the `script:` of actions/github-script (pasted
 *   into JavaScript the same way); a script reached through a YAML alias (`run: *script`) included.
 *   Values go through `env:`.
 * - `pull-request-target-checkout`: no privileged trigger together with a checkout of a pull request's
 *   code: `pull_request_target`, `issue_comment` and `workflow_run` run with the base repository's
 *   secrets and write token, so checking out the pull request's head (or the head of the run that
 *   triggered a `workflow_run`, which a fork's pull request starts) would run untrusted code with them,
 *   whether the ref is given to actions/checkout (directly or as `${{ env.NAME }}`), to a `git fetch`/`checkout`
 *   through an `env:` variable (the workflow's, the job's or the step's), or to a reusable workflow's `with:`
 *   (the called workflow runs with the caller's secrets and token).
 * - `unpinned-action`: third-party actions pinned by a 40-hex commit SHA; only local actions (`./...`)
 *   and meshkit's own (`meshkit/meshkit/...`, released as immutable vX.Y.Z tags and the moving vX) are
 *   exempt, and meshkit's own only by such a release tag (or a SHA), never by a branch. Docker images by
 *   sha256 digest: `docker://` steps, a job's `container:` and its `services:`.
 * - `apply-without-concurrency`: a job that applies or deploys (provision apply, by a released or a
 *   local `./actions/provision`; terraform apply, with global options such as `-chdir` too; `meshkit ci
 *   --event push`, which applies; a release; a job with an `environment:`) has a job-level `concurrency:`
 *   group, the same for every run (a group per commit or per run serializes nothing), that does not
 *   cancel a running job, so two applies never race.
 * - `persisted-credentials`: every actions/checkout sets `persist-credentials: false`. Otherwise the job's
 *   token stays in .git/config for every later step, and whatever those run (npm install scripts,
 *   terraform providers), to read; a step that pushes is given the token for that push, through the
 *   environment (`GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_0`/`GIT_CONFIG_VALUE_0`): a header or credential given as
 *   `git -c http….extraheader=…` is on the command line, which every process on the runner can read.
 * - `default-branch-runs-cancelled`: a workflow that runs on push and applies or releases must not put its
 *   pushes in one workflow-level concurrency group: GitHub keeps one pending run per group and cancels the
 *   one it replaces, so a commit's whole run (its release, its tags) would silently never happen. Pushes
 *   get a group per commit (`github.sha` / `github.run_id`); jobs that apply serialize with their own group.
 * - `write-token-with-apply`: a job that applies (provision apply, terraform apply) may not also hold a
 *   write permission: the warehouse credentials and Terraform's providers run there; what writes to the
 *   repository (tags, the catalog branch) goes in a job of its own.
 * - `apply-on-pull-request`: in a workflow a pull request can start (`pull_request`, `pull_request_target`,
 *   `merge_group`, or `workflow_call`, whose caller's event is not known here), a step that applies
 *   infrastructure runs only under a condition that rules pull requests out: an `if:` on its job or step that
 *   is false on each pull request event that can start the workflow (`github.event_name == 'push'`;
 *   `github.event_name != 'pull_request'` only when pull_request is the only one; `github.ref == 'refs/heads/main'`
 *   except on pull_request_target, which runs on the base branch's ref), or, for the provision action, a
 *   `command:` chosen by such a condition. Otherwise a pull request, a fork's included, would apply its unreviewed
 *   change (`terraform apply` has no gate of its own; meshkit's refuses, which fails every pull request instead).
 *
 * Each problem names the file and line. The negative tests below prove every check fires.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { LineCounter, type Node, type Pair, type Scalar, type YAMLMap, isAlias, isMap, isScalar, isSeq, parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { PULL_REQUEST_STAGES, RELEASE_JOBS, RELEASE_STAGES, domainWorkflow, reusableWorkflow } from "../packages/cli/src/init/workflow-template.js";
import { SAMPLE_AS_OF } from "../packages/cli/src/init/product-templates.js";

const REPO = fileURLToPath(new URL("../", import.meta.url));

export type CheckId =
  | "yaml-invalid"
  | "permissions"
  | "expression-in-run"
  | "pull-request-target-checkout"
  | "unpinned-action"
  | "apply-without-concurrency"
  | "persisted-credentials"
  | "default-branch-runs-cancelled"
  | "write-token-with-apply"
  | "apply-on-pull-request"
  | "write-token-on-pull-request";

export interface WorkflowProblem {
  file: string;
  line: number;
  check: CheckId;
  message: string;
}

export interface HardeningOptions {
  /** `owner/repo` whose actions and reusable workflows may be referenced by tag (meshkit's own releases). */
  trustedRepos?: string[];
}

const SHA = /^[0-9a-f]{40}$/;
/** A Docker image by content digest (`docker://alpine@sha256:…`, `postgres:16@sha256:…`): a tag can be pushed again. */
const IMAGE_DIGEST = /@sha256:[0-9a-f]{64}$/;
/** A release of meshkit's own actions: the immutable `vX.Y.Z` or the major `vX` that moves along its releases. */
const RELEASE_TAG = /^v\d+(?:\.\d+\.\d+)?$/;
/**
 * Triggers whose runs get the base repository's secrets and a write token while a pull request's code is
 * within reach: pull_request_target and issue_comment name the pull request; workflow_run names the head
 * of the run that triggered it, which a fork's pull request starts.
 */
const PRIVILEGED_TRIGGERS = ["pull_request_target", "issue_comment", "workflow_run"];
const PR_HEAD_REF = /github\.event\.pull_request\.head|github\.head_ref|refs\/pull\/|pull_request\.merge_commit_sha|github\.event\.workflow_run\.(?:head_|pull_requests)/;
const PR_HEAD_CHECKOUT_COMMAND = /\bgh\s+pr\s+checkout\b|\bgit\s+(?:fetch|checkout|switch)\b[^\n]*(?:pull\/|head_ref|HEAD_REF|pull_request\.head)/;
/** `terraform apply`, also with global options before the subcommand (`terraform -chdir=infra apply`). */
const TERRAFORM_APPLY = String.raw`terraform(?:\s+-\S+)*\s+apply`;
/** `meshkit ci` on a push: it applies, then publishes. */
const MESHKIT_CI_PUSH = String.raw`meshkit\s+ci\b[^\n]*(?:--event[=\s]+|-e\s*)["']?push\b`;
const APPLY_COMMAND = new RegExp(String.raw`\b(?:meshkit\s+provision\s+apply|${TERRAFORM_APPLY}|${MESHKIT_CI_PUSH}|scripts\/release\.mjs|npm\s+run\s+release)\b`);
/** Applies infrastructure (not a release script, which writes tags by design). */
/** A git credential given on the command line (`git -c http.https://github.com/.extraheader=AUTHORIZATION: …`). */
const CREDENTIAL_ON_COMMAND_LINE = /\bgit\b[^\n]*?\s-c\s*["']?(?:http\.[^\s=]*extraheader|credential\.)/i;
const INFRA_APPLY_COMMAND = new RegExp(String.raw`\b(?:meshkit\s+provision\s+apply|${TERRAFORM_APPLY}|${MESHKIT_CI_PUSH})\b`);
/** meshkit's provision action, released (`…/actions/provision@v1`) or local (`./actions/provision`). */
const PROVISION_ACTION = /(?:^|\/)actions\/provision(?:@|\/?$)/;
/** A concurrency group that differs per commit or per run. */
const PER_RUN_GROUP = /github\.(?:sha|run_id)\b/;
/** Triggers a pull request (a fork's too) can start a run with; a reusable workflow runs on its caller's. */
const PULL_REQUEST_TRIGGERS = ["pull_request", "pull_request_target", "merge_group", "workflow_call"];
/** Scopes a pull request's job writes its report to (the PR comment, check runs, statuses, code scanning alerts). */
const REPORTING_SCOPES = ["pull-requests", "issues", "checks", "statuses", "security-events"];
/**
 * `github.ref` on each event a pull request starts a run with: pull_request runs on the PR's merge ref and
 * merge_group on the queue's branch; pull_request_target runs on the base branch (`refs/heads/main` itself), so
 * no condition on the ref rules it out (undefined: not known here).
 */
const PULL_REQUEST_REFS: Record<string, string | undefined> = { pull_request: "refs/pull/1/merge", merge_group: "refs/heads/gh-readonly-queue/main/pr-1-0123456789abcdef0123456789abcdef01234567", pull_request_target: undefined };

/** A value of an expression, or UNKNOWN when it depends on more than the event and the ref (a status function, a step's output). */
const UNKNOWN = Symbol("unknown");
type ExpressionValue = string | number | boolean | null | typeof UNKNOWN;

/**
 * GitHub's expression `text` (an `if:` or a `${{ }}`) evaluated on `event`, knowing only `github.event_name`,
 * `github.ref` and `github.ref_name` (ref undefined: not known): `==` and `!=` compare strings ignoring case,
 * `&&` and `||` give an operand, as GitHub's do. Anything else (a function, another context) is UNKNOWN, and so is
 * what depends on it, so that `github.event_name != 'pull_request'` rules out pull_request but not
 * pull_request_target, and `github.event_name == 'push' || github.event_name == 'pull_request'` rules out neither.
 */
function evaluateOn(text: string, event: string, ref: string | undefined): ExpressionValue {
  const tokens = text.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1").match(/'(?:[^']|'')*'|[A-Za-z_][\w.*-]*|\d+(?:\.\d+)?|==|!=|<=|>=|&&|\|\||[!()<>,[\]]|\S/g) ?? [];
  let at = 0;
  const truthy = (v: ExpressionValue): boolean | typeof UNKNOWN => (v === UNKNOWN ? UNKNOWN : Boolean(v));
  // `||` gives its left operand when that is truthy, `&&` when it is falsy, else its right one; not knowing the left,
  // a right operand that decides alone (true for `||`, false for `&&`) still does.
  const logical = (operator: "&&" | "||", operand: () => ExpressionValue): ExpressionValue => {
    const decides = operator === "||";
    let left = operand();
    while (tokens[at] === operator) {
      at++;
      const right = operand();
      const l = truthy(left);
      left = l === decides ? left : l === !decides ? right : truthy(right) === decides ? right : UNKNOWN;
    }
    return left;
  };
  const or = (): ExpressionValue => logical("||", and);
  const and = (): ExpressionValue => logical("&&", comparison);
  const comparison = (): ExpressionValue => {
    let left = unary();
    while (["==", "!=", "<", ">", "<=", ">="].includes(tokens[at] ?? "")) {
      const operator = tokens[at++]!;
      const right = unary();
      if (left === UNKNOWN || right === UNKNOWN || !["==", "!="].includes(operator)) left = UNKNOWN;
      else {
        const equal = typeof left === "string" && typeof right === "string" ? left.toLowerCase() === right.toLowerCase() : left === right;
        left = operator === "==" ? equal : !equal;
      }
    }
    return left;
  };
  const unary = (): ExpressionValue => {
    if (tokens[at] === "!") {
      at++;
      const value = truthy(unary());
      return value === UNKNOWN ? UNKNOWN : !value;
    }
    return primary();
  };
  const primary = (): ExpressionValue => {
    const token = tokens[at++] ?? "";
    if (token === "(") {
      const value = or();
      at++;
      return value;
    }
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (/^\d/.test(token)) return Number(token);
    if (tokens[at] === "(") {
      // A function call: its arguments are read past, its value not known here.
      at++;
      while (at < tokens.length && tokens[at] !== ")") {
        if (tokens[at] === ",") at++;
        else or();
      }
      at++;
      return UNKNOWN;
    }
    if (token === "true" || token === "false") return token === "true";
    if (token === "null") return null;
    if (token === "github.event_name") return event;
    if (token === "github.ref") return ref ?? UNKNOWN;
    if (token === "github.ref_name") return ref === undefined ? UNKNOWN : ref.replace(/^refs\/(?:heads|tags|pull)\//, "");
    return UNKNOWN;
  };
  const value = or();
  return at >= tokens.length ? value : UNKNOWN;
}

/** Whether `condition` (an `if:`) is false on every event of `events` that a pull request starts a run with: never true for a pull request. */
function rulesOutPullRequests(condition: string, events: readonly string[]): boolean {
  return condition.trim() !== "" && events.every((event) => evaluateOn(condition, event, PULL_REQUEST_REFS[event]) === false);
}

/** Whether a provision `command:` chosen by an expression (`${{ github.event_name == 'push' && 'apply' || 'plan' }}`) is never apply for a pull request. */
function neverAppliesOn(command: string, events: readonly string[]): boolean {
  if (!/^\s*\$\{\{[\s\S]*\}\}\s*$/.test(command)) return false;
  return events.every((event) => {
    const value = evaluateOn(command, event, PULL_REQUEST_REFS[event]);
    return value !== UNKNOWN && !/apply/.test(String(value));
  });
}

/** Checks one workflow file's text. */
export function checkWorkflow(file: string, text: string, options: HardeningOptions = {}): WorkflowProblem[] {
  const trusted = options.trustedRepos ?? ["meshkit/meshkit"];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems: WorkflowProblem[] = [];
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const lineOf = (node: Node | Pair | null | undefined): number => {
    const target = node && "key" in node ? (node.key as Node | null) : node;
    return target?.range ? lineAt(target.range[0]) : 1;
  };
  const report = (check: CheckId, at: Node | Pair | number | null | undefined, message: string): void => {
    problems.push({ file, line: typeof at === "number" ? at : lineOf(at), check, message });
  };

  if (doc.errors.length > 0) {
    for (const error of doc.errors) report("yaml-invalid", lineAt(error.pos[0]), error.message.split("\n")[0]!);
    return problems;
  }
  const root = doc.contents;
  if (!isMap(root)) {
    report("yaml-invalid", 1, "a workflow is a mapping (name, on, permissions, jobs)");
    return problems;
  }

  // Triggers: `on:` as a name, a list of names or a mapping.
  const on = pair(root, "on");
  const triggers = !on ? [] : isScalar(on.value) ? [String(on.value.value)] : isSeq(on.value) ? on.value.items.map((i) => String(isScalar(i) ? i.value : "")) : isMap(on.value) ? keys(on.value) : [];
  const privilegedTrigger = PRIVILEGED_TRIGGERS.find((trigger) => triggers.includes(trigger));
  const pullRequestTrigger = PULL_REQUEST_TRIGGERS.find((trigger) => triggers.includes(trigger));
  // The events a pull request starts this workflow's runs with; a reusable workflow's are its caller's, any of them.
  const pullRequestEvents = triggers.includes("workflow_call") ? Object.keys(PULL_REQUEST_REFS) : Object.keys(PULL_REQUEST_REFS).filter((event) => triggers.includes(event));

  // Top-level permissions.
  const top = pair(root, "permissions");
  if (!top) report("permissions", 1, "no top-level `permissions:`; start from `permissions: {}` and grant each job what it needs");
  else if (isScalar(top.value)) {
    const value = String(top.value.value);
    if (value !== "read-all") report("permissions", top, `top-level \`permissions: ${value}\`; use \`permissions: {}\` (or read-only scopes) and grant each job what it needs`);
  } else if (isMap(top.value)) {
    for (const scope of top.value.items) {
      const level = isScalar(scope.value) ? String(scope.value.value) : "";
      if (level !== "read" && level !== "none") report("permissions", scope, `top-level \`permissions\` grants ${scopeName(scope)}: ${level}; grant write on the job that needs it`);
    }
  } else report("permissions", top, "top-level `permissions:` is neither a mapping nor read-all");

  // `env:` variables of the whole workflow that hold a pull request's head, as a job's or a step's can.
  const workflowHeadVariables = prHeadVariables(root);
  const jobs = pair(root, "jobs");
  if (!jobs || !isMap(jobs.value)) {
    report("yaml-invalid", jobs ?? 1, "no `jobs:` mapping");
    return problems;
  }
  let anyJobApplies = false;
  for (const jobPair of jobs.value.items) {
    const name = scopeName(jobPair);
    const job = jobPair.value;
    if (!isMap(job)) {
      report("yaml-invalid", jobPair, `job \`${name}\` is not a mapping`);
      continue;
    }
    const permissions = pair(job, "permissions");
    if (!permissions) report("permissions", jobPair, `job \`${name}\` has no \`permissions:\`; list the scopes it needs (e.g. contents: read)`);
    else if (isScalar(permissions.value) && /^(?:write-all|read-all)$/.test(String(permissions.value.value))) {
      report("permissions", permissions, `job \`${name}\` has \`permissions: ${String(permissions.value.value)}\`; list the scopes it needs`);
    }

    // A job that calls a reusable workflow.
    const jobUses = pair(job, "uses");
    if (jobUses && isScalar(jobUses.value)) checkUses(String(jobUses.value.value), jobUses);
    // ... handed the pull request's head on a privileged trigger: the called workflow runs in this run's
    // context (its secrets, its write token), so its checkout of that ref runs the pull request's code.
    const jobWith = pair(job, "with");
    if (privilegedTrigger && jobUses && jobWith && isMap(jobWith.value)) {
      for (const input of jobWith.value.items) {
        if (isScalar(input.value) && namesPrHead(String(input.value.value), workflowHeadVariables.concat(prHeadVariables(job)))) {
          report("pull-request-target-checkout", input, `job \`${name}\` hands the pull request's head (\`${scopeName(input)}\`) to a reusable workflow on ${privilegedTrigger}: it runs with this repository's secrets and write token, so a checkout of that ref runs untrusted code with them; use pull_request`);
        }
      }
    }
    // The job's container and its service containers: images the runner pulls and runs, as a docker:// step's.
    const container = pair(job, "container");
    if (container) checkImage(isMap(container.value) ? pair(container.value, "image") : container, `the container of job \`${name}\``);
    const services = pair(job, "services");
    for (const service of services && isMap(services.value) ? services.value.items : []) {
      checkImage(isMap(service.value) ? pair(service.value, "image") : service, `service \`${scopeName(service)}\` of job \`${name}\``);
    }

    let applies = pair(job, "environment") !== undefined;
    let appliesInfrastructure = false;
    const jobGuarded = rulesOutPullRequests(conditionOf(job), pullRequestEvents);
    const steps = pair(job, "steps");
    for (const stepNode of steps && isSeq(steps.value) ? steps.value.items : []) {
      if (!isMap(stepNode)) continue;
      const uses = pair(stepNode, "uses");
      const written = uses && isScalar(uses.value) ? String(uses.value.value) : undefined;
      if (uses && written !== undefined) checkUses(written, uses);
      // GitHub reads an action's owner and repository in any case (Actions/Checkout@… is actions/checkout).
      const usesValue = written?.toLowerCase();
      const withMap = pair(stepNode, "with");
      const withValue = (key: string): string | undefined => {
        const p = withMap && isMap(withMap.value) ? pair(withMap.value, key) : undefined;
        return p && isScalar(p.value) ? String(p.value.value) : undefined;
      };

      const run = pair(stepNode, "run");
      const runScript = run && scriptNode(run.value);
      if (runScript) {
        reportExpressions(runScript, `the \`run:\` script of job \`${name}\`; pass the value through the step's \`env:\` and use "$NAME"`);
        const script = String(runScript.value);
        if (privilegedTrigger && (PR_HEAD_CHECKOUT_COMMAND.test(script) || checksOutVariable(script, [...workflowHeadVariables, ...prHeadVariables(job), ...prHeadVariables(stepNode)]))) {
          report("pull-request-target-checkout", run, `job \`${name}\` checks out the pull request's head on ${privilegedTrigger}: its code would run with this repository's secrets and write token`);
        }
        if (APPLY_COMMAND.test(script)) applies = true;
        if (CREDENTIAL_ON_COMMAND_LINE.test(script)) {
          report("persisted-credentials", run, `job \`${name}\` gives git a credential with \`git -c\`: the command line is readable by every process on the runner; pass it as GIT_CONFIG_COUNT/GIT_CONFIG_KEY_0/GIT_CONFIG_VALUE_0 in the environment`);
        }
        if (INFRA_APPLY_COMMAND.test(script)) {
          appliesInfrastructure = true;
          checkApplyGuard(run, "");
        }
      }
      // upload-sarif writes code scanning alerts and reads the workflow run: a job granted less gets "Resource not
      // accessible by integration" (the read, in a private or internal repository), and the findings are lost.
      if (usesValue?.startsWith("github/codeql-action/upload-sarif@")) {
        const granted = (scope: string, levels: readonly string[]) => {
          const p = permissions && isMap(permissions.value) ? pair(permissions.value, scope) : undefined;
          return p !== undefined && isScalar(p.value) && levels.includes(String(p.value.value));
        };
        const missing = [...(granted("security-events", ["write"]) ? [] : ["security-events: write"]), ...(granted("actions", ["read", "write"]) ? [] : ["actions: read"])];
        if (missing.length > 0) {
          report("permissions", uses!, `job \`${name}\` uploads SARIF without \`${missing.join("` and `")}\` in its \`permissions:\`; upload-sarif needs security-events: write, and in a private or internal repository actions: read (it reads the workflow run)`);
        }
      }
      // actions/github-script pastes its `script:` into JavaScript as a run step pastes into the shell.
      if (usesValue?.startsWith("actions/github-script@")) {
        const githubScript = withMap && isMap(withMap.value) ? scriptNode(pair(withMap.value, "script")?.value) : undefined;
        if (githubScript) reportExpressions(githubScript, `the actions/github-script \`script:\` of job \`${name}\`; pass the value through the step's \`env:\` and read process.env.NAME`);
      }

      if (privilegedTrigger && usesValue?.startsWith("actions/checkout@")) {
        const ref = `${withValue("ref") ?? ""} ${withValue("repository") ?? ""}`;
        if (namesPrHead(ref, [...workflowHeadVariables, ...prHeadVariables(job), ...prHeadVariables(stepNode)])) {
          report("pull-request-target-checkout", uses!, `job \`${name}\` checks out the pull request's head on ${privilegedTrigger}: its code would run with this repository's secrets and write token; use pull_request`);
        }
      }
      if (usesValue?.startsWith("actions/checkout@") && withValue("persist-credentials") !== "false") {
        report("persisted-credentials", uses!, `job \`${name}\` checks out without \`persist-credentials: false\`: the token stays in .git/config for every later step to read; give a step that pushes its token instead`);
      }
      if (usesValue !== undefined && PROVISION_ACTION.test(usesValue) && /apply/.test(withValue("command") ?? "")) {
        applies = appliesInfrastructure = true;
        checkApplyGuard(uses!, withValue("command")!);
      }

      /** A step that applies, in a workflow a pull request can start, needs a condition that rules pull requests out. */
      function checkApplyGuard(at: Pair, command: string): void {
        if (!pullRequestTrigger || jobGuarded || rulesOutPullRequests(conditionOf(stepNode as YAMLMap), pullRequestEvents) || neverAppliesOn(command, pullRequestEvents)) return;
        report("apply-on-pull-request", at, `job \`${name}\` applies infrastructure, and ${pullRequestTrigger} can start this workflow: a pull request (a fork's too) would apply its unreviewed change; run it only on a push to the default branch (\`if: github.event_name == 'push'\`, or \`github.ref == 'refs/heads/main'\`)`);
      }
    }
    anyJobApplies ||= applies;

    if (appliesInfrastructure && permissions && isMap(permissions.value)) {
      for (const scope of permissions.value.items) {
        if (isScalar(scope.value) && String(scope.value.value) === "write") {
          report("write-token-with-apply", scope, `job \`${name}\` applies infrastructure and holds ${scopeName(scope)}: write; the warehouse credentials and Terraform's providers must not share a job with a write token (write in a job of its own that needs this one)`);
        }
      }
    }

    // A pull request from the repository itself gets the job's write token, and the job reads the pull request's
    // files (contracts, data, config): a write that only a push needs belongs to a job that runs only on a push.
    // A job that calls a reusable workflow grants the most its jobs may have; each of them narrows it (and is checked).
    if (pullRequestTrigger && !jobGuarded && !jobUses && permissions && isMap(permissions.value)) {
      for (const scope of permissions.value.items) {
        if (isScalar(scope.value) && String(scope.value.value) === "write" && !REPORTING_SCOPES.includes(scopeName(scope))) {
          report("write-token-on-pull-request", scope, `job \`${name}\` holds ${scopeName(scope)}: write, and ${pullRequestTrigger} can start it: a pull request's run gets that token; grant it in a job that runs only on a push (\`if: github.event_name == 'push'\`), and keep the pull request's job to read and its reports (${REPORTING_SCOPES.join(", ")})`);
        }
      }
    }

    if (applies) {
      const concurrency = pair(job, "concurrency");
      // `concurrency: <group>` or `concurrency: { group: <group>, cancel-in-progress: … }`.
      const groupNode = concurrency && (isScalar(concurrency.value) ? concurrency.value : isMap(concurrency.value) ? pair(concurrency.value, "group")?.value : undefined);
      const group = isScalar(groupNode) && groupNode.value !== null ? String(groupNode.value) : "";
      const cancel = concurrency && isMap(concurrency.value) ? pair(concurrency.value, "cancel-in-progress") : undefined;
      if (!concurrency || group === "") {
        report("apply-without-concurrency", jobPair, `job \`${name}\` applies or deploys without a job-level \`concurrency:\` group; two runs could apply at once (add one per repository and target, cancel-in-progress: false)`);
      } else if (PER_RUN_GROUP.test(group)) {
        report("apply-without-concurrency", concurrency, `job \`${name}\` applies or deploys in a \`concurrency:\` group that differs per commit or run (\`${group}\`), so two runs still apply at once; use one group per repository and target`);
      } else if (cancel && !(isScalar(cancel.value) && cancel.value.value === false)) {
        report("apply-without-concurrency", cancel, `job \`${name}\` applies or deploys with \`cancel-in-progress\` other than false; a cancelled apply leaves the infrastructure half-changed`);
      }
    }
  }
  // A workflow-level group that holds every push: a pending run is cancelled when the next one queues.
  const topConcurrency = pair(root, "concurrency");
  if (anyJobApplies && triggers.includes("push") && topConcurrency) {
    const group = isScalar(topConcurrency.value) ? String(topConcurrency.value.value) : isMap(topConcurrency.value) ? String((pair(topConcurrency.value, "group")?.value as Node & { value?: unknown })?.value ?? "") : "";
    if (!PER_RUN_GROUP.test(group)) {
      report("default-branch-runs-cancelled", topConcurrency, `workflow-level \`concurrency\` group \`${group}\` holds every push: GitHub cancels a pending run when a newer one queues, so a commit's apply or release would never run; give pushes a group per commit (github.sha) and serialize the applying job with its own group`);
    }
  }
  return problems;

  /** A job's or step's `if:` as written ("" for none). */
  function conditionOf(map: YAMLMap): string {
    const condition = pair(map, "if");
    return condition && isScalar(condition.value) ? String(condition.value.value ?? "") : "";
  }

  /** The `env:` variables of a job or step that hold a pull request's head (`HEAD: ${{ github.event.pull_request.head.sha }}`). */
  function prHeadVariables(map: YAMLMap): string[] {
    const env = pair(map, "env");
    if (!env || !isMap(env.value)) return [];
    return env.value.items.filter((p) => isScalar(p.value) && PR_HEAD_REF.test(String(p.value.value))).map(scopeName);
  }

  /** A script's scalar, also when the key holds a YAML alias of one (`run: *script`). */
  function scriptNode(node: Node | null | undefined): Scalar | undefined {
    const target = isAlias(node) ? node.resolve(doc) : node;
    return isScalar(target) && target.range ? target : undefined;
  }

  /** Each `${{` in a script, on its exact line: the scan reads the script's source text. */
  function reportExpressions(script: Scalar, where: string): void {
    const [start, end] = script.range!;
    const source = text.slice(start, end);
    for (let at = source.indexOf("${{"); at >= 0; at = source.indexOf("${{", at + 3)) {
      report("expression-in-run", lineAt(start + at), `\`\${{ }}\` inside ${where}`);
    }
  }

  function checkUses(uses: string, at: Pair): void {
    if (uses.startsWith("./")) return;
    if (uses.startsWith("docker://")) {
      if (!IMAGE_DIGEST.test(uses)) report("unpinned-action", at, `\`${uses}\` is not pinned by digest; use docker://image@sha256:<digest>`);
      return;
    }
    const [path, ref = ""] = uses.split("@");
    if (trusted.some((repo) => path!.toLowerCase() === repo.toLowerCase() || path!.toLowerCase().startsWith(`${repo.toLowerCase()}/`))) {
      // meshkit's own: a release (the immutable vX.Y.Z or the major vX) or a commit, never a branch's moving head.
      if (!RELEASE_TAG.test(ref) && !SHA.test(ref)) report("unpinned-action", at, `\`${uses}\` is not a release of meshkit; use a release tag (${path}@v1, or @vX.Y.Z) or a full commit SHA`);
      return;
    }
    if (!SHA.test(ref)) report("unpinned-action", at, `third-party \`${uses}\` is not pinned by a full commit SHA; use ${path}@<40-hex SHA> # <release> (Dependabot updates both)`);
  }

  /** A `container:` or service image (`image: node:20`, or the short form `container: node:20`): by digest only. */
  function checkImage(image: Pair | undefined, what: string): void {
    if (!image || !isScalar(image.value)) return;
    const reference = String(image.value.value ?? "");
    if (!IMAGE_DIGEST.test(reference)) report("unpinned-action", image, `${what} runs image \`${reference}\`, which is not pinned by digest; use <image>@sha256:<digest>`);
  }
}

/**
 * Whether an expression names a pull request's head: directly (`${{ github.event.pull_request.head.sha }}`)
 * or through the `env` context, one of these variables that holds it (`${{ env.HEAD }}`).
 */
function namesPrHead(value: string, variables: string[]): boolean {
  return PR_HEAD_REF.test(value) || variables.some((name) => new RegExp(String.raw`\benv\.${name.replace(/[^\w-]/g, "\\$&")}\b`).test(value));
}

/** Whether a git fetch, checkout or switch in the script names one of these variables (`git checkout "$HEAD"`). */
function checksOutVariable(script: string, variables: string[]): boolean {
  return variables.some((name) => new RegExp(String.raw`\bgit\s+(?:fetch|checkout|switch)\b[^\n]*\$\{?${name}\b`).test(script));
}

function pair(map: YAMLMap, key: string): Pair<Node, Node> | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<Node, Node> | undefined;
}

function keys(map: YAMLMap): string[] {
  return map.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ""));
}

function scopeName(p: Pair): string {
  return isScalar(p.key) ? String(p.key.value) : "?";
}

export function formatProblem(p: WorkflowProblem): string {
  return `${p.file}:${p.line}: ${p.check}: ${p.message}`;
}

const SKIP_DIRS = new Set(["node_modules", ".git", "dist", ".turbo", "test-output", "coverage", ".meshkit", "lake"]);

/** Every `.github/workflows/*.yml|yaml` under the repository (its own and nested example repositories). */
export function workflowFiles(dir = REPO): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.name === "workflows" && basename(dir) === ".github") {
      for (const file of readdirSync(path)) if (/\.ya?ml$/.test(file)) found.push(relative(REPO, join(path, file)).split("\\").join("/"));
    }
    found.push(...workflowFiles(path));
  }
  return found.sort();
}

/**
 * Whole workflows (a YAML block with `on:` and `jobs:`), and jobs to add to one, shown in the documentation:
 * the actions' READMEs and docs/. People copy them into their repositories, so they are held to the same checks.
 */
export function documentedWorkflows(dir = REPO): { name: string; text: string }[] {
  const found: { name: string; text: string }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && entry.name !== ".changeset") found.push(...documentedWorkflows(path));
      continue;
    }
    if (!entry.name.endsWith(".md") || entry.name === "CHANGELOG.md") continue;
    const markdown = readFileSync(path, "utf8");
    const block = /^```ya?ml\n([\s\S]*?)^```/gm;
    for (let match = block.exec(markdown); match; match = block.exec(markdown)) {
      const text = workflowOfBlock(match[1]!);
      if (text === undefined) continue;
      const line = markdown.slice(0, match.index).split("\n").length + 1;
      found.push({ name: `${relative(REPO, path).split("\\").join("/")} (the block at line ${line})`, text });
    }
  }
  return found;
}

/**
 * A documentation block as a workflow to check: a whole workflow (`on:` and `jobs:`) as it is, or the
 * jobs of one (`jobs:` alone, or every key a job with `runs-on` and `steps`: the docs' "add these jobs
 * after publish"), put into a workflow that pushes to main start. Anything else (steps, inputs,
 * configs) is no workflow.
 */
function workflowOfBlock(block: string): string | undefined {
  const yaml = parseDocument(block);
  if (!isMap(yaml.contents)) return undefined;
  if (yaml.contents.has("on") && yaml.contents.has("jobs")) return block;
  const header = "name: documented-jobs\non:\n  push:\n    branches: [main]\npermissions: {}\n";
  if (yaml.contents.has("jobs")) return yaml.contents.items.length === 1 ? header + block : undefined;
  const jobs = yaml.contents.items;
  const isJob = (value: unknown) => isMap(value) && value.has("runs-on") && value.has("steps");
  if (jobs.length === 0 || !jobs.every((pair) => isJob(pair.value))) return undefined;
  // Under `jobs:` the job ids need an indent; a block written at the margin gets one.
  const atMargin = /^[^\s#]/m.test(block.split("\n").find((line) => line.trim() !== "" && !line.trimStart().startsWith("#")) ?? "");
  const indented = atMargin ? block.split("\n").map((line) => (line === "" ? line : `  ${line}`)).join("\n") : block;
  return `${header}jobs:\n${indented}`;
}

/** Workflow text the init templates render, checked like files (custom actions repositories included). */
function renderedWorkflows(): { name: string; text: string; trustedRepos: string[] }[] {
  return [
    { name: "<reusableWorkflow()>", text: reusableWorkflow(), trustedRepos: ["meshkit/meshkit"] },
    { name: "<domainWorkflow()>", text: domainWorkflow({ asOf: SAMPLE_AS_OF }), trustedRepos: ["meshkit/meshkit"] },
    { name: "<domainWorkflow(acme/meshkit)>", text: domainWorkflow({ asOf: SAMPLE_AS_OF, defaultBranch: "trunk" }, { actionsRepo: "acme/meshkit" }), trustedRepos: ["acme/meshkit"] },
  ];
}

describe("workflow hardening: every workflow in the repository", () => {
  const files = workflowFiles();

  it("finds this repository's workflows and the examples'", () => {
    expect(files).toEqual(expect.arrayContaining([
      ".github/workflows/ci.yml",
      ".github/workflows/data-product.yml",
      ".github/workflows/release.yml",
      "examples/domain-repo/.github/workflows/data-product.yml",
    ]));
  });

  it.each(files)("%s passes every check", (file) => {
    const problems = checkWorkflow(file, readFileSync(join(REPO, file), "utf8"));
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it.each(renderedWorkflows().map((w) => [w.name, w] as const))("%s (rendered by the init templates) passes every check", (_name, workflow) => {
    expect(checkWorkflow(workflow.name, workflow.text, { trustedRepos: workflow.trustedRepos }).map(formatProblem)).toEqual([]);
  });

  const documented = documentedWorkflows();
  it("finds the workflows the documentation shows", () => {
    expect(documented.map((w) => w.name.replace(/ \(.*$/, ""))).toEqual(expect.arrayContaining(["actions/provision/README.md", "actions/catalog-publish/README.md", "docs/provision.md", "docs/catalog.md"]));
  });

  // `<org>/meshkit` is the docs' placeholder for meshkit's own repository.
  it.each(documented.map((w) => [w.name, w] as const))("%s (a workflow in the documentation) passes every check", (_name, workflow) => {
    expect(checkWorkflow(workflow.name, workflow.text, { trustedRepos: ["meshkit/meshkit", "<org>/meshkit"] }).map(formatProblem)).toEqual([]);
  });
});

/** A small workflow that passes every check; each negative test breaks one thing. */
const GOOD = `name: ok
on:
  pull_request:
  push:
    branches: [main]
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
      - uses: ./local-action
      - uses: meshkit/meshkit/actions/contract-lint@v1
      - name: title
        env:
          TITLE: \${{ github.event.pull_request.title }}
        run: echo "$TITLE"
  apply:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    concurrency:
      group: apply-\${{ github.repository }}
      cancel-in-progress: false
    steps:
      - uses: meshkit/meshkit/actions/provision@v1
        with:
          command: apply
    if: github.event_name == 'push'
`;

function problemsOf(text: string): { check: CheckId; line: number }[] {
  return checkWorkflow("bad.yml", text).map(({ check, line }) => ({ check, line }));
}

describe("workflow hardening: each check fires on a bad workflow", () => {
  it("passes the good workflow", () => {
    expect(problemsOf(GOOD)).toEqual([]);
  });

  it("permissions: none at the top", () => {
    expect(problemsOf(GOOD.replace("permissions: {}\n", ""))).toEqual([{ check: "permissions", line: 1 }]);
  });

  it("permissions: write-all at the top, or a write grant there", () => {
    expect(problemsOf(GOOD.replace("permissions: {}", "permissions: write-all"))).toEqual([{ check: "permissions", line: 6 }]);
    expect(problemsOf(GOOD.replace("permissions: {}", "permissions:\n  contents: read\n  pull-requests: write"))).toEqual([{ check: "permissions", line: 8 }]);
    expect(problemsOf(GOOD.replace("permissions: {}", "permissions: read-all"))).toEqual([]);
  });

  it("permissions: a job that uploads SARIF without security-events: write and actions: read", () => {
    const upload = "      - uses: github/codeql-action/upload-sarif@5d4e8d1aca955e8d8589aabd499c5cae939e33c7 # v4.31.9\n        with:\n          sarif_file: lint.sarif\n";
    const uploading = (grants: string) => GOOD.replace("      contents: read\n    steps:", `      contents: read\n${grants}    steps:`).replace("      - uses: ./local-action\n", `      - uses: ./local-action\n${upload}`);
    expect(problemsOf(uploading("      security-events: write\n      actions: read\n"))).toEqual([]);
    expect(problemsOf(uploading("      security-events: write\n"))).toEqual([{ check: "permissions", line: 18 }]);
    expect(checkWorkflow("bad.yml", uploading("      security-events: write\n"))[0]!.message).toMatch(/^job `test` uploads SARIF without `actions: read` in its `permissions:`/);
    expect(checkWorkflow("bad.yml", uploading(""))[0]!.message).toMatch(/without `security-events: write` and `actions: read`/);
  });

  it("permissions: a job without its own, or with write-all", () => {
    expect(problemsOf(GOOD.replace("    permissions:\n      contents: read\n    steps:", "    steps:"))).toEqual([{ check: "permissions", line: 8 }]);
    expect(problemsOf(GOOD.replace("    permissions:\n      contents: read\n    steps:", "    permissions: write-all\n    steps:"))).toEqual([{ check: "permissions", line: 10 }]);
  });

  it("expression-in-run: `${{ }}` in a script, on its exact line, also in a block script", () => {
    expect(problemsOf(GOOD.replace('run: echo "$TITLE"', "run: echo \"${{ github.event.pull_request.title }}\""))).toEqual([{ check: "expression-in-run", line: 21 }]);
    const block = GOOD.replace('run: echo "$TITLE"', 'run: |\n          echo "start"\n          echo "${{ github.head_ref }}" > ref\n          git log -1 ${{ github.sha }}');
    expect(problemsOf(block)).toEqual([
      { check: "expression-in-run", line: 23 },
      { check: "expression-in-run", line: 24 },
    ]);
    // A folded script, and a script in another shell, are pasted into all the same.
    expect(problemsOf(GOOD.replace('run: echo "$TITLE"', 'shell: python\n        run: >\n          print(\n          "${{ github.event.pull_request.title }}")'))).toEqual([{ check: "expression-in-run", line: 24 }]);
  });

  it("expression-in-run: a script reached through a YAML alias, and actions/github-script's `script:`", () => {
    const aliased = GOOD.replace("    steps:\n      - uses: actions/checkout", "    env:\n      UNUSED: &script echo \"${{ github.event.pull_request.title }}\"\n    steps:\n      - uses: actions/checkout").replace('run: echo "$TITLE"', "run: *script");
    expect(problemsOf(aliased)).toEqual([{ check: "expression-in-run", line: 13 }]);
    const githubScript = GOOD.replace("      - uses: ./local-action\n", "      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1\n        with:\n          script: |\n            core.info(\"${{ github.event.pull_request.title }}\")\n");
    expect(problemsOf(githubScript)).toEqual([{ check: "expression-in-run", line: 19 }]);
    expect(problemsOf(githubScript.replace('core.info("${{ github.event.pull_request.title }}")', "core.info(process.env.TITLE)"))).toEqual([]);
  });

  it("pull-request-target-checkout: the head checked out with actions/checkout, or by a script", () => {
    const target = GOOD.replace("  pull_request:\n", "  pull_request_target:\n");
    expect(problemsOf(target)).toEqual([]); // pull_request_target alone, checking out the base: allowed
    const head = target.replace("          persist-credentials: false", "          ref: ${{ github.event.pull_request.head.sha }}\n          persist-credentials: false");
    expect(problemsOf(head)).toEqual([{ check: "pull-request-target-checkout", line: 13 }]);
    const script = target.replace('run: echo "$TITLE"', "run: gh pr checkout \"$PR\"");
    expect(problemsOf(script)).toEqual([{ check: "pull-request-target-checkout", line: 21 }]);
    // workflow_run and issue_comment run with the same secrets and token: the triggering run's head, a pull request's ref.
    const workflowRun = GOOD.replace("  pull_request:\n", "  workflow_run:\n    workflows: [ci]\n    types: [completed]\n");
    expect(problemsOf(workflowRun)).toEqual([]);
    expect(problemsOf(workflowRun.replace("          persist-credentials: false", "          ref: ${{ github.event.workflow_run.head_sha }}\n          persist-credentials: false"))).toEqual([{ check: "pull-request-target-checkout", line: 15 }]);
    const comment = GOOD.replace("  pull_request:\n", "  issue_comment:\n");
    expect(problemsOf(comment.replace("          persist-credentials: false", "          ref: refs/pull/${{ github.event.issue.number }}/head\n          persist-credentials: false"))).toEqual([{ check: "pull-request-target-checkout", line: 13 }]);
    expect(problemsOf(comment.replace('run: echo "$TITLE"', "run: gh pr checkout \"$PR\""))).toEqual([{ check: "pull-request-target-checkout", line: 21 }]);
    // The head's ref handed to git through the job's or the step's env:.
    const headVariable = target.replace('run: echo "$TITLE"', 'run: |\n          git fetch origin "$HEAD"\n          git checkout "${HEAD}"').replace("TITLE: ${{ github.event.pull_request.title }}", "HEAD: ${{ github.event.pull_request.head.sha }}");
    expect(problemsOf(headVariable)).toEqual([{ check: "pull-request-target-checkout", line: 21 }]);
    expect(problemsOf(workflowRun.replace("    steps:\n      - uses: actions/checkout", "    env:\n      SHA: ${{ github.event.workflow_run.head_sha }}\n    steps:\n      - uses: actions/checkout").replace('run: echo "$TITLE"', 'run: git checkout "$SHA" && make'))).toEqual([{ check: "pull-request-target-checkout", line: 25 }]);
    // The owner and repository in another case are the same action.
    expect(problemsOf(head.replace("uses: actions/checkout@", "uses: Actions/Checkout@"))).toEqual([{ check: "pull-request-target-checkout", line: 13 }]);
    // The head handed to actions/checkout through the env context: the workflow's, the job's or the step's env:.
    const viaEnv = target.replace("          persist-credentials: false", "          ref: ${{ env.PR_SHA }}\n          persist-credentials: false");
    expect(problemsOf(viaEnv.replace("permissions: {}\n", "permissions: {}\nenv:\n  PR_SHA: ${{ github.event.pull_request.head.sha }}\n"))).toEqual([{ check: "pull-request-target-checkout", line: 15 }]);
    expect(problemsOf(viaEnv.replace("    steps:\n      - uses: actions/checkout", "    env:\n      PR_SHA: ${{ github.event.pull_request.head.sha }}\n    steps:\n      - uses: actions/checkout"))).toEqual([{ check: "pull-request-target-checkout", line: 15 }]);
    expect(problemsOf(viaEnv.replace("permissions: {}\n", "permissions: {}\nenv:\n  PR_SHA: ${{ github.event.pull_request.base.sha }}\n"))).toEqual([]); // the base is trusted code
    // A script that checks out the workflow env:'s head variable.
    const workflowEnv = target.replace("permissions: {}\n", "permissions: {}\nenv:\n  PR_SHA: ${{ github.event.pull_request.head.sha }}\n").replace('run: echo "$TITLE"', 'run: git fetch origin "$PR_SHA" && git checkout "$PR_SHA"');
    expect(problemsOf(workflowEnv)).toEqual([{ check: "pull-request-target-checkout", line: 23 }]);
    // A reusable workflow called with the head runs in this run's context: its checkout of it runs the pull request's code.
    const reusable = `name: caller\non: pull_request_target\npermissions: {}\njobs:\n  call:\n    permissions:\n      contents: read\n    uses: ./.github/workflows/build.yml\n    with:\n      ref: \${{ github.event.pull_request.head.sha }}\n`;
    expect(problemsOf(reusable)).toEqual([{ check: "pull-request-target-checkout", line: 10 }]);
    expect(problemsOf(reusable.replace("on: pull_request_target", "on: pull_request"))).toEqual([]);
    expect(problemsOf(reusable.replace("head.sha", "base.sha"))).toEqual([]);
    // The same checkout on pull_request is the normal case.
    expect(problemsOf(GOOD.replace("          persist-credentials: false", "          ref: ${{ github.event.pull_request.head.sha }}\n          persist-credentials: false"))).toEqual([]);
  });

  it("unpinned-action: a third-party action by tag or branch, a short SHA, a docker image by tag, a reusable workflow by tag", () => {
    expect(problemsOf(GOOD.replace("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "actions/checkout@v4"))).toEqual([{ check: "unpinned-action", line: 13 }]);
    expect(problemsOf(GOOD.replace("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "actions/checkout@11bd719"))).toEqual([{ check: "unpinned-action", line: 13 }]);
    expect(problemsOf(GOOD.replace("uses: ./local-action", "uses: docker://alpine:3.20"))).toEqual([{ check: "unpinned-action", line: 16 }]);
    expect(problemsOf(GOOD.replace("uses: ./local-action", `uses: docker://alpine@sha256:${"a".repeat(64)}`))).toEqual([]);
    // meshkit's own releases may go by tag; a look-alike owner may not.
    expect(problemsOf(GOOD.replace("meshkit/meshkit/actions/contract-lint@v1", "meshkit/meshkit-fork/actions/contract-lint@v1"))).toEqual([{ check: "unpinned-action", line: 17 }]);
    const caller = `name: caller\non: push\npermissions: {}\njobs:\n  call:\n    permissions:\n      contents: read\n    uses: some-org/workflows/.github/workflows/build.yml@main\n`;
    expect(problemsOf(caller)).toEqual([{ check: "unpinned-action", line: 8 }]);
    expect(problemsOf(caller.replace("some-org/workflows/.github/workflows/build.yml@main", "meshkit/meshkit/.github/workflows/data-product.yml@v1"))).toEqual([]);
  });

  it("unpinned-action: meshkit's own actions by a branch, not a release tag or a SHA", () => {
    expect(problemsOf(GOOD.replace("meshkit/meshkit/actions/contract-lint@v1", "meshkit/meshkit/actions/contract-lint@main"))).toEqual([{ check: "unpinned-action", line: 17 }]);
    expect(problemsOf(GOOD.replace("meshkit/meshkit/actions/contract-lint@v1", "meshkit/meshkit/actions/contract-lint"))).toEqual([{ check: "unpinned-action", line: 17 }]);
    expect(problemsOf(GOOD.replace("meshkit/meshkit/actions/contract-lint@v1", "meshkit/meshkit/actions/contract-lint@v1.2.3"))).toEqual([]);
    expect(problemsOf(GOOD.replace("meshkit/meshkit/actions/contract-lint@v1", `meshkit/meshkit/actions/contract-lint@${"b".repeat(40)}`))).toEqual([]);
  });

  it("unpinned-action: a job's container or service image by tag", () => {
    const digest = `sha256:${"c".repeat(64)}`;
    const withContainer = (container: string) => GOOD.replace("  test:\n    runs-on: ubuntu-latest\n", `  test:\n    runs-on: ubuntu-latest\n${container}`);
    expect(problemsOf(withContainer("    container: node:20\n"))).toEqual([{ check: "unpinned-action", line: 10 }]);
    expect(problemsOf(withContainer("    container:\n      image: node:20\n      options: --user 1001\n"))).toEqual([{ check: "unpinned-action", line: 11 }]);
    expect(problemsOf(withContainer(`    container:\n      image: node:20@${digest}\n`))).toEqual([]);
    const services = withContainer(`    services:\n      postgres:\n        image: postgres:16\n      cache:\n        image: redis@${digest}\n`);
    expect(problemsOf(services)).toEqual([{ check: "unpinned-action", line: 12 }]);
  });

  it("persisted-credentials: a checkout that leaves its token in .git/config", () => {
    expect(problemsOf(GOOD.replace("          persist-credentials: false\n", ""))).toEqual([{ check: "persisted-credentials", line: 13 }]);
    // A token given on git's command line is as readable: any process can list it.
    const withPush = (script: string) => GOOD.replace("          persist-credentials: false\n", `          persist-credentials: false\n      - run: |\n          ${script}\n`);
    expect(problemsOf(withPush(`git -c "http.$SERVER/.extraheader=AUTHORIZATION: basic $AUTH" push origin HEAD`))).toEqual([{ check: "persisted-credentials", line: 16 }]);
    expect(problemsOf(withPush(`GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="http.$SERVER/.extraheader" GIT_CONFIG_VALUE_0="$HEADER" git push origin HEAD`))).toEqual([]);
    expect(problemsOf(GOOD.replace("persist-credentials: false", "persist-credentials: true"))).toEqual([{ check: "persisted-credentials", line: 13 }]);
    expect(problemsOf(GOOD.replace("uses: actions/checkout@", "uses: Actions/checkout@").replace("          persist-credentials: false\n", ""))).toEqual([{ check: "persisted-credentials", line: 13 }]);
    expect(problemsOf(GOOD.replace("persist-credentials: false", "persist-credentials: ${{ inputs.push }}"))).toEqual([{ check: "persisted-credentials", line: 13 }]);
  });

  it("apply-without-concurrency: provision apply, terraform apply, a release or an environment without a group", () => {
    const noGroup = GOOD.replace("    concurrency:\n      group: apply-${{ github.repository }}\n      cancel-in-progress: false\n", "");
    expect(problemsOf(noGroup)).toEqual([{ check: "apply-without-concurrency", line: 22 }]);
    expect(problemsOf(GOOD.replace("cancel-in-progress: false", "cancel-in-progress: true"))).toEqual([{ check: "apply-without-concurrency", line: 28 }]);
    expect(problemsOf(noGroup.replace("command: apply", "command: plan"))).toEqual([]);
    const terraform = noGroup.replace("      - uses: meshkit/meshkit/actions/provision@v1\n        with:\n          command: apply", "      - run: terraform apply -auto-approve plan.tfplan");
    expect(problemsOf(terraform)).toEqual([{ check: "apply-without-concurrency", line: 22 }]);
    const environment = noGroup.replace("command: apply", "command: plan").replace("  apply:\n    runs-on: ubuntu-latest\n", "  apply:\n    runs-on: ubuntu-latest\n    environment: production\n");
    expect(problemsOf(environment)).toEqual([{ check: "apply-without-concurrency", line: 22 }]);
    // The local provision action, terraform with global options, and `meshkit ci` on a push apply too.
    expect(problemsOf(noGroup.replace("meshkit/meshkit/actions/provision@v1", "./actions/provision"))).toEqual([{ check: "apply-without-concurrency", line: 22 }]);
    const script = (run: string) => noGroup.replace("      - uses: meshkit/meshkit/actions/provision@v1\n        with:\n          command: apply", `      - run: ${run}`);
    expect(problemsOf(script("terraform -chdir=infra apply -auto-approve"))).toEqual([{ check: "apply-without-concurrency", line: 22 }]);
    expect(problemsOf(script("npx meshkit ci --event push --no-tags"))).toEqual([{ check: "apply-without-concurrency", line: 22 }]);
    expect(problemsOf(script("npx meshkit ci -e push"))).toEqual([{ check: "apply-without-concurrency", line: 22 }]);
    expect(problemsOf(script("npx meshkit ci --event pull_request"))).toEqual([]);
    // A group per commit or per run serializes nothing.
    expect(problemsOf(GOOD.replace("group: apply-${{ github.repository }}", "group: apply-${{ github.sha }}"))).toEqual([{ check: "apply-without-concurrency", line: 26 }]);
    expect(problemsOf(GOOD.replace("    concurrency:\n      group: apply-${{ github.repository }}\n      cancel-in-progress: false\n", "    concurrency: apply-${{ github.run_id }}\n"))).toEqual([{ check: "apply-without-concurrency", line: 26 }]);
    expect(problemsOf(GOOD.replace("    concurrency:\n      group: apply-${{ github.repository }}\n      cancel-in-progress: false\n", "    concurrency: \"\"\n"))).toEqual([{ check: "apply-without-concurrency", line: 22 }]);
  });

  it("default-branch-runs-cancelled: a workflow-level group that holds every push of a workflow that applies", () => {
    const top = (group: string) => GOOD.replace("permissions: {}\n", `permissions: {}\nconcurrency:\n  group: ${group}\n  cancel-in-progress: \${{ github.event_name == 'pull_request' }}\n`);
    expect(problemsOf(top("${{ github.workflow }}-${{ github.ref }}"))).toEqual([{ check: "default-branch-runs-cancelled", line: 7 }]);
    expect(problemsOf(top("${{ github.workflow }}-${{ github.event_name == 'pull_request' && github.ref || github.sha }}"))).toEqual([]);
    // A workflow that applies nothing (CI) may group its pushes.
    expect(problemsOf(top("${{ github.workflow }}-${{ github.ref }}").replace("command: apply", "command: plan"))).toEqual([]);
  });

  it("write-token-with-apply: a job that applies infrastructure with a write permission", () => {
    const writer = GOOD.replace("    permissions:\n      contents: read\n    concurrency:", "    permissions:\n      contents: write\n    concurrency:");
    expect(problemsOf(writer)).toEqual([{ check: "write-token-with-apply", line: 25 }]);
    expect(problemsOf(writer.replace("      - uses: meshkit/meshkit/actions/provision@v1\n        with:\n          command: apply", "      - run: terraform apply -auto-approve plan.tfplan"))).toEqual([{ check: "write-token-with-apply", line: 25 }]);
    // A release (tags) may write: it is what it does.
    expect(problemsOf(writer.replace("      - uses: meshkit/meshkit/actions/provision@v1\n        with:\n          command: apply", "      - run: node scripts/release.mjs"))).toEqual([]);
  });

  it("apply-on-pull-request: a step that applies, with nothing that keeps pull requests out", () => {
    const unguarded = GOOD.replace("    if: github.event_name == 'push'\n", "");
    expect(problemsOf(unguarded)).toEqual([{ check: "apply-on-pull-request", line: 30 }]);
    const terraform = unguarded.replace("      - uses: meshkit/meshkit/actions/provision@v1\n        with:\n          command: apply", "      - run: terraform -chdir=infra apply -auto-approve");
    expect(problemsOf(terraform)).toEqual([{ check: "apply-on-pull-request", line: 30 }]);
    expect(problemsOf(terraform.replace("      - run: terraform", "      - if: github.ref == 'refs/heads/main'\n        run: terraform"))).toEqual([]);
    // A condition that lets a pull request through is no guard; the provision action's command chosen by the event is.
    expect(problemsOf(unguarded.replace("command: apply", "command: apply\n    if: ${{ !cancelled() }}"))).toEqual([{ check: "apply-on-pull-request", line: 30 }]);
    expect(problemsOf(unguarded.replace("command: apply", "command: ${{ github.event_name == 'push' && 'apply' || 'plan' }}"))).toEqual([]);
    // A reusable workflow runs on its caller's events, pull requests included; a workflow only pushes start needs no guard.
    expect(problemsOf(unguarded.replace("on:\n  pull_request:\n  push:\n    branches: [main]\n", "on:\n  workflow_call:\n"))).toEqual([{ check: "apply-on-pull-request", line: 28 }]);
    expect(problemsOf(unguarded.replace("  pull_request:\n", ""))).toEqual([]);
  });

  it("apply-on-pull-request: reads what a condition gives on each pull request event, not which words it holds", () => {
    const unguarded = GOOD.replace("    if: github.event_name == 'push'\n", "");
    const guardedBy = (condition: string, text = unguarded) => problemsOf(text.replace("  apply:\n", `  apply:\n    if: ${condition}\n`));
    // `!= 'pull_request'` keeps out the only pull request event this workflow has, also spelled otherwise.
    expect(guardedBy("github.event_name != 'pull_request'")).toEqual([]);
    expect(guardedBy("${{ !(github.event_name == 'Pull_Request') && success() }}")).toEqual([]);
    // Naming the push is no guard when the condition lets a pull request through too.
    expect(guardedBy("github.event_name == 'push' || github.event_name == 'pull_request'")).toEqual([{ check: "apply-on-pull-request", line: 31 }]);
    expect(guardedBy("!(github.event_name == 'push')")).toEqual([{ check: "apply-on-pull-request", line: 31 }]);
    expect(guardedBy("github.event_name == 'push' || always()")).toEqual([{ check: "apply-on-pull-request", line: 31 }]);
    // pull_request_target runs on the base branch (github.ref is refs/heads/main): only the event name keeps it out.
    const target = unguarded.replace("on:\n  pull_request:\n", "on:\n  pull_request_target:\n");
    expect(guardedBy("github.event_name != 'pull_request'", target)).toEqual([{ check: "apply-on-pull-request", line: 31 }]);
    expect(guardedBy("github.ref == 'refs/heads/main'", target)).toEqual([{ check: "apply-on-pull-request", line: 31 }]);
    expect(guardedBy("github.event_name == 'push' && github.ref == 'refs/heads/main'", target)).toEqual([]);
    // A reusable workflow's caller may start it with any of them.
    const reusable = unguarded.replace("on:\n  pull_request:\n  push:\n    branches: [main]\n", "on:\n  workflow_call:\n");
    expect(guardedBy("github.event_name != 'pull_request'", reusable)).toEqual([{ check: "apply-on-pull-request", line: 29 }]);
    expect(problemsOf(unguarded.replace("command: apply", "command: ${{ github.event_name != 'pull_request' && 'apply' || 'plan' }}"))).toEqual([]);
    expect(problemsOf(unguarded.replace("command: apply", "command: ${{ github.event_name == 'pull_request' && 'apply' || 'plan' }}"))).toEqual([{ check: "apply-on-pull-request", line: 30 }]);
  });

  it("write-token-on-pull-request: a job a pull request starts that may write more than its reports", () => {
    const writer = GOOD.replace("    permissions:\n      contents: read\n    steps:", "    permissions:\n      contents: write\n    steps:");
    expect(problemsOf(writer)).toEqual([{ check: "write-token-on-pull-request", line: 11 }]);
    expect(checkWorkflow("bad.yml", writer)[0]!.message).toMatch(/^job `test` holds contents: write, and pull_request can start it/);
    // Its reports it may write; a job only pushes run may write anything.
    expect(problemsOf(GOOD.replace("    permissions:\n      contents: read\n    steps:", "    permissions:\n      contents: read\n      pull-requests: write\n      checks: write\n    steps:"))).toEqual([]);
    expect(problemsOf(writer.replace("  test:\n", "  test:\n    if: github.event_name == 'push'\n"))).toEqual([]);
    expect(problemsOf(writer.replace("  pull_request:\n", ""))).toEqual([]);
    // A call of a reusable workflow: its own jobs narrow the grant, each for its event.
    const caller = writer.replace(/ {4}runs-on: ubuntu-latest\n( {4}permissions:\n {6}contents: write\n) {4}steps:\n[\s\S]*?(?= {2}apply:)/, "$1    uses: meshkit/meshkit/.github/workflows/data-product.yml@v1\n");
    expect(caller).toContain("  test:\n    permissions:\n      contents: write\n    uses: meshkit/meshkit/.github/workflows/data-product.yml@v1\n  apply:");
    expect(problemsOf(caller)).toEqual([]);
  });

  it("yaml-invalid: a duplicate key or broken YAML, with its line", () => {
    expect(problemsOf(GOOD.replace("permissions: {}\n", "permissions: {}\npermissions: {}\n"))).toEqual([{ check: "yaml-invalid", line: 7 }]);
    expect(problemsOf("name: x\non: [push\n")[0]!.check).toBe("yaml-invalid");
  });

  it("names the file and line", () => {
    const [problem] = checkWorkflow(".github/workflows/bad.yml", GOOD.replace("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "actions/checkout@v4"));
    expect(formatProblem(problem!)).toMatch(/^\.github\/workflows\/bad\.yml:13: unpinned-action: third-party `actions\/checkout@v4` is not pinned/);
  });
});

describe("the reusable workflow .github/workflows/data-product.yml", () => {
  const file = join(REPO, ".github/workflows/data-product.yml");

  it("is exactly what reusableWorkflow() renders (the template `meshkit init` shares)", () => {
    // After changing the template: MESHKIT_UPDATE=1 npx vitest run test/workflows.test.ts rewrites it.
    if (process.env.MESHKIT_UPDATE === "1") writeFileSync(file, reusableWorkflow());
    expect(readFileSync(file, "utf8")).toBe(reusableWorkflow());
  });

  type Step = { id?: string; if?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
  type Job = { if: string; needs?: string; permissions: Record<string, string>; concurrency?: { group: string; "cancel-in-progress": boolean }; environment?: string; outputs?: Record<string, string>; steps: Step[] };
  type Workflow = { on: Record<string, unknown>; permissions: unknown; jobs: Record<string, Job> };
  const parse = (text: string): Workflow => parseDocument(text).toJS() as Workflow;
  const stages = (job: Job): string[] => job.steps.flatMap((s) => (s.uses && /\/actions\//.test(s.uses) ? [s.uses.replace(/^.*\/actions\/([^@]+)@.*$/, "$1")] : []));

  it("chains the stages: pull requests check and plan, the default branch applies, tests and publishes", () => {
    const workflow = parse(readFileSync(file, "utf8"));
    expect(Object.keys(workflow.on)).toEqual(["workflow_call"]);
    expect(workflow.permissions).toEqual({});
    const { checks, release, publish } = workflow.jobs;
    expect(Object.keys(workflow.jobs)).toEqual(["checks", "release", "publish"]);
    expect(stages(checks!)).toEqual([...PULL_REQUEST_STAGES]);
    expect([...stages(release!), ...stages(publish!)]).toEqual([...RELEASE_STAGES]);
    expect(stages(release!)).toEqual([...RELEASE_JOBS.release]);
    expect(stages(publish!)).toEqual([...RELEASE_JOBS.publish]);
    expect(checks!.if).toBe("github.event_name == 'pull_request' || github.event_name == 'merge_group'");
    expect(checks!.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(checks!.steps[0]).toMatchObject({ id: "checkout", with: { "fetch-depth": 0, "persist-credentials": false } });
    // The release job keeps the checkout's credentials only for catalog-publish's release tags.
    expect(release!.steps[0]).toMatchObject({ id: "checkout", with: { "fetch-depth": 0, "persist-credentials": false } });
    // Every stage after the first reports even when an earlier one failed.
    const [, first, ...rest] = checks!.steps;
    expect(first!.if).toBeUndefined();
    for (const stage of rest) expect(stage.if, stage.id).toBe("${{ !cancelled() && steps.checkout.outcome == 'success' }}");
    expect(checks!.steps.at(-1)!.with).toMatchObject({ command: "plan" });

    expect(release!.if).toContain("github.event.repository.default_branch");
    // Least privilege: apply and test read only, and get no GitHub token; only publish may write.
    expect(release!.permissions).toEqual({ contents: "read" });
    // Per project: GitHub keeps one pending job per group and cancels it when another queues, so two calls of this
    // workflow (a matrix of working-directories) must not share a group, or the third cancels the second's apply.
    expect(release!.concurrency).toEqual({ group: "meshkit-apply-${{ github.repository }}-${{ inputs.working-directory }}-provision", "cancel-in-progress": false });
    expect(release!.environment).toBe("${{ inputs.environment }}");
    expect(release!.steps.slice(1).every((s) => s.if === undefined)).toBe(true); // each only if the one before passed
    expect(release!.steps[1]!.with).toMatchObject({ command: "apply" });
    for (const step of release!.steps.filter((s) => /\/actions\/(provision|contract-test)@/.test(s.uses ?? ""))) expect(step.with!["github-token"], step.id).toBe("");
    expect(JSON.stringify(release!)).not.toMatch(/github\.token|catalog-token/);
    // The warehouse credentials stay in the apply job; the catalog's token in the publish job.
    expect(JSON.stringify(publish!)).not.toMatch(/warehouse/);
    expect(publish!.needs).toBe("release");
    expect(publish!.if).toBe(release!.if);
    expect(publish!.permissions).toEqual({ contents: "write" });
    expect(publish!.environment).toBeUndefined();
    // Per commit: a publish is never replaced by a newer push's, so every applied version is published.
    expect(publish!.concurrency).toEqual({ group: "meshkit-publish-${{ github.repository }}-${{ inputs.working-directory }}-${{ github.sha }}", "cancel-in-progress": false });
    expect(publish!.steps.map((s) => s.uses?.replace(/@.*$/, ""))).toEqual(["actions/checkout", "actions/download-artifact", "meshkit/meshkit/actions/catalog-publish"]);
    // The results travel from the test to the publish as an artifact named per project.
    const upload = release!.steps.at(-1)!;
    expect(upload.uses).toMatch(/^actions\/upload-artifact@[0-9a-f]{40}$/);
    expect(upload.with).toMatchObject({ name: "${{ steps.results-name.outputs.name }}", path: "${{ inputs.working-directory }}/.meshkit/contract-test.json", "include-hidden-files": true, "if-no-files-found": "error" });
    // Artifact names are per run, not per attempt: "Re-run all jobs" must replace the results, not fail with 409 Conflict.
    expect(upload.with!.overwrite).toBe(true);
    expect(release!.outputs!["results-artifact"]).toBe("${{ steps.results-name.outputs.name }}");
    expect(publish!.steps[1]!.with).toEqual({ name: "${{ needs.release.outputs.results-artifact }}", path: "${{ inputs.working-directory }}/.meshkit" });
    expect(publish!.steps.at(-1)!.with).toMatchObject({ "tag-releases": "${{ inputs.tag-releases }}", "results-file": ".meshkit/contract-test.json" });
    expect(release!.steps.find((s) => s.id === "contract-test")!.with!["results-file"]).toBe(".meshkit/contract-test.json");
  });

  it("names the results artifact per project with a script that reads the project from env:", () => {
    const workflow = parse(readFileSync(file, "utf8"));
    const step = workflow.jobs.release!.steps.find((s) => s.id === "results-name")!;
    expect(step.env).toEqual({ PROJECT: "${{ inputs.working-directory }}" });
    const outputFile = join(mkdtempSync(join(tmpdir(), "meshkit-output-")), "output");
    const names = ["domains/sales", "domains/finance", "."].map((project) => {
      writeFileSync(outputFile, "");
      execFileSync("bash", ["-c", step.run!], { env: { ...process.env, PROJECT: project, GITHUB_OUTPUT: outputFile } });
      return readFileSync(outputFile, "utf8").trim();
    });
    for (const name of names) expect(name).toMatch(/^name=meshkit-contract-test-[0-9a-f]{16}$/);
    expect(new Set(names).size).toBe(3);
  });

  it("passes every input it declares to a stage, and each stage input exists in that action's action.yml", () => {
    const text = readFileSync(file, "utf8");
    const declared = Object.keys((parseDocument(text).toJS() as { on: { workflow_call: { inputs: Record<string, unknown> } } }).on.workflow_call.inputs);
    for (const input of declared) expect(text, input).toContain(`inputs.${input}`);
    for (const [name, workflow] of [["reusable", text], ["domain", domainWorkflow({ asOf: SAMPLE_AS_OF })]] as const) {
      for (const job of Object.values(parse(workflow).jobs)) {
        for (const step of job.steps) {
          const stage = /\/actions\/([^@]+)@/.exec(step.uses ?? "")?.[1];
          if (!stage) continue;
          const known = actionInputs(stage);
          const unknown = Object.keys(step.with ?? {}).filter((key) => !known.has(key));
          expect(unknown, `${name} workflow, ${stage}`).toEqual([]);
        }
      }
    }
  });

  it("and the domain workflow `meshkit init` writes runs the same stages with the same hardening", () => {
    const reusable = parse(reusableWorkflow());
    const domain = parse(domainWorkflow({ asOf: SAMPLE_AS_OF }));
    expect(Object.keys(domain.jobs)).toEqual(Object.keys(reusable.jobs));
    // The reusable workflow's extra step names its artifact per project; the domain has one project.
    const own = (steps: Step[]) => steps.filter((s) => s.id !== "results-name");
    for (const name of Object.keys(reusable.jobs)) {
      const [r, d] = [reusable.jobs[name]!, domain.jobs[name]!];
      expect(stages(d), name).toEqual(stages(r));
      expect(d.permissions, name).toEqual(r.permissions);
      expect(d.needs, name).toEqual(r.needs);
      expect(own(d.steps).map((s) => s.if), name).toEqual(own(r.steps).map((s) => s.if));
      expect(own(d.steps).map((s) => s.uses), name).toEqual(own(r.steps).map((s) => s.uses));
      expect(own(d.steps).map((s) => s.with?.command), name).toEqual(own(r.steps).map((s) => s.with?.command));
      expect(own(d.steps).map((s) => s.with?.["github-token"]), name).toEqual(own(r.steps).map((s) => s.with?.["github-token"]));
    }
    expect(domain.jobs.release!.concurrency).toEqual({ group: "meshkit-apply-${{ github.repository }}-provision", "cancel-in-progress": false });
    expect(domain.jobs.publish!.concurrency).toEqual({ group: "meshkit-publish-${{ github.repository }}-${{ github.sha }}", "cancel-in-progress": false });
    expect(domain.jobs.publish!.steps[1]!.with).toEqual({ name: "${{ needs.release.outputs.results-artifact }}", path: ".meshkit" });
    expect(domain.jobs.release!.outputs!["results-artifact"]).toBe("meshkit-contract-test");
    expect(domain.jobs.release!.steps.at(-1)!.with!.overwrite).toBe(true);
    expect(domain.permissions).toEqual({});
    expect(Object.keys(domain.on)).toEqual(["pull_request", "merge_group", "push", "workflow_dispatch"]);
    // Pull requests share a group per ref (a new push cancels the older run); pushes get one per commit.
    expect((parseDocument(domainWorkflow({ asOf: SAMPLE_AS_OF })).toJS() as { concurrency: unknown }).concurrency).toEqual({
      group: "${{ github.workflow }}-${{ github.event_name == 'pull_request' && github.ref || github.sha }}",
      "cancel-in-progress": "${{ github.event_name == 'pull_request' }}",
    });
  });
});

describe("a repository with a merge queue", () => {
  type Job = { if: string };
  const jobsOf = (text: string): Record<string, Job> => (parseDocument(text).toJS() as { jobs: Record<string, Job> }).jobs;
  /** GitHub's `if:` for the few operators these conditions use, on an event. */
  const runsOn = (condition: string, event: string, ref = "refs/heads/gh-readonly-queue/main/pr-7-0123456789abcdef0123456789abcdef01234567"): boolean => {
    const js = condition
      .replace(/github\.event_name/g, JSON.stringify(event))
      .replace(/github\.ref\b/g, JSON.stringify(ref))
      .replace(/format\('refs\/heads\/\{0\}', github\.event\.repository\.default_branch\)/g, JSON.stringify("refs/heads/main"));
    return Boolean(new Function(`return (${js});`)());
  };

  it("gets the required checks on the queue's commits (merge_group), and never applies or publishes there", () => {
    const domain = domainWorkflow({ asOf: SAMPLE_AS_OF });
    expect(Object.keys((parseDocument(domain).toJS() as { on: Record<string, unknown> }).on)).toContain("merge_group");
    // A domain in a folder too: GitHub has no paths filter for merge_group, so it has none.
    const folder = parseDocument(domainWorkflow({ asOf: SAMPLE_AS_OF, folder: { domain: "sales", path: "domains/sales", workflowFile: ".github/workflows/data-product-sales.yml" } })).toJS() as { on: Record<string, unknown> };
    expect(folder.on.merge_group).toBeNull();
    for (const [name, text] of [["reusable", reusableWorkflow()], ["domain", domain]] as const) {
      const { checks, release, publish } = jobsOf(text);
      expect(runsOn(checks!.if, "merge_group"), name).toBe(true);
      expect(runsOn(checks!.if, "pull_request"), name).toBe(true);
      expect(runsOn(checks!.if, "push", "refs/heads/main"), name).toBe(false);
      expect(runsOn(release!.if, "merge_group"), name).toBe(false);
      expect(runsOn(publish!.if, "merge_group"), name).toBe(false);
      expect(runsOn(release!.if, "push", "refs/heads/main"), name).toBe(true);
    }
    // The reusable workflow's caller must name merge_group itself: its usage comment shows it.
    expect(reusableWorkflow()).toMatch(/^# {5}merge_group:/m);
  });
});

function actionInputs(stage: string): Set<string> {
  const action = parseDocument(readFileSync(join(REPO, "actions", stage, "action.yml"), "utf8")).toJS() as { inputs?: Record<string, unknown> };
  return new Set(Object.keys(action.inputs ?? {}));
}
