import { run } from "./run.js";

// `meshkit … | head`: the reader went away. What is left to print has nowhere to go, so it is dropped
// (no stack trace), but the command runs to its end and exits with its own code: `meshkit ci` stopped
// half-way would apply infrastructure without publishing it, and exit 0 where the pipeline failed.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    stream.write = () => true;
  });
}

process.exitCode = await run(process.argv.slice(2));
