// One leg of bench/quality in a fresh process (a cold DuckDB, a fresh heap, its own peak RSS):
//   node bench/quality/worker.mjs BUNDLE LEG FORMAT INPUT_DIR
// Prints one JSON line: the leg's wall ms, its failing count per rule, and the process's peak RSS.
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { LEGS } from "./legs.mjs";

const [bundle, leg, format, folder] = process.argv.slice(2);
const dir = resolve(folder);
if (!LEGS[leg]) throw new Error(`unknown leg ${leg}; one of ${Object.keys(LEGS).join(", ")}`);
const lib = await import(pathToFileURL(resolve(bundle)).href);
const files = { parquet: join(dir, "orders.parquet"), csv: join(dir, "orders.csv"), contract: join(dir, "orders.odcs.yaml") };
const result = await LEGS[leg]({ lib, format, files });
console.log(JSON.stringify({ leg, format, ...result, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
