import { createRequire } from "node:module";

// Eleventy turns absolute paths into project-relative ones by cutting the working folder off
// as text (@11ty/eleventy-utils 2.0.7, TemplatePath.stripLeadingSubPath): run from "/", or
// from /tmp/h while building in /tmp/herald-web-x, it cuts too much and the build fails
// ("entry._pages is not iterable"). Containers, cron and systemd run from "/". This replaces
// the function, in the very module instance Eleventy uses, with one that cuts whole folders.

/** Makes Eleventy cut the working folder off paths as whole folders; safe to call again. */
export function fixEleventyWorkingDir(): void {
  const eleventy = createRequire(import.meta.url).resolve("@11ty/eleventy");
  const { TemplatePath } = createRequire(eleventy)("@11ty/eleventy-utils") as {
    TemplatePath: {
      normalize(path: string): string;
      stripLeadingSubPath(path: string, subPath: string): string;
    };
  };
  TemplatePath.stripLeadingSubPath = (path: string, subPath: string): string => {
    const full = TemplatePath.normalize(path);
    const sub = TemplatePath.normalize(subPath);
    if (sub === ".") return full;
    if (sub === "/") return full.startsWith("/") ? full.slice(1) : full;
    if (full === sub) return "";
    return full.startsWith(`${sub}/`) ? full.slice(sub.length + 1) : full;
  };
}
