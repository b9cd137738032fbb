import { existsSync, realpathSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { EMBARGOED_FOLDER } from "@herald/model";
import { checkFiles } from "../blob-check.js";
import { BuildCache, cacheFolderOf } from "../build-cache.js";
import { contentDirOf, loadOrReport } from "../content.js";
import { nowOption } from "../embargo.js";
import { UsageError } from "../errors.js";
import { type Io, println } from "../io.js";
import { ParsedFiles } from "../parsed-files.js";
import { isInside } from "../paths.js";
import { buildOutputs, type Renderer, renderers } from "../pipeline.js";
import { defaultJobs } from "../render-pool.js";
import { cleanUpOnSignal } from "../signals.js";
import { count } from "../words.js";

/** The build replaces its output folder whole: it must neither be nor hold nor sit in the content. */
function checkApart(out: string, contentDir: string, cwd: string, shown: string): void {
  const real = (path: string) => {
    // Compare where paths really lead, through symbolic links, for the part that exists.
    let existing = path;
    while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
    return join(realpathSync(existing), relative(existing, path));
  };
  const o = real(out);
  const c = real(contentDir);
  if (isInside(c, o) || isInside(o, c)) {
    throw new UsageError(
      `${shown} ${isInside(o, c) ? "is inside" : "would replace"} the content folder ${contentDir}; a build replaces its output folder whole.\n  Fix: build into a folder of its own, outside the content folder, like --out out.`,
      { brief: true },
    );
  }
  // Replacing the folder the command runs in would leave the shell in a deleted folder.
  if (isInside(real(cwd), o)) {
    throw new UsageError(
      `${shown} is the folder you are in${relative(o, real(cwd)) ? " (or holds it)" : ""}; a build replaces its output folder whole, which would pull it from under your shell.\n  Fix: build into a folder of its own, like --out out, or run the command from the folder above.`,
      { brief: true },
    );
  }
}

/** --jobs: how many threads render press kits and newsletters. */
export function jobsOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const jobs = /^[0-9]+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) {
    throw new UsageError(
      `--jobs must be a whole number from 1 to ${MAX_JOBS}, not "${value}".\n  Fix: leave it out to use one thread per core (${defaultJobs()} here), or give --jobs 1 to render on one.`,
      { brief: true },
    );
  }
  return jobs;
}

/** More threads than this only cost memory: each holds its own fonts. */
const MAX_JOBS = 64;

export async function build(
  io: Io,
  options: {
    content?: string;
    out?: string;
    paper?: string;
    now?: string;
    jobs?: string;
    "no-cache"?: boolean;
  },
  steps: readonly Renderer[] = renderers,
): Promise<number> {
  const paper = options.paper ?? "a4";
  if (paper !== "a4" && paper !== "letter") {
    throw new UsageError(`--paper must be a4 or letter, not "${paper}".`);
  }
  const jobs = jobsOption(options.jobs);
  const now = nowOption(options.now);
  const out = resolve(io.cwd, options.out ?? "out");
  const shownOut = `--out ${options.out ?? "out"}`;
  const contentDir = contentDirOf(io, options.content);
  checkApart(out, contentDir, io.cwd, shownOut);
  const shown = relative(io.cwd, out) || ".";
  // Ctrl-C while the content is read or the outputs are drawn, before anything is written:
  // said, as once the output folder is being replaced (output-folder.ts says that itself).
  const { announcements, cache } = await cleanUpOnSignal(
    () => {},
    async () => {
      const cache = !options["no-cache"];
      // The cache's files are checked on another thread while the content is read.
      const checked =
        cache && (await BuildCache.existing(out))
          ? checkFiles(BuildCache.filesFolder(out))
          : undefined;
      const parsed = cache ? await ParsedFiles.open(out, contentDir) : undefined;
      const { content } = await loadOrReport(io, options.content, parsed && { parsed });
      const warn = (message: string) => println(io.stderr, `warning: ${message}`);
      return buildOutputs(content, out, { warn, paper }, io, {
        steps,
        shown: shownOut,
        now,
        cache,
        ...(parsed && { parsed }),
        ...(checked && { checked }),
        ...(jobs && { jobs }),
      });
    },
    (signal) => `Stopped (${signal}): the build was cut short before it wrote anything.`,
  );
  const published = announcements.filter((e) => !e.embargo);
  const embargoed = new Map(announcements.filter((e) => e.embargo).map((e) => [e.id, e.embargo]));
  println(
    io.stdout,
    `Built ${count(published.length, "translation")} of ${count(new Set(published.map((e) => e.id)).size, "announcement")} into ${shown}/ (see ${join(shown, "manifest.json")}).`,
  );
  if (cache.hits) {
    println(
      io.stdout,
      `Reused ${count(cache.hits, "press kit or newsletter", "press kits and newsletters")} from the last build's cache (${relative(io.cwd, cacheFolderOf(out))}); made ${cache.misses + cache.repaired}.`,
    );
  }
  for (const [id, utc] of embargoed)
    println(
      io.stdout,
      `Under embargo until ${utc}: ${id}, not published; its page, press kit and email are in ${join(shown, EMBARGOED_FOLDER)}/ to preview. Build again at or after that time to publish it.`,
    );
  return 0;
}
