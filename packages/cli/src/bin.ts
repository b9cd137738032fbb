#!/usr/bin/env node
import { setFlagsFromString } from "node:v8";
import { processIo } from "./io.js";
import { main } from "./main.js";

// V8 lets a heap grow to up to four times what it holds alive before collecting it again.
// A build's render threads make garbage at a steady rate for as long as the build lasts, so
// their heaps kept growing with the newsroom (issue 15: a cold build of 2,000 translations
// peaked at 1.64–1.71 GB, of 500 at 1.21 GB). Growing by half at most: 1.26 and 1.06 GB,
// for a few per cent more time. Set before any thread starts; the threads share V8's flags.
setFlagsFromString("--heap-growing-percent=50");

process.exitCode = await main(process.argv.slice(2), processIo());
