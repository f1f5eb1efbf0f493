#!/usr/bin/env node
// Keeps the inputs and outputs tables of each action's README in step with its action.yml.
// The tables live between markers; everything else in a README is hand-written and left alone:
//
//   <!-- meshkit:inputs -->  … generated …  <!-- /meshkit:inputs -->
//   <!-- meshkit:outputs --> … generated …  <!-- /meshkit:outputs -->
//
// Usage: node scripts/action-readme.mjs           check: exit 1 naming each README that is out of date
//        node scripts/action-readme.mjs --write   rewrite the READMEs that are out of date
//                                                 (npm run docs:actions)
// A README without markers gets them in place of the first table under its `## Inputs` / `## Outputs`
// heading on --write. test/action-readmes.test.ts runs the check.
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const FIX = "run `npm run docs:actions`";
export const SECTIONS = ["inputs", "outputs"];

const NOTE = "<!-- generated from action.yml by `npm run docs:actions`: edit action.yml, not this table -->";
const start = (section) => `<!-- meshkit:${section} -->`;
const end = (section) => `<!-- /meshkit:${section} -->`;

/**
 * The inputs and outputs of an action.yml, in file order.
 * @param {string} text the action.yml
 * @returns {{ name: string, description: string, inputs: { name: string, description: string, required: boolean, default: string | undefined }[], outputs: { name: string, description: string }[] }}
 */
export function parseAction(text) {
  const doc = parse(text, { maxAliasCount: 0, uniqueKeys: true }) ?? {};
  if (typeof doc !== "object" || Array.isArray(doc)) throw new Error("action.yml is not a mapping");
  const entries = (value) => (value && typeof value === "object" && !Array.isArray(value) ? Object.entries(value) : []);
  const str = (value) => (value === undefined || value === null ? "" : String(value));
  return {
    name: str(doc.name),
    description: str(doc.description),
    inputs: entries(doc.inputs).map(([name, spec]) => ({
      name,
      description: str(spec?.description),
      required: spec?.required === true || spec?.required === "true",
      default: spec?.default === undefined || spec?.default === null ? undefined : String(spec.default),
    })),
    outputs: entries(doc.outputs).map(([name, spec]) => ({ name, description: str(spec?.description) })),
  };
}

/** A code span holding `text`, with enough backticks around it. */
function code(text) {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`.replaceAll("|", "\\|");
}

/**
 * Markdown for one table cell: one line; code spans kept; `<placeholder>` words (dir:<folder>) put in
 * code spans so GitHub does not take them for HTML; `|` and `*` escaped.
 */
export function cell(text) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat
    .split(/(`[^`]*`)/)
    .map((part, i) => {
      if (i % 2 === 1) return part.replaceAll("|", "\\|");
      return part
        .split(/([^\s,;()]*<[^<>\s]+>[^\s,;()]*)/)
        .map((piece, j) => (j % 2 === 1 ? code(piece.replace(/[.:]$/, "")) + (/[.:]$/.test(piece) ? piece.slice(-1) : "") : piece.replace(/([\\*|<>])/g, "\\$1")))
        .join("");
    })
    .join("");
}

/** The generated block for one section (markers included). */
export function renderSection(action, section) {
  // Blank lines around the table: a line right after a table's last row would otherwise be read as a row.
  const lines = [start(section), NOTE, ""];
  if (section === "inputs") {
    if (action.inputs.length === 0) lines.push("This action has no inputs.");
    else {
      lines.push("| input | description | required | default |", "|---|---|---|---|");
      for (const input of action.inputs) {
        const byDefault = input.default === undefined ? "" : input.default === "" ? '`""`' : code(input.default);
        lines.push(`| ${code(input.name)} | ${cell(input.description)} | ${input.required ? "yes" : "no"} | ${byDefault} |`);
      }
    }
  } else {
    if (action.outputs.length === 0) lines.push("This action has no outputs.");
    else {
      lines.push("| output | description |", "|---|---|");
      for (const output of action.outputs) lines.push(`| ${code(output.name)} | ${cell(output.description)} |`);
    }
  }
  lines.push("", end(section));
  return lines.join("\n");
}

/** Where a section's markers are: [from, to) spans the block including both markers; undefined when absent. */
function markedRange(text, section) {
  const from = text.indexOf(start(section));
  if (from < 0) return undefined;
  const close = text.indexOf(end(section), from);
  if (close < 0) return { broken: `${start(section)} without ${end(section)}` };
  return { from, to: close + end(section).length };
}

/** The first table under `## <Heading>` (case-insensitive), as a character range; undefined when none. */
function headingTableRange(text, section) {
  const heading = new RegExp(`^## ${section}\\s*$`, "im").exec(text);
  if (!heading) return undefined;
  const lines = text.slice(heading.index).split("\n");
  let offset = heading.index;
  let from;
  for (const line of lines) {
    if (from === undefined && line.startsWith("|")) from = offset;
    else if (from !== undefined && !line.startsWith("|")) return { from, to: offset - 1 };
    else if (from === undefined && offset > heading.index && /^#{1,2} /.test(line)) return undefined;
    offset += line.length + 1;
  }
  return from === undefined ? undefined : { from, to: text.length };
}

/**
 * The README with its generated sections rendered from the action.
 * @param {string} readme
 * @param {ReturnType<typeof parseAction>} action
 * @param {{ insert?: boolean }} [options] insert: put markers in place of a hand-written table under `## Inputs` / `## Outputs`
 * @returns {{ text: string, problems: string[] }}
 */
export function syncReadme(readme, action, options = {}) {
  let text = readme;
  const problems = [];
  for (const section of SECTIONS) {
    const range = markedRange(text, section);
    if (range && "broken" in range) {
      problems.push(range.broken);
      continue;
    }
    const target = range ?? (options.insert ? headingTableRange(text, section) : undefined);
    if (!target) {
      problems.push(`no ${start(section)} … ${end(section)} markers${options.insert ? ` and no table under "## ${section[0].toUpperCase()}${section.slice(1)}"` : ""}`);
      continue;
    }
    text = text.slice(0, target.from) + renderSection(action, section) + text.slice(target.to);
  }
  return { text, problems };
}

/** Folders under actions/ with an action.yml, sorted. */
export function actionNames(root = ROOT) {
  const dir = join(root, "actions");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "action.yml")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Each action's README against its action.yml.
 * @returns {{ action: string, readme: string, current: string | undefined, expected: string, problems: string[] }[]}
 */
export function checkActionReadmes(root = ROOT, options = {}) {
  return actionNames(root).map((name) => {
    const readme = join(root, "actions", name, "README.md");
    const current = existsSync(readme) ? readFileSync(readme, "utf8") : undefined;
    if (current === undefined) return { action: name, readme, current, expected: "", problems: ["README.md is missing"] };
    let action;
    try {
      action = parseAction(readFileSync(join(root, "actions", name, "action.yml"), "utf8"));
    } catch (error) {
      return { action: name, readme, current, expected: current, problems: [`action.yml: ${error instanceof Error ? error.message : String(error)}`] };
    }
    const { text, problems } = syncReadme(current, action, options);
    return { action: name, readme, current, expected: text, problems };
  });
}

function main(argv) {
  const unknown = argv.filter((arg) => arg !== "--write" && arg !== "--check");
  if (unknown.length > 0) {
    console.error(`action-readme: unknown argument ${unknown[0]} (use --write, or nothing to check)`);
    return 2;
  }
  const write = argv.includes("--write");
  let failed = 0;
  for (const result of checkActionReadmes(ROOT, { insert: write })) {
    const shown = relative(ROOT, result.readme);
    for (const problem of result.problems) {
      console.error(`${shown}: ${problem}`);
      failed++;
    }
    if (result.current === undefined || result.expected === result.current) continue;
    if (write) {
      const temp = `${result.readme}.${process.pid}.tmp`;
      writeFileSync(temp, result.expected);
      renameSync(temp, result.readme);
      console.log(`${shown}: updated from action.yml`);
    } else if (result.problems.length === 0) {
      console.error(`${shown}: inputs/outputs tables differ from actions/${result.action}/action.yml; ${FIX}`);
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
