/**
 * Typed readers for action inputs, over `@actions/core`'s `getInput` (which reads `INPUT_<NAME>`,
 * upper-cased, spaces as `_`, hyphens kept). A bad value throws a `UsageError` that names the input
 * and what it accepts: `runStage`/`runAction` turn it into a one-line failure (exit code 2).
 */
import { existsSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import * as core from "@actions/core";
import { type OptionName, type OptionNames, UsageError, besideName, meantValue, prepareOutputFolder, refuseOutputOverInput, reportPlacer, workflowRepositoryOf } from "@meshkit/core";
import { oneLine } from "./text.js";

/** A string input, trimmed; `fallback` when it is empty or not set. One line: see `readOneLine`. */
export function readString(name: string, fallback = ""): string {
  const value = readOneLine(name);
  return value === "" ? fallback : value;
}

/**
 * An input that holds one value (a path, a ref, a server name), trimmed. A value of several lines is a
 * `|` block or a list where one value goes: refused, naming the input. Passed on, its first line was
 * what error messages showed (`config file not found: a.yaml`), and a path kept the line break.
 */
function readOneLine(name: string): string {
  const value = core.getInput(name);
  if (/[\r\n]/.test(value)) throw new UsageError(`input "${name}" takes one value, not several lines: ${quote(value)}`);
  return value;
}

/**
 * A secret input (a token), registered with the runner's log masker (`core.setSecret`, i.e.
 * `::add-mask::`) as soon as it is read. GitHub masks only the values it knows are secret (the
 * `secrets` context, the job's token); a token from a step output or a script is not one of them.
 * (The runner masks each line of a multi-line value too.)
 */
export function readSecret(name: string): string {
  const value = core.getInput(name);
  if (value !== "") core.setSecret(value);
  return value;
}

/**
 * Masks the values of environment variables holding secrets the stage reads itself (the PostgreSQL password of
 * `MESHKIT_POSTGRES_PASSWORD` / `PGPASSWORD`), as `readSecret` masks a secret input. GitHub masks a value of the
 * `secrets` context only: a password a step exported from a vault (`>> $GITHUB_ENV`) or that a workflow's `env:`
 * writes as text is no secret to the runner. Left in the environment: the stage reads it there.
 */
export function maskSecretEnv(names: readonly string[]): void {
  for (const name of names) {
    const value = process.env[name] ?? "";
    // A reader may trim it (the OPA client sends MESHKIT_OPA_TOKEN trimmed): the bare value is masked too.
    for (const secret of new Set([value, value.trim()])) if (secret !== "") core.setSecret(secret);
  }
}

/**
 * Masks a token as git sends it over https (the Basic auth header of `x-access-token:<token>`, see core's
 * `gitTokenConfig`), should any tool ever echo that. The token itself is masked as it is read (`readSecret`).
 */
export function maskGitAuthHeader(token: string): void {
  if (token === "") return;
  core.setSecret(Buffer.from(`x-access-token:${token}`).toString("base64"));
}

/**
 * A secret input, masked (`readSecret`), then removed from this process's environment: the runner hands
 * inputs over as `INPUT_<NAME>` variables, which every child process (git, terraform and its providers,
 * database drivers) would inherit. The caller keeps the value and passes it on where it is needed.
 */
export function takeSecret(name: string): string {
  const value = readSecret(name);
  delete process.env[inputVariable(name)];
  return value;
}

/** The variable the runner sets for an input, as `@actions/core`'s `getInput` reads it. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

/**
 * How messages name the inputs that stand for the CLI's flags (core's `CLI_OPTION_NAMES`): `{ server: "server" }`
 * is `{ server: "the server input" }`. A workflow has no `--server` to pass.
 */
export function inputOptionNames<K extends OptionName>(inputs: OptionNames<K>): OptionNames<K> {
  return Object.fromEntries(Object.entries<string>(inputs).map(([option, input]) => [option, `the ${input} input`])) as OptionNames<K>;
}

/** A required string input: a clear error when it is empty or not set. */
export function readRequiredString(name: string): string {
  const value = readOneLine(name);
  if (value === "") throw new UsageError(`input "${name}" is required`);
  return value;
}

/**
 * A list input: items separated by newlines and/or whitespace, so both
 * `paths: a.yaml b.yaml` and a YAML block (`paths: |` one per line) work. Empty input: `[]`.
 * (An item cannot contain whitespace here; `readPathList` keeps a line that names a path; a glob such as
 * `my?file.yaml` matches such names.)
 * A `#` that starts a line or follows whitespace starts a comment, to the end of its line, as in YAML:
 * inside a YAML block scalar `#` is text, yet people annotate their lists as they would any YAML
 * (`domains/sales  # the sales contracts`), and those words are not paths. A `#` inside an item
 * (`a#1.yaml`) is part of it.
 */
export function readList(name: string): string[] {
  return listed(name, splitList(core.getInput(name)));
}

/**
 * A list input of paths (`paths`, `policies`), relative to `cwd`: `readList`, except that a line that names an existing
 * file or folder as a whole is one path, spaces and all. `paths: Data Products/orders.odcs.yaml` (a folder a
 * Windows or macOS user named) was two paths, `Data` and `Products/orders.odcs.yaml`, each a file-unreadable
 * error. So is a glob under such a folder (`Data Products/*.odcs.yaml`). A line of several paths (`a.yaml b.yaml`)
 * names no file as a whole, so it is split as before.
 */
export function readPathList(name: string, cwd: string): string[] {
  return listed(name, splitList(core.getInput(name), (line) => existsSync(resolve(cwd, line)) || globInSpacedFolder(line, cwd)), (item) => existsSync(resolve(cwd, item)));
}

/**
 * A list input's items, refused when they are a list written as YAML or with commas: GitHub passes an input as
 * text, so `paths: "[a.yaml, b.yaml]"`, the `- a.yaml` lines of a `|` block and `objects: orders, customers` reached
 * the stage as the items `[a.yaml,`, `-` or `orders,`: a file-unreadable error, or an object no contract has, that did
 * not say why. `exists`: an item that names an existing file or folder is that one (a file may be called `a,.yaml`).
 */
function listed(name: string, items: string[], exists: (item: string) => boolean = () => false): string[] {
  for (const item of items) {
    if (exists(item)) continue;
    const what =
      item === "-" ? 'a line starts with "-", as an item of a YAML list does' : item.startsWith("[") && /[,\]]$/.test(item) ? `${quote(item)} starts a YAML list ([a, b])` : item.endsWith(",") ? `${quote(item)} ends with a comma` : undefined;
    if (what) throw new UsageError(`input "${name}" takes items separated by spaces or newlines, and ${what}: GitHub passes an input as text, not as a list; write \`${name}: a b\`, or one item per line under \`${name}: |\``);
  }
  return items;
}

/**
 * Whether `line` is one glob under an existing folder whose name holds a space (`Data Products/*.odcs.yaml`): the
 * spaces are all in that folder, before the first wildcard, so the line is not several paths (`a.yaml b/*.yaml`,
 * whose `a.yaml b` is no folder, is).
 */
function globInSpacedFolder(line: string, cwd: string): boolean {
  const wildcard = line.search(/[*?[{]/);
  if (wildcard < 0) return false;
  const folder = line.slice(0, line.lastIndexOf("/", wildcard) + 1);
  return /\s/.test(folder) && !/\s/.test(line.slice(folder.length)) && existsSync(resolve(cwd, folder));
}

/** `readList`'s items of `value`; a line (comment and surrounding space left out) for which `whole` holds is one item. */
export function splitList(value: string, whole?: (line: string) => boolean): string[] {
  return value
    .split(/\r?\n|\r/)
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .flatMap((line) => (/\s/.test(line) && whole?.(line) ? [line] : line.split(/\s+/)))
    .filter((item) => item !== "");
}

const TRUE_VALUES = ["true", "True", "TRUE"];
const FALSE_VALUES = ["false", "False", "FALSE"];

/** A boolean input (YAML 1.2 core schema spellings, as `core.getBooleanInput`); `fallback` when empty. */
export function readBoolean(name: string, fallback: boolean): boolean {
  const value = core.getInput(name);
  if (value === "") return fallback;
  if (TRUE_VALUES.includes(value)) return true;
  if (FALSE_VALUES.includes(value)) return false;
  throw new UsageError(`input "${name}" must be true or false, not ${quote(value)}`);
}

/** One of `allowed`; `fallback` when empty; otherwise an error naming the input and the allowed values. */
export function readEnum<const T extends string>(name: string, allowed: readonly T[], fallback: T): T;
/** Without a fallback: undefined when the input is empty (the setting then comes from elsewhere, e.g. meshkit.yaml). */
export function readEnum<const T extends string>(name: string, allowed: readonly T[]): T | undefined;
export function readEnum<const T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined {
  const value = core.getInput(name);
  if (value === "") return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  // `fail-on: warn` (ESLint's word), `Error`: name the value meant, as meshkit.yaml and the CLI's flags do.
  const meant = meantValue(value, allowed);
  throw new UsageError(`input "${name}" must be one of ${allowed.join(", ")}, not ${quote(value)}${meant === undefined ? "" : `; did you mean ${meant}?`}`);
}

/**
 * The workspace (GITHUB_WORKSPACE), which inputs' paths are relative to. Outside a runner: the current directory.
 * Its real path (`realDirectory`).
 */
export function workspaceRoot(): string {
  return realDirectory(resolve(process.env.GITHUB_WORKSPACE || process.cwd()));
}

/**
 * How annotations and SARIF name a file (given from `workingDirectory`, or absolute) of a run there: from its repository's
 * root in the workspace (core's `reportPlacer`, which also takes a file named through a linked GITHUB_WORKSPACE);
 * a file of another repository's checkout (not GITHUB_REPOSITORY's) from the workspace.
 */
export function reportPlace(workingDirectory: string): (file: string) => string {
  return reportPlacer(process.env.GITHUB_WORKSPACE || process.cwd(), workingDirectory, workflowRepositoryOf());
}

/**
 * `dir` with its symbolic links resolved (as it is when it does not exist). A self-hosted runner's work folder is
 * often a link to another disk, and GITHUB_WORKSPACE keeps the link while git prints the real path: schema-compat
 * then named the base commit's files `../../disk/repo/x.odcs.yaml` and the working tree's `x.odcs.yaml`, so every
 * contract was "new" and no change was found. The real path is also what `process.cwd()` gives a `run:` step.
 */
function realDirectory(dir: string): string {
  try {
    return realpathSync.native(dir);
  } catch {
    return dir;
  }
}

/** A path input resolved against `base` (default: the workspace); "" when the input is empty. */
export function readPath(name: string, base: string = workspaceRoot()): string {
  const value = readOneLine(name);
  return value === "" ? "" : isAbsolute(value) ? resolve(value) : resolve(base, value);
}

/**
 * A file an action writes after its work (`sarif-file`), checked before the work starts: a path
 * that is a folder, or in a folder that cannot be made or written, would fail the step with exit 2 only once the
 * work was done (for provision's apply and catalog-publish, once production had changed), its outputs unset.
 * The folder is made now. A device or a pipe (`/dev/null`) is written in place, and not checked. A contract,
 * product, config, policy or data file is refused (`input`: the input that names it), as the CLI refuses
 * `-o orders.odcs.yaml`: the job's later steps would read the report in its place. So is a file the step reads that
 * other inputs name (`readPaths`, absolute: catalog-publish's `results-file`, contract-test's `data`, policy-check's
 * `params`), as the CLI refuses `meshkit publish --results r.json -o r.json`.
 */
export function checkWritableFile(path: string, input: string, readPaths: readonly string[] = []): void {
  refuseOutputOverInput(path, readPaths, workspaceRoot(), `input "${input}":`);
  let stats;
  try {
    stats = statSync(path);
  } catch {
    // not there yet: its folder must take it
  }
  if (stats?.isDirectory()) throw new UsageError(`cannot write ${path}: it is a folder`);
  if (stats && !stats.isFile()) return;
  // The file asked for is named (`a-file/out.sarif`), not only its folder: it is the input the user wrote.
  prepareOutputFolder(dirname(path), path);
  const probe = join(dirname(path), besideName(basename(path), "probe"));
  try {
    writeFileSync(probe, "");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write ${path}: its folder cannot be written${code ? ` (${code})` : ""}`);
  } finally {
    rmSync(probe, { force: true });
  }
}

/** A directory input (like `working-directory`), resolved against the workspace; it must exist. */
export function readDirectory(name: string, fallback = "."): string {
  const value = readString(name, fallback);
  const dir = resolve(workspaceRoot(), value);
  let found: "directory" | "other" | "none" = "none";
  try {
    found = statSync(dir).isDirectory() ? "directory" : "other";
  } catch {
    found = "none";
  }
  if (found === "other") throw new UsageError(`input "${name}": not a directory: ${value}`);
  if (found === "none") throw new UsageError(`input "${name}": no such directory: ${value}`);
  return realDirectory(dir);
}

/** An input value in an error message: quoted, on one line, and short. */
function quote(value: string): string {
  const line = oneLine(value);
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 57)}...` : line);
}
