/**
 * `meshkit init domain <name>` and `meshkit init product <domain>/<name>`: the platform's golden path for
 * onboarding (the seed's `platform-cli create-domain --name supply_chain`). Everything is checked before
 * anything is written; files are created all at once and never overwrite anything.
 */
import { randomUUID } from "node:crypto";
import { existsSync, lstatSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { UsageError, configGlobFilter, defaultBranchCandidates, findConfigFile, git, ignoredPaths, loadConfig, readSourceFile, shellQuote, tryResolveCommit, withoutLineEnd, yamlLibrary } from "@meshkit/core";
import { type DependabotEntry, dependabotEntries, dependabotUpdates, domainFiles, topFiles } from "../init/domain-templates.js";
import { huskyHookFiles, hooksGitattributes } from "../init/hooks.js";
import { checkActionsRepo, checkName, parseProductRef } from "../init/names.js";
import { SAMPLE_AS_OF, productFiles } from "../init/product-templates.js";
import { type DomainSettings, type SettingOptions, domainSettings, recordedSettings } from "../init/settings.js";
import { blockedPathProblem, createTree, existingTargetProblem, outsideRootProblem, placeFiles } from "../init/write-tree.js";
import { HOOKS_EOL_LINES, huskyPrepare, hooksInstallCommand, keepsHooksLf, legacyHooksOf, realPathToBe } from "./hooks-install.js";

export interface InitDomainOptions extends SettingOptions {
  dir?: string;
  product?: string;
  actionsRepo?: string;
  /** false with --no-git: no `git init`, no husky set-up. */
  git?: boolean;
}

export interface InitProductOptions extends SettingOptions {
  dir?: string;
}

type Log = (line: string) => void;

function display(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === "" ? "." : rel.startsWith("..") || rel.startsWith(sep) ? path : rel;
}

function newIds(): { productId: string; contractId: string; createdAt: string } {
  return { productId: randomUUID(), contractId: randomUUID(), createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") };
}

function prefixed(prefix: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([path, text]) => [`${prefix}/${path}`, text]));
}

/** `meshkit init domain <name>`: a new domain repository, optionally with a first product. */
export async function initDomainCommand(name: string, options: InitDomainOptions, cwd = process.cwd(), log: Log = console.log): Promise<number> {
  const domain = checkName("domain", name);
  const product = options.product !== undefined ? checkName("product", options.product) : undefined;
  const actionsRepo = checkActionsRepo(options.actionsRepo ?? "meshkit/meshkit");
  const { settings, placeholders } = domainSettings(domain, options);
  const target = resolve(cwd, options.dir ?? domain);
  const shown = display(target, cwd);
  const problem = existingTargetProblem(target, shown, { allowEmptyDir: true, allowGitOnly: true });
  if (problem) throw new UsageError(`${problem}${occupiedTargetHint(target, shown, domain)}`);

  const gitPlan: GitPlan = options.git === false ? { use: false, why: "--no-git" } : await gitPlanFor(target);
  // Hooks the repository already runs from .git/hooks (git-lfs's pre-push): husky's core.hooksPath would stop them,
  // so meshkit's hook files run them first, as `meshkit hooks install` keeps them. A new repository gets those of
  // git's template folder (init.templateDir: git-secrets' pre-commit, say), added once `git init` made it.
  const hooksRepository = gitPlan.clone ? target : gitPlan.top;
  const legacyHooks = hooksRepository === undefined ? new Set<string>() : await legacyHooksOf(hooksRepository);
  const ids = newIds();
  // In a folder of a bigger repository, npm install runs husky from here: it must go up to where .git is.
  const prepare = gitPlan.top === undefined ? undefined : huskyPrepare(realPathToBe(target), gitPlan.top);
  // A clone of an empty repository is on the remote's default branch (maybe `master`), and a folder of a bigger
  // repository releases from that repository's default branch: the workflow releases from it.
  const branch = gitPlan.clone ? await currentBranch(target) : gitPlan.top !== undefined ? await releaseBranchOf(gitPlan.top) : "main";
  // A folder of a bigger repository: GitHub and git read the workflow, dependabot.yml and the hooks at its top only.
  const top = gitPlan.top === undefined ? undefined : topPlanFor(gitPlan.top, target, settings, { actionsRepo, defaultBranch: branch, legacyHooks });
  const files = {
    ...domainFiles(settings, {
      actionsRepo,
      placeholders,
      defaultBranch: branch,
      ...(product ? { firstProduct: product } : {}),
      ...(prepare ? { prepare } : {}),
      ...(top ? { inRepository: { below: top.below, ...(top.workflowKept ? {} : { topWorkflow: top.workflow }) } } : {}),
    }),
    ...(top ? {} : { ...huskyHookFiles("", legacyHooks), [hooksGitattributes[0]]: hooksGitattributes[1] }),
    ...(product ? prefixed(`products/${product}`, productFiles(settings, product, ids)) : {}),
  };

  let hooksProblem: string | undefined;
  const undo = await createTree(target, files, gitPlan.use && !gitPlan.clone ? async (staging) => { hooksProblem = await initGitRepository(staging, legacyHooks); } : undefined);
  // The top's files only once the folder is complete; a failure there takes the folder away again.
  if (top) {
    try {
      placeFiles(top.root, top.files);
    } catch (error) {
      undo();
      throw error;
    }
  }
  // A clone already is the repository: only husky is set up in it, once the files are in place.
  if (gitPlan.use && gitPlan.clone) hooksProblem = await installHooks(target);

  log(`created ${shown}/: the ${domain} domain's ${top ? `folder in the git repository ${top.root} (no nested repository)` : "repository"}`);
  for (const path of Object.keys(files).sort()) log(`  ${path}`);
  if (top) logTopPlan(log, top, shown);
  else if (!gitPlan.use) {
    const hooks = gitPlan.why.startsWith("inside") ? "run `meshkit hooks install` there for the hooks" : "the hooks start working with `npm install` in a git clone";
    log(`  no git repository (${gitPlan.why}); ${hooks}`);
  }
  else {
    const where = gitPlan.clone ? `in the existing git repository, on branch ${branch}` : "git repository on branch main";
    log(`  ${where}; ${hooksProblem ? `hooks not active: ${hooksProblem}` : "husky runs the pre-commit, pre-merge-commit and pre-push hooks"}`);
    if (legacyHooks.size > 0) log(`  ${keptLegacyNote(legacyHooks)}`);
  }
  if (product) logProduct(log, settings, product, ids);
  logPlaceholders(log, placeholders);
  if (top) await warnIfIgnored(top.root, [...Object.keys(prefixed(top.below, files)), ...Object.keys(top.files)], cwd);
  else if (gitPlan.use) await warnIfIgnored(target, Object.keys(files), cwd);
  // @meshkit/cli is not on npmjs.org: without the platform's registry `npm install` below fails with E404.
  log("npm registry: @meshkit/cli is on the platform's registry, not npmjs.org: add `@meshkit:registry=<its URL>` to .npmrc before npm install (README.md)");
  log("next:");
  // A step to copy into a shell: a folder name with spaces or quotes is one word there too.
  if (shown !== ".") log(`  cd ${shellQuote(shown)}`);
  log(`  npm install      # meshkit and husky${top ? `; husky sets up the hooks at the repository's top (prepare: ${prepare})` : ""}`);
  if (top && top.hooksKept.some((hook) => !hook.meshkit)) {
    log(`  npx meshkit hooks install   # adds meshkit's line to the top's own ${top.hooksKept.filter((hook) => !hook.meshkit).map((hook) => hook.path).join(", ")}`);
  }
  // Before the check: without a contract, its `meshkit test` (and CI's contract-test and provision) has nothing to run on.
  if (!product) log(`  npx meshkit init product ${domain}/<name>   # a first data product: the checks need a contract`);
  log("  npm run check    # lint, policy and test, as CI runs them");
  return 0;
}

/**
 * What to do instead when the target is taken by something init knows: a domain repository already (a re-run:
 * its products are added with init product), or an existing git repository (the domain goes into a folder of it).
 */
function occupiedTargetHint(target: string, shown: string, domain: string): string {
  if (!existsSync(join(target, "meshkit.yaml")) && !existsSync(join(target, ".git"))) return "";
  let recorded: string | undefined;
  try {
    recorded = recordedSettings(target).domain;
  } catch {
    // a package.json that cannot be read names no domain
  }
  const here = shown === "." ? "" : ` --dir ${shellQuote(shown)}`;
  if (recorded === domain) return `; it is the ${domain} domain's repository already: add a data product with meshkit init product ${domain}/<name>${here}`;
  if (recorded !== undefined) return `; it is the ${recorded} domain's repository`;
  if (!existsSync(join(target, ".git"))) return "";
  const folder = shown === "." ? `domains/${domain}` : `${shown}/domains/${domain}`;
  return `; to add the domain to this git repository, give a new folder of it: meshkit init domain ${domain} --dir ${shellQuote(folder)}`;
}

/** What a domain in a folder of a bigger repository puts at the repository's top, and what it finds there already. */
interface TopPlan {
  /** The repository's top, as git names it. */
  root: string;
  /** The folder, relative to the top, `/`-separated. */
  below: string;
  /** The files to write at the top, by their path from it. */
  files: Record<string, string>;
  /** The domain's workflow at the top, by its path from it. */
  workflow: string;
  /** The branch whose pushes apply and publish: the repository's default one. */
  branch: string;
  /** The top already has this very workflow, as init writes it (an earlier run's): nothing to write or move. */
  workflowInPlace: boolean;
  /** The top already has another workflow of this name: the folder keeps its own (where GitHub never runs it). */
  workflowKept: boolean;
  /** The top's own dependabot.yml (or .yaml: GitHub reads either), left as it is. */
  dependabotKept: string | undefined;
  /** The top's dependabot.yml is the one init writes for this folder: it has the entries already. */
  dependabotInPlace: boolean;
  /** The entries for this folder the kept dependabot.yml lacks; undefined when its text does not tell (unreadable, a glob). */
  dependabotMissing: DependabotEntry[] | undefined;
  /** The top's own hook files, left as they are; `meshkit`: they already run `meshkit hook`. */
  hooksKept: { path: string; meshkit: boolean }[];
  /** The hooks of .git/hooks that the new hook files at the top run first (husky's core.hooksPath would stop them). */
  legacyHooks: string[];
  /** The top's own .gitattributes lacks the line that keeps the hook files LF. */
  attributesLackHooksLf: boolean;
}

/**
 * The top's files for a domain in the folder `target` of the repository `root`, decided before anything is
 * written: each only where nothing is; a folder on the way that is a file, or a link out of the repository,
 * refuses init. Undefined when `target` is not below `root` after all (then it is the repository itself).
 */
function topPlanFor(
  root: string,
  target: string,
  settings: DomainSettings,
  options: { actionsRepo: string; defaultBranch: string; legacyHooks: ReadonlySet<string> },
): TopPlan | undefined {
  // git names the top by its real path: the folder's path below it is taken the same way.
  const below = relative(root, realPathToBe(target)).split(sep).join("/");
  if (below === "" || below === ".." || below.startsWith("../") || isAbsolute(below)) return undefined;
  // The path goes into the workflow (working-directory, paths filters) and dependabot.yml as one YAML line.
  if (/[\p{Cc}\p{Zl}\p{Zp}]/u.test(below)) throw new UsageError(`the folder ${JSON.stringify(below)} has control characters; meshkit init cannot name it in a workflow`);
  // upload-artifact reads its path as a glob: such a folder would match nothing, and the release would fail.
  if (/[*?[\]]/.test(below)) throw new UsageError(`the folder ${JSON.stringify(below)} has glob characters (* ? [ ]), which the workflow's artifact paths would read as a pattern; choose another folder name`);
  const exists = (path: string): boolean => {
    try {
      lstatSync(join(root, ...path.split("/")));
      return true;
    } catch {
      return false;
    }
  };
  // A file as init writes it is init's own, from an earlier run (the folder removed and made again): in place, not in the way.
  const asWritten = ([path, text]: [string, string]): boolean => {
    const read = exists(path) ? readSourceFile(join(root, ...path.split("/"))) : undefined;
    return read?.ok === true && read.text === text;
  };
  const { workflow, dependabot } = topFiles(settings, below, options);
  const dependabotKept = [dependabot[0], dependabot[0].replace(/\.yml$/, ".yaml")].find(exists);
  const candidates = Object.fromEntries([workflow, ...(dependabotKept ? [] : [dependabot]), ...Object.entries(huskyHookFiles(below, options.legacyHooks)), hooksGitattributes]);
  const files = Object.fromEntries(Object.entries(candidates).filter(([path]) => !exists(path)));
  for (const path of Object.keys(files)) {
    const blocked = blockedPathProblem(root, path);
    if (blocked) throw new UsageError(blocked);
  }
  const hooksKept = Object.keys(huskyHookFiles()).filter(exists).map((path) => {
    const read = readSourceFile(join(root, ...path.split("/")));
    return { path, meshkit: read.ok && read.text.includes("meshkit hook") };
  });
  const legacyHooks = [...options.legacyHooks].filter((name) => `.husky/${name}` in files);
  const workflowInPlace = asWritten(workflow);
  const attributes = hooksGitattributes[0] in files ? undefined : readSourceFile(join(root, hooksGitattributes[0]));
  return {
    root,
    below,
    branch: options.defaultBranch,
    files,
    workflow: workflow[0],
    workflowInPlace,
    workflowKept: !(workflow[0] in files) && !workflowInPlace,
    dependabotKept,
    dependabotInPlace: dependabotKept === dependabot[0] && asWritten(dependabot),
    dependabotMissing: dependabotKept ? missingDependabotUpdates(readSourceFile(join(root, ...dependabotKept.split("/"))), dependabotUpdates(`/${below}`)) : undefined,
    hooksKept,
    legacyHooks,
    attributesLackHooksLf: attributes?.ok === true && !keepsHooksLf(attributes.text),
  };
}

function logTopPlan(log: Log, top: TopPlan, shown: string): void {
  log(`at the top of ${top.root}, where GitHub and git read them:`);
  for (const path of Object.keys(top.files).sort()) {
    const what = path === top.workflow
      ? `   # every stage in working-directory ${top.below}; runs on changes to ${top.below}/ and to itself; releases from ${top.branch}`
      : path === ".github/dependabot.yml"
        ? `   # npm in /${top.below}, github-actions in /`
        : "";
    log(`  ${path}${what}`);
  }
  if (top.workflowInPlace) log(`  kept ${top.workflow}: it exists, as meshkit init writes it for ${top.below}`);
  for (const hook of top.hooksKept) {
    log(`  kept ${hook.path}: it exists${hook.meshkit ? " and runs meshkit hook already" : `; \`npx meshkit hooks install\` in ${shown} adds meshkit's line to it`}`);
  }
  if (top.dependabotInPlace) log(`  kept ${top.dependabotKept}: it exists, as meshkit init writes it for ${top.below}`);
  else if (top.dependabotKept && top.dependabotMissing?.length === 0) log(`  kept ${top.dependabotKept}: it exists and updates npm in /${top.below} and github-actions in / already`);
  else if (top.dependabotKept) {
    log(`  kept ${top.dependabotKept}: it exists; add ${top.dependabotMissing?.length === 1 ? "this entry" : "these entries"} to its updates${top.dependabotMissing ? "" : " (unless it has them)"}:`);
    for (const line of dependabotEntries(top.dependabotMissing ?? dependabotUpdates(`/${top.below}`))) log(`  ${line}`);
  }
  log(`  hooks: husky runs the top's .husky/ hooks once npm install has run in ${shown}; they check each staged file with the meshkit.yaml of its own folder`);
  if (top.legacyHooks.length > 0) log(`  ${keptLegacyNote(new Set(top.legacyHooks))}`);
  if (top.attributesLackHooksLf) {
    log(`  kept ${hooksGitattributes[0]}: it exists; add the line \`${HOOKS_EOL_LINES[1]}\` to it, or a clone with core.autocrlf (Windows) checks the hooks out with CRLF line ends, and sh fails on every commit`);
  }
  if (top.workflowKept) {
    log(
      `  note: ${top.workflow} already exists at the top and meshkit init never overwrites, so the workflow is ${shown}/.github/workflows/data-product.yml,` +
        ` which GitHub never runs: GitHub runs .github/ only at the top of ${top.root}: move it there under another name and give every stage \`working-directory: ${top.below}\``,
    );
  }
}

/** Whether init makes a repository (or uses the clone it is in); `top`: the bigger repository the target is a folder of. */
interface GitPlan {
  use: boolean;
  why: string;
  clone?: boolean;
  top?: string;
}

/**
 * `git init` and husky, as cargo new does it: a new repository unless the target is already inside one
 * (a folder of a bigger repository), or git is not installed.
 */
async function gitPlanFor(target: string): Promise<GitPlan> {
  if (existsSync(join(target, ".git"))) return { use: true, why: "", clone: true };
  let existing = dirname(target);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    await git(["--version"], existing);
  } catch {
    return { use: false, why: "git is not installed" };
  }
  try {
    const top = withoutLineEnd(await git(["rev-parse", "--show-toplevel"], existing));
    return { use: false, why: `inside the git repository ${top}`, top };
  } catch {
    return { use: true, why: "" };
  }
}

/**
 * A repository's default branch, found as `meshkit ci` and the pre-push hook find it (origin/HEAD, origin/main,
 * origin/master, then the local main or master, ...): a domain is usually added on a feature branch, and a
 * repository pushed with `git push -u` has no origin/HEAD, so the branch it is on would release from that
 * feature branch. Only a repository with none of those releases from the branch it is on (`trunk`).
 */
async function releaseBranchOf(top: string): Promise<string> {
  for (const ref of await defaultBranchCandidates(top, { local: true })) {
    if ((await tryResolveCommit(ref, top)) !== undefined) return ref.replace(/^refs\/(remotes\/origin|heads)\//, "");
  }
  return currentBranch(top);
}

/** The branch a clone is on (unborn in an empty one); `main` when HEAD is detached or unreadable. */
async function currentBranch(dir: string): Promise<string> {
  try {
    return withoutLineEnd(await git(["symbolic-ref", "--short", "-q", "HEAD"], dir)) || "main";
  } catch {
    return "main";
  }
}

/**
 * A repository on `main` (the branch the workflow runs on) with husky set up by `meshkit hooks install`.
 * Returns why the hooks could not be activated (e.g. a global core.hooksPath of another hook manager):
 * the repository is still made, the hook files are there. The hooks `git init` copied from git's template
 * folder into .git/hooks are added to `legacy`, and the hook files written in `dir` run them first.
 */
async function initGitRepository(dir: string, legacy: Set<string>): Promise<string | undefined> {
  await git(["init", "-q"], dir);
  await git(["symbolic-ref", "HEAD", "refs/heads/main"], dir);
  const fromTemplate = await legacyHooksOf(dir);
  for (const name of fromTemplate) legacy.add(name);
  for (const [path, text] of Object.entries(huskyHookFiles("", fromTemplate))) {
    if (fromTemplate.has(path.slice(".husky/".length))) writeFileSync(join(dir, ...path.split("/")), text);
  }
  return installHooks(dir);
}

/** `meshkit hooks install` in `dir`; why the hooks could not be activated, or undefined. */
async function installHooks(dir: string): Promise<string | undefined> {
  try {
    // The hook files are already written (same content); this sets core.hooksPath and husky's .husky/_.
    await hooksInstallCommand(dir, () => {});
    return undefined;
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}

/** `meshkit init product <domain>/<name>`: a new product folder in the domain repository around `--dir`. */
export async function initProductCommand(ref: string, options: InitProductOptions, cwd = process.cwd(), log: Log = console.log): Promise<number> {
  const start = resolve(cwd, options.dir ?? ".");
  const { domain, product } = parseProductRef(ref, () => repositoryDomainAround(start));
  if (!existsSync(start)) throw new UsageError(`--dir ${display(start, cwd)} does not exist: give a folder of the domain repository (meshkit init domain creates one)`);
  if (!statSync(start).isDirectory()) throw new UsageError(`--dir ${display(start, cwd)} is a file, not a folder: give a folder of the domain repository`);
  const configFile = findConfigFile(start);
  if (!configFile) {
    throw new UsageError(`no meshkit.yaml in ${display(start, cwd)} or above: run meshkit init product inside a domain repository (meshkit init domain ${domain} creates one)`);
  }
  const root = dirname(configFile);
  const recorded = recordedSettings(root);
  const owner = recorded.domain !== undefined ? { domain: recorded.domain, where: "package.json meshkit.domain" } : productsDomain(root);
  if (owner && owner.domain !== domain) {
    throw new UsageError(`${display(root, cwd)} is the ${owner.domain} domain's repository (${owner.where}), not ${domain}'s: use meshkit init product ${owner.domain}/${product}, or run it in ${domain}'s repository`);
  }
  const target = join(root, "products", product);
  const shown = display(target, cwd);
  const problem = existingTargetProblem(target, shown, { allowEmptyDir: false });
  if (problem) throw new UsageError(problem.replace("never overwrites", `never overwrites: choose another product name than ${product}`));
  const outside = outsideRootProblem(root, target, shown);
  if (outside) throw new UsageError(outside);

  const { settings, placeholders } = domainSettings(domain, options, recorded);
  const ids = newIds();
  const files = productFiles(settings, product, ids);
  await createTree(target, files);

  log(`created ${shown}/: the ${domain}/${product} data product`);
  for (const path of Object.keys(files).sort()) log(`  ${display(join(target, path), cwd)}`);
  logProduct(log, settings, product, ids);
  logPlaceholders(log, placeholders);
  await warnIfIgnored(target, Object.keys(files), cwd);
  await warnIfNotCovered(root, join(target, "product.odps.yaml"), configFile, cwd);
  log("next: npm run check   # lint, policy and test, as CI runs them");
  return 0;
}

function logProduct(log: Log, settings: DomainSettings, product: string, ids: { productId: string; contractId: string }): void {
  log(`product ${settings.domain}/${product}: ODPS id ${ids.productId}, output port -> ODCS contract ${ids.contractId} v0.1.0 (draft)`);
  log(`  sample data taken at ${SAMPLE_AS_OF}: test it with meshkit test --now ${SAMPLE_AS_OF}`);
}

/** What init says of the .git/hooks hooks its hook files keep running. */
function keptLegacyNote(legacyHooks: ReadonlySet<string>): string {
  const names = [...legacyHooks].sort();
  return `kept ${names.map((name) => `.git/hooks/${name}`).join(", ")}: husky's core.hooksPath would stop ${names.length === 1 ? "it" : "them"}, so .husky/${names.length === 1 ? names[0] : "<hook>"} runs ${names.length === 1 ? "it" : "each"} first`;
}

function logPlaceholders(log: Log, placeholders: string[]): void {
  if (placeholders.length === 0) return;
  log(`placeholders: ${placeholders.join(", ")} not given; replace the example values before the first release`);
}

/** The domain of the repository around `start` (package.json's `meshkit.domain`, else its products'), if it is one. */
function repositoryDomainAround(start: string): string | undefined {
  if (!existsSync(start) || !statSync(start).isDirectory()) return undefined;
  const configFile = findConfigFile(start);
  if (!configFile) return undefined;
  const root = dirname(configFile);
  return recordedSettings(root).domain ?? productsDomain(root)?.domain;
}

/** The domain of the products already in the repository (the `domain:` of their documents), if any. */
function productsDomain(root: string): { domain: string; where: string } | undefined {
  const products = join(root, "products");
  if (!existsSync(products)) return undefined;
  for (const folder of readdirSync(products, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const dir = join(products, folder);
    for (const file of readdirSync(dir).filter((f) => /\.(ya?ml)$/.test(f)).sort()) {
      // Only to guess the domain: a file that cannot be read (a device, a pipe) is passed over.
      const read = readSourceFile(join(dir, file));
      const match = read.ok ? /^domain:[ \t]*['"]?([A-Za-z0-9_-]+)['"]?[ \t]*(?:#.*)?$/m.exec(read.text) : null;
      if (match) return { domain: match[1]!, where: `products/${folder}/${file}` };
    }
  }
  return undefined;
}

/**
 * Files init wrote that git ignores (a `*.csv` or `data/` in the repository's .gitignore, a global excludes file)
 * would never be committed: the first pull request's CI would miss the sample data, or the workflow itself. Say so,
 * with the rule, and how to commit them anyway. `paths` are relative to `dir`, a folder of a git working tree.
 */
async function warnIfIgnored(dir: string, paths: string[], cwd: string): Promise<void> {
  const ignored = await ignoredPaths(paths, dir).catch(() => []); // no git, or not a repository: nothing is ignored
  if (ignored.length === 0) return;
  const shown = ignored.map(({ path }) => shellQuote(display(join(dir, path), cwd)));
  process.stderr.write(
    `meshkit: warning: git ignores ${ignored.length === 1 ? "a file" : `${ignored.length} files`} meshkit init wrote, so git add leaves ${ignored.length === 1 ? "it" : "them"} out and CI would not have ${ignored.length === 1 ? "it" : "them"}:\n` +
      ignored.map(({ path, source, line, pattern }) => `  ${display(join(dir, path), cwd)}   (${display(source, cwd)}:${line}: ${pattern})\n`).join("") +
      `  commit ${ignored.length === 1 ? "it" : "them"} anyway with: git add -f ${shown.join(" ")}\n`,
  );
}

/** A product meshkit.yaml's `files` globs leave out would never be checked: say so. */
async function warnIfNotCovered(root: string, file: string, configFile: string, cwd: string): Promise<void> {
  const { config, findings } = await loadConfig({ cwd: root, configPath: configFile });
  if (findings.length > 0) return; // the next meshkit command reports the config itself
  if (!configGlobFilter(config, root)(relative(root, file).split(sep).join("/"))) {
    process.stderr.write(`meshkit: warning: the files globs of ${display(configFile, cwd)} do not include ${display(file, cwd)}; add "products/**/*.yaml" to files.include, or meshkit will not check it\n`);
  }
}

/**
 * The entries of `wanted` a dependabot.yml lacks: an update of the same package-ecosystem whose `directory`,
 * or one of whose `directories`, is the same folder (`/a/b`, `a/b/` alike). Undefined when the text does not
 * tell: unreadable, not a mapping of `updates`, or a glob among that ecosystem's directories (Dependabot
 * expands those; init does not guess what they match).
 */
function missingDependabotUpdates(read: ReturnType<typeof readSourceFile>, wanted: readonly DependabotEntry[]): DependabotEntry[] | undefined {
  if (!read.ok) return undefined;
  let updates: unknown;
  try {
    updates = (yamlLibrary().parse(read.text) as { updates?: unknown } | null)?.updates;
  } catch {
    return undefined;
  }
  if (!Array.isArray(updates)) return undefined;
  const folder = (path: unknown): string | undefined => (typeof path === "string" ? path.replace(/^\/+|\/+$/g, "") : undefined);
  // github-actions reads the workflows in <directory>/.github/workflows, and takes /.github/workflows itself as
  // that folder: an entry written either way updates the workflow init writes at the top.
  const asRead = (ecosystem: string, path: string | undefined) => (ecosystem === "github-actions" && path === ".github/workflows" ? "" : path);
  const missing: DependabotEntry[] = [];
  for (const entry of wanted) {
    const directories = updates
      .filter((update): update is Record<string, unknown> => typeof update === "object" && update !== null && update["package-ecosystem"] === entry.ecosystem)
      .flatMap((update) => [update.directory, ...(Array.isArray(update.directories) ? update.directories : [])].map((path) => asRead(entry.ecosystem, folder(path))))
      .filter((path): path is string => path !== undefined);
    if (directories.some((path) => /[*?[\]{}]/.test(path))) return undefined;
    if (!directories.includes(folder(entry.directory)!)) missing.push(entry);
  }
  return missing;
}
