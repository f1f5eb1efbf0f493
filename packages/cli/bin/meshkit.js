#!/usr/bin/env node
// The command is one bundled file (fast start for git hooks); `npm ci` builds it through the root `prepare`.
import module from "node:module";

// From Node 22.8, V8 keeps the bundle's compiled code between runs (in os.tmpdir(); the environment
// variable NODE_DISABLE_COMPILE_CACHE=1 turns it off): ~20 ms of a ~180 ms pre-commit hook. Older
// Node has no such function, and starts as before.
module.enableCompileCache?.();
import("../dist/meshkit.js").catch((error) => {
  if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/meshkit.js")) {
    console.error("meshkit: not built yet; run `npm run build` at the meshkit repository root.");
    process.exit(2);
  }
  throw error;
});
