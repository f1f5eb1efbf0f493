// action.yml is what the runner reads: check it against what main.ts and runStage actually use.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { STAGE_OUTPUTS } from "@meshkit/github";
import { describeActionMetadata } from "@meshkit/github/action-metadata";
import { INPUTS, POLICY_OUTPUTS } from "./main.js";

describeActionMetadata({
  actionDir: join(dirname(fileURLToPath(import.meta.url)), ".."),
  name: "policy-check",
  inputs: INPUTS,
  outputs: [...Object.values(STAGE_OUTPUTS), ...Object.values(POLICY_OUTPUTS)],
});
