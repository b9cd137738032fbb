import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runHerald } from "./test-support.js";

// Issue 13: the press kit's running header ("<company> · <title>") is left out of its text by
// herald verify. A company name in Arabic reads back from pdftotext in an embedding (U+202B …
// U+202C) with its words in the order they stand on the page; an emoji is drawn as □. Either
// kept the header in the text, inside a paragraph that runs over a page break, and verify
// failed on a press kit that was right. The sample content runs over 8 pages: each is built
// once and verified as it is.

let root: string;
const NAMES = {
  arabic: "شركة دوكر",
  // A ZWJ sequence, a flag, a keycap and an invisible left-to-right mark.
  emoji: "Docker 👩‍💻 Inc. 🇺🇸 1️⃣\u200e",
};
const builds = new Map<
  keyof typeof NAMES,
  { content: string; out: string; code: number; stderr: string }
>();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "herald-verify-names-"));
  await Promise.all(
    (Object.keys(NAMES) as (keyof typeof NAMES)[]).map(async (key) => {
      const content = join(root, key);
      const out = join(root, `${key}-out`);
      await cp(sampleContentDir, content, { recursive: true });
      const site = join(content, "site.yaml");
      await writeFile(
        site,
        (await readFile(site, "utf8")).replace(
          /^name: .*$/m,
          `name: ${JSON.stringify(NAMES[key])}`,
        ),
      );
      const build = await runHerald(["build", "--content", content, "--out", out], root);
      builds.set(key, { content, out, code: build.code, stderr: build.stderr });
    }),
  );
}, 180_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

for (const key of Object.keys(NAMES) as (keyof typeof NAMES)[]) {
  it(`#13: herald verify passes the press kits of a company whose name is ${key} (${NAMES[key]})`, async () => {
    const build = builds.get(key);
    // Only the warning that the press kit draws an emoji as □.
    // Warnings only: the press kit's (an emoji prints as □) and the content check's.
    expect(
      build?.stderr
        .replace(/^\S+ warning emoji-in-print.*\n(?: {2}.*\n)*/gm, "")
        .split("\n")
        .filter((l) => l && !l.startsWith("warning:")),
    ).toEqual([]);
    expect(build?.code).toBe(0);
    if (!build) return;
    const verify = await runHerald(
      ["verify", "--content", build.content, "--out", build.out],
      root,
    );
    expect(verify.stdout + verify.stderr).toContain("Every output says what the content says.");
    expect(verify.code).toBe(0);
  });
}
