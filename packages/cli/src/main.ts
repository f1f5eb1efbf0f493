import { run } from "./run.js";

// `meshkit … | head`: the reader went away. What is left to print has nowhere to go, so it is dropped
// (no stack trace), but the command runs to its end and exits with its own code: `meshkit ci` stopped
// half-way would apply infrastructure without publishing it, and exit 0 where the pipeline failed.
// Any other failed write (stdout redirected to a file on a full disk, ENOSPC) lost part of the report that
// was asked for: the command still runs to its end, but says so and exits 2, as for an --output it cannot
// write, not 0 or 1 as if the report had been read.
let lostOutput = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    stream.write = () => true;
    if (error.code === "EPIPE") return;
    if (!lostOutput && stream === process.stdout) process.stderr.write(`meshkit: cannot write to standard output: ${error.message.replace(/, write$/, "")}; the report is incomplete\n`);
    lostOutput = true;
    // The error may come after the exit code below was set: a write fails on the next tick.
    process.exitCode = 2;
  });
}

const exitCode = await run(process.argv.slice(2));
process.exitCode = lostOutput ? 2 : exitCode;
