// action.yml is what the runner reads: check it against what main.ts and runStage actually use.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { STAGE_OUTPUTS } from "@meshkit/github";
import { describeActionMetadata } from "@meshkit/github/action-metadata";
import { CATALOG_OUTPUTS, INPUTS } from "./main.js";

describeActionMetadata({
  actionDir: join(dirname(fileURLToPath(import.meta.url)), ".."),
  name: "catalog-publish",
  inputs: INPUTS,
  outputs: [...Object.values(STAGE_OUTPUTS), ...Object.values(CATALOG_OUTPUTS)],
});
