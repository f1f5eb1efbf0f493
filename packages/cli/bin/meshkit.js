#!/usr/bin/env node
// The command is one bundled file (fast start for git hooks); `npm ci` builds it through the root `prepare`.
import("../dist/meshkit.js").catch((error) => {
  if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/meshkit.js")) {
    console.error("meshkit: not built yet; run `npm run build` at the meshkit repository root.");
    process.exit(2);
  }
  throw error;
});
