/**
 * Writing a render to its directory, idempotently: each file atomically (and only when it changed),
 * and the files of an earlier render that this one no longer has removed — a product whose file
 * stayed behind would keep its resources in every plan. Only files meshkit rendered (their `"//"`
 * header says so) are ever removed; a backend or override file the platform adds is left alone.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { makeDirectory, writeFileAtomic } from "@meshkit/core";
import { RENDERED_HEADER } from "./module.js";

export interface WrittenFiles {
  written: string[];
  unchanged: string[];
  removed: string[];
}

export function writeTerraformFiles(dir: string, files: Readonly<Record<string, string>>): WrittenFiles {
  const result: WrittenFiles = { written: [], unchanged: [], removed: [] };
  makeDirectory(dir);
  for (const [name, text] of Object.entries(files)) {
    if (name.includes("/") || name.includes("\\") || !name.endsWith(".tf.json")) throw new Error(`not a rendered file name: ${name}`);
    if (read(join(dir, name)) === text) result.unchanged.push(name);
    else {
      writeFileAtomic(join(dir, name), text);
      result.written.push(name);
    }
  }
  for (const name of existing(dir)) {
    if (name in files || !name.endsWith(".tf.json")) continue;
    if (isRendered(read(join(dir, name)))) {
      rmSync(join(dir, name), { force: true });
      result.removed.push(name);
    }
  }
  return result;
}

function existing(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function isRendered(text: string | undefined): boolean {
  if (text === undefined) return false;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return typeof value["//"] === "string" && value["//"].startsWith(RENDERED_HEADER);
  } catch {
    return false;
  }
}
