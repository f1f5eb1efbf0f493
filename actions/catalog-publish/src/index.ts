// The action's entry point (bundled to dist/index.js): run, and let the exit code speak.
import { run } from "./main.js";

await run();
